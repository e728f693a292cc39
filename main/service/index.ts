import type { HudangApi, ProgressEvent, SessionUser } from '../api/contract';
import { authenticate, changePassword, createUser, listAccountChanges, listUsers, resetUserPassword, setUserDisabled, setUserRole } from '../auth/users';
import { fsck } from '../integrity/fsck';
import { printPapers, printPdf } from '../print/printPdf';
import { acceptTownKey, districtLedger, importPackages, keyTrust, ledgerHouseholds, packageKeys } from '../district';
import { exportPackages, verifyPath } from '../export';
import { beginExport, cancelExport, endExport } from '../export/running';
import { inspectPath } from '../inspect';
import { inspectionReportFile, inspectionReportPreview } from '../inspect/files';
import { packageHouseholdView, packagePageImage } from '../inspect/householdView';
import { approveAppraisal, createAppraisal, executeDestruction, listRegister } from '../retention/destruction';
import { exitHousehold, listRetention, setLegalHold } from '../retention/exits';
import { destructionRegisterPdf, listExitedFiles } from '../retention/exitedFiles';
import { AccessDenied, UserError } from '../support/errors';
import { allowedMethods, seesFullId } from '../domain/roles';
import { API_METHODS } from '../api/schemas';
import type { Archive } from '../archive';
import { verifyAudit } from '../integrity/verifyAudit';
import { flushAuditCommits } from '../db/audit';
import { appliedMigrations } from '../db/database';
import { checkHouseholds, householdChecklist, overdueReviews } from '../checklist/checkArchive';
import { householdArchiveChecks, recordArchiveCheck } from '../checklist/archiveCheckRecords';
import { diffStoredPacks, importPackFile, listPacks, selectPack } from '../checklist/packStore';
import { fileDocument } from '../documents/fileDocument';
import { mergeDocuments, movePages, splitDocument, unfilePages } from '../documents/pageMoves';
import { updateCase, updateHouseholdFacts } from '../households/edits';
import { listFactKeys } from '../households/factKeys';
import type { OcrProvider } from '../ingest/ocrProvider';
import { searchPageText } from '../search';
import { registerDigitisedPages } from '../ingest/digitised';
import { IngestPipeline } from '../ingest/pipeline';
import { listInbox, listPages, listRejected, scannerStatus } from '../ingest/queries';
import type { ScannerMonitor } from '../ingest/scannerMonitor';
import { reviewPage } from '../ingest/review';
import { getHousehold, listHouseholds, listVillages } from '../households/queries';
import { importRoster, importRosterBytes } from '../roster/importRoster';
import { readSettings, updateSettings, type Settings } from '../settings/settings';
import { dashboard } from '../households/dashboard';
import { householdDocuments, updateDocument } from '../households/documents';
import { appVersion } from '../support/paths';
import { backupArchive } from '../integrity/backup';
import { migrateArchive } from '../integrity/migrate';
import { beijingDate } from '../domain/beijingDate';
import { importHolidays, listHolidayYears } from '../holidays/holidays';

/**
 * The service API, implemented once. Each front (IPC, browser host, CLI)
 * builds one for its caller and only translates arguments and results.
 */

export interface ServiceContext {
  archive: Archive;
  /** Who is acting, as the audit log records it. */
  actor: string;
  now?: () => Date;
  /** OCR for ingestion; the front owns it and closes it when done. */
  ocr?: OcrProvider;
  /** Where long work (ingest) reports progress. */
  onProgress?: (event: ProgressEvent) => void;
  /** Lets a long-running front restart its folder watchers when settings change. */
  onSettingsChanged?: (settings: Settings) => void;
  /** What the front's scanner-folder watcher has met (none where nothing watches). */
  scanner?: ScannerMonitor;
  /** The logged-in user (main/auth/guard.ts decides who may call what). */
  user?: SessionUser | null;
}

