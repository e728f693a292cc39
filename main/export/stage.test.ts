import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleVolume } from '../output/samples';
import { workerEntry, workerPool } from '../support/workerPool';
import { tempDir } from '../testing/fixtures';
import { bundleWorker } from '../testing/workers';
import { checkSignature, generateKeyPair, SIGNATURE_FILE } from './signing';
import { runExportJob, stage, type ExportJob, type ExportOutcome, type StageJob, type StageOutcome } from './stage';
import { stagePool } from './writePackage';

/**
 * Writing a package on an export worker thread: really on a worker, from
 * the TypeScript source and from a bundle built as `npm run build:main`
 * builds it, every file byte for byte what the main thread writes; damaged
 * and missing blobs and a cancel leave nothing behind.
 */

let dir: string;
let job: (partial: string, cancel?: Int32Array) => StageJob;

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const key = generateKeyPair();

/** UTF-8 of a text in shared memory, as an export hands the workers the checklist pack. */
function shared(text: string): Uint8Array {
  const encoded = Buffer.from(text, 'utf8');
  const bytes = new Uint8Array(new SharedArrayBuffer(encoded.length));
  bytes.set(encoded);
  return bytes;
}

/**
 * The package's files apart from its signature, which differs on every
 * write (SM2 signs with a fresh random number each time); the signature is
 * checked against the tag manifest instead.
 */
function unsigned(found: Map<string, Buffer>): Map<string, Buffer> {
  const signature = found.get(SIGNATURE_FILE);
  expect(checkSignature(String(signature), found.get('tagmanifest-sha256.txt') ?? Buffer.alloc(0))).toMatchObject({ ok: true, signer: { publicKey: key.publicKey } });
  return new Map([...found].filter(([name]) => name !== SIGNATURE_FILE));
}

/** Every file under a folder: relative path → bytes. */
function files(root: string): Map<string, Buffer> {
  const found = new Map<string, Buffer>();
  for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) found.set(path.relative(root, path.join(entry.parentPath, entry.name)), fs.readFileSync(path.join(entry.parentPath, entry.name)));
  }
  return found;
}

