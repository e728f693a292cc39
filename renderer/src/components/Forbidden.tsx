import type { Role } from '../../../main/api/contract';
import type { Route } from '../lib/router';
import { paths } from '../lib/router';
import { NAV_ITEMS } from '../lib/menu';

const OTHER_SCREENS: Partial<Record<Route['name'], string>> = { household: '户档案', overdue: '动态核查逾期名单' };

function screenName(route: Route['name']): string {
  return NAV_ITEMS.find((item) => item.key === route)?.label ?? OTHER_SCREENS[route] ?? '此页面';
}

/**
 * A screen the role may not use, reached by an old link or a typed address:
 * says why and where to go instead, at once, without asking the service.
 */
export function Forbidden({ route, role }: { route: Route['name']; role: Role }) {
  const name = screenName(route);
  return (
    <section className="screen" aria-labelledby="forbidden-title">
      <header className="screen-head">
        <h1 id="forbidden-title">无权使用“{name}”</h1>
      </header>
      <div className="card forbidden" role="alert">
        <p>
          当前角色（{role}）不能使用“{name}”：左侧菜单只列出这个角色可以使用的功能。
        </p>
        <p className="muted">如工作需要，请联系本镇（街道）的户档管理员在“用户与权限”中调整角色。</p>
        <p>
          <a href={paths.dashboard()}>返回工作台</a>
        </p>
      </div>
    </section>
  );
}