export function createService({ archive, actor, now = () => new Date(), ocr, onProgress, onSettingsChanged, scanner, user = null }: ServiceContext): HudangApi {
  const { db } = archive;
  const audit = { actor, now };
  return {
    appInfo: async () => ({
      name: '户档',
      version: appVersion(),
      dataDir: archive.dataDir,
      engine: archive.engine,
      schema: await appliedMigrations(db),
      town: (await readSettings(db)).town,
    }),
    importRoster: ({ path }) => importRoster(db, audit, path),
    importRosterFile: ({ name, contentBase64 }) => importRosterBytes(db, audit, name, Buffer.from(contentBase64, 'base64')),
    listVillages: () => listVillages(db),
    listHouseholds: (filter) => listHouseholds(db, filter),
    getHousehold: ({ id, fullId }) => getHousehold(db, id, fullId ?? false),
    searchPageText: ({ text, limit, fullId }) => searchPageText(db, audit, text, { ...(limit ? { limit } : {}), fullId: fullId ?? false, maskedRole: user !== null && !seesFullId(user.role) }),
    listAudit: async ({ limit, entity, entityId }) => {
      let q = db.selectFrom('auditLog').select(['id', 'at', 'actor', 'action', 'entity', 'entityId']);
      if (entity) q = q.where('entity', '=', entity);
      if (entityId) q = q.where('entityId', '=', entityId);
      return q.orderBy('id', 'desc').limit(limit ?? 100).execute();
    },
    verifyAudit: () => verifyAudit(db),
    updateHousehold: async ({ id, facts }) => {
      if (facts) await updateHouseholdFacts(db, audit, id, facts);
    },
    updateCase: (update) => updateCase(db, audit, update),
    fileDocument: (input) => fileDocument(db, audit, input),
    registerDigitisedPages: (input) => registerDigitisedPages({ db, store: archive.store, audit }, input),
    checkHouseholds: (scope) => checkHouseholds(db, audit, scope),
    getChecklist: ({ householdId }) => householdChecklist(db, audit, householdId),
    listOverdue: (scope) => overdueReviews(db, audit, scope),
    listPacks: () => listPacks(db, audit),
    importPack: ({ path }) => importPackFile(db, audit, path),
    usePack: ({ key, town }) => selectPack(db, audit, key, town ?? null),
    diffPacks: ({ a, b }) => diffStoredPacks(db, a, b),
    ingest: async ({ paths, ocr: withOcr }) => {
      const engine = withOcr === false || !ocr ? null : await ocr.get();
      // Hundreds of commits in a row: the audit anchor is written once at the end, not after each.
      const pipeline = new IngestPipeline({ db, store: archive.store, audit: { ...audit, deferAnchor: true }, ocr: engine, ...(onProgress ? { onProgress } : {}) });
      try {
        return await pipeline.ingest(paths);
      } finally {
        await flushAuditCommits(db);
      }
    },
    listPages: () => listPages(db, audit),
    listRejected: () => listRejected(db),
    scannerStatus: async () => scannerStatus(db, scanner ?? null, (await readSettings(db)).scannerFolders),
    listInbox: ({ limit }) => listInbox(db, audit, limit ?? 200),
    reviewPage: ({ pageId, householdId, itemCode }) => reviewPage(db, audit, pageId, householdId, itemCode),
    movePages: (move) => movePages(db, audit, move),
    unfilePages: ({ pageIds, from }) => unfilePages(db, audit, pageIds, from),
    splitDocument: ({ householdId, documentId, atPageId }) => splitDocument(db, audit, householdId, documentId, atPageId),
    mergeDocuments: ({ householdId, documentIds }) => mergeDocuments(db, audit, householdId, documentIds),
    getSettings: () => readSettings(db),
    updateSettings: async (changes) => {
      const settings = await updateSettings(db, audit, changes);
      onSettingsChanged?.(settings);
      return settings;
    },
    dashboard: () => dashboard(db, audit),
    householdDocuments: ({ householdId }) => householdDocuments(db, audit, householdId),
    updateDocument: (update) => updateDocument(db, audit, update),
    // Sessions belong to the fronts' guard (main/auth/guard.ts); unguarded, login only checks the password.
    login: async ({ username, password }) => ({ user: await authenticate(db, now, username, password), token: '' }),
    logout: async () => undefined,
    whoami: async () => (user ? { ...user, methods: allowedMethods(user.role, API_METHODS) } : null),
    changePassword: async ({ oldPassword, newPassword }) => {
      if (!user) throw new AccessDenied('请先登录', 'unauthenticated');
      await changePassword(db, audit, user.username, oldPassword, newPassword);
    },
    listUsers: () => listUsers(db, now()),
    createUser: (input) => createUser(db, audit, input),
    setUserDisabled: ({ id, disabled }) => setUserDisabled(db, audit, id, disabled),
    listAccountChanges: ({ limit }) => listAccountChanges(db, limit ?? 100),
    resetUserPassword: ({ id, password }) => resetUserPassword(db, audit, id, password),
    setUserRole: ({ id, role }) => setUserRole(db, audit, id, role),
    exitHousehold: (input) => exitHousehold(db, audit, input),
    listRetention: ({ withinMonths }) => listRetention(db, { ...(withinMonths !== undefined ? { withinMonths } : {}), today: beijingDate(now()) }),
    setLegalHold: ({ exitId, hold, reason }) => setLegalHold(db, audit, exitId, hold, reason),
    createAppraisal: ({ exitId, opinion }) => createAppraisal(db, audit, exitId, opinion),
    approveAppraisal: ({ appraisalId }) => approveAppraisal(db, audit, user, appraisalId),
    executeDestruction: ({ appraisalId }) => executeDestruction(db, archive.store, audit, appraisalId),
    listDestructionRegister: () => listRegister(db),
    listExitedFiles: () => listExitedFiles(db, user, beijingDate(now())),
    destructionRegisterPdf: ({ id }) => destructionRegisterPdf(db, archive.store, id),
    fsck: () => fsck(db, archive.store),
    backup: ({ out }) => backupArchive(archive, out),
    migrate: ({ toDb, toStore }) => migrateArchive(archive, audit, toDb, toStore),
    printPdf: (request) => printPdf({ db, store: archive.store, audit }, user?.role ?? null, request),
    printPapers: (request) => printPapers({ db, store: archive.store, audit, ...(onProgress ? { onProgress } : {}) }, user?.role ?? null, request),
    exportPackages: async (args) => {
      let signal: AbortSignal;
      try {
        signal = beginExport(archive);
      } catch (error) {
        throw new UserError((error as Error).message);
      }
      try {
        return await exportPackages({ db, store: archive.store, audit }, { ...args, signal, ...(onProgress ? { onProgress } : {}) });
      } finally {
        endExport(archive);
      }
    },
    cancelExport: async () => ({ cancelled: cancelExport(archive) }),
    verifyPackages: ({ path }) => verifyPath(path, keyTrust({ db, store: archive.store })),
    inspectPackages: ({ path, ...options }) => inspectPath(path, options),
    importPackages: ({ path }) => importPackages({ db, store: archive.store, audit }, path),
    packageKeys: () => packageKeys({ db, store: archive.store }),
    acceptTownKey: ({ path, fingerprint }) => acceptTownKey({ db, store: archive.store, audit }, path, fingerprint),
    listHolidays: () => listHolidayYears(db),
    importHolidays: ({ contentBase64 }) => importHolidays(db, audit, Buffer.from(contentBase64, 'base64')),
    getArchiveChecks: ({ householdId }) => householdArchiveChecks(db, audit, householdId),
    // Unguarded callers (tests, set-up mode) act as the local operator, 管理员.
    recordArchiveCheck: (args) => recordArchiveCheck(db, audit, user?.role ?? '管理员', args),
    listFactKeys: ({ householdId }) => listFactKeys(db, audit, householdId),
    // The report's own options only, named: never an `outDir` a caller slipped past the schema (nothing is written here).
    inspectionReportFile: async ({ path, format, today, seed, since, idMasking }) => inspectionReportFile(await inspectPath(path, { today, seed, since, idMasking }), format),
    inspectionReportPreview: async ({ path, today, seed, since, idMasking }) => inspectionReportPreview(await inspectPath(path, { today, seed, since, idMasking })),
    packageHousehold: ({ path, package: name, today, fullId }) => packageHouseholdView(path, name, { today, fullId: fullId ?? false }),
    packagePageImage: ({ path, package: name, page }) => packagePageImage(path, name, page),
    importTownPackages: ({ paths }) => importPackages({ db, store: archive.store, audit }, paths, onProgress),
    districtLedger: () => districtLedger(db, audit),
    ledgerHouseholds: ({ town, village }) => ledgerHouseholds(db, audit, town, village),
  };
}
