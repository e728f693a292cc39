import type { DistrictLedger } from '../../../../main/api/contract';
import { api } from '../../api/client';
import { showDateTime } from '../../lib/dates';
import { orDash } from '../../lib/format';
import { paths } from '../../lib/router';
import { loadingText, useApi } from '../../lib/useApi';
import { LedgerHouseholds } from './LedgerHouseholds';

type Counts = DistrictLedger['total'];

function CountCells({ row }: { row: Counts }) {
  return (
    <>
      <td className="num">{row.households}</td>
      <td className="num">{row.active}</td>
      <td className="num">{row.exited}</td>
      <td className="num ok">{row.complete}</td>
      <td className={`num${row.missing > 0 ? ' missing' : ''}`}>{row.missing}</td>
      <td className={`num${row.unconfirmed > 0 ? ' unsure' : ''}`}>{row.unconfirmed}</td>
      <td>{orDash(showDateTime(row.lastImport))}</td>
    </>
  );
}

/**
 * 全区台账 (区级): per 镇(街道) and village, households 在册 and 整户退出, how
 * many files on the rolls are 齐全, 缺件 or 待确认, and when a package last
 * brought a change. A village opens its households beside the table.
 */
export function LedgerScreen({ town, village }: { town: string | null; village: string | null }) {
  const ledger = useApi(() => api.districtLedger({}), []);
  const towns = ledger.data?.towns ?? [];
  return (
    <section className="screen ledger-screen" aria-labelledby="ledger-title">
      <header className="screen-head">
        <h1 id="ledger-title">全区台账</h1>
        <span>各镇(街道)、村(社区)的在册户、退出户、档案齐全情况和最近导入时间；点村(社区)查看各户。</span>
      </header>
      {!ledger.data && <p className="card empty">{loadingText(ledger)}</p>}
      {ledger.data && towns.length === 0 && (
        <p className="card empty">
          区级档案中还没有户档。请先在“<a href={paths.districtImport()}>导入数据包</a>”中导入各镇(街道)的数据包。
        </p>
      )}
      {towns.length > 0 && ledger.data && (
        <div className="ledger-layout">
          <div className="card table-scroll ledger-table">
            <table className="grid" aria-label="全区台账">
              <thead>
                <tr>
                  <th>镇(街道) / 村(社区)</th>
                  <th className="num">户数</th>
                  <th className="num">在册</th>
                  <th className="num">整户退出</th>
                  <th className="num">齐全</th>
                  <th className="num">缺件</th>
                  <th className="num">待确认</th>
                  <th>最近导入</th>
                </tr>
              </thead>
              {towns.map((t) => (
                <tbody key={t.town} data-town={t.town}>
                  <tr className="ledger-town">
                    <th scope="rowgroup">{t.town}</th>
                    <CountCells row={t} />
                  </tr>
                  {t.villages.map((v) => {
                    const chosen = t.town === town && v.village === village;
                    return (
                      <tr key={v.village} className={chosen ? 'selected' : ''} data-village={`${t.town}/${v.village}`}>
                        <td className="ledger-village">
                          <a href={paths.ledger(t.town, v.village)} aria-current={chosen ? 'page' : undefined}>
                            {v.village}
                          </a>
                        </td>
                        <CountCells row={v} />
                      </tr>
                    );
                  })}
                </tbody>
              ))}
              <tfoot>
                <tr>
                  <th>全区合计</th>
                  <CountCells row={ledger.data.total} />
                </tr>
              </tfoot>
            </table>
          </div>
          {town && village ? (
            <LedgerHouseholds key={`${town}/${village}`} town={town} village={village} />
          ) : (
            <p className="card empty">点左侧的村(社区)查看各户档案。</p>
          )}
        </div>
      )}
    </section>
  );
}
