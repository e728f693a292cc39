import type { ReactNode } from 'react';
import type { Role } from '../../../../main/api/contract';
import { api } from '../../api/client';
import { useInterval, useProgressTick } from '../../lib/progress';
import { paths } from '../../lib/router';
import { useApi } from '../../lib/useApi';
import { QueuePanel } from './QueuePanel';
import { RetentionAlerts } from './RetentionAlerts';
import { ScannerPanel } from './ScannerPanel';
import { seesScanner } from './useScannerAlerts';
import { VillageCounts } from './VillageCounts';

/**
 * 工作台: the day's numbers at a glance; refreshed while scans are being read.
 * The inbox count leads to 收件箱 only for roles that review pages there.
 */
export function DashboardScreen({ role, canReview = true, canSetFolders = true }: { role: Role; canReview?: boolean; canSetFolders?: boolean }) {
  const tick = useProgressTick(4000);
  const poll = useInterval(30_000);
  const board = useApi(() => api.dashboard({}), [tick, poll]);
  const data = board.data;
  // Refused files are recorded without any progress to refresh on: the scanner card polls on its own.
  const scannerPoll = useInterval(10_000);
  const watchesScanner = seesScanner(role);
  const scanner = useApi(() => (watchesScanner ? api.scannerStatus({}) : Promise.resolve(null)), [watchesScanner, tick, scannerPoll]);
  const refused = scanner.data?.rejected.count;
  return (
    <section className="screen dashboard" aria-labelledby="dashboard-title">
      <header className="screen-head">
        <h1 id="dashboard-title">工作台</h1>
        {board.loading && <span className="muted">正在更新……</span>}
      </header>
      <div className="tiles">
        <Tile href={canReview ? paths.inbox() : null}>
          <span className="tile-label">收件箱待确认</span>
          <span className="tile-value" data-testid="tile-inbox">
            {data?.queue.inbox ?? '…'}
          </span>
          <span className="tile-hint">页，等待经办人确认</span>
        </Tile>
        <div className="tile">
          <span className="tile-label">待识别页面</span>
          <span className="tile-value">{data?.queue.pagesToRead ?? '…'}</span>
          <span className="tile-hint">页，正在后台识别全文</span>
        </div>
        <div className="tile">
          <span className="tile-label">待处理文件</span>
          <span className="tile-value">{data?.queue.files ?? '…'}</span>
          <span className="tile-hint">个扫描文件排队中</span>
        </div>
        {watchesScanner && (
          <div className={`tile ${refused ? 'tile-warn' : ''}`}>
            <span className="tile-label">拒收文件</span>
            <span className="tile-value" data-testid="tile-rejected">
              {refused ?? '…'}
            </span>
            <span className="tile-hint">个，原因见“扫描文件夹”</span>
          </div>
        )}
        <a className={`tile ${data && data.overdue > 0 ? 'tile-warn' : ''}`} href={paths.overdue()}>
          <span className="tile-label">动态核查逾期</span>
          <span className="tile-value" data-testid="tile-overdue">
            {data?.overdue ?? '…'}
          </span>
          <span className="tile-hint">件，点击查看名单</span>
        </a>
      </div>
      <div className="dashboard-grid">
        <VillageCounts villages={data?.villages ?? []} loaded={data !== undefined} />
        <div className="dashboard-side">
          {watchesScanner && <ScannerPanel status={scanner.data} failed={scanner.failed} canSetFolders={canSetFolders} />}
          <QueuePanel queue={data?.queue ?? null} canReview={canReview} canSetFolders={canSetFolders} />
          <RetentionAlerts />
        </div>
      </div>
    </section>
  );
}

/** A tile that opens its list when the role may open it, else just shows the number. */
function Tile({ href, children }: { href: string | null; children: ReactNode }) {
  return href ? (
    <a className="tile" href={href}>
      {children}
    </a>
  ) : (
    <div className="tile">{children}</div>
  );
}
