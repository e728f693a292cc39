import type { Dashboard } from '../../../../main/api/contract';
import { sharedNames } from '../../lib/format';
import { paths } from '../../lib/router';

/** Per village (镇街·村 where two towns share a name): households, and how many files are 齐全 / 缺件 / 待确认 (the service counts each household by its worst case). */
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
  const repeated = sharedNames(villages);
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
                <tr key={v.villageId} data-village={`${v.town}/${v.village}`}>
                  <td>
                    <a href={paths.villages(v.village, repeated.has(v.village) ? v.town : undefined)}>{repeated.has(v.village) ? `${v.town}·${v.village}` : v.village}</a>
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
                <th>
                  <StackBar complete={total.complete} missing={total.missing} unconfirmed={total.unconfirmed} />
                </th>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </div>
  );
}

/** The share of 齐全 files, never rounded up to 100% while one is still missing or unconfirmed. */
function completeShare(complete: number, all: number): string {
  if (all === 0) return '—';
  return complete === all ? '100%' : `${Math.min(99, Math.round((complete / all) * 100))}%`;
}

function StackBar({ complete, missing, unconfirmed }: { complete: number; missing: number; unconfirmed: number }) {
  const all = complete + missing + unconfirmed;
  const width = (n: number) => `${all === 0 ? 0 : (n / all) * 100}%`;
  return (
    <div className="share" title={`齐全 ${complete}，缺件 ${missing}，待确认 ${unconfirmed}`}>
      <div className="stackbar" aria-hidden="true">
        <span className="seg-ok" style={{ width: width(complete) }} />
        <span className="seg-unsure" style={{ width: width(unconfirmed) }} />
        <span className="seg-missing" style={{ width: width(missing) }} />
      </div>
      <span className="share-value" data-testid="complete-share">
        {completeShare(complete, all)}
      </span>
    </div>
  );
}
