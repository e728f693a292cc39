import type { CurrentUser } from '../../../main/api/contract';
import { navItemsFor } from '../lib/menu';
import type { Route } from '../lib/router';
import { useProgress } from '../lib/progress';
import { ProgressBar } from './ProgressBar';

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
