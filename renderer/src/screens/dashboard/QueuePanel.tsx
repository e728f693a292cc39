import type { Dashboard } from '../../../../main/api/contract';
import { ProgressBar } from '../../components/ProgressBar';
import { useProgress } from '../../lib/progress';
import { INGEST_TASKS } from '../../lib/rate';
import { paths } from '../../lib/router';

/** The scanner queue: what waits, the job running now, and, while a recognition job runs, how fast. */
export function QueuePanel({ queue, canReview = true, canSetFolders = true }: { queue: Dashboard['queue'] | null; canReview?: boolean; canSetFolders?: boolean }) {
  const { current, rate, at } = useProgress();
  const fresh = current !== null && Date.now() - at < 60_000;
  const busy = fresh && current.done < current.total;
  // The watcher takes scans one file at a time, each run ending at n/n: recognition is still running while the queue holds work.
  const reading = fresh && INGEST_TASKS.includes(current.task) && (busy || (queue !== null && queue.files + queue.pagesToRead > 0));
  return (
    <div className="card queue" aria-labelledby="queue-title">
      <h2 id="queue-title">扫描件识别队列</h2>
      <dl className="facts-inline">
        <div>
          <dt>待处理文件</dt>
          <dd>{queue?.files ?? '…'}</dd>
        </div>
        <div>
          <dt>待识别页面</dt>
          <dd>{queue?.pagesToRead ?? '…'}</dd>
        </div>
        <div>
          <dt>收件箱</dt>
          <dd>{canReview ? <a href={paths.inbox()}>{queue?.inbox ?? '…'} 页</a> : `${queue?.inbox ?? '…'} 页`}</dd>
        </div>
      </dl>
      {current && fresh ? (
        <div className="queue-now">
          <div className="queue-line">
            <span>
              {busy ? '正在' : '已完成'}：{current.task === '导出' ? '按户导出' : current.task}
            </span>
            <span className="mono">
              {current.done}/{current.total}
            </span>
          </div>
          <ProgressBar done={current.done} total={current.total} label={`${current.task}进度`} />
          {current.message && <div className="muted small">{current.message}</div>}
        </div>
      ) : (
        <p className="muted">当前空闲。扫描仪放入文件夹的文件会自动识别{canSetFolders ? '，可在“设置”中配置扫描文件夹' : ''}。</p>
      )}
      {reading && (
        <div className="queue-speed" data-testid="reading-speed">
          识别速度：{rate ? `约 ${rate.value.toFixed(1)} ${rate.unit}/分钟` : '正在计算……'}
        </div>
      )}
    </div>
  );
}
