import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { mutate } from '../db/audit';
import { appliedMigrations } from '../db/sqlite';
import { maskIdNumber } from '../domain/idNumber';
import { readSettings, type Settings } from '../settings/settings';
import { UserError } from '../support/errors';
import { BAG_INFO, hashFile, TAG_MANIFEST, parseBagInfo } from './bagit';
import { householdCollector, type Collector } from './collect';
import { defaultOriginalName, planLayout } from './layout';
import { writeLedger, type LedgerHousehold } from './ledger';
import { buildMetadata } from './metadata';
import { METADATA_PATH } from './metadataSchema';
import { maskText, packageName } from './naming';
import { changedSince, householdsInScope, type ScopedHousehold } from './selection';
import { stableJson } from './stableJson';
import type { ArchiveDeps, ExportedPackage, ExportOptions, ExportReport } from './types';
import { ExportCancelled, removeLeftovers, writePackage } from './writePackage';

/**
 * Export (按户打包): one BagIt package per household for the district, plus
 * the batch 台账. Resumable: a package already in place with the same
 * content is left alone, so running an interrupted export again finishes
 * the rest; changed households are rewritten.
 */

interface RunContext {
  deps: ArchiveDeps;
  options: ExportOptions;
  settings: Settings;
  schemaVersion: string;
  collect: Collector;
  baggingDate: string;
}

/** Folder names for the batch; the rare two households with the same name get their archive id appended. */
function packageNames(households: ScopedHousehold[], masking: ExportOptions['idMasking']): Map<number, string> {
  const names = households.map((h) => packageName(h.village, h.headName, h.idNumber, masking));
  const counts = new Map<string, number>();
  for (const n of names) counts.set(n.toLowerCase(), (counts.get(n.toLowerCase()) ?? 0) + 1);
  return new Map(households.map((h, i) => [h.id, (counts.get(names[i]?.toLowerCase() ?? '') ?? 0) > 1 ? `${names[i]}_${h.id}` : (names[i] ?? String(h.id))]));
}

/** The package there already holds this content and this batch position: nothing to write. Returns its payload size then. */
async function unchangedPackage(dir: string, metadataText: string, bagCount: string): Promise<{ files: number; bytes: number } | null> {
  if (!fs.existsSync(path.join(dir, TAG_MANIFEST))) return null;
  const metadataFile = path.join(dir, ...METADATA_PATH.split('/'));
  if (!fs.existsSync(metadataFile) || !fs.existsSync(path.join(dir, BAG_INFO))) return null;
  const info = parseBagInfo(await fs.promises.readFile(path.join(dir, BAG_INFO), 'utf8'));
  if (info.get('Bag-Count') !== bagCount) return null;
  const wanted = createHash('sha256').update(metadataText).digest('hex');
  if ((await hashFile(metadataFile)).sha256 !== wanted) return null;
  const [bytes, files] = (info.get('Payload-Oxum') ?? '0.0').split('.').map(Number);
  return { files: files ?? 0, bytes: bytes ?? 0 };
}

async function exportOne(run: RunContext, h: ScopedHousehold, name: string, bagCount: string, ledger: LedgerHousehold[]): Promise<ExportedPackage> {
  const { store } = run.deps;
  const masking = run.options.idMasking;
  const shownId = masking === 'full' ? h.idNumber : maskIdNumber(h.idNumber);
  const base = { package: name, household: shownId, name: h.headName, town: h.town, village: h.village };
  const source = await run.collect(h.id);
  const originalName = (o: (typeof source.originals)[number]) => {
    const raw = defaultOriginalName(o, source.pages);
    return masking === 'full' ? raw : maskText(raw);
  };
  const layout = planLayout(source, store, originalName);
  const metadata = buildMetadata(source, layout, { store, settings: run.settings, schemaVersion: run.schemaVersion, idMasking: masking, originalName });
  ledger.push({
    town: h.town,
    village: h.village,
    name: h.headName,
    idNumber: shownId,
    package: name,
    status: source.household.status,
    cases: metadata.cases.map((c, i) => ({ assistance: c.assistanceType, archiveCode: c.archiveCode, confirmedOn: c.confirmedOn, row: metadata.checklist.rows[i] ?? source.rows[i]! })),
  });
  const metadataText = stableJson(metadata);
  const dir = path.join(run.options.outDir, name);
  const existing = await unchangedPackage(dir, metadataText, bagCount);
  if (existing) return { ...base, outcome: 'unchanged', ...existing };
  const payload = await writePackage(run.options.outDir, name, source, layout, metadata, metadataText, {
    store,
    settings: run.settings,
    bagCount,
    baggingDate: run.baggingDate,
    ...(run.options.signal ? { signal: run.options.signal } : {}),
  });
  return { ...base, outcome: 'written', files: payload.length, bytes: payload.reduce((n, e) => n + e.size, 0) };
}

