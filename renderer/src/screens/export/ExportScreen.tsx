import { useState } from 'react';
import type { ExportReport } from '../../../../main/api/contract';
import { api } from '../../api/client';
import { ProgressBar } from '../../components/ProgressBar';
import { useProgress } from '../../lib/progress';
import { useAction, useApi } from '../../lib/useApi';

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
  const [unknownVillage, setUnknownVillage] = useState<string | null>(null);
  const villages = useApi(() => api.listVillages({}), []);
  const names = [...new Set((villages.data ?? []).map((v) => v.village))];
  const { current } = useProgress();
  const progress = current?.task === '导出' ? current : null;
  const start = () => {
    const chosen = village.trim();
    // A mistyped village would export nobody: say so, and which villages there are, before anything is written.
    if (chosen && villages.data && !names.includes(chosen)) {
      setUnknownVillage(chosen);
      return;
    }
    void run(async () => {
      setReport(null);
      setReport(await api.exportPackages({ outDir: outDir.trim(), ...(chosen ? { scope: { village: chosen } } : {}), idMasking: masked ? 'masked' : 'full' }));
    });
  };
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
          start();
        }}
      >
        <label>
          导出到目录
          <input value={outDir} onChange={(e) => setOutDir(e.target.value)} placeholder="例如 E:\区民政局\城南镇" required />
        </label>
        <label>
          村(社区)（留空为全部）
          <input
            value={village}
            list="export-villages"
            onChange={(e) => {
              setVillage(e.target.value);
              setUnknownVillage(null);
            }}
          />
          <datalist id="export-villages">
            {names.map((name) => (
              <option key={name} value={name} />
            ))}
          </datalist>
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
      {unknownVillage && (
        <p className="card warning" role="alert" data-testid="village-warning">
          没有名为“{unknownVillage}”的村(社区)，按这个名称导出不会有任何一户，所以没有开始导出。
          {names.length > 0 ? `本档案中的村(社区)有：${names.join('、')}。` : '本档案中还没有户档。'}
          请改正村(社区)名称，或留空导出全部。
        </p>
      )}
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
          {report.households === 0 && !report.cancelled ? (
            <p className="missing">范围内没有户档，没有导出任何数据包。</p>
          ) : (
            <p>
              {report.cancelled ? '导出已取消，再次导出到同一目录即可从中断处继续。' : '导出完成。'}范围内 {report.households} 户：新写入 {report.written}，未变 {report.unchanged}，失败 {report.failed}。
            </p>
          )}
          <p className="muted">
            目录 <span className="mono path">{report.outDir}</span>
            {report.ledger && (
              <>
                ；台账 <span className="mono path">{report.ledger}</span>
              </>
            )}
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
