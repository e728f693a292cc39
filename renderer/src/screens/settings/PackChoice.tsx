import type { SettingsView } from '../../../../main/api/contract';
import { api } from '../../api/client';
import { loadingText, useAction, useApi } from '../../lib/useApi';

/** Which checklist pack (要件清单) each town's files are judged by. */
export function PackChoice({
  settings,
  rosterVersion,
  onSaved,
}: {
  settings: SettingsView;
  rosterVersion: number;
  onSaved(): void;
}) {
  const packs = useApi(() => api.listPacks({}), [settings]);
  const villages = useApi(() => api.listVillages({}), [rosterVersion]);
  const [run, busy] = useAction();
  const list = packs.data ?? [];
  const defaultKey = list.find((p) => p.isDefault)?.key ?? '';
  const towns = [
    ...new Set([
      ...(settings.town ? [settings.town] : []),
      ...(villages.data ?? []).map((v) => v.town),
      ...Object.keys(settings.packByTown),
    ]),
  ].sort((a, b) => a.localeCompare(b, 'zh'));
  const use = (key: string, town?: string) =>
    void run(async () => {
      await api.usePack(town ? { key, town } : { key });
      onSaved();
    });
  return (
    <div className="card pack-choice">
      <h2>要件清单包</h2>
      {packs.data === undefined ? (
        <p className="muted">{loadingText(packs)}</p>
      ) : (
        <>
          <label className="row-label">
            默认清单包
            <select value={defaultKey} disabled={busy} onChange={(e) => use(e.target.value)}>
              {list.map((p) => (
                <option key={p.key} value={p.key}>
                  {p.title}（{p.version}
                  {p.origin === 'builtin' ? '，内置' : '，导入'}）
                </option>
              ))}
            </select>
          </label>
          {towns.length > 0 && (
            <table className="grid">
              <thead>
                <tr>
                  <th>镇(街道)</th>
                  <th>使用的清单包</th>
                </tr>
              </thead>
              <tbody>
                {towns.map((town) => (
                  <tr key={town}>
                    <td>{town}</td>
                    <td>
                      <select
                        value={settings.packByTown[town] ?? ''}
                        disabled={busy}
                        onChange={(e) => e.target.value && use(e.target.value, town)}
                        aria-label={`${town}使用的清单包`}
                      >
                        <option value="">同默认</option>
                        {list.map((p) => (
                          <option key={p.key} value={p.key}>
                            {p.title}（{p.version}）
                          </option>
                        ))}
                      </select>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </div>
  );
}
