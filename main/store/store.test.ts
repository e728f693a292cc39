import fs from 'node:fs';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../testing/fixtures';
import { startTestS3, type TestS3 } from '../testing/s3server';
import { HashMismatchError, MissingBlobError, openStore, redactStoreSpec, sha256Of, type BlobStore } from './blobStore';

/** The same contract, run against every kind of store. */
function contract(name: string, open: () => Promise<BlobStore | string>) {
  describe(`BlobStore contract: ${name}`, () => {
    let store: BlobStore;
    let skipped: string | null = null;
    beforeAll(async () => {
      const opened = await open();
      if (typeof opened === 'string') skipped = opened;
      else store = opened;
    });
    const test = (title: string, body: () => Promise<void>) =>
      it(title, async (ctx) => {
        if (skipped !== null) {
          ctx.skip(`跳过 ${name}：${skipped}`);
        }
        await body();
      });

    test('put, has, size, read and copyTo round-trip the bytes exactly', async () => {
      const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 31) % 256));
      const stored = await store.put(bytes);
      expect(stored).toEqual({ sha256: sha256Of(bytes), size: bytes.length, created: true });
      expect(await store.has(stored.sha256)).toBe(true);
      expect(await store.size(stored.sha256)).toBe(bytes.length);
      expect((await store.read(stored.sha256)).equals(bytes)).toBe(true);
      const file = path.join(tempDir(), 'copy.bin');
      await store.copyTo(stored.sha256, file);
      expect(fs.readFileSync(file).equals(bytes)).toBe(true);
      const sink = new PassThrough();
      const chunks: Buffer[] = [];
      sink.on('data', (c: Buffer) => chunks.push(c));
      await store.copyTo(stored.sha256, sink);
      expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
    });

    test('putAll stores each blob once and says which were new', async () => {
      const a = Buffer.from(`第一页 ${name}`);
      const b = Buffer.from(`第二页 ${name}`);
      const first = await store.putAll([a, b, a]);
      expect(first.map((r) => r.created)).toEqual([true, true, false]);
      expect(first.map((r) => r.sha256)).toEqual([sha256Of(a), sha256Of(b), sha256Of(a)]);
      expect((await store.read(sha256Of(b))).equals(b)).toBe(true);
      expect(await store.putAll([b])).toEqual([{ sha256: sha256Of(b), size: b.length, created: false }]);
    });

    test('putStream names the blob by its hash and is write-once', async () => {
      const parts = [Buffer.from('原件扫描'), Buffer.alloc(200_000, 3), Buffer.from('末尾')];
      const whole = Buffer.concat(parts);
      const stored = await store.putStream(Readable.from(parts));
      expect(stored).toEqual({ sha256: sha256Of(whole), size: whole.length, created: true });
      expect((await store.read(stored.sha256)).equals(whole)).toBe(true);
      expect((await store.putStream(Readable.from(parts), stored.sha256)).created).toBe(false);
      expect((await store.putStream(Readable.from(parts))).created).toBe(false);
      expect((await store.put(whole)).created).toBe(false);
    });

    test('the same bytes twice are created once and never rewritten', async () => {
      const bytes = Buffer.from(`只写一次 ${name}`);
      expect((await store.put(bytes)).created).toBe(true);
      const before = await store.size(sha256Of(bytes));
      const again = await Promise.all([store.put(bytes), store.put(bytes), store.putAll([bytes])]);
      expect(again.flat().map((r) => r.created)).toEqual([false, false, false]);
      expect(await store.size(sha256Of(bytes))).toBe(before);
    });

    test('bytes that do not match the hash they are given are refused and not stored', async () => {
      const claimed = sha256Of(Buffer.from('校验时的内容'));
      const changed = Buffer.from('校验后被改动的内容');
      await expect(store.putStream(Readable.from([changed]), claimed)).rejects.toBeInstanceOf(HashMismatchError);
      expect(await store.has(claimed)).toBe(false);
      expect(await store.has(sha256Of(changed))).toBe(false);
    });

    test('a missing blob is a clear Chinese error; discard removes a blob', async () => {
      const absent = sha256Of(Buffer.from(`从未存入 ${name}`));
      expect(await store.has(absent)).toBe(false);
      expect(await store.size(absent)).toBe(null);
      await expect(store.read(absent)).rejects.toBeInstanceOf(MissingBlobError);
      await expect(store.read(absent)).rejects.toThrow(/页面库中缺少文件.*完整性检查/);
      await expect(store.copyTo(absent, path.join(tempDir(), 'x'))).rejects.toBeInstanceOf(MissingBlobError);
      const doomed = await store.put(Buffer.from(`待销毁 ${name}`));
      await store.discard(doomed.sha256);
      expect(await store.has(doomed.sha256)).toBe(false);
      await expect(store.read('not-a-hash')).rejects.toThrow(/无效的内容散列/);
    });
  });
}

contract('folder', async () => openStore(undefined, tempDir()));

let s3: TestS3 | null = null;
let s3Failure = '';
contract('S3 (s3rver)', async () => {
  const started = await startTestS3();
  if ('failed' in started) return (s3Failure = `s3rver 无法启动（${started.failed}）`);
  s3 = started;
  return openStore(started.url(`contract-${Date.now()}`), tempDir());
});
afterAll(async () => {
  await s3?.close();
  if (s3Failure) console.warn(s3Failure);
});

describe('openStore', () => {
  it('keeps an existing archive in its store/ folder, and takes a folder path or an s3:// URL', async () => {
    const dir = tempDir();
    expect((await openStore(undefined, dir)).location).toBe(path.join(dir, 'store'));
    const shared = await openStore(path.join(dir, 'share'), dir);
    expect(shared.location).toBe(path.join(dir, 'share'));
    expect(shared.archiveDir).toBe(dir);
    const remote = await openStore('s3://bucket/a/b?endpoint=http://127.0.0.1:9000&accessKeyId=AK&secretAccessKey=topsecret', dir);
    expect(remote.location).not.toContain('topsecret');
    expect(remote.location).toContain('s3://bucket/a/b');
  });

  it('never prints a secret from a store URL', () => {
    expect(redactStoreSpec('s3://AK:topsecret@bucket/p')).not.toContain('topsecret');
    expect(redactStoreSpec('s3://bucket/p?secretAccessKey=topsecret&region=x')).toBe('s3://bucket/p?secretAccessKey=***&region=x');
    expect(redactStoreSpec('/mnt/share/store')).toBe('/mnt/share/store');
  });
});