async function selectHouseholds(deps: ArchiveDeps, options: ExportOptions): Promise<ScopedHousehold[]> {
  const inScope = await householdsInScope(deps.db, options.scope ?? {});
  if (!options.since) return inScope;
  const changed = await changedSince(deps.db, options.since);
  return inScope.filter((h) => changed.has(h.id));
}

function emptyReport(options: ExportOptions, households: number): ExportReport {
  return {
    outDir: path.resolve(options.outDir),
    idMasking: options.idMasking,
    scope: options.scope ?? {},
    since: options.since ?? null,
    households,
    written: 0,
    unchanged: 0,
    failed: 0,
    cancelled: false,
    bytesWritten: 0,
    ledger: null,
    packages: [],
  };
}

async function recordExport(deps: ArchiveDeps, report: ExportReport): Promise<void> {
  await mutate(deps.db, deps.audit, async (tx) => {
    const summary = { ...report, packages: report.packages.length };
    await tx.record({ action: 'export', entity: 'export', entityId: path.basename(report.outDir), after: summary });
  });
}

export async function exportPackages(deps: ArchiveDeps, options: ExportOptions): Promise<ExportReport> {
  if (options.idMasking !== 'full' && options.idMasking !== 'masked') throw new UserError('身份证号显示方式只能是 full（完整）或 masked（脱敏）');
  const households = await selectHouseholds(deps, options);
  const report = emptyReport(options, households.length);
  await fs.promises.mkdir(report.outDir, { recursive: true });
  await removeLeftovers(report.outDir);
  const run: RunContext = {
    deps,
    options: { ...options, outDir: report.outDir },
    settings: await readSettings(deps.db),
    schemaVersion: (await appliedMigrations(deps.db)).at(-1) ?? '',
    collect: await householdCollector(deps.db, deps.audit),
    baggingDate: deps.audit.now().toISOString().slice(0, 10),
  };
  const names = packageNames(households, options.idMasking);
  const ledger: LedgerHousehold[] = [];
  for (const [i, h] of households.entries()) {
    if (options.signal?.aborted) {
      report.cancelled = true;
      break;
    }
    const outcome = await exportOne(run, h, names.get(h.id) ?? String(h.id), `${i + 1} of ${households.length}`, ledger).catch((error: unknown) => {
      if (error instanceof ExportCancelled) return null;
      return { package: names.get(h.id) ?? '', household: options.idMasking === 'full' ? h.idNumber : maskIdNumber(h.idNumber), name: h.headName, town: h.town, village: h.village, outcome: 'failed' as const, files: 0, bytes: 0, reason: (error as Error).message };
    });
    if (outcome === null) {
      report.cancelled = true;
      break;
    }
    report.packages.push(outcome);
    report[outcome.outcome === 'written' ? 'written' : outcome.outcome === 'unchanged' ? 'unchanged' : 'failed']++;
    if (outcome.outcome === 'written') report.bytesWritten += outcome.bytes;
    options.onProgress?.({ task: '导出', done: i + 1, total: households.length, message: h.village });
  }
  if (!report.cancelled && households.length > 0) report.ledger = await writeLedger(report.outDir, ledger);
  await recordExport(deps, report);
  return report;
}
