import fs from 'node:fs';
import path from 'node:path';
import { HashMismatchError, type BlobStore } from '../store/blobStore';
import { UserError } from '../support/errors';

/**
 * Puts a package file into the district's store as a stream (a package file
 * may be too large to hold whole), through the store's one write routine:
 * whole or absent, never rewritten, and in a folder store fsynced and renamed
 * with its folder fsynced too. The copy is hashed again on the way, so a file
 * changed after verification never enters the store under the wrong name.
 */
export async function putFile(store: BlobStore, file: string, sha256: string): Promise<boolean> {
  if (await store.has(sha256)) return false;
  try {
    return (await store.putStream(fs.createReadStream(file), sha256)).created;
  } catch (error) {
    if (error instanceof HashMismatchError) throw new UserError(`文件在校验后被改动：${path.basename(file)}`, { cause: error });
    throw error;
  }
}
