import type { CurrentUser } from '../../../main/api/contract';
import { mayOpen } from './access';
import { paths } from './router';

/** The main menu: every screen it lists, in order, by the words on screen (the README's walkthrough quotes them). */
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
