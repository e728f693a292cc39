import type { HudangApi } from '../api/contract';
import type { Archive } from '../archive';
import { verifyAuditChain } from '../db/audit';
import { appliedMigrations } from '../db/sqlite';
import { checkHouseholds, householdChecklist, overdueReviews } from '../checklist/checkArchive';
import { diffStoredPacks, importPackFile, listPacks, selectPack } from '../checklist/packStore';
import { fileDocument } from '../documents/fileDocument';
import { updateCase, updateHouseholdFacts } from '../households/edits';
import { getHousehold, listHouseholds, listVillages } from '../households/queries';
import { importRoster } from '../roster/importRoster';
import { readSettings } from '../settings/settings';
import { appVersion } from '../support/paths';

/**
 * The service API, implemented once. Each front (IPC, browser host, CLI)
 * builds one for its caller and only translates arguments and results.
 */

export interface ServiceContext {
  archive: Archive;
  /** Who is acting, as the audit log records it. */
  actor: string;
  now?: () => Date;
}

export function createService({ archive, actor, now = () => new Date() }: ServiceContext): HudangApi {
  const { db } = archive;
  const audit = { actor, now };
  return {
    appInfo: async () => ({
      name: '户档',
      version: appVersion(),
      dataDir: archive.dataDir,
      schema: await appliedMigrations(db),
      town: (await readSettings(db)).town,
    }),
    importRoster: ({ path }) => importRoster(db, audit, path),
    listVillages: () => listVillages(db),
    listHouseholds: (filter) => listHouseholds(db, filter),
    getHousehold: ({ id, fullId }) => getHousehold(db, id, fullId ?? false),
    listAudit: async ({ limit, entity, entityId }) => {
      let q = db.selectFrom('auditLog').select(['id', 'at', 'actor', 'action', 'entity', 'entityId']);
      if (entity) q = q.where('entity', '=', entity);
      if (entityId) q = q.where('entityId', '=', entityId);
      return q.orderBy('id', 'desc').limit(limit ?? 100).execute();
    },
    verifyAudit: () => verifyAuditChain(db),
    updateHousehold: async ({ id, facts }) => {
      if (facts) await updateHouseholdFacts(db, audit, id, facts);
    },
    updateCase: (update) => updateCase(db, audit, update),
    fileDocument: (input) => fileDocument(db, audit, input),
    checkHouseholds: (scope) => checkHouseholds(db, audit, scope),
    getChecklist: ({ householdId }) => householdChecklist(db, audit, householdId),
    listOverdue: (scope) => overdueReviews(db, audit, scope),
    listPacks: () => listPacks(db, audit),
    importPack: ({ path }) => importPackFile(db, audit, path),
    usePack: ({ key, town }) => selectPack(db, audit, key, town ?? null),
    diffPacks: ({ a, b }) => diffStoredPacks(db, a, b),
  };
}
