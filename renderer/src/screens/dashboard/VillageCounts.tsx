import type { Dashboard } from '../../../../main/api/contract';
import { paths } from '../../lib/router';

/** Per village: households, and how many files are 齐全 / 缺件 / 待确认 (the service counts each household by its worst case). */
export function VillageCounts({ villages, loaded }: { villages: Dashboard['villages']; loaded: boolean }) {
  const total = villages.reduce(
    (sum, v) => ({
      households: sum.households + v.households,
      complete: sum.complete + v.complete,
      missing: sum.missing + v.missing,
      unconfirmed: sum.unconfirmed + v.unconfirmed,
    }),
    { households: 0, complete: 0, missing: 0, unconfirmed: 0 },
  );
  return (
    <div className="card village-counts">
      <h2>各村(社区)档案情况</h2>
      {loaded && villages.length === 0 && <p className="empty">还没有户档。请到“设置”导入花名册。</p>}
      {villages.length > 0 && (
        <div className="table-scroll">
          <table className="grid">
            <thead>
              <tr>
                <th>村(社区)</th>
                <th className="num">户数</th>
                <th className="num">齐全</th>
                <th className="num">缺件</th>
                <th className="num">待确认</th>
                <th>齐全比例</th>
              </tr>
            </thead>
            <tbody>
              {villages.map((v) => (
                <tr key={v.village}>
                  <td>
                    <a href={paths.villages(v.village)}>{v.village}</a>
                  </td>
                  <td className="num">{v.households}</td>
                  <td className="num ok">{v.complete}</td>
                  <td className="num missing">{v.missing}</td>
                  <td className="num unsure">{v.unconfirmed}</td>
                  <td>
                    <StackBar complete={v.complete} missing={v.missing} unconfirmed={v.unconfirmed} />
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th>合计</th>
                <th className="num">{total.households}</th>
                <th className="num">{total.complete}</th>
                <th className="num">{total.missing}</th>
                <th className="num">{total.unconfirmed}</th>
                <th />
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </div>
  );
}

function StackBar({ complete, missing, unconfirmed }: { complete: number; missing: number; unconfirmed: number }) {
  const all = complete + missing + unconfirmed || 1;
  return (
    <div className="stackbar" title={`齐全 ${complete}，缺件 ${missing}，待确认 ${unconfirmed}`}>
      <span className="seg-ok" style={{ width: `${(complete / all) * 100}%` }} />
      <span className="seg-unsure" style={{ width: `${(unconfirmed / all) * 100}%` }} />
      <span className="seg-missing" style={{ width: `${(missing / all) * 100}%` }} />
    </div>
  );
}
