import type { ScannerStatus } from '../../../../main/api/contract';
import { showDateTime } from '../../lib/dates';
import { fileName, folderName, maskIdsInText } from '../../lib/format';

const SHOWN_PROBLEMS = 3;

/** "2026-12-04T08:05:09Z" → "12-04 16:05", Beijing time whatever the locale. */
function shortTime(iso: string): string {
  return showDateTime(iso).slice(5);
}

/**
 * The scanner folders on the 工作台: whether each can be read, what the
 * watcher ran into, and the files it refused with why, so a clerk sees a
 * bad scan without asking the command line.
 */
export function ScannerPanel({ status, failed, canSetFolders = true }: { status: ScannerStatus | null | undefined; failed: boolean; canSetFolders?: boolean }) {
  if (!status) {
    return (
      <div className="card scanner" aria-labelledby="scanner-title">
        <h2 id="scanner-title">扫描文件夹</h2>
        <p className="muted">{failed ? '无法读取' : '正在读取……'}</p>
      </div>
    );
  }
  const { rejected } = status;
  return (
    <div className="card scanner" aria-labelledby="scanner-title">
      <h2 id="scanner-title">扫描文件夹</h2>
      {status.folders.length === 0 ? (
        <p className="muted">还没有配置扫描文件夹{canSetFolders ? '，可在“设置”中添加' : ''}。</p>
      ) : (
        <ul className="compact-list folder-states">
          {status.folders.map((f) => (
            <li key={f.path} data-problem={f.problem ? 'yes' : 'no'}>
              <span className="mono small scanner-path">{maskIdsInText(f.path)}</span>
              <span className={f.problem ? 'missing' : 'ok'}>{f.problem ? '无法读取' : status.watching ? '正在监视' : '未监视'}</span>
            </li>
          ))}
        </ul>
      )}
      <p className="small intake-counts" data-testid="intake-counts">
        已安全保存 <strong>{status.files.safe}</strong> 个文件，已识别 <strong>{status.files.read}</strong> 个
        {status.files.safe > status.files.read ? `，${status.files.safe - status.files.read} 个排队识别` : ''}
      </p>
      {!status.watching && status.folders.length > 0 && (
        <p className="muted small">本程序现在没有监视这些文件夹（命令行或“不监视”方式启动）。</p>
      )}
      {status.problems.length > 0 && (
        <ul className="compact-list scanner-problems" aria-label="扫描文件夹问题">
          {status.problems.slice(0, SHOWN_PROBLEMS).map((p) => (
            <li key={p.id} data-resolved={p.resolvedAt ? 'yes' : 'no'}>
              <span className="muted small">{shortTime(p.at)}</span>
              <span className={p.resolvedAt ? 'muted' : 'missing'}>
                {maskIdsInText(p.message)}
                {p.count > 1 ? `（${p.count} 次）` : ''}
                {p.resolvedAt ? `（${shortTime(p.resolvedAt)} 已恢复）` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
      <h3 className="scanner-rejected-head">
        拒收文件 <strong data-testid="rejected-count">{rejected.count}</strong> 个
      </h3>
      {rejected.count === 0 ? (
        <p className="muted">没有拒收的文件。</p>
      ) : (
        <>
          <ul className="compact-list rejected-list">
            {rejected.recent.map((r, i) => (
              <li key={`${r.source}-${i}`}>
                <span className="rejected-file" title={maskIdsInText(r.source)}>
                  <span className="filename">{fileName(r.source)}</span>
                  <span className="muted small"> {folderName(r.source)}</span>
                </span>
                <span className="rejected-reason">{r.reason}</span>
              </li>
            ))}
          </ul>
          <p className="muted small">
            原文件都留在扫描文件夹里，没有删除。处理好（重新扫描、另存为 PDF 或图片）后放回文件夹即可自动收取。
            {rejected.count > rejected.recent.length ? `这里只列出最近的 ${rejected.recent.length} 个。` : ''}
          </p>
        </>
      )}
    </div>
  );
}
