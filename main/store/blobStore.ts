import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { UserError } from '../support/errors';

/**
 * The content-addressed, write-once store of an archive: every original scan,
 * normalised page image, thumbnail and generated PDF is a blob named by its
 * SHA-256. A blob is either whole or absent, an existing blob is never
 * rewritten, and only the destruction procedure removes one.
 *
 * Two places hold blobs: a folder (the archive's own store/ folder by default,
 * or a local or network share: SMB or NFS) and S3-compatible object storage.
 * Callers see only this interface, so the rest of the archive does not care.
 */
export interface StoredBlob {
  sha256: string;
  size: number;
  /** false when the same bytes were already stored. */
  created: boolean;
}

export interface BlobStore {
  /** Where the blobs are, fit to print: an S3 URL never shows its secret. */
  readonly location: string;
  /** The archive folder the store belongs to: the archive key and the audit anchor live there, never in object storage. */
  readonly archiveDir: string;
  has(sha256: string): Promise<boolean>;
  /** The blob's length in bytes, or null when it is absent. */
  size(sha256: string): Promise<number | null>;
  /** The blob's bytes; a missing blob is a MissingBlobError. */
  read(sha256: string): Promise<Buffer>;
  put(bytes: Buffer): Promise<StoredBlob>;
  /** Several blobs at once; resolves when every one is durable. */
  putAll(blobs: Buffer[]): Promise<StoredBlob[]>;
  /**
   * A blob too large to hold in memory. With `expected`, bytes that hash to
   * anything else are refused (HashMismatchError) and nothing is stored.
   */
  putStream(source: Readable, expected?: string): Promise<StoredBlob>;
  /** Copies a blob out to a file path or a writable stream, checking its hash on the way. */
  copyTo(sha256: string, destination: string | Writable): Promise<void>;
  /**
   * Removes a blob. Only the destruction procedure (main/retention/destruction.ts
   * and the derived-volume cleanup it drives) calls this; nothing else deletes.
   */
  discard(sha256: string): Promise<void>;
}

export function sha256Of(bytes: Buffer | Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function checkSha256(sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`无效的内容散列：${sha256}`);
  return sha256;
}

/** A blob the database names but the store does not have: the archive needs fsck and a restore. */
export class MissingBlobError extends UserError {
  constructor(readonly sha256: string) {
    super(`页面库中缺少文件 ${sha256}，请运行完整性检查（fsck）并从备份恢复`);
  }
}

/** Bytes that do not hash to the name they were given: never stored under it. */
export class HashMismatchError extends UserError {
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`文件内容与其散列不符（应为 ${expected}，实为 ${actual}），未存入页面库`);
  }
}

export function isS3Url(spec: string): boolean {
  return /^s3:\/\//i.test(spec);
}

/** A store URL or folder fit to print or log: any secret in it is replaced by ***. */
export function redactStoreSpec(spec: string): string {
  if (!isS3Url(spec)) return spec;
  try {
    const url = new URL(spec);
    if (url.password) url.password = '***';
    for (const key of [...url.searchParams.keys()]) if (/secret|token|password/i.test(key)) url.searchParams.set(key, '***');
    // Keep the endpoint readable: URLSearchParams escapes its colons and slashes.
    return decodeURIComponent(url.toString());
  } catch {
    return spec.replace(/:[^:@/]*@/, ':***@').replace(/((?:secret|token|password)[^=&]*=)[^&]*/gi, '$1***');
  }
}

/**
 * Opens the blob store an archive uses. Without a spec (and no HUDANG_STORE),
 * the archive's own store/ folder, exactly where existing archives keep their
 * blobs; an s3:// URL is object storage; anything else is a folder path.
 */
export async function openStore(spec: string | undefined, archiveDir: string): Promise<BlobStore> {
  const chosen = spec?.trim() || undefined;
  if (chosen && isS3Url(chosen)) {
    const { S3Store } = await import('./s3Store');
    return S3Store.fromUrl(chosen, archiveDir);
  }
  const { FolderStore } = await import('./folderStore');
  // A relative folder is taken from the working directory, as --data is.
  return new FolderStore(chosen ? path.resolve(chosen) : path.join(archiveDir, 'store'), archiveDir);
}
