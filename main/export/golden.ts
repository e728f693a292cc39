import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openArchive } from '../archive';
import { restoreArchive } from '../integrity/backup';
import { BAG_INFO, MANIFEST, MANIFEST_SM3, parseManifest, TAG_MANIFEST } from './bagit';
import { exportPackages } from './exportPackages';
import { FIXED_NOW } from './testFixture';
import type { IdMasking } from './types';

/**
 * The golden export: what an export of a fixed archive must produce, byte
 * for byte, so a change to how packages are written (copies, hashes, bound
 * volumes) is proven not to change what the district receives.
 *
 * The archive is a backup ZIP of the town test fixture (testFixture.ts),
 * made once; its digests are what the export code of that day wrote from
 * it (scripts/exportGolden.ts makes both; rerun it only when the package
 * format is meant to change). A few things legitimately differ between runs
 * and are compared by presence or with one field set aside:
 *   - bag-info.txt's Bagging-Date (the day of the export);
 *   - metadata.json's schemaVersion (the archive's newest migration), and so
 *     that file's lines in the two payload manifests and the byte count in
 *     bag-info.txt's Payload-Oxum (the test verifies it against the files);
 *   - the signature (a restored archive makes a new key; SM2 signs with a
 *     random k), the audit chain's head and the tag manifest over them;
 *   - the 台账 workbook (its own timestamps).
 */

export const GOLDEN_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'golden');
export const GOLDEN_BACKUP = path.join(GOLDEN_DIR, 'town-backup.zip');
export const GOLDEN_DIGESTS = path.join(GOLDEN_DIR, 'export-digests.json');

const METADATA = 'data/metadata.json';
const PRESENCE_ONLY = new Set(['hudang-signature.txt', 'audit-head.json', TAG_MANIFEST]);

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/** One file's digest with the run-dependent parts set aside (see above). */
function digestOf(rel: string, bytes: Buffer): string {
  const name = rel.split('/').slice(1).join('/');
  if (!name || PRESENCE_ONLY.has(name)) return 'present';
  if (name === BAG_INFO) return sha256(bytes.toString('utf8').replace(/^Bagging-Date: .*\n/m, '').replace(/^Payload-Oxum: \d+\./m, 'Payload-Oxum: .'));
  if (name === METADATA) return sha256(bytes.toString('utf8').replace(/^ {2}"schemaVersion": ".*",$/m, '  "schemaVersion": "",'));
  if (name === MANIFEST || name === MANIFEST_SM3) {
    const lines = parseManifest(bytes.toString('utf8')).lines.map((l) => (l.path === METADATA ? `-  ${l.path}` : `${l.sha256}  ${l.path}`));
    return sha256(lines.join('\n'));
  }
  return sha256(bytes);
}

/** Every file under an export folder: relative path → digest (packages' files; the 台账 by presence). */
export function exportDigests(outDir: string): Record<string, string> {
  const found: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(outDir, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(child);
      else found[child] = digestOf(child, fs.readFileSync(path.join(outDir, child)));
    }
  };
  walk('');
  return found;
}

export type GoldenDigests = Record<IdMasking, Record<string, string>>;

/**
 * Restores the golden backup into `dataDir` (empty) and exports it twice,
 * in full and masked, into `outDir/full` and `outDir/masked`.
 */
export async function exportGolden(dataDir: string, outDir: string): Promise<GoldenDigests> {
  await restoreArchive(GOLDEN_BACKUP, dataDir);
  const archive = await openArchive(dataDir);
  try {
    const deps = { db: archive.db, store: archive.store, audit: { actor: '经办人:测试', now: FIXED_NOW } };
    const digests = {} as GoldenDigests;
    for (const idMasking of ['full', 'masked'] as const) {
      const report = await exportPackages(deps, { outDir: path.join(outDir, idMasking), idMasking });
      if (report.written !== report.households) throw new Error(`golden export wrote ${report.written} of ${report.households}`);
      digests[idMasking] = exportDigests(path.join(outDir, idMasking));
    }
    return digests;
  } finally {
    await archive.close();
  }
}
