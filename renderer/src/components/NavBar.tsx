import type { CurrentUser } from '../../../main/api/contract';
import { mayOpen } from '../lib/access';
import type { Route } from '../lib/router';
import { paths } from '../lib/router';
import { useProgress } from '../lib/progress';
import { ProgressBar } from './ProgressBar';

export const NAV_ITEMS = [
  { key: 'dashboard', label: '工作台', href: paths.dashboard() },
  { key: 'inbox', label: '收件箱', href: paths.inbox() },
  { key: 'villages', label: '村(社区)', href: paths.villages() },
  { key: 'exited', label: '退出档案', href: paths.exited() },
  { key: 'settings', label: '设置', href: paths.settings() },
  { key: 'export', label: '按户导出', href: paths.export() },
  { key: 'inspect', label: '离线检查', href: paths.inspect() },
  { key: 'search', label: '全文检索', href: paths.search() },
  { key: 'print', label: '打印', href: paths.print() },
  { key: 'users', label: '用户与权限', href: paths.users() },
  { key: 'districtImport', label: '导入数据包', href: paths.districtImport() },
  { key: 'ledger', label: '全区台账', href: paths.ledger() },
] as const;

/** The menu entries the user's role may open (lib/access.ts; the role table is main/domain/roles.ts). Alt+1… number these. */
export function navItemsFor(user: Pick<CurrentUser, 'methods'>) {
  return NAV_ITEMS.filter((item) => mayOpen(user, item.key));
}

function activeKey(route: Route): string {
  if (route.name === 'overdue') return 'dashboard';
  if (route.name === 'household') return '';
  return route.name;
}

/** Left navigation, only the entries the role may use; Alt+1…9 switch to the first nine. A small progress bar shows while scans are read. */
export function NavBar({ route, user }: { route: Route; user: Pick<CurrentUser, 'methods'> }) {
  const current = activeKey(route);
  const { current: progress, at } = useProgress();
  const working = progress !== null && progress.done < progress.total && Date.now() - at < 60_000;
  return (
    <nav className="nav" aria-label="主导航">
      <ul>
        {navItemsFor(user).map((item, i) => (
          <li key={item.key}>
            <a
              href={item.href}
              className={current === item.key ? 'active' : ''}
              aria-current={current === item.key ? 'page' : undefined}
            >
              <span>{item.label}</span>
              {i < 9 && <kbd>Alt+{i + 1}</kbd>}
            </a>
          </li>
        ))}
      </ul>
      {working && progress && (
        <div className="nav-progress" aria-live="polite">
          <div className="muted small">
            {progress.task} {progress.done}/{progress.total}
          </div>
          <ProgressBar done={progress.done} total={progress.total} label="扫描件处理进度" />
        </div>
      )}
    </nav>
  );
}
