import fs from 'node:fs';
import { FolderStore } from '../store/folderStore';
import { householdCollector } from './collect';
import { currentVolumes, recordDerived } from './derived';
import { hashFileBoth } from './bagit';
import { defaultOriginalName, planLayout } from './layout';
import { readSettings } from '../settings/settings';
import type { ArchiveDeps } from './types';
import type { BlobDigest, BuiltVolume, VolumeOutcome } from './stage';
import { sharedStagePool, type StagePool } from './writePackage';
import { volumeFile } from './volumes';

/**
 * Keeps the bound volumes current in the background (issue 19): after a
 * clerk's edit marks a household (volume_stale, by triggers on its
 * household, case, document, page, exit and check rows), its volumes are
 * built on the export's worker threads and stored content-addressed, and the
 * SM3 of its blobs is recorded, so an export only copies. An export never
 * depends on this having run: it builds whatever it finds out of date.
 */

export interface RefreshReport {
  households: number;
  built: number;
  learned: number;
}

/** Households taken per pass. */
const BATCH = 50;

/** Builds the volumes and records the digests of up to `limit` marked households; returns what it did. */
export async function refreshVolumes(deps: ArchiveDeps, options: { pool?: StagePool; limit?: number } = {}): Promise<RefreshReport> {
  const { db } = deps;
  // Volumes are built by workers that read blob files: with blobs in object storage the marks wait (export is refused there too).
  if (!(deps.store instanceof FolderStore)) return { households: 0, built: 0, learned: 0 };
  const store = deps.store;
  const marks = await db.selectFrom('volumeStale').select(['seq', 'householdId']).orderBy('seq').limit(options.limit ?? BATCH).execute();
  const report: RefreshReport = { households: 0, built: 0, learned: 0 };
  if (marks.length === 0) return report;
  const pool = options.pool ?? sharedStagePool();
  const settings = await readSettings(db);
  const collect = await householdCollector(db, deps.audit);
  const sources = await collect([...new Set(marks.map((m) => m.householdId))]);
  for (const mark of marks) {
    const source = sources.get(mark.householdId);
    if (source) {
      const layout = planLayout(source, store, (o) => defaultOriginalName(o, source.pages));
      const volumes = layout.volumes.map((plan, i) => ({ caseId: plan.case.id, file: volumeFile(source, plan, source.rows[i], store, settings) }));
      const current = currentVolumes(source.known, store, volumes.map((v) => v.file.key));
      const outcomes = await Promise.all(volumes.filter((v) => !current.has(v.file.key)).map(async (v) => ({ caseId: v.caseId, outcome: (await pool.run({ build: v.file, storeRoot: store.root })) as VolumeOutcome })));
      const built: (BuiltVolume & { householdId: number; caseId: number })[] = outcomes.flatMap(({ caseId, outcome }) => (outcome.ok ? [{ ...outcome.built, householdId: mark.householdId, caseId }] : []));
      const blobs = [...source.pages.map((p) => p.imageSha256), ...source.originals.map((o) => o.sha256)].filter((sha) => fs.existsSync(store.pathOf(sha)));
      const known = source.known.digests;
      const learned: BlobDigest[] = [];
      for (const sha of new Set(blobs.filter((b) => !known.has(b)))) {
        const digest = await hashFileBoth(store.pathOf(sha));
        // A blob that does not hash to its name is fsck's to report; its digests are never recorded.
        if (digest.sha256 === sha) learned.push({ sha256: sha, sm3: digest.sm3, size: digest.size });
      }
      await recordDerived(db, learned, built, deps.audit.now().toISOString());
      report.households++;
      report.built += built.length;
      report.learned += learned.length;
    }
    // A household marked again meanwhile has a new seq and stays marked.
    await db.deleteFrom('volumeStale').where('seq', '=', mark.seq).execute();
  }
  return report;
}

export interface VolumeKeeper {
  /** Resolves when no household is marked (tests, benchmarks). */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/** Runs refreshVolumes every `intervalMs` while households are marked; never keeps the process alive. */
export function startVolumeKeeper(deps: ArchiveDeps, onError: (error: Error) => void, intervalMs = 2000): VolumeKeeper {
  let running: Promise<void> | null = null;
  let closed = false;
  const pass = async () => {
    while (!closed && (await refreshVolumes(deps)).households > 0);
  };
  const tick = () => {
    running ??= pass()
      .catch((error: Error) => onError(error))
      .finally(() => {
        running = null;
      });
    return running;
  };
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  return {
    settle: async () => {
      await running;
      await tick();
    },
    async close() {
      closed = true;
      clearInterval(timer);
      await running;
    },
  };
}
