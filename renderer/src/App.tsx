import { useEffect, useState } from 'react';
import type { AppInfo, HouseholdRow, VillageSummary } from '../../main/api/contract';
import { api } from './api/client';

/** The workbench shell: villages on the left, the chosen village's households on the right. */
export function App() {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [villages, setVillages] = useState<VillageSummary[]>([]);
  const [village, setVillage] = useState<string | null>(null);
  const [households, setHouseholds] = useState<HouseholdRow[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    Promise.all([api.appInfo({}), api.listVillages({})])
      .then(([appInfo, list]) => {
        setInfo(appInfo);
        setVillages(list);
        setVillage(list[0]?.village ?? null);
      })
      .catch((e: Error) => setError(e.message));
  }, []);

  useEffect(() => {
    if (!village) return;
    api
      .listHouseholds({ village })
      .then(setHouseholds)
      .catch((e: Error) => setError(e.message));
  }, [village]);

  return (
    <div className="app">
      <header className="topbar">
        <h1>户档</h1>
        <span className="subtitle">社会救助一户一档{info?.town ? ` · ${info.town}` : ''}</span>
      </header>
      {error && <div className="error" role="alert">{error}</div>}
      <div className="body">
        <nav className="villages" aria-label="村(社区)">
          <h2>村(社区)</h2>
          {villages.length === 0 && <p className="hint">还没有户档。请用“hudang roster import 花名册文件”导入花名册。</p>}
          <ul>
            {villages.map((v) => (
              <li key={v.id}>
                <button className={v.village === village ? 'active' : ''} onClick={() => setVillage(v.village)}>
                  {v.village}
                  <span className="count">{v.households} 户</span>
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <main className="households">
          {village && <h2>{village}（{households.length} 户）</h2>}
          <table>
            <thead>
              <tr>
                <th>户主</th>
                <th>身份证号</th>
                <th>救助类别</th>
                <th>保障人口</th>
                <th>状态</th>
              </tr>
            </thead>
            <tbody>
              {households.map((h) => (
                <tr key={h.id}>
                  <td>{h.name}</td>
                  <td className="mono">{h.household}</td>
                  <td>{h.assistance.join('、')}</td>
                  <td>{h.insured ?? ''}</td>
                  <td>{h.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </main>
      </div>
    </div>
  );
}
