/** District consolidation (issue 8): town export packages into a district archive. */
export type * from './types';
export { importPackages, IMPORT_ACTION } from './importPackages';
export { districtLedger, ledgerHouseholds } from './ledger';
export { acceptTownKey, keyTrust, packageKeys } from './townKeys';
