import { z } from 'zod';
import type { ApiMethod, HudangApi } from './contract';

/**
 * Runtime checks of every argument that crosses a boundary (IPC, HTTP).
 * The mapped type makes the compiler insist on one schema per API method,
 * each producing exactly the argument type the contract declares.
 */

const empty = z.object({}).strict();
const id = z.number().int().positive();
const shortText = z.string().max(100);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const facts = z.record(z.string().min(1).max(50), z.boolean().nullable());
const pageIds = z.array(id).min(1).max(2000).refine((ids) => new Set(ids).size === ids.length, '页面不能重复');
const pageSource = z.object({ householdId: id.nullable(), documentId: id.optional() }).strict();
/** A report drawn again from its own 抽查编号, so the file saved is the report on screen. */
const reportArgs = z.object({ path: z.string().min(1), today: isoDate, seed: z.string().min(1).max(200), since: isoDate.optional(), idMasking: z.enum(['full', 'masked']).optional() });
/** A package by its folder name among the folder's packages: a name, never a path. */
const packageName = z.string().min(1).max(255).refine((n) => !/[\\/]/.test(n) && n !== '.' && n !== '..', '档案包名称无效');
const dateField = z.enum(['appliedOn', 'acceptedOn', 'investigatedOn', 'publicityStart', 'publicityEnd', 'confirmedOn', 'lastReviewOn', 'verifiedOn']);

type Schemas = { [M in ApiMethod]: z.ZodType<Parameters<HudangApi[M]>[0]> };

