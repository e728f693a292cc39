import type { ApiMethod, CurrentUser } from '../../../main/api/contract';
import type { Route } from './router';

/**
 * What each screen is for, by the API method it cannot work without. The
 * role table itself lives in main/domain/roles.ts: whoami hands the window
 * the methods the caller's role may call, and the menu and the screens ask
 * only that list. A screen not named here is open to every role (the
 * service still checks each call).
 */
export const ROUTE_NEEDS: Partial<Record<Route['name'], ApiMethod>> = {
  dashboard: 'dashboard',
  inbox: 'listInbox',
  villages: 'listVillages',
  household: 'getHousehold',
  search: 'searchPageText',
  overdue: 'listOverdue',
  exited: 'listRetention',
  settings: 'getSettings',
  inspect: 'inspectPackages',
  export: 'exportPackages',
  users: 'listUsers',
  print: 'printPapers',
  districtImport: 'importTownPackages',
  ledger: 'districtLedger',
};

export function may(user: Pick<CurrentUser, 'methods'>, method: ApiMethod | undefined): boolean {
  return method === undefined || user.methods.includes(method);
}

export function mayOpen(user: Pick<CurrentUser, 'methods'>, route: Route['name']): boolean {
  return may(user, ROUTE_NEEDS[route]);
}
