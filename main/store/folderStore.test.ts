import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../testing/fixtures';
import { FolderStore, sha256Of } from './folderStore';

describe('FolderStore.putAll', () => {
  it('stores each blob once under its hash, says which were new, and leaves no temporary files', async () => {
    const store = new FolderStore(path.join(tempDir(), 'store'));
    const a = Buffer.from('第一页');
    const b = Buffer.from('第二页');
    const first = await store.putAll([a, b, a]);
    expect(first.map((r) => r.created)).toEqual([true, true, false]);
    expect(first.map((r) => r.sha256)).toEqual([sha256Of(a), sha256Of(b), sha256Of(a)]);
    expect((await store.read(sha256Of(a))).equals(a)).toBe(true);
    expect((await store.read(sha256Of(b))).equals(b)).toBe(true);

    const again = await store.putAll([b]);
    expect(again).toEqual([{ sha256: sha256Of(b), size: b.length, created: false }]);
    expect((await store.put(a)).created).toBe(false);
    expect(fs.readdirSync(path.join(store.root, 'tmp'))).toEqual([]);
  });

  it('lets calls running at once share a blob: one file, both resolve once it is durable', async () => {
    const store = new FolderStore(path.join(tempDir(), 'store'));
    const same = Buffer.alloc(512 * 1024, 7);
    const [x, y] = await Promise.all([store.putAll([same]), store.putAll([same, Buffer.from('别的')])]);
    expect([x[0]?.created, y[0]?.created].filter(Boolean)).toHaveLength(1);
    expect((await store.read(sha256Of(same))).equals(same)).toBe(true);
    expect(fs.readdirSync(path.dirname(store.pathOf(sha256Of(same))))).toEqual([sha256Of(same)]);
    expect(fs.readdirSync(path.join(store.root, 'tmp'))).toEqual([]);
  });

  it('never rewrites a blob that is already stored', async () => {
    const store = new FolderStore(path.join(tempDir(), 'store'));
    const bytes = Buffer.from('原件');
    await store.put(bytes);
    const before = fs.statSync(store.pathOf(sha256Of(bytes)));
    await store.putAll([bytes]);
    const after = fs.statSync(store.pathOf(sha256Of(bytes)));
    expect(after.ino).toBe(before.ino);
    expect(after.mtimeMs).toBe(before.mtimeMs);
  });
});