beforeAll(async () => {
  dir = tempDir('hudang-stage-');
  const store = path.join(dir, 'store');
  fs.mkdirSync(store);
  const blob = (bytes: Uint8Array) => {
    const file = path.join(store, sha(bytes));
    fs.writeFileSync(file, bytes);
    return { file, sha256: sha(bytes), known: { sm3: createHash('sm3').update(bytes).digest('hex'), size: bytes.length } };
  };
  const volume = await sampleVolume(72);
  const pages = volume.documents.flatMap((d) => d.pages.map((p) => blob(p.bytes)));
  const original = blob(Buffer.from('%PDF-1.4 原始扫描文件'));
  const empty = { ...volume, documents: volume.documents.map((d) => ({ ...d, pages: d.pages.map((p) => ({ ...p, bytes: new Uint8Array(0) })) })) };
  job = (partial, cancel) => ({
    partial,
    copies: [
      // Half the pages with digests on record (copied in the kernel), half hashed while copied.
      ...pages.map((p, i) => ({ from: p.file, file: `data/pages/01_低保/${String(i + 1).padStart(4, '0')}.jpg`, sha256: p.sha256, what: '页面图像', known: i % 2 === 0 ? p.known : null })),
      { from: original.file, file: 'data/originals/扫描1.pdf', sha256: original.sha256, what: '原始扫描文件', known: null },
    ],
    volumes: [{ file: 'data/volumes/01_低保.pdf', data: empty, pages: pages.map((p) => p.file), key: 'a'.repeat(64) }],
    storeRoot: store,
    // Text, and bytes in shared memory as every package of a run shares the checklist pack's.
    metadata: ['{\n  "format": ', shared('"hudang-package"'), '\n}\n'],
    bagInfo: [
      ['Bag-Count', '1 of 1'],
      ['Payload-Oxum', ''],
    ],
    tagFiles: [],
    signing: key,
    cancel: cancel ?? null,
  });
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A job's one package, handed over alone as the export hands a worker a run of them. */
async function only(outcome: Promise<ExportOutcome>): Promise<StageOutcome | undefined> {
  const result = await outcome;
  expect(result).toHaveLength(1);
  return (result as StageOutcome[])[0];
}

async function written(outcome: Promise<StageOutcome | undefined>, partial: string): Promise<Map<string, Buffer>> {
  expect(await outcome).toMatchObject({ ok: true });
  return files(partial);
}

describe('stage on a worker thread', () => {
  it('writes the same package on a worker as on this thread, loading the worker from its source', async () => {
    const here = await written(stage(job(path.join(dir, 'here'))), path.join(dir, 'here'));
    expect([...here.keys()].sort()).toEqual(
      ['bag-info.txt', 'bagit.txt', 'data/metadata.json', 'data/originals/扫描1.pdf', 'data/volumes/01_低保.pdf', 'hudang-signature.txt', 'manifest-sha256.txt', 'manifest-sm3.txt', 'tagmanifest-sha256.txt', ...[1, 2, 3, 4, 5, 6, 7, 8].map((n) => `data/pages/01_低保/000${n}.jpg`)].sort(),
    );
    expect(here.get('bag-info.txt')?.toString()).toMatch(/^Bag-Count: 1 of 1\nPayload-Oxum: \d+\.11\n$/);
    expect(here.get('data/metadata.json')?.toString()).toBe('{\n  "format": "hudang-package"\n}\n');
    const pool = stagePool(1);
    try {
      const there = await written(only(pool.run([job(path.join(dir, 'worker'))])), path.join(dir, 'worker'));
      expect(pool.done).toEqual({ worker: 1, inProcess: 0 });
      expect(unsigned(there)).toEqual(unsigned(here));
    } finally {
      await pool.close();
    }
  });

  it('loads the worker from a bundle built as build:main builds dist/main/exportWorker.js', async () => {
    const { near, remove } = await bundleWorker('exportWorker', 'main/export/exportWorker.ts');
    expect(workerEntry('exportWorker', near)?.kind).toBe('bundle');
    const pool = workerPool<ExportJob, ExportOutcome>({ name: 'exportWorker', near, local: runExportJob, threads: 1 });
    try {
      const bundled = await written(only(pool.run([job(path.join(dir, 'bundled'))])), path.join(dir, 'bundled'));
      expect(pool.done).toEqual({ worker: 1, inProcess: 0 });
      expect(unsigned(bundled)).toEqual(unsigned(files(path.join(dir, 'here'))));
    } finally {
      await pool.close();
      remove();
    }
  });

  it('names a damaged or missing blob (fsck) and leaves no folder; a cancel leaves none either', async () => {
    const pool = stagePool(1);
    try {
      const damaged = job(path.join(dir, 'damaged'));
      // A blob hashed while copied (no digests on record) must hash to its name.
      damaged.copies[1] = { ...damaged.copies[1]!, sha256: '0'.repeat(64) };
      expect(await only(pool.run([damaged]))).toMatchObject({ ok: false, cancelled: false, userError: true, message: expect.stringMatching(/存储中的页面图像已损坏.*fsck/) });
      const missing = job(path.join(dir, 'missing'));
      missing.copies[1] = { ...missing.copies[1]!, from: path.join(dir, 'store', 'f'.repeat(64)) };
      expect(await only(pool.run([missing]))).toMatchObject({ ok: false, userError: true, message: expect.stringMatching(/存储中缺少页面图像.*fsck/) });
      const flag = new Int32Array(new SharedArrayBuffer(4));
      Atomics.store(flag, 0, 1);
      expect(await only(pool.run([job(path.join(dir, 'cancelled'), flag)]))).toMatchObject({ ok: false, cancelled: true });
      for (const name of ['damaged', 'missing', 'cancelled']) expect(fs.existsSync(path.join(dir, name))).toBe(false);
    } finally {
      await pool.close();
    }
  });

  it('stops idle workers after a while, starts them again when needed, and runs on this thread with 0 threads', async () => {
    const pool = stagePool(1, 50);
    try {
      await written(only(pool.run([job(path.join(dir, 'idle-1'))])), path.join(dir, 'idle-1'));
      expect(pool.running).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(pool.running).toBe(0);
      await written(only(pool.run([job(path.join(dir, 'idle-2'))])), path.join(dir, 'idle-2'));
      expect(pool.done).toEqual({ worker: 2, inProcess: 0 });
    } finally {
      await pool.close();
    }
    const here = stagePool(0);
    await written(only(here.run([job(path.join(dir, 'zero'))])), path.join(dir, 'zero'));
    expect(here.done).toEqual({ worker: 0, inProcess: 1 });
  });
});
