import fs from 'node:fs';
import path from 'node:path';
import type { Transaction } from 'kysely';
import type { ProgressEvent } from '../api/contract';
import { ensureBuiltinPacks } from '../checklist/packStore';
import { mutate, type AuditedTransaction } from '../db/audit';
import type { Database } from '../db/schema';
import { parsePack } from '../domain/checklist';
import { maskIdNumber } from '../domain/masking';
import { hashFile } from '../export/bagit';
import { METADATA_PATH, type PackageMetadata } from '../export/metadataSchema';
import type { ArchiveDeps, KeyTrust } from '../export/types';
import { packageDirs, verifyPackageDir, type VerifiedPackage } from '../export/verify';
import { villageResolver } from '../regions/regions';
import { DEFAULT_TOWN, readSettings, writeSetting } from '../settings/settings';
import { findConflict } from './conflicts';
import { linkExitNotices, mergeArchiveCheckRecords, mergeCases, mergeDocuments, mergeExits, mergeHousehold, mergeMembers, mergePages, mergeSourceFiles, type ImportMap, type MergeContext } from './merge';
import { putFile } from './putFile';
import { ambiguousTowns, judgePackageSigner, keyTrust, recordTownKey } from './townKeys';
import type { DistrictImportReport, ImportedPackage, RefusalKind } from './types';

/**
 * District consolidation (区级汇总): town packages into a district archive.
 * Each package is verified first and refused whole if anything is wrong,
 * its signature included: once a 镇街's key is recorded (at its first signed
 * package, townKeys.ts), its packages must carry that key's signature. Its
 * blobs go into the district store, its rows in one audited transaction.
 * Importing the same package again writes nothing.
 */

export const IMPORT_ACTION = 'district.import';

interface Candidate extends VerifiedPackage {
  dir: string;
}

/** Import order town → village → the town's own household order, so district ids follow the town's. */
function byTownOrder(a: Candidate, b: Candidate): number {
  const key = (c: Candidate) => (c.metadata ? [c.metadata.source.town, c.metadata.source.village, String(c.metadata.household.sourceId).padStart(12, '0'), c.check.package] : ['\uffff', '', '', c.check.package]).join('\u0000');
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
}

async function previousMap(trx: Transaction<Database>, idNumber: string, town: string): Promise<ImportMap | null> {
  const household = await trx.selectFrom('household').select('id').where('idNumber', '=', idNumber).executeTakeFirst();
  if (!household) return null;
  const entries = await trx.selectFrom('auditLog').select('after').where('action', '=', IMPORT_ACTION).where('entity', '=', 'household').where('entityId', '=', String(household.id)).orderBy('id', 'desc').execute();
  for (const e of entries) {
    const after = JSON.parse(e.after ?? 'null') as { source?: { town?: string }; map?: ImportMap } | null;
    if (after?.map && after.source?.town === town) return after.map;
  }
  return null;
}

/** The package's pack in the district, and the town judged by it. */
async function ensurePack(tx: AuditedTransaction, m: PackageMetadata, town: string, now: string, counts: MergeContext['counts']): Promise<void> {
  const { trx } = tx;
  const key = m.checklist.packKey;
  if (!(await trx.selectFrom('checklistPack').select('key').where('key', '=', key).executeTakeFirst())) {
    // Stored as packs import stores it (parsed, schema key order), so importing the same pack file later matches.
    const pack = parsePack(m.checklist.pack);
    await trx.insertInto('checklistPack').values({ key, packId: pack.id, version: pack.version, title: pack.title, json: JSON.stringify(pack), origin: 'imported', addedAt: now }).execute();
    counts.created++;
  }
  const settings = await readSettings(trx);
  const builtin = await trx.selectFrom('checklistPack').select('key').where('origin', '=', 'builtin').orderBy('packId').orderBy('version').executeTakeFirst();
  const current = settings.packByTown[town] ?? settings.defaultPack ?? builtin?.key;
  if (current === key) return;
  await writeSetting(tx, 'packByTown', { ...settings.packByTown, [town]: key });
  counts.updated++;
}

