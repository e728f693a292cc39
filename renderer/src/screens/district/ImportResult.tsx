import type { DistrictImportReport } from '../../../../main/api/contract';
import { maskIdsInText, orDash } from '../../lib/format';

type Row = DistrictImportReport['packages'][number];

const OUTCOME: Record<Row['outcome'], string> = { imported: '新导入', updated: '已更新', unchanged: '未变', refused: '拒绝' };

/** 冲突 for a package that contradicts the district archive, 拒绝 for any other refusal. */
function outcomeOf(row: Row): string {
  return row.refusedFor === 'conflict' ? '冲突' : OUTCOME[row.outcome];
}

function noteOf(row: Row): string {
  if (row.reason) return row.reason;
  if (row.keyRecorded && row.signer) return `首次登记${row.town ?? ''}的签名密钥，指纹 ${row.signer.fingerprint}：请与镇(街道)电话或书面核对此指纹`;
  if (row.outcome === 'unchanged') return '区级档案中已是同样内容';
  return '';
}

/** A key fingerprint (BD37-1DD1-…) in a note, set in monospace so it reads out character by character over the phone. */
const FINGERPRINT = /([0-9A-F]{4}(?:-[0-9A-F]{4}){3,})/;

function withFingerprints(text: string) {
  return text.split(FINGERPRINT).map((part, i) => (i % 2 === 1 ? <span key={i} className="mono">{part}</span> : part));
}

/** The packages refused or in conflict first: they are what the district has to act on. */
const attention = (row: Row) => (row.outcome === 'refused' ? 0 : row.keyRecorded ? 1 : 2);

/** The result of one district import: counts, then one row per package with what happened and why. */
export function ImportResult({ report }: { report: DistrictImportReport }) {
  const rows = [...report.packages].sort((a, b) => attention(a) - attention(b));
  const conflicts = report.packages.filter((p) => p.refusedFor === 'conflict').length;
  return (
    <div className="card district-result" data-testid="district-import-result">
      <p className="district-summary" data-testid="district-import-summary">
        {report.packages.length === 0
          ? '所选文件夹中没有找到数据包。'
          : `共 ${report.packages.length} 个数据包：新导入 ${report.imported}，更新 ${report.updated}，未变 ${report.unchanged}，拒绝 ${report.refused}${conflicts > 0 ? `（其中冲突 ${conflicts}）` : ''}。`}
      </p>
      {rows.length > 0 && (
        <div className="table-scroll">
          <table className="grid district-result-table">
            <thead>
              <tr>
                <th>镇(街道)</th>
                <th>村(社区)</th>
                <th>户主</th>
                <th>身份证号</th>
                <th>结果</th>
                <th>原因或说明</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.path} data-outcome={row.refusedFor === 'conflict' ? 'conflict' : row.outcome} className={row.outcome === 'refused' ? 'refused' : ''}>
                  <td>{orDash(row.town)}</td>
                  <td>{orDash(row.village)}</td>
                  <td className="ellipsis" title={maskIdsInText(row.package)}>
                    {row.name ?? maskIdsInText(row.package)}
                  </td>
                  <td className="mono">{orDash(row.household)}</td>
                  <td className={row.outcome === 'refused' ? 'missing' : 'ok'}>{outcomeOf(row)}</td>
                  <td className="wrap">{withFingerprints(noteOf(row))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
