/** District consolidation (issue 8): town export packages into a district archive. */
export type * from './types';
export { importPackages, IMPORT_ACTION } from './importPackages';
export { acceptTownKey, keyTrust, packageKeys } from './townKeys';