/** Fills in 村/镇 codes the district does not know yet (they build 档号). */
async function fillRegionCodes(trx: Transaction<Database>, villageId: number, m: PackageMetadata, counts: MergeContext['counts']): Promise<void> {
  const village = await trx.selectFrom('region').select(['code', 'parentId']).where('id', '=', villageId).executeTakeFirstOrThrow();
  const updates: [number | null, string | null, string | null][] = [[villageId, village.code, m.source.villageCode]];
  if (village.parentId !== null) {
    const town = await trx.selectFrom('region').select('code').where('id', '=', village.parentId).executeTakeFirstOrThrow();
    updates.push([village.parentId, town.code, m.source.townCode]);
  }
  for (const [id, have, wanted] of updates) {
    if (id === null || have !== null || wanted === null) continue;
    await trx.updateTable('region').set({ code: wanted }).where('id', '=', id).execute();
    counts.updated++;
  }
}

async function mergePackage(deps: ArchiveDeps, c: Candidate, m: PackageMetadata, metadataSha256: string, recordKey: boolean): Promise<{ outcome: 'imported' | 'updated' | 'unchanged'; created: number; updated: number }> {
  return mutate(deps.db, deps.audit, async (tx) => {
    const town = m.source.town || DEFAULT_TOWN;
    if (recordKey && c.signer) await recordTownKey(tx, town, m.source.townCode, c.signer, deps.audit.actor, deps.audit.now().toISOString(), c.check.package);
    const counts = { created: 0, updated: 0 };
    const previous = await previousMap(tx.trx, m.household.idNumber, town);
    const existed = await tx.trx.selectFrom('household').select('id').where('idNumber', '=', m.household.idNumber).executeTakeFirst();
    await ensurePack(tx, m, town, deps.audit.now().toISOString(), counts);
    const settings = await readSettings(tx.trx);
    const villageId = await villageResolver(tx)({ district: m.source.district ?? settings.district, town, village: m.source.village });
    await fillRegionCodes(tx.trx, villageId, m, counts);
    const ctx: MergeContext = { db: deps.db, tx, meta: m, previous, counts };
    const householdId = await mergeHousehold(ctx, villageId);
    await mergeMembers(ctx, householdId);
    const exits = await mergeExits(ctx, householdId);
    const cases = await mergeCases(ctx, householdId, exits);
    const documents = await mergeDocuments(ctx, householdId, cases);
    await mergePages(ctx, householdId, documents, await mergeSourceFiles(ctx));
    await linkExitNotices(ctx, exits, documents);
    await mergeArchiveCheckRecords(ctx, cases);
    if (counts.created + counts.updated === 0) return { outcome: 'unchanged' as const, ...counts };
    const map: ImportMap = { cases: Object.fromEntries(cases), documents: Object.fromEntries(documents), exits: Object.fromEntries(exits) };
    await tx.record({ action: IMPORT_ACTION, entity: 'household', entityId: householdId, after: { package: c.check.package, source: m.source, metadataSha256, packKey: m.checklist.packKey, map, ...counts } });
    return { outcome: existed ? ('updated' as const) : ('imported' as const), ...counts };
  });
}

function refusal(c: Candidate, reason: string, refusedFor: RefusalKind): ImportedPackage {
  return { ...describe(c), outcome: 'refused', reason, refusedFor, created: 0, updated: 0 };
}

function describe(c: Candidate): Omit<ImportedPackage, 'outcome' | 'created' | 'updated'> {
  const m = c.metadata;
  return {
    package: c.check.package,
    path: c.dir,
    problems: c.check.problems,
    ...(m ? { town: m.source.town, village: m.source.village, name: m.household.headName, household: maskIdNumber(m.household.idNumber) } : {}),
    ...(c.check.signer ? { signer: c.check.signer } : {}),
  };
}

/** Why verification failed, with what is wrong with the signature spelled out (the kinds alone say too little). */
function verificationRefusal(c: Candidate): string {
  const kinds = [...new Set(c.check.problems.map((p) => p.kind))].join('、');
  const signature = c.check.problems.find((p) => p.kind === '签名无效');
  return `校验未通过（${kinds}），整包未导入${signature ? `：${signature.detail}` : ''}`;
}

