import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { putFile } from '../district/putFile';
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

  it('lets two streams of the same bytes race: one creates the file, the other finds it, nothing is replaced', async () => {
    const store = new FolderStore(path.join(tempDir(), 'store'));
    const bytes = Buffer.alloc(300 * 1024, 9);
    const results = await Promise.all([store.putStream(Readable.from([bytes])), store.putStream(Readable.from([bytes])), store.putStream(Readable.from([bytes]), sha256Of(bytes))]);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(results.every((r) => r.sha256 === sha256Of(bytes) && r.size === bytes.length)).toBe(true);
    expect(fs.readdirSync(path.dirname(store.pathOf(sha256Of(bytes))))).toEqual([sha256Of(bytes)]);
    expect(fs.readdirSync(path.join(store.root, 'tmp'))).toEqual([]);
  });

  it('takes a package file through the same write routine (putFile), refusing one changed after verification', async () => {
    const dir = tempDir();
    const store = new FolderStore(path.join(dir, 'store'));
    const file = path.join(dir, 'page.jpg');
    fs.writeFileSync(file, '核验时的内容');
    const verified = sha256Of(fs.readFileSync(file));
    fs.writeFileSync(file, '核验后被换掉的内容');
    await expect(putFile(store, file, verified)).rejects.toThrow('文件在校验后被改动：page.jpg');
    expect(await store.has(verified)).toBe(false);
    expect(fs.readdirSync(path.join(store.root, 'tmp'))).toEqual([]);
    fs.writeFileSync(file, '核验时的内容');
    expect(await putFile(store, file, verified)).toBe(true);
    expect(await putFile(store, file, verified)).toBe(false);
    expect((await store.read(verified)).toString()).toBe('核验时的内容');
  });
});
