import { useEffect } from 'react';
import { api } from '../../api/client';
import { sharedNames } from '../../lib/format';
import { paths } from '../../lib/router';
import { loadingText, useApi } from '../../lib/useApi';
import { VillageHouseholds } from './VillageHouseholds';

/**
 * 村(社区): the villages on the left, the chosen village's households on the
 * right. A name two towns share (a district archive's 红旗村) shows and opens
 * with its town.
 */
export function VillagesScreen({ village, town }: { village: string | null; town: string | null }) {
  const villages = useApi(() => api.listVillages({}), []);
  const list = villages.data ?? [];
  const repeated = sharedNames(list);

  useEffect(() => {
    const first = villages.data?.[0];
    if (!village && first) window.location.replace(paths.villages(first.village));
  }, [village, villages.data]);

  const isCurrent = (v: (typeof list)[number]) => v.village === village && (!town || v.town === town);
  const current = list.find(isCurrent);
  return (
    <section className="screen villages" aria-labelledby="villages-title">
      <div className="villages-grid">
        <nav className="card village-nav" aria-labelledby="villages-title">
          <h1 id="villages-title">村(社区)</h1>
          {villages.data && list.length === 0 && <p className="empty small">还没有户档。请到“设置”导入花名册。</p>}
          <ul>
            {list.map((v) => (
              <li key={v.id}>
                <a
                  href={paths.villages(v.village, repeated.has(v.village) ? v.town : undefined)}
                  className={isCurrent(v) ? 'active' : ''}
                  aria-current={isCurrent(v) ? 'page' : undefined}
                >
                  <span className="ellipsis">{repeated.has(v.village) ? `${v.town}·${v.village}` : v.village}</span>
                  <span className="count">{v.active} 户</span>
                </a>
              </li>
            ))}
          </ul>
        </nav>
        {village ? (
          <VillageHouseholds key={`${town ?? ''}/${village}`} village={village} exited={current?.exited ?? 0} town={current?.town ?? ''} />
        ) : (
          <div className="card empty">{villages.data ? '请选择左侧的村(社区)。' : loadingText(villages)}</div>
        )}
      </div>
    </section>
  );
}
