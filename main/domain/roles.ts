import type { ApiMethod } from '../api/contract';

/**
 * Who may call what. The service checks this on every call, whatever front
 * the call came through (fronts are not trusted). Roles, local to an install:
 * 管理员 (administrator), 经办人 (clerk: ingest, edit), 区级 (district staff:
 * export, import, appraisal), 检查员 (inspector: read-only but for recording
 * 附件7 archive-check findings).
 */

export const ROLES = ['管理员', '经办人', '区级', '检查员'] as const;
export type Role = (typeof ROLES)[number];

/** Callable before logging in. */
export const PUBLIC_METHODS: readonly ApiMethod[] = ['appInfo', 'login', 'logout', 'whoami'];

const READ: readonly ApiMethod[] = [
  'changePassword',
  'listVillages',
  'listHouseholds',
  'getHousehold',
  'searchPageText',
  'checkHouseholds',
  'getChecklist',
  'listOverdue',
  'listPacks',
  'diffPacks',
  'dashboard',
  'householdDocuments',
  'listRetention',
  'listDestructionRegister',
  'listExitedFiles',
  'destructionRegisterPdf',
  'getSettings',
  'printPdf',
  'verifyPackages',
  'inspectPackages',
  'inspectionReportFile',
  'inspectionReportPreview',
  'packageHousehold',
  'packagePageImage',
  'packageKeys',
  'listHolidays',
  'getArchiveChecks',
  'listFactKeys',
];

const CLERK: readonly ApiMethod[] = [
  ...READ,
  'importRoster',
  'importRosterFile',
  'updateHousehold',
  'updateCase',
  'fileDocument',
  'registerDigitisedPages',
  'ingest',
  'listPages',
  'listRejected',
  'scannerStatus',
  'listInbox',
  'reviewPage',
  'movePages',
  'unfilePages',
  'splitDocument',
  'mergeDocuments',
  'updateDocument',
  'exitHousehold',
  'recordArchiveCheck',
  'printPapers',
];

const DISTRICT: readonly ApiMethod[] = [...READ, 'listPages', 'listRejected', 'scannerStatus', 'createAppraisal', 'approveAppraisal', 'exportPackages', 'cancelExport', 'importPackages', 'acceptTownKey', 'importTownPackages', 'districtLedger', 'ledgerHouseholds'];

const ALLOWED: Record<Exclude<Role, '管理员'>, ReadonlySet<ApiMethod>> = {
  经办人: new Set(CLERK),
  // District accounts approve destructions beside the town's administrator, so they see who made which privileged account.
  区级: new Set([...DISTRICT, 'listAccountChanges']),
  // An inspector's one write: the findings of the 附件7 archive checks (archiveCheckState.ts says who may clear them).
  检查员: new Set([...READ, 'recordArchiveCheck']),
};

export function mayCall(role: Role, method: ApiMethod): boolean {
  return role === '管理员' || PUBLIC_METHODS.includes(method) || ALLOWED[role].has(method);
}

/** The methods a role may call, out of all the API's methods: whoami hands them to the UI, which shows only those screens and actions. */
export function allowedMethods(role: Role, all: readonly ApiMethod[]): ApiMethod[] {
  return all.filter((method) => mayCall(role, method));
}

/** Roles whose work needs full 身份证号; everyone else sees them masked (6+4). */
export function seesFullId(role: Role): boolean {
  return role !== '检查员';
}

/** Roles that may approve a destruction appraisal (two distinct people must). */
export function mayApproveDestruction(role: Role): boolean {
  return role === '管理员' || role === '区级';
}
