import type { Kysely, Selectable } from 'kysely';
import type { CheckRow } from '../api/contract';
import { checkCases } from '../checklist/checkArchive';
import { jsonTexts, jsonValues } from '../db/database';
import { knownBlobs, type KnownBlobs } from './derived';
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
  /** The pack's stored JSON, deeply frozen: the same object in every package of the run. */
  packJson: object;
  /** 附件7 results recorded per case, oldest first. */
  archiveCheckRecords: PackageMetadata['archiveCheckRecords'];
  /** Latest change of any part of the file: the fixed date of its volumes. */
  lastChange: string;
  /** What the archive has recorded about its blobs (read for the whole batch of households at once). */
  known: KnownBlobs;
}

/** Reads households by id, several at a time: one query per table for the whole list. A household no longer there is absent from the map. */
export type Collector = (householdIds: number[]) => Promise<Map<number, HouseholdSource>>;

/** A collector for one export run: packs and village paths are read once per run. */
export async function householdCollector(db: Kysely<Database>, audit: AuditContext): Promise<Collector> {
  const resolve = await packResolver(db, audit);
  const packJson = new Map<string, object>();
  const packFor = async (town: string) => {
    const { key, pack } = await resolve(town);
    if (!packJson.has(key)) {
      const row = await db.selectFrom('checklistPack').select('json').where('key', '=', key).executeTakeFirstOrThrow();
      // Frozen: every package of the run carries this same object, and stableJsonAround writes a frozen one once.
      packJson.set(key, deepFreeze(JSON.parse(row.json)));
    }
    return { key, pack, json: packJson.get(key) ?? {} };
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
  return async (ids) => {
    const found = new Map<number, HouseholdSource>();
    if (ids.length === 0) return found;
    const households = await db.selectFrom('household').selectAll().where('id', 'in', jsonValues(db, ids)).execute();
    const rows = await loadRows(db, ids);
    const checks = groupBy(await checkCases(db, audit, { householdIds: ids }), (c) => c.householdId);
    const audits = await auditExcerpts(db, ids, rows);
    const originals = await loadOriginals(db, rows.pages);
    const recorded = await recordsByCase(db, rows.cases.map((c) => c.id));
    const known = await knownBlobs(db, rows.cases.map((c) => c.id), rows.pages.flatMap((p) => [p.imageSha256, p.sourceSha256]));
    const byHousehold = {
      members: groupBy(rows.members, (r) => r.householdId),
      cases: groupBy(rows.cases, (r) => r.householdId),
      documents: groupBy(rows.documents, (r) => r.householdId),
      pages: groupBy(rows.pages, (r) => r.householdId),
      exits: groupBy(rows.exits, (r) => r.householdId),
    };
    for (const household of households) {
      const id = household.id;
      const region = await regionOf(household.villageId);
      const { key, pack, json } = await packFor(region.town);
      const own = {
        members: byHousehold.members.get(id) ?? [],
        cases: byHousehold.cases.get(id) ?? [],
        documents: byHousehold.documents.get(id) ?? [],
        pages: byHousehold.pages.get(id) ?? [],
        exits: byHousehold.exits.get(id) ?? [],
      };
      const audit = audits.get(id) ?? [];
      found.set(id, {
        household,
        region,
        ...own,
        originals: originals(id, own.pages),
        audit,
        archiveCheckRecords: own.cases.flatMap((c) => (recorded.get(c.id) ?? []).map((r) => ({ caseSourceId: c.id, ...r }))),
        rows: (checks.get(id) ?? []).map((c) => c.row),
        packKey: key,
        pack,
        packJson: json,
        known,
        lastChange: latest([household.updatedAt, ...own.cases.map((c) => c.updatedAt), ...own.documents.map((d) => d.updatedAt), ...own.pages.map((p) => p.createdAt), ...own.exits.map((e) => e.createdAt), ...audit.map((a) => a.at)]),
      });
    }
    return found;
  };
}

function groupBy<T, K>(items: T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
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

/** The households' rows of each table, in id order. */
async function loadRows(db: Kysely<Database>, ids: number[]) {
  const mine = jsonValues(db, ids);
  return {
    members: await db.selectFrom('member').selectAll().where('householdId', 'in', mine).orderBy('id').execute(),
    cases: await db.selectFrom('assistanceCase').selectAll().where('householdId', 'in', mine).orderBy('id').execute(),
    documents: await db.selectFrom('document').selectAll().where('householdId', 'in', mine).orderBy('id').execute(),
    pages: await db.selectFrom('page').selectAll().where('householdId', 'in', mine).orderBy('id').execute(),
    exits: await db.selectFrom('householdExit').selectAll().where('householdId', 'in', mine).orderBy('id').execute(),
  };
}

/**
 * Each household's audit entries about its own records, oldest first; never
 * the export entries (they would change every export).
 */
async function auditExcerpts(db: Kysely<Database>, ids: number[], rows: Awaited<ReturnType<typeof loadRows>>): Promise<Map<number, AuditRow[]>> {
  const owner = new Map<string, number>();
  const entities: [string, { id: number; householdId: number | null }[]][] = [
    ['household', ids.map((id) => ({ id, householdId: id }))],
    ['case', rows.cases],
    ['document', rows.documents],
    ['page', rows.pages],
    ['householdExit', rows.exits],
  ];
  for (const [entity, list] of entities) for (const r of list) if (r.householdId !== null) owner.set(`${entity}:${r.id}`, r.householdId);
  const wanted = entities.filter(([, list]) => list.length > 0);
  const entries = await db
    .selectFrom('auditLog')
    .selectAll()
    .where((eb) => eb.or(wanted.map(([entity, list]) => eb.and([eb('entity', '=', entity), eb('entityId', 'in', jsonTexts(db, list.map((r) => String(r.id))))]))))
    .orderBy('id')
    .execute();
  return groupBy(entries, (a) => owner.get(`${a.entity}:${a.entityId}`) ?? 0);
}

/**
 * The scanned files the pages came from, per household. A batch file that
 * also holds another household's pages stays out: one household's package
 * must not carry a neighbour's file (its pages are exported with their
 * household).
 */
async function loadOriginals(db: Kysely<Database>, pages: Page[]): Promise<(householdId: number, own: Page[]) => OriginalSource[]> {
  const all = [...new Set(pages.map((p) => p.sourceSha256))];
  const files = all.length === 0 ? [] : await db.selectFrom('sourceFile').selectAll().where('sha256', 'in', jsonTexts(db, all)).orderBy('id').execute();
  // Every household with pages from each file, not only the households read here.
  const holders = all.length === 0 ? [] : await db.selectFrom('page').select(['sourceSha256', 'householdId']).distinct().where('sourceSha256', 'in', jsonTexts(db, all)).where('householdId', 'is not', null).execute();
  const holdersOf = groupBy(holders, (h) => h.sourceSha256);
  const filesOf = groupBy(files, (f) => f.sha256);
  const byId = new Map(files.map((f) => [f.id, f]));
  return (householdId, own) =>
    [...new Set(own.map((p) => p.sourceSha256))].sort().map((sha256) => {
      const fromPage = own.find((p) => p.sourceSha256 === sha256 && p.sourceFileId !== null)?.sourceFileId;
      const row = (fromPage != null ? byId.get(fromPage) : undefined) ?? filesOf.get(sha256)?.[0] ?? null;
      const shared = (holdersOf.get(sha256) ?? []).some((h) => h.householdId !== householdId);
      return { sha256, row, omitted: shared ? '该扫描文件还含有其他户的页面，未随本户导出（本户页面见 data/pages/）' : null };
    });
}
