import { api } from '../../api/client';
import { maskId } from '../../lib/format';
import { navigate, paths } from '../../lib/router';
import { loadingText, useAction, useApi } from '../../lib/useApi';

/** 动态核查逾期: open cases whose periodic review date has passed, most overdue first. */
export function OverdueScreen() {
  const rows = useApi(() => api.listOverdue({}), []);
  const [run] = useAction();
  // Overdue rows carry the ID number, not the household's record id; look the household up to open it.
  const open = (idNumber: string) =>
    void run(async () => {
      const [household] = await api.listHouseholds({ query: idNumber });
      if (household) navigate(paths.household(household.id));
    });
  return (
    <section className="screen" aria-labelledby="overdue-title">
      <header className="screen-head">
        <h1 id="overdue-title">动态核查逾期名单</h1>
        <span className="muted">{rows.data ? `共 ${rows.data.length} 件` : loadingText(rows)}</span>
        <a href={paths.dashboard()} className="push-right">
          返回工作台
        </a>
      </header>
      {rows.data?.length === 0 && <p className="empty card">没有逾期未核查的案卷。</p>}
      {rows.data && rows.data.length > 0 && (
        <div className="card table-scroll fill">
          <table className="grid">
            <thead>
              <tr>
                <th>户主</th>
                <th>身份证号</th>
                <th>村(社区)</th>
                <th>救助类别</th>
                <th>应核查日期</th>
                <th className="num">逾期天数</th>
                <th>说明</th>
              </tr>
            </thead>
            <tbody>
              {rows.data.map((r) => (
                <tr key={`${r.household}-${r.assistance}`}>
                  <td>
                    <button type="button" className="link" onClick={() => open(r.household)}>
                      {r.name}
                    </button>
                  </td>
                  <td className="mono">{maskId(r.household)}</td>
                  <td>{r.village}</td>
                  <td>{r.assistance}</td>
                  <td>{r.dueOn}</td>
                  <td className="num missing">{r.daysOverdue}</td>
                  <td className="wrap">{r.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
