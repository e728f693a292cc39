import { useState, type FormEvent } from 'react';
import type { SettingsView } from '../../../../main/api/contract';
import { api } from '../../api/client';
import { useAction } from '../../lib/useApi';

type Start = SettingsView['retentionStart'];

const START_LABELS: Record<Start, string> = { nextJanuary: '退出次年1月1日', exitDate: '退出之日' };

/**
 * 保管期限 of exited files (整户退出): how many years, counted from the 1
 * January after the exit or from the exit day. Everyone sees it; only a
 * 管理员 changes it (the service refuses updateSettings to other roles). Each
 * exit keeps the 保管期满 it was given, so a change counts for later exits.
 */
export function RetentionSettings({ settings, isAdmin, onSaved }: { settings: SettingsView; isAdmin: boolean; onSaved(settings: SettingsView): void }) {
  const [years, setYears] = useState(String(settings.retentionYears));
  const [start, setStart] = useState<Start>(settings.retentionStart);
  const [saved, setSaved] = useState(false);
  const [run, busy] = useAction();
  const wanted = Number(years);
  const valid = Number.isInteger(wanted) && wanted >= 1 && wanted <= 100;
  const changed = wanted !== settings.retentionYears || start !== settings.retentionStart;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      onSaved(await api.updateSettings({ retentionYears: wanted, retentionStart: start }));
      setSaved(true);
    });
  };
  const current = `保管期限 ${settings.retentionYears} 年，自${START_LABELS[settings.retentionStart]}起算。`;
  if (!isAdmin) {
    return (
      <div className="card retention-settings" aria-labelledby="retention-title">
        <h2 id="retention-title">保管期限</h2>
        <p data-testid="retention-current">{current}</p>
        <p className="muted small">整户退出档案按此计算保管期满日期；只有管理员可以修改。</p>
      </div>
    );
  }
  return (
    <form className="card retention-settings" onSubmit={submit} aria-labelledby="retention-title">
      <h2 id="retention-title">保管期限</h2>
      <p data-testid="retention-current">{current}</p>
      <div className="form-grid two">
        <label>
          保管期限（年）
          <input
            type="number"
            min={1}
            max={100}
            step={1}
            value={years}
            onChange={(e) => {
              setSaved(false);
              setYears(e.target.value);
            }}
          />
        </label>
        <label>
          起算
          <select
            value={start}
            onChange={(e) => {
              setSaved(false);
              setStart(e.target.value as Start);
            }}
          >
            {(Object.keys(START_LABELS) as Start[]).map((s) => (
              <option key={s} value={s}>
                {START_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
      </div>
      {!valid && <p className="alert alert-error small" role="alert">保管期限应为 1 至 100 之间的整数（年）</p>}
      <p className="muted small">已退出的档案保留办理退出时确定的保管期满日期，修改只影响此后办理的整户退出。</p>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy || !valid || !changed}>
          保存保管期限
        </button>
        {saved && !changed && <span className="ok small">已保存</span>}
      </div>
    </form>
  );
}
