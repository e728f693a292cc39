import { api } from '../../api/client';
import { useState, type FormEvent } from 'react';
import type { SettingsView } from '../../../../main/api/contract';
import { useAction } from '../../lib/useApi';

const FIELDS = [
  { key: 'district', label: '区(县)', hint: '如：开原市' },
  { key: 'town', label: '镇(街道)', hint: '花名册未写镇街时使用' },
  { key: 'fondsName', label: '全宗名称', hint: '印在档案封面上' },
  { key: 'fondsCode', label: '全宗号', hint: '档号的第一段' },
] as const;

type Key = (typeof FIELDS)[number]['key'];

/** Who this archive belongs to: district, town, 全宗名称 and 全宗号. */
export function ArchiveIdentity({
  settings,
  onSaved,
}: {
  settings: SettingsView;
  onSaved(settings: SettingsView): void;
}) {
  const [draft, setDraft] = useState(
    () => Object.fromEntries(FIELDS.map((f) => [f.key, settings[f.key] ?? ''])) as Record<Key, string>,
  );
  const [saved, setSaved] = useState(false);
  const [run, busy] = useAction();
  const changed = FIELDS.filter((f) => draft[f.key].trim() !== (settings[f.key] ?? ''));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const update: Partial<SettingsView> = {};
    for (const f of changed) update[f.key] = draft[f.key].trim() || null;
    void run(async () => {
      onSaved(await api.updateSettings(update));
      setSaved(true);
    });
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="identity-title">
      <h2 id="identity-title">档案信息</h2>
      <div className="form-grid two">
        {FIELDS.map((f) => (
          <label key={f.key}>
            {f.label}
            <input
              value={draft[f.key]}
              maxLength={100}
              placeholder={f.hint}
              onChange={(e) => {
                setSaved(false);
                setDraft((d) => ({ ...d, [f.key]: e.target.value }));
              }}
            />
          </label>
        ))}
      </div>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy || changed.length === 0}>
          保存档案信息
        </button>
        {saved && changed.length === 0 && <span className="ok small">已保存</span>}
      </div>
    </form>
  );
}
