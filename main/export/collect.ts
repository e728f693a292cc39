import type { Kysely, Selectable } from 'kysely';
import type { CheckRow } from '../api/contract';
import { checkHouseholds } from '../checklist/checkArchive';
import { packResolver } from '../checklist/packStore';
import { recordsByCase } from '../checklist/archiveCheckRecords';
import type { PackageMetadata } from './metadataSchema';
import type { AuditContext } from '../db/audit';
import type {
  AssistanceCase,
  AuditRow,
  Database,
  DocumentTable,
  Household,
  HouseholdExitTable,
  MemberTable,
  Page,
  SourceFileTable,
} from '../db/schema';
import type { Pack } from '../domain/checklist';
import { deepFreeze } from './stableJson';

/**
 * Reads one household's whole file from the town database: the rows an
 * export writes into metadata.json, the check answers, and the pack they
 * were judged by. Read-only.
 */

export type MemberRow = Selectable<MemberTable>;
export type DocumentRow = Selectable<DocumentTable>;
export type ExitRow = Selectable<HouseholdExitTable>;
export type SourceFileRow = Selectable<SourceFileTable>;

export interface RegionPath {
  district: string | null;
  town: string;
  townCode: string | null;
  village: string;
  villageCode: string | null;
}

export interface OriginalSource {
  sha256: string;
  row: SourceFileRow | null;
  /** Why it stays out of the package, or null. */
  omitted: string | null;
}

export interface HouseholdSource {
  household: Household;
  region: RegionPath;
  members: MemberRow[];
  cases: AssistanceCase[];
  documents: DocumentRow[];
  pages: Page[];
  originals: OriginalSource[];
  exits: ExitRow[];
  audit: AuditRow[];
  /** `check --json` rows, one per case in case order, full ID numbers. */
  rows: CheckRow[];
  packKey: string;
  pack: Pack;
  packJson: unknown;
  /** 附件7 results recorded per case, oldest first. */
  archiveCheckRecords: PackageMetadata['archiveCheckRecords'];
  /** Latest change of any part of the file: the fixed date of its volumes. */
  lastChange: string;
}

export type Collector = (householdId: number) => Promise<HouseholdSource>;

/** A collector for one export run: packs and village paths are read once per run. */
export async function householdCollector(db: Kysely<Database>, audit: AuditContext): Promise<Collector> {
  const resolve = await packResolver(db, audit);
  const packJson = new Map<string, unknown>();
  const packFor = async (town: string) => {
    const { key, pack } = await resolve(town);
    if (!packJson.has(key)) {
      const row = await db.selectFrom('checklistPack').select('json').where('key', '=', key).executeTakeFirstOrThrow();
      // Frozen: every package of the run carries this same object, and stableJson writes a frozen one once.
      packJson.set(key, deepFreeze(JSON.parse(row.json)));
    }
    return { key, pack, json: packJson.get(key) };
  };
  // Villages repeat across a batch: their path is read once per run, like the packs.
  const regions = new Map<number, Promise<RegionPath>>();
  const regionOf = (villageId: number) => {
    let region = regions.get(villageId);
    if (!region) {
      region = regionPath(db, villageId);
      regions.set(villageId, region);
    }
    return region;
  };
  return async (householdId) => {
    const household = await db.selectFrom('household').selectAll().where('id', '=', householdId).executeTakeFirstOrThrow();
    const region = await regionOf(household.villageId);
    const rows = await loadRows(db, householdId);
    const { key, pack, json } = await packFor(region.town);
    const checks = await checkHouseholds(db, audit, { householdId });
    const audits = await auditExcerpt(db, householdId, rows);
    const originals = await loadOriginals(db, householdId, rows.pages);
    const recorded = await recordsByCase(db, rows.cases.map((c) => c.id));
    const archiveCheckRecords = rows.cases.flatMap((c) => (recorded.get(c.id) ?? []).map((r) => ({ caseSourceId: c.id, ...r })));
    return {
      household,
      region,
      ...rows,
      originals,
      audit: audits,
      archiveCheckRecords,
      rows: checks,
      packKey: key,
      pack,
      packJson: json,
      lastChange: latest([household.updatedAt, ...rows.cases.map((c) => c.updatedAt), ...rows.documents.map((d) => d.updatedAt), ...rows.pages.map((p) => p.createdAt), ...rows.exits.map((e) => e.createdAt), ...audits.map((a) => a.at)]),
    };
  };
}

