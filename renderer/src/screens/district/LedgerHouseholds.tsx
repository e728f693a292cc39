import { api } from '../../api/client';
import { StatusBadge } from '../../components/StatusMark';
import { paths } from '../../lib/router';
import { loadingText, useApi } from '../../lib/useApi';

/** One village's households in the 全区台账: each opens its file read-only (户档案, as the role may see it). */
export function LedgerHouseholds({ town, village }: { town: string; village: string }) {
  const households = useApi(() => api.ledgerHouseholds({ town, village }), [town, village]);
  return (
    <div className="card table-scroll ledger-households" aria-label={`${town} · ${village}的户`}>
      <h2>
        {town} · {village}
      </h2>
      {!households.data && <p className="muted">{loadingText(households)}</p>}
      {households.data?.length === 0 && <p className="empty">这个村(社区)没有户档。</p>}
      {households.data && households.data.length > 0 && (
        <table className="grid">
          <thead>
            <tr>
              <th>户主</th>
              <th>身份证号</th>
              <th>救助类别</th>
              <th>档案</th>
            </tr>
          </thead>
          <tbody>
            {households.data.map((h) => (
              <tr key={h.id} data-household={h.id}>
                <td>
                  <a href={paths.household(h.id)}>{h.name}</a>
                </td>
                <td className="mono">{h.household}</td>
                <td>{h.assistance.join('、') || '—'}</td>
                <td>
                  <StatusBadge status={h.status === '整户退出' ? '整户退出' : (h.check ?? '无案卷')} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
