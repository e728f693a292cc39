import { useState, type FormEvent } from 'react';
import type { DocumentUpdate, DocumentView } from '../../../../main/api/contract';
import { api } from '../../api/client';
import { useAction } from '../../lib/useApi';
import { DateInput } from '../../components/DateInput';

const FIELDS = [
  { key: 'title', label: '题名', type: 'text' },
  { key: 'docNumber', label: '文号', type: 'text' },
  { key: 'responsible', label: '责任者', type: 'text' },
  { key: 'docDate', label: '日期', type: 'date' },
] as const;

type Key = (typeof FIELDS)[number]['key'];

/** Catalogue data of one document (卷内目录: 题名, 文号, 责任者, 日期). */
export function DocumentForm({ document, onSaved }: { document: DocumentView; onSaved(): void }) {
  const initial = () => Object.fromEntries(FIELDS.map((f) => [f.key, document[f.key] ?? ''])) as Record<Key, string>;
  const [draft, setDraft] = useState(initial);
  const [saved, setSaved] = useState(false);
  const [run, busy] = useAction();
  const changed = FIELDS.filter((f) => draft[f.key] !== (document[f.key] ?? ''));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const update: DocumentUpdate = { id: document.id };
    for (const f of changed) update[f.key] = draft[f.key].trim() || null;
    void run(async () => {
      await api.updateDocument(update);
      setSaved(true);
      onSaved();
    });
  };
  return (
    <form className="doc-form" onSubmit={submit} aria-label="文件著录">
      <h3>文件著录</h3>
      {FIELDS.map((f) => (
        <label key={f.key}>
          {f.label}
          {f.type === 'date' ? (
            <DateInput
              value={draft[f.key]}
              onChange={(v) => {
                setSaved(false);
                setDraft((d) => ({ ...d, [f.key]: v }));
              }}
            />
          ) : (
            <input
              type={f.type}
              value={draft[f.key]}
              maxLength={f.key === 'title' ? 200 : 100}
              onChange={(e) => {
                setSaved(false);
                setDraft((d) => ({ ...d, [f.key]: e.target.value }));
              }}
            />
          )}
        </label>
      ))}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy || changed.length === 0}>
          {busy ? '正在保存……' : '保存著录'}
        </button>
        {saved && changed.length === 0 && <span className="ok small">已保存</span>}
      </div>
    </form>
  );
}
