import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { jsonTexts, jsonValues } from '../db/database';
import type { BlobStore } from '../store/blobStore';
import type { FolderStore } from '../store/folderStore';
import type { BlobDigest, BuiltVolume, VolumeFile } from './stage';

/**
 * What the archive knows of its blobs without reading them (migration
 * 2026-12-06T0018): each blob's SM3 and size beside its name (the SHA-256),
 * and the bound volumes built from the current state of each case.
 */

/**
 * Bump when main/output's volume builder changes what it writes for the same
 * data: every recorded volume is then built again before it is exported.
 */
const VOLUME_BUILDER = 'hudang-volume-1';

/** Rows written per statement when recording. */
const CHUNK = 500;

/**
 * What a volume is made of, hashed: the builder's version, the volume's data
 * (cover, documents and their page sizes, 备考表, fixed date) and its page
 * images by their SHA-256. Equal keys build equal bytes.
 */
export function volumeKey(data: VolumeFile['data'], pages: string[]): string {
  const documents = data.documents.map((d) => ({ ...d, pages: d.pages.map((p) => ({ width: p.width, height: p.height, dpi: p.dpi })) }));
  return createHash('sha256')
    .update(JSON.stringify([VOLUME_BUILDER, { ...data, documents }, pages.map((p) => path.basename(p))]))
    .digest('hex');
}

/**
 * What the archive has recorded about some households' blobs: the volume
 * stored for each key recorded for their cases, and the SM3 and size of
 * their blobs and of those volumes.
 */
export interface KnownBlobs {
  /** Volume key → its blob's SHA-256. */
  volumes: Map<string, string>;
  digests: Map<string, { sm3: string; size: number }>;
}

/** The recorded volumes of these cases, and the recorded digests of these blobs and of those volumes: two queries however many. */
export async function knownBlobs(db: Kysely<Database>, caseIds: number[], shas: string[]): Promise<KnownBlobs> {
  const rows = caseIds.length === 0 ? [] : await db.selectFrom('volumeBlob').select(['inputSha256', 'sha256']).where('caseId', 'in', jsonValues(db, caseIds)).execute();
  const volumes = new Map(rows.map((r) => [r.inputSha256, r.sha256]));
  const wanted = [...new Set([...shas, ...volumes.values()])];
  const digests = wanted.length === 0 ? [] : await db.selectFrom('blobDigest').selectAll().where('sha256', 'in', jsonTexts(db, wanted)).execute();
  return { volumes, digests: new Map(digests.map((r) => [r.sha256, { sm3: r.sm3, size: r.size }])) };
}

/** The stored volume of each key that has one in the store: key → its blob's SHA-256. */
export function currentVolumes(known: KnownBlobs, store: FolderStore, keys: string[]): Map<string, string> {
  const current = new Map<string, string>();
  for (const key of keys) {
    const sha = known.volumes.get(key);
    if (sha !== undefined && fs.existsSync(store.pathOf(sha))) current.set(key, sha);
  }
  return current;
}

/** Records digests learned while copying and volumes just built (derived data: not audited). */
export async function recordDerived(db: Kysely<Database>, learned: BlobDigest[], built: (BuiltVolume & { householdId: number; caseId: number })[], at: string): Promise<void> {
  const digests = [...learned, ...built].map((d) => ({ sha256: d.sha256, sm3: d.sm3, size: d.size }));
  if (digests.length === 0) return;
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < digests.length; i += CHUNK) await trx.insertInto('blobDigest').values(digests.slice(i, i + CHUNK)).onConflict((oc) => oc.column('sha256').doNothing()).execute();
    for (const v of built) {
      await trx
        .insertInto('volumeBlob')
        .values({ inputSha256: v.key, sha256: v.sha256, householdId: v.householdId, caseId: v.caseId, builtAt: at })
        .onConflict((oc) => oc.column('inputSha256').doUpdateSet({ sha256: v.sha256, builtAt: at }))
        .execute();
    }
  });
}

/**
 * Removes the stored volumes of destroyed cases (main/retention/destruction.ts):
 * they bind the destroyed pages, so they go with them.
 */
export async function discardVolumes(db: Kysely<Database>, store: BlobStore, caseIds: number[]): Promise<void> {
  if (caseIds.length === 0) return;
  const rows = await db.selectFrom('volumeBlob').select('sha256').where('caseId', 'in', caseIds).execute();
  await db.deleteFrom('volumeBlob').where('caseId', 'in', caseIds).execute();
  for (const sha of new Set(rows.map((r) => r.sha256))) {
    const shared = await db.selectFrom('volumeBlob').select('sha256').where('sha256', '=', sha).executeTakeFirst();
    if (!shared) await store.discard(sha);
  }
}
