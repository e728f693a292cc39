import { useState, type FormEvent } from 'react';
import { useAction } from '../../lib/useApi';

/** A list of folders kept in one setting: shown, removed one by one, added by full path. */
export interface FolderListText {
  title: string;
  help: string;
  empty: string;
  /** Accessible names of the list, the new-path field, its add button, and each remove button. */
  listLabel: string;
  inputLabel: string;
  addLabel: string;
  removeLabel(folder: string): string;
  placeholder: string;
}

export function FolderList({ folders, text, save }: { folders: string[]; text: FolderListText; save(next: string[]): Promise<void> }) {
  const [path, setPath] = useState('');
  const [run, busy] = useAction();
  const store = (next: string[]) => run(() => save(next));
  const add = (e: FormEvent) => {
    e.preventDefault();
    const folder = path.trim();
    if (!folder || folders.includes(folder)) return;
    void store([...folders, folder]).then((ok) => ok && setPath(''));
  };
  return (
    <div className="card scanner-folders">
      <h2>{text.title}</h2>
      <p className="muted small">{text.help}</p>
      <ul className="folder-list" aria-label={text.listLabel}>
        {folders.length === 0 && <li className="muted">{text.empty}</li>}
        {folders.map((f) => (
          <li key={f}>
            <span className="mono ellipsis" title={f}>
              {f}
            </span>
            <button type="button" disabled={busy} onClick={() => void store(folders.filter((x) => x !== f))} aria-label={text.removeLabel(f)}>
              移除
            </button>
          </li>
        ))}
      </ul>
      <form className="inline-form" onSubmit={add}>
        <input value={path} onChange={(e) => setPath(e.target.value)} placeholder={text.placeholder} aria-label={text.inputLabel} />
        <button type="submit" disabled={busy || !path.trim()} aria-label={text.addLabel}>
          添加
        </button>
      </form>
    </div>
  );
}
