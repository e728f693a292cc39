import { useState } from 'react';
import type { InspectionReport } from '../../../../main/api/contract';
import { api } from '../../api/client';
import { beijingToday } from '../../lib/today';
import { useAction } from '../../lib/useApi';
import { InspectionResult } from './InspectionResult';
import { DateInput } from '../../components/DateInput';
import { PackageHousehold } from './PackageHousehold';

/**
 * 离线检查: an inspector opens a folder of export packages (no town database
 * needed) and sees fixity, completeness and timeline findings by each
 * package's own checklist pack, plus the seeded 抽查 sample. Read-only.
 * The report is saved and printed from here, and a household of it opens
 * as its package holds it; 返回 comes back to the same report.
 */
export function InspectScreen() {
  const today = beijingToday();
  const [path, setPath] = useState('');
  const [seed, setSeed] = useState('');
  const [since, setSince] = useState('');
  const [report, setReport] = useState<InspectionReport | null>(null);
  /** The package of the household opened from the report, if one is. */
  const [opened, setOpened] = useState<string | null>(null);
  const [run, busy] = useAction();
  const inspect = () =>
    run(async () => {
      setReport(await api.inspectPackages({ path: path.trim(), today, ...(seed.trim() ? { seed: seed.trim() } : {}), ...(since ? { since } : {}) }));
    });
  if (report && opened) return <PackageHousehold path={report.path} pkg={opened} today={report.inspectedOn} onBack={() => setOpened(null)} />;
  return (
    <section className="screen inspect-screen" aria-labelledby="inspect-title">
      <header className="screen-head">
        <h1 id="inspect-title">离线检查</h1>
        <span>打开镇街导出的档案包目录：逐包校验完整性，按包内核查清单复核要件和时间，并按《天津市社会救助审核确认权限下放改革工作的意见》抽查不少于30%的新确认户。</span>
      </header>
      <form
        className="card inspect-form"
        onSubmit={(e) => {
          e.preventDefault();
          void inspect();
        }}
      >
        <label>
          导出包目录
          <input value={path} onChange={(e) => setPath(e.target.value)} placeholder="例如 D:\导出\城南镇2026" required />
        </label>
        <label className="inspect-seed">
          抽查编号
          <input value={seed} onChange={(e) => setSeed(e.target.value)} placeholder="留空则自动生成；填入上次的编号可重现同一名单" />
        </label>
        <label>
          新确认起始日
          <DateInput value={since} onChange={setSince} />
        </label>
        <button type="submit" disabled={busy || !path.trim()}>
          {busy ? '正在检查……' : '开始检查'}
        </button>
      </form>
      {report && <InspectionResult report={report} onOpen={setOpened} />}
    </section>
  );
}