export const argumentSchemas: Schemas = {
  appInfo: empty as z.ZodType<Record<string, never>>,
  importRoster: z.object({ path: z.string().min(1) }).strict(),
  importRosterFile: z
    .object({ name: z.string().min(1).max(255), contentBase64: z.string().min(1).max(30_000_000).regex(/^[A-Za-z0-9+/=\s]+$/) })
    .strict(),
  listVillages: empty as z.ZodType<Record<string, never>>,
  listHouseholds: z
    .object({
      village: z.string().min(1).optional(),
      town: z.string().min(1).optional(),
      status: z.enum(['在册', '整户退出']).optional(),
      query: z.string().min(1).max(50).optional(),
      fullId: z.boolean().optional(),
    })
    .strict(),
  searchPageText: z.object({ text: z.string().min(2).max(200), limit: z.number().int().min(1).max(500).optional(), fullId: z.boolean().optional() }).strict(),
  getHousehold: z.object({ id, fullId: z.boolean().optional() }).strict(),
  listAudit: z
    .object({
      limit: z.number().int().min(1).max(1000).optional(),
      entity: z.string().optional(),
      entityId: z.string().optional(),
    })
    .strict(),
  verifyAudit: empty as z.ZodType<Record<string, never>>,
  updateHousehold: z.object({ id, facts: facts.optional() }).strict(),
  updateCase: z
    .object({
      id,
      dates: z.partialRecord(dateField, isoDate.nullable()).optional(),
      careMode: z.enum(['集中供养', '分散供养']).nullable().optional(),
      facts: facts.optional(),
      archiveCode: shortText.nullable().optional(),
      cabinet: shortText.nullable().optional(),
      box: shortText.nullable().optional(),
      shelfPosition: shortText.nullable().optional(),
      amount: z.number().min(0, '金额不能为负数').max(1e9, '金额过大').nullable().optional(),
      emergency: z.boolean().optional(),
      deliberationHeld: z.boolean().nullable().optional(),
      publicityObjections: z.boolean().nullable().optional(),
      outcome: z.enum(['确认', '不予确认']).nullable().optional(),
    })
    .strict(),
  fileDocument: z
    .object({
      householdId: id,
      itemCode: z.string().min(1).max(50),
      title: z.string().max(200).nullable().optional(),
      docNumber: shortText.nullable().optional(),
      responsible: shortText.nullable().optional(),
      docDate: isoDate.nullable().optional(),
      pageIds: z.array(id).max(2000).optional(),
      confirmed: z.boolean().optional(),
    })
    .strict(),
  registerDigitisedPages: z
    .object({
      householdId: id,
      documents: z
        .array(
          z
            .object({
              itemCode: z.string().min(1).max(50),
              title: z.string().max(200).nullable().optional(),
              docDate: isoDate.nullable().optional(),
              pages: z
                .array(z.object({ imageBase64: z.string().min(1).max(40_000_000), text: z.string().max(100_000).nullable().optional() }).strict())
                .min(1)
                .max(2000),
            })
            .strict(),
        )
        .min(1)
        .max(500),
    })
    .strict(),
  checkHouseholds: z.object({ village: z.string().min(1).optional(), householdId: id.optional(), includeExited: z.boolean().optional() }).strict(),
  getChecklist: z.object({ householdId: id }).strict(),
  listOverdue: z.object({ village: z.string().min(1).optional() }).strict(),
  listPacks: empty as z.ZodType<Record<string, never>>,
  importPack: z.object({ path: z.string().min(1) }).strict(),
  usePack: z.object({ key: z.string().min(1), town: z.string().min(1).optional() }).strict(),
  diffPacks: z.object({ a: z.string().min(1), b: z.string().min(1) }).strict(),
  ingest: z.object({ paths: z.array(z.string().min(1)).min(1).max(1000), ocr: z.boolean().optional() }).strict(),
  listPages: empty as z.ZodType<Record<string, never>>,
  listRejected: empty as z.ZodType<Record<string, never>>,
  scannerStatus: empty as z.ZodType<Record<string, never>>,
  listInbox: z.object({ limit: z.number().int().min(1).max(1000).optional() }).strict(),
  reviewPage: z.object({ pageId: id, householdId: id, itemCode: z.string().min(1).max(50) }).strict(),
  movePages: z
    .object({
      pageIds: pageIds,
      from: pageSource.optional(),
      to: z.object({ householdId: id, itemCode: z.string().min(1).max(50), document: z.union([z.literal('new'), id]).optional() }).strict(),
    })
    .strict(),
  unfilePages: z.object({ pageIds: pageIds, from: pageSource.optional() }).strict(),
  splitDocument: z.object({ householdId: id, documentId: id, atPageId: id }).strict(),
  mergeDocuments: z
    .object({ householdId: id, documentIds: z.array(id).min(2).max(200).refine((ids) => new Set(ids).size === ids.length, '文件不能重复') })
    .strict(),
  getSettings: empty as z.ZodType<Record<string, never>>,
  updateSettings: z
    .object({
      district: shortText.min(1).nullable().optional(),
      town: shortText.min(1).nullable().optional(),
      fondsName: shortText.nullable().optional(),
      fondsCode: shortText.nullable().optional(),
      scannerFolders: z.array(z.string().min(1).max(1000)).max(50).optional(),
      packageFolders: z.array(z.string().min(1).max(1000)).max(50).optional(),
      retentionYears: z.number().int().min(1).max(100).optional(),
      retentionStart: z.enum(['nextJanuary', 'exitDate']).optional(),
      archiveCodeScheme: z.string().min(1).max(100).optional(),
      defaultPack: shortText.nullable().optional(),
      packByTown: z.record(shortText, shortText).optional(),
    })
    .strict(),
  dashboard: empty as z.ZodType<Record<string, never>>,
  householdDocuments: z.object({ householdId: id }).strict(),
  updateDocument: z
    .object({
      id,
      title: z.string().max(200).nullable().optional(),
      docNumber: shortText.nullable().optional(),
      responsible: shortText.nullable().optional(),
      docDate: isoDate.nullable().optional(),
    })
    .strict(),
  login: z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) }).strict(),
  logout: empty as z.ZodType<Record<string, never>>,
  whoami: empty as z.ZodType<Record<string, never>>,
  changePassword: z.object({ oldPassword: z.string().min(1).max(256), newPassword: z.string().min(1).max(256) }).strict(),
  listUsers: empty as z.ZodType<Record<string, never>>,
  createUser: z
    .object({ username: z.string().min(1).max(64), displayName: z.string().min(1).max(64), role: z.enum(['管理员', '经办人', '区级', '检查员']), password: z.string().min(1).max(256) })
    .strict(),
  setUserDisabled: z.object({ id, disabled: z.boolean() }).strict(),
  listAccountChanges: z.object({ limit: z.number().int().min(1).max(1000).optional() }).strict(),
  exitHousehold: z.object({ householdId: id, exitedOn: isoDate, reason: z.string().min(1).max(200), noticePageIds: z.array(id).max(200).optional() }).strict(),
  listRetention: z.object({ withinMonths: z.number().int().min(0).max(1200).optional() }).strict(),
  setLegalHold: z.object({ exitId: id, hold: z.boolean(), reason: z.string().max(500).optional() }).strict(),
  createAppraisal: z.object({ exitId: id, opinion: z.string().min(1).max(2000) }).strict(),
  approveAppraisal: z.object({ appraisalId: id }).strict(),
  executeDestruction: z.object({ appraisalId: id }).strict(),
  listDestructionRegister: empty as z.ZodType<Record<string, never>>,
  listExitedFiles: empty as z.ZodType<Record<string, never>>,
  destructionRegisterPdf: z.object({ id }).strict(),
  fsck: empty as z.ZodType<Record<string, never>>,
  backup: z.object({ out: z.string().min(1) }).strict(),
  migrate: z.object({ toDb: z.string().min(1), toStore: z.string().min(1).optional() }).strict(),
  printPdf: z
    .object({
      kind: z.enum(['cover', 'catalogue', 'spine', 'separators', 'rectification', 'volume']),
      village: z.string().min(1).optional(),
      householdId: id.optional(),
      assistance: z.enum(['低保', '特困', '临时救助', '刚性支出']).optional(),
    })
    .strict(),
  printPapers: z
    .object({
      kind: z.enum(['rectification', 'spine', 'cabinet', 'separators', 'cover', 'catalogue', 'remarks', 'fronts']),
      village: z.string().min(1).max(100),
      householdIds: z.array(id).min(1).max(5000).refine((ids) => new Set(ids).size === ids.length, '户不能重复').optional(),
    })
    .strict(),
  exportPackages: z
    .object({
      outDir: z.string().min(1),
      scope: z.object({ village: z.string().min(1).optional(), town: z.string().min(1).optional(), householdId: id.optional() }).strict().optional(),
      since: isoDate.optional(),
      idMasking: z.enum(['full', 'masked']),
    })
    .strict(),
  cancelExport: empty as z.ZodType<Record<string, never>>,
  verifyPackages: z.object({ path: z.string().min(1) }).strict(),
  inspectPackages: z
    .object({ path: z.string().min(1), today: isoDate, seed: z.string().max(200).optional(), since: isoDate.optional(), idMasking: z.enum(['full', 'masked']).optional(), outDir: z.string().min(1).optional() })
    .strict(),
  importPackages: z.object({ path: z.string().min(1) }).strict(),
  packageKeys: empty as z.ZodType<Record<string, never>>,
  acceptTownKey: z.object({ path: z.string().min(1), fingerprint: z.string().min(1).max(100) }).strict(),
  listHolidays: empty as z.ZodType<Record<string, never>>,
  importHolidays: z.object({ name: z.string().min(1).max(255), contentBase64: z.string().min(1).max(1_000_000).regex(/^[A-Za-z0-9+/=\s]+$/) }).strict(),
  getArchiveChecks: z.object({ householdId: id }).strict(),
  recordArchiveCheck: z
    .object({ caseId: id, point: z.number().int().min(1).max(100), state: z.enum(['ok', 'problem']), note: z.string().max(500).optional() })
    .strict(),
  listFactKeys: z.object({ householdId: id.optional() }).strict(),
  resetUserPassword: z.object({ id, password: z.string().min(1).max(256) }).strict(),
  setUserRole: z.object({ id, role: z.enum(['管理员', '经办人', '区级', '检查员']) }).strict(),
  inspectionReportFile: reportArgs.extend({ format: z.enum(['pdf', 'xlsx']) }).strict(),
  inspectionReportPreview: reportArgs.strict(),
  packageHousehold: z.object({ path: z.string().min(1), package: packageName, today: isoDate, fullId: z.boolean().optional() }).strict(),
  packagePageImage: z.object({ path: z.string().min(1), package: packageName, page: id }).strict(),
  importTownPackages: z.object({ paths: z.array(z.string().min(1).max(1000)).min(1).max(50) }).strict(),
  districtLedger: empty as z.ZodType<Record<string, never>>,
  ledgerHouseholds: z.object({ town: shortText.min(1), village: shortText.min(1) }).strict(),
};

export const API_METHODS = Object.keys(argumentSchemas) as ApiMethod[];
