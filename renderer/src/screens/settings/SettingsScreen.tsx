import { useEffect, useState } from 'react';
import type { SettingsView } from '../../../../main/api/contract';
import { api } from '../../api/client';
import { loadingText, useApi } from '../../lib/useApi';
import { paths } from '../../lib/router';
import { ArchiveIdentity } from './ArchiveIdentity';
import { DatabaseServer } from './DatabaseServer';
import { HolidayCalendar } from './HolidayCalendar';
import { PackChoice } from './PackChoice';
import { PackageFolders } from './PackageFolders';
import { RetentionSettings } from './RetentionSettings';
import { RosterImport } from './RosterImport';
import { ScannerFolders } from './ScannerFolders';

/** 设置: scanner folders, 交换文件夹, the archive's identity, checklist packs, roster import, where data lives. */
export function SettingsScreen({
  onSaved,
  isAdmin = false,
  canManageUsers = false,
  canEdit = true,
  canImportRoster = true,
}: {
  onSaved(): void;
  isAdmin?: boolean;
  canManageUsers?: boolean;
  /** The role may change settings (updateSettings); otherwise the cards are shown read-only. */
  canEdit?: boolean;
  canImportRoster?: boolean;
}) {
  const loaded = useApi(() => api.getSettings({}), []);
  const info = useApi(() => api.appInfo({}), []);
  const [settings, setSettings] = useState<SettingsView | null>(null);
  const [rosterVersion, setRosterVersion] = useState(0);
  useEffect(() => {
    if (loaded.data) setSettings(loaded.data);
  }, [loaded.data]);
  const saved = (next: SettingsView) => {
    setSettings(next);
    onSaved();
  };
  return (
    <section className="screen settings" aria-labelledby="settings-title">
      <header className="screen-head">
        <h1 id="settings-title">设置</h1>
        {!canEdit && <span className="muted">当前角色只能查看设置；如需更改，请联系管理员。</span>}
      </header>
      {!settings ? (
        <p className="muted">{loadingText(loaded, '正在读取设置……')}</p>
      ) : (
        <div className="settings-grid">
          <div className="settings-col">
            {canImportRoster && <RosterImport onImported={() => setRosterVersion((v) => v + 1)} />}
            {/* A disabled fieldset keeps every control of these cards read-only for roles that may not change settings. */}
            <fieldset className="settings-readonly" disabled={!canEdit}>
              <ScannerFolders folders={settings.scannerFolders} onSaved={saved} />
              <PackageFolders folders={settings.packageFolders} onSaved={saved} />
            </fieldset>
          </div>
          <div className="settings-col">
            <fieldset className="settings-readonly" disabled={!canEdit}>
              <ArchiveIdentity settings={settings} onSaved={saved} />
              <PackChoice settings={settings} rosterVersion={rosterVersion} onSaved={() => loaded.reload()} />
            </fieldset>
            {isAdmin && <HolidayCalendar />}
            <RetentionSettings settings={settings} isAdmin={isAdmin} onSaved={saved} />
            <div className="card">
              <h2>数据存放位置</h2>
              <input
                className="mono readonly"
                readOnly
                value={info.data?.dataDir ?? '正在读取……'}
                aria-label="数据存放目录"
              />
              <p className="muted small">
                档案数据库与扫描图像都存放在此目录，请定期备份。{info.data ? `户档版本 ${info.data.version}。` : ''}
              </p>
            </div>
            {info.data && <DatabaseServer engine={info.data.engine} isAdmin={isAdmin} />}
            {canManageUsers && (
              <div className="card">
                <h2>用户与权限</h2>
                <p className="muted small">添加用户、停用、重设密码和更改角色。</p>
                <a className="button" href={paths.users()}>
                  打开用户与权限
                </a>
              </div>
            )}
          </div>
        </div>
      )}
    </section>
  );
}
