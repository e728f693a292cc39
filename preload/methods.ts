import type { ApiMethod } from '../main/api/contract';

/**
 * The API's method names. A Record keyed by the contract's methods makes the
 * compiler reject a missing or extra name, without importing main/ code.
 */
const methods: Record<ApiMethod, true> = {
  appInfo: true,
  importRoster: true,
  importRosterFile: true,
  listVillages: true,
  listHouseholds: true,
  getHousehold: true,
  listAudit: true,
  verifyAudit: true,
  updateHousehold: true,
  updateCase: true,
  fileDocument: true,
  checkHouseholds: true,
  getChecklist: true,
  listOverdue: true,
  listPacks: true,
  importPack: true,
  usePack: true,
  diffPacks: true,
  ingest: true,
  listPages: true,
  listRejected: true,
  listInbox: true,
  reviewPage: true,
  getSettings: true,
  updateSettings: true,
  dashboard: true,
  householdDocuments: true,
  updateDocument: true,
  login: true,
  logout: true,
  whoami: true,
  changePassword: true,
  listUsers: true,
  createUser: true,
  setUserDisabled: true,
  exitHousehold: true,
  listRetention: true,
  setLegalHold: true,
  createAppraisal: true,
  approveAppraisal: true,
  executeDestruction: true,
  listDestructionRegister: true,
  fsck: true,
  printPdf: true,
};

export const API_METHOD_NAMES = Object.keys(methods) as ApiMethod[];
