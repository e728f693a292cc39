import { useState } from 'react';
import type { ExitedFile } from '../../../../main/api/contract';
import { api } from '../../api/client';
import { maskId } from '../../lib/format';
import { paths } from '../../lib/router';
import { useApi } from '../../lib/useApi';
import { ExitedDetail } from './ExitedDetail';

/** The state of a file in a few words: destroyed, held, under appraisal, retention over, or kept. */
export function exitedState(file: ExitedFile): string {
  if (file.destroyedOn) return `已于 ${file.destroyedOn} 销毁`;
  if (file.legalHold) return '法律保全（冻结）';
  if (file.appraisal?.status === 'open') return `鉴定中，已批准 ${file.appraisal.approvals.length} 人`;
  if (file.retentionEnded) return '保管期满，待鉴定';
  return '保管中';
}

/**
 * 退出档案: every exited household file (整户退出) with its 保管期满 and
 * legal hold; choosing one shows its appraisal and destruction steps. The
 * service says which steps the logged-in role may take; others read only.
 */
export function ExitedScreen() {
  const files = useApi(() => api.listExitedFiles({}), []);
  const [chosen, setChosen] = useState<number | null>(null);
  const selected = files.data?.find((f) => f.exitId === chosen) ?? files.data?.[0] ?? null;

  return (
    <section className="screen exited-screen" aria-labelledby="exited-title">
      <header className="screen-head exited-banner">
        <h1 id="exited-title">退出档案</h1>
        <span>整户退出的档案单独保管，保管期满并经鉴定、两人批准后方可销毁。</span>
        <span className="push-right">{files.data ? `共 ${files.data.length} 份` : '正在读取……'}</span>
      </header>
      {files.data?.length === 0 && <p className="card empty">没有整户退出的档案。</p>}
      {files.data && files.data.length > 0 && (
        <div className="exited-layout">
          <div className="card table-scroll exited-table">
            <table className="grid">
              <thead>
                <tr>
                  <th>户主</th>
                  <th>身份证号</th>
                  <th>村(社区)</th>
                  <th>退出日期</th>
                  <th>退出原因</th>
                  <th>保管期满</th>
                  <th>法律保全</th>
                  <th>状态</th>
                </tr>
              </thead>
              <tbody>
                {files.data.map((f) => (
                  <tr
                    key={f.exitId}
                    data-exit={f.exitId}
                    className={f === selected ? 'selected' : ''}
                    aria-selected={f === selected}
                    onClick={() => setChosen(f.exitId)}
                  >
                    <td>
                      <a href={paths.household(f.householdId)} onClick={(e) => e.stopPropagation()}>
                        {f.name}
                      </a>
                    </td>
                    <td className="mono">{maskId(f.household)}</td>
                    <td>{f.village}</td>
                    <td>{f.exitedOn}</td>
                    <td className="ellipsis" title={f.reason}>
                      {f.reason}
                    </td>
                    <td className={f.retentionEnded && !f.destroyedOn ? 'missing' : ''}>{f.retentionUntil}</td>
                    <td title={f.legalHoldReason ?? ''}>{f.legalHold ? '冻结' : '—'}</td>
                    <td>
                      <button type="button" className="link" onClick={() => setChosen(f.exitId)} aria-label={`查看 ${f.name} 的退出档案`}>
                        {exitedState(f)}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {selected && <ExitedDetail key={selected.exitId} file={selected} onChanged={files.reload} />}
        </div>
      )}
    </section>
  );
}
