import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { copyHashed } from '../export/bagit';
import type { PageStore } from '../ingest/pageStore';
import { UserError } from '../support/errors';

/**
 * Puts a package file into the district's content-addressed store as a
 * stream (PageStore.put wants the whole file in memory). Same discipline as
 * PageStore: a temporary name inside the store, fsync, rename; an existing
 * blob is never rewritten. The copy is hashed again, so a file changed
 * after verification never enters the store under the wrong name.
 */
export async function putFile(store: PageStore, file: string, sha256: string): Promise<boolean> {
  if (store.has(sha256)) return false;
  const temp = path.join(store.root, 'tmp', `${sha256}.${randomBytes(6).toString('hex')}`);
  try {
    const copied = await copyHashed(file, temp);
    if (copied.sha256 !== sha256) throw new UserError(`文件在校验后被改动：${path.basename(file)}`);
    const fd = await fs.promises.open(temp, 'r+');
    await fd.sync();
    await fd.close();
    const target = store.pathOf(sha256);
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    await fs.promises.rename(temp, target);
    return true;
  } finally {
    await fs.promises.rm(temp, { force: true });
  }
}
