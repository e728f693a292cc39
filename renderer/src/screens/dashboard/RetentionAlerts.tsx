import { api } from '../../api/client';
import { paths } from '../../lib/router';
import { useApi } from '../../lib/useApi';

const MONTHS = 6;

/** Exited files whose 保管期限 ends within six months (or has ended): they need an appraisal, not a shredder. */
export function RetentionAlerts() {
  const rows = useApi(() => api.listRetention({ withinMonths: MONTHS }), []);
  const due = (rows.data ?? []).filter((r) => !r.destroyedOn && !r.reEnteredOn);
  return (
    <div className="card retention-alerts">
      <h2>保管期满提醒</h2>
      {rows.data === undefined ? (
        <p className="muted">{rows.failed ? '无法读取' : '正在读取……'}</p>
      ) : due.length === 0 ? (
        <p className="muted">{MONTHS} 个月内没有保管期满的退出档案。</p>
      ) : (
        <>
          <p>
            {MONTHS} 个月内有 <strong>{due.length}</strong> 户退出档案保管期满，需组织鉴定后才能处置。
          </p>
          <ul className="compact-list">
            {due.slice(0, 5).map((r) => (
              <li key={r.exitId}>
                <a href={paths.household(r.householdId)}>{r.name}</a>
                <span className="muted">
                  {r.village} · 期满 {r.retentionUntil}
                  {r.legalHold ? ' · 已冻结' : ''}
                </span>
              </li>
            ))}
          </ul>
          <a href={paths.exited()}>查看全部退出档案</a>
        </>
      )}
    </div>
  );
}
