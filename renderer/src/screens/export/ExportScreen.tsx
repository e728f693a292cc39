import { useState } from 'react';
import type { ExportReport } from '../../../../main/api/contract';
import { api } from '../../api/client';
import { ProgressBar } from '../../components/ProgressBar';
import { useProgress } from '../../lib/progress';
import { useAction } from '../../lib/useApi';

/**
 * 按户导出 for the district: one BagIt package (数据包 on screen) per household and a 台账, with
 * progress and cancel; exporting again into the same folder continues where
 * an interrupted export stopped.
 */
export function ExportScreen() {
  const [outDir, setOutDir] = useState('');
  const [village, setVillage] = useState('');
  const [masked, setMasked] = useState(false);
  const [report, setReport] = useState<ExportReport | null>(null);
  const [run, busy] = useAction();
  const [stop] = useAction();
  const { current } = useProgress();
  const progress = current?.task === '导出' ? current : null;
  const start = () =>
    run(async () => {
      setReport(null);
      setReport(await api.exportPackages({ outDir: outDir.trim(), ...(village.trim() ? { scope: { village: village.trim() } } : {}), idMasking: masked ? 'masked' : 'full' }));
    });
  return (
    <section className="screen export-screen" aria-labelledby="export-title">
      <header className="screen-head">
        <h1 id="export-title">按户导出</h1>
        <span>每户一个数据包（原件、页面图像、装订卷宗、元数据）和一份台账，供区民政局汇总和检查。</span>
      </header>
      <form
        className="card inspect-form"
        onSubmit={(e) => {
          e.preventDefault();
          void start();
        }}
      >
        <label>
          导出到目录
          <input value={outDir} onChange={(e) => setOutDir(e.target.value)} placeholder="例如 E:\区民政局\城南镇" required />
        </label>
        <label>
          村(社区)（留空为全部）
          <input value={village} onChange={(e) => setVillage(e.target.value)} />
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={masked} onChange={(e) => setMasked(e.target.checked)} />
          身份证号脱敏（公示用）
        </label>
        <button type="submit" disabled={busy || !outDir.trim()}>
          {busy ? '正在导出……' : '开始导出'}
        </button>
        <button type="button" disabled={!busy} onClick={() => void stop(() => api.cancelExport({}))}>
          取消
        </button>
      </form>
      {busy && progress && (
        <div className="card">
          <ProgressBar done={progress.done} total={progress.total} label="导出进度" />
          <p>
            已导出 {progress.done} / {progress.total} 户{progress.message ? `（${progress.message}）` : ''}
          </p>
        </div>
      )}
      {report && (
        <div className="card" data-testid="export-summary">
          <p>
            {report.cancelled ? '导出已取消，再次导出到同一目录即可从中断处继续。' : '导出完成。'}范围内 {report.households} 户：新写入 {report.written}，未变 {report.unchanged}，失败 {report.failed}。
          </p>
          <p className="muted">
            目录 {report.outDir}
            {report.ledger ? `；台账 ${report.ledger}` : ''}
          </p>
          {report.packages
            .filter((p) => p.outcome === 'failed')
            .map((p) => (
              <p key={p.package} className="missing">
                {p.package}：{p.reason}
              </p>
            ))}
        </div>
      )}
    </section>
  );
}
