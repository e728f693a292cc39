import type { InspectionReport } from '../../../../main/api/contract';
import { ReportActions } from './ReportActions';

/** The inspection's answer: the notice the draw applies, the share it took and its 抽查编号, counts per village, and each household's findings; 保存 and 打印, and each household opens read-only. */
export function InspectionResult({ report, onOpen }: { report: InspectionReport; onOpen(pkg: string): void }) {
  const { rule } = report;
  // The households drawn for the visit first, then those with findings.
  const flagged = [...report.households.filter((h) => h.sampled), ...report.households.filter((h) => !h.sampled && (h.findings.length > 0 || !h.fixityOk))];
  return (
    <div className="inspect-result">
      <div className="card">
        <p data-testid="inspect-summary">
          共 {report.packages} 个档案包，完整性通过 {report.packagesOk} 个；按《天津市社会救助审核确认权限下放改革工作的意见》不低于 {rule.percent}% 的要求，从新确认的 {rule.population} 户中抽查 {rule.size} 户
          {rule.population > 0 ? `，占 ${Math.round((rule.size / rule.population) * 1000) / 10}%` : ''}；抽查编号“{rule.seed}”
          {rule.seedGenerated ? '（自动生成，请记录以便复核）' : ''}。
        </p>
        {report.unreadable.length > 0 && <p className="missing">无法读取的档案包 {report.unreadable.length} 个</p>}
        <ReportActions report={report} />
      </div>
      <div className="card table-scroll">
        <table className="grid">
          <thead>
            <tr>
              <th>镇街</th>
              <th>村(社区)</th>
              <th>户数</th>
              <th>齐全</th>
              <th>缺件</th>
              <th>待确认</th>
              <th>完整性问题</th>
              <th>抽查</th>
            </tr>
          </thead>
          <tbody>
            {report.villages.map((v) => (
              <tr key={`${v.town}/${v.village ?? ''}`}>
                <td>{v.town}</td>
                <td>{v.village}</td>
                <td>{v.households}</td>
                <td>{v.complete}</td>
                <td className={v.missing ? 'missing' : ''}>{v.missing}</td>
                <td>{v.unconfirmed}</td>
                <td className={v.fixityProblems ? 'missing' : ''}>{v.fixityProblems}</td>
                <td>{v.sampled}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="card table-scroll fill">
        <table className="grid" data-testid="inspect-households">
          <thead>
            <tr>
              <th>户主</th>
              <th>身份证号</th>
              <th>村(社区)</th>
              <th>抽查</th>
              <th>发现的问题</th>
              <th>户档</th>
            </tr>
          </thead>
          <tbody>
            {flagged.map((h) => (
              <tr key={h.package}>
                <td>{h.name}</td>
                <td className="mono">{h.household}</td>
                <td>{h.village}</td>
                <td>{h.sampled ? '抽中' : ''}</td>
                <td className="wrap">{h.findings.length === 0 ? (h.fixityOk ? '无' : '完整性校验未通过') : h.findings.map((f) => `${f.kind}：${f.item}`).join('；')}</td>
                <td>
                  <button type="button" className="link" onClick={() => onOpen(h.package)} aria-label={`查看${h.name}的户档`}>
                    查看
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