function latest(stamps: string[]): string {
  return stamps.reduce((max, s) => (s > max ? s : max), '');
}

async function regionPath(db: Kysely<Database>, villageId: number): Promise<RegionPath> {
  const village = await db.selectFrom('region').selectAll().where('id', '=', villageId).executeTakeFirstOrThrow();
  const town = village.parentId === null ? null : await db.selectFrom('region').selectAll().where('id', '=', village.parentId).executeTakeFirst();
  const district = town?.parentId ? await db.selectFrom('region').selectAll().where('id', '=', town.parentId).executeTakeFirst() : undefined;
  return { district: district?.name ?? null, town: town?.name ?? '', townCode: town?.code ?? null, village: village.name, villageCode: village.code };
}

async function loadRows(db: Kysely<Database>, householdId: number) {
  return {
    members: await db.selectFrom('member').selectAll().where('householdId', '=', householdId).orderBy('id').execute(),
    cases: await db.selectFrom('assistanceCase').selectAll().where('householdId', '=', householdId).orderBy('id').execute(),
    documents: await db.selectFrom('document').selectAll().where('householdId', '=', householdId).orderBy('id').execute(),
    pages: await db.selectFrom('page').selectAll().where('householdId', '=', householdId).orderBy('id').execute(),
    exits: await db.selectFrom('householdExit').selectAll().where('householdId', '=', householdId).orderBy('id').execute(),
  };
}

/** Audit entries about this household's own records; never the export entries (they would change every export). */
async function auditExcerpt(db: Kysely<Database>, householdId: number, rows: Awaited<ReturnType<typeof loadRows>>): Promise<AuditRow[]> {
  const ids: [string, number[]][] = [
    ['household', [householdId]],
    ['case', rows.cases.map((c) => c.id)],
    ['document', rows.documents.map((d) => d.id)],
    ['page', rows.pages.map((p) => p.id)],
    ['householdExit', rows.exits.map((e) => e.id)],
  ];
  const wanted = ids.filter(([, list]) => list.length > 0);
  return db
    .selectFrom('auditLog')
    .selectAll()
    .where((eb) => eb.or(wanted.map(([entity, list]) => eb.and([eb('entity', '=', entity), eb('entityId', 'in', list.map(String))]))))
    .orderBy('id')
    .execute();
}

/**
 * The scanned files the pages came from. A batch file that also holds
 * another household's pages stays out: one household's package must not
 * carry a neighbour's file (its pages are exported with their household).
 */
async function loadOriginals(db: Kysely<Database>, householdId: number, pages: Page[]): Promise<OriginalSource[]> {
  const shas = [...new Set(pages.map((p) => p.sourceSha256))].sort();
  if (shas.length === 0) return [];
  const files = await db.selectFrom('sourceFile').selectAll().where('sha256', 'in', shas).orderBy('id').execute();
  const shared = await db
    .selectFrom('page')
    .select('sourceSha256')
    .distinct()
    .where('sourceSha256', 'in', shas)
    .where('householdId', 'is not', null)
    .where('householdId', '!=', householdId)
    .execute();
  const sharedSet = new Set(shared.map((s) => s.sourceSha256));
  const byId = new Map(files.map((f) => [f.id, f]));
  return shas.map((sha256) => {
    const fromPage = pages.find((p) => p.sourceSha256 === sha256 && p.sourceFileId !== null)?.sourceFileId;
    const row = (fromPage != null ? byId.get(fromPage) : undefined) ?? files.find((f) => f.sha256 === sha256) ?? null;
    return { sha256, row, omitted: sharedSet.has(sha256) ? '该扫描文件还含有其他户的页面，未随本户导出（本户页面见 data/pages/）' : null };
  });
}
