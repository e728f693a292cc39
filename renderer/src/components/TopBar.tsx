import type { Ref } from 'react';
import type { SessionUser } from '../../../main/api/contract';
import { navigate, paths } from '../lib/router';
import { HouseholdPicker } from './HouseholdPicker';

interface Props {
  town: string | null;
  user: SessionUser;
  searchRef: Ref<HTMLInputElement>;
  onLogout(): void;
}

/** App title, the household search (/ focuses it) and who is working. */
export function TopBar({ town, user, searchRef, onLogout }: Props) {
  const setupMode = user.displayName === '初始设置';
  return (
    <header className="topbar">
      <a className="brand" href={paths.dashboard()}>
        户档
      </a>
      <span className="subtitle">社会救助一户一档{town ? ` · ${town}` : ''}</span>
      <HouseholdPicker
        className="topbar-search"
        label="查找户"
        placeholder="查找户：姓名或身份证号片段（按 / 键）"
        inputRef={searchRef}
        onPick={(row) => navigate(paths.household(row.id))}
      />
      <span className="user">
        {user.displayName}（{user.role}）
        {!setupMode && (
          <button type="button" className="link light" onClick={onLogout}>
            退出登录
          </button>
        )}
      </span>
    </header>
  );
}
