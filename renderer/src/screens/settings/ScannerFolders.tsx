import { api } from '../../api/client';
import { useState, type FormEvent } from 'react';
import type { SettingsView } from '../../../../main/api/contract';
import { useAction } from '../../lib/useApi';

/** Folders the scanners write into; the app watches them and reads every new file. */
export function ScannerFolders({ folders, onSaved }: { folders: string[]; onSaved(settings: SettingsView): void }) {
  const [path, setPath] = useState('');
  const [run, busy] = useAction();
  const save = (next: string[]) => run(async () => onSaved(await api.updateSettings({ scannerFolders: next })));
  const add = (e: FormEvent) => {
    e.preventDefault();
    const folder = path.trim();
    if (!folder || folders.includes(folder)) return;
    void save([...folders, folder]).then((ok) => ok && setPath(''));
  };
  return (
    <div className="card scanner-folders">
      <h2>扫描文件夹</h2>
      <p className="muted small">
        扫描仪保存到这些文件夹的文件会自动识别归档。按户扫描时，建议把一户的扫描件放在以“户主姓名_身份证号”命名的子文件夹中。
      </p>
      <ul className="folder-list" aria-label="已配置的扫描文件夹">
        {folders.length === 0 && <li className="muted">尚未配置扫描文件夹。</li>}
        {folders.map((f) => (
          <li key={f}>
            <span className="mono ellipsis" title={f}>
              {f}
            </span>
            <button
              type="button"
              disabled={busy}
              onClick={() => void save(folders.filter((x) => x !== f))}
              aria-label={`移除扫描文件夹 ${f}`}
            >
              移除
            </button>
          </li>
        ))}
      </ul>
      <form className="inline-form" onSubmit={add}>
        <input
          value={path}
          onChange={(e) => setPath(e.target.value)}
          placeholder="输入文件夹完整路径，如 D:\扫描件"
          aria-label="新的扫描文件夹路径"
        />
        <button type="submit" disabled={busy || !path.trim()}>
          添加
        </button>
      </form>
    </div>
  );
}