interface ImportRun {
  deps: ArchiveDeps;
  trust: KeyTrust;
  ambiguous: Map<string, string[]>;
}

async function importOne(run: ImportRun, c: Candidate): Promise<ImportedPackage> {
  const { deps } = run;
  if (!c.check.ok) return refusal(c, verificationRefusal(c), 'verification');
  const m = c.metadata;
  if (!m) return refusal(c, '元数据无效，整包未导入', 'verification');
  if (m.idMasking !== 'full') return refusal(c, '此包的身份证号已脱敏（公示用），无法按身份证号归户，不能导入；请向镇(街道)索取完整导出包', 'masked');
  const signer = await judgePackageSigner(deps.db, run.trust.own, m, c.signer, run.ambiguous);
  if ('refused' in signer) return refusal(c, signer.refused, 'signature');
  const conflict = await findConflict(deps.db, m);
  if (conflict) return refusal(c, conflict, 'conflict');
  const file = (p: string) => path.join(c.dir, ...p.split('/'));
  for (const p of m.pages) await putFile(deps.store, file(p.file), p.sha256);
  for (const o of m.originals) if (o.file) await putFile(deps.store, file(o.file), o.sha256);
  const metadataSha256 = (await hashFile(file(METADATA_PATH))).sha256;
  await putFile(deps.store, file(METADATA_PATH), metadataSha256);
  const merged = await mergePackage(deps, c, m, metadataSha256, signer.record);
  const recorded = signer.record && c.check.signer ? { signer: { ...c.check.signer, trust: 'recorded' as const }, keyRecorded: true } : {};
  return { ...describe(c), ...merged, ...recorded };
}

/** The package folders under every target, each once (a package named and its export folder named too is one package). */
async function packageDirsOf(targets: string[]): Promise<string[]> {
  const seen = new Set<string>();
  const dirs: string[] = [];
  for (const target of targets) {
    for (const dir of await packageDirs(target)) {
      const real = await fs.promises.realpath(dir);
      if (seen.has(real)) continue;
      seen.add(real);
      dirs.push(dir);
    }
  }
  return dirs;
}

/** Progress of an import: packages verified (message 校验), then written (写入), each counted from 0; no names, as every open window may see it. */
export const IMPORT_TASK = '导入数据包';

/**
 * Imports the packages under one or several targets (a package, or a folder
 * of packages such as a town's export) as one run: every target is looked at
 * before anything is written (a missing one refuses the run), and a 镇街's key
 * is judged across all of them.
 */
export async function importPackages(deps: ArchiveDeps, target: string | string[], onProgress?: (event: ProgressEvent) => void): Promise<DistrictImportReport> {
  const targets = typeof target === 'string' ? [target] : target;
  const trust = keyTrust(deps);
  const dirs = await packageDirsOf(targets);
  const candidates: Candidate[] = [];
  for (const [i, dir] of dirs.entries()) {
    onProgress?.({ task: IMPORT_TASK, done: i, total: dirs.length, message: '校验' });
    candidates.push({ dir, ...(await verifyPackageDir(dir, trust)) });
  }
  candidates.sort(byTownOrder);
  await ensureBuiltinPacks(deps.db, deps.audit);
  const run: ImportRun = { deps, trust, ambiguous: await ambiguousTowns(deps.db, candidates) };
  const paths = targets.map((t) => path.resolve(t));
  const report: DistrictImportReport = { path: paths[0] ?? '', paths, packages: [], imported: 0, updated: 0, unchanged: 0, refused: 0 };
  for (const [i, c] of candidates.entries()) {
    onProgress?.({ task: IMPORT_TASK, done: i, total: candidates.length, message: '写入' });
    const result = await importOne(run, c).catch((error: unknown) => refusal(c, `导入失败：${(error as Error).message}`, 'failure'));
    report.packages.push(result);
    report[result.outcome]++;
  }
  onProgress?.({ task: IMPORT_TASK, done: candidates.length, total: candidates.length, message: '写入' });
  return report;
}
