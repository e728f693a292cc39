import { useMemo } from 'react';
import { api } from '../../api/client';
import { beijingToday } from '../../lib/today';
import { paths } from '../../lib/router';
import { useApi } from '../../lib/useApi';

/** 退出档案: households that left assistance (整户退出), kept apart from the active files until their retention ends. */
export function ExitedScreen() {
  const households = useApi(() => api.listHouseholds({ status: '整户退出' }), []);
  const retention = useApi(() => api.listRetention({}), []);
  const exits = useMemo(() => {
    const latest = new Map<number, NonNullable<typeof retention.data>[number]>();
    for (const r of retention.data ?? [])
      if (!latest.has(r.householdId) || (latest.get(r.householdId)?.exitedOn ?? '') < r.exitedOn)
        latest.set(r.householdId, r);
    return latest;
  }, [retention.data]);
  const today = beijingToday();

  return (
    <section className="screen exited-screen" aria-labelledby="exited-title">
      <header className="screen-head exited-banner">
        <h1 id="exited-title">退出档案</h1>
        <span>整户退出的档案单独保管，保管期满并经鉴定审批前不得销毁。</span>
        <span className="push-right">{households.data ? `共 ${households.data.length} 户` : '正在读取……'}</span>
      </header>
      {households.data?.length === 0 && <p className="card empty">没有整户退出的档案。</p>}
      {households.data && households.data.length > 0 && (
        <div className="card table-scroll fill exited-table">
          <table className="grid">
            <thead>
              <tr>
                <th>户主</th>
                <th>身份证号</th>
                <th>村(社区)</th>
                <th>原救助类别</th>
                <th>退出日期</th>
                <th>退出原因</th>
                <th>保管期满</th>
                <th>状态</th>
                <th>存放柜</th>
              </tr>
            </thead>
            <tbody>
              {households.data.map((h) => {
                const exit = exits.get(h.id);
                const due = exit && exit.retentionUntil < today;
                return (
                  <tr key={h.id} data-household={h.id}>
                    <td>
                      <a href={paths.household(h.id)}>{h.name}</a>
                    </td>
                    <td className="mono">{h.household}</td>
                    <td>{h.village}</td>
                    <td>{h.assistance.join('、') || '—'}</td>
                    <td>{exit?.exitedOn ?? '—'}</td>
                    <td>{exit?.reason ?? '—'}</td>
                    <td className={due ? 'missing' : ''}>{exit?.retentionUntil ?? '—'}</td>
                    <td>
                      {exit?.destroyedOn
                        ? `已于 ${exit.destroyedOn} 销毁`
                        : exit?.legalHold
                          ? `冻结保存${exit.legalHoldReason ? `（${exit.legalHoldReason}）` : ''}`
                          : due
                            ? '保管期满，待鉴定'
                            : '保管中'}
                    </td>
                    <td>{exit?.cabinet ?? '—'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
