import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yauzl from 'yauzl';
import yazl from 'yazl';
import type { AuditVerifyReport } from '../api/contract';
import { openArchive, type Archive } from '../archive';
import { ANCHOR_FILE, ANCHOR_KEY_FILE, readAuditAnchor } from '../db/auditAnchor';
import { backupDatabase } from '../db/sqlite';
import { sha256Of } from '../store/blobStore';
import { folderOf } from '../store/folderStore';
import { UserError } from '../support/errors';
import { fsck, referencedBlobs } from './fsck';
import { verifyAudit } from './verifyAudit';

/**
 * Backup and restore of a whole archive as one ZIP: a consistent snapshot of
 * the database (SQLite online backup, safe while an ingest runs) and every
 * blob that snapshot refers to. The store is write-once, so blobs added after
 * the snapshot are simply not part of it. The audit anchor and its key go
 * along, the anchor read before the snapshot so it never runs ahead of it.
 * Restore checks every blob's hash and then runs fsck and audit verify: the
 * round trip proves itself.
 */

export interface BackupReport {
  file: string;
  blobs: number;
  bytes: number;
}

export async function backupArchive(archive: Archive, outFile: string): Promise<BackupReport> {
  if (archive.engine !== 'sqlite') throw new UserError('PostgreSQL 上的档案请用数据库服务器的备份（pg_dump）和页面库的备份，不能打包成一个备份文件');
  // Blob files go into the zip as they are: a store in object storage has its own backup.
  const store = folderOf(archive.store, '打包备份');
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'hudang-backup-'));
  try {
    const snapshot = path.join(temp, 'hudang.db');
    // The anchor is written after each commit, so one read before the snapshot vouches for a prefix of it.
    const anchor = await readAuditAnchor(archive.dataDir);
    const anchorKey = fs.readFileSync(path.join(archive.dataDir, ANCHOR_KEY_FILE));
    await backupDatabase(archive.dbFile, snapshot);
    const copy = await openArchive(path.join(temp), { db: false, store: path.join(temp, 'store') });
    const blobs = [...(await referencedBlobs(copy.db)).keys()].sort();
    await copy.close();
    const zip = new yazl.ZipFile();
    zip.addFile(snapshot, 'hudang.db');
    if (anchor !== null) zip.addBuffer(Buffer.from(anchor), ANCHOR_FILE);
    zip.addBuffer(anchorKey, ANCHOR_KEY_FILE);
    for (const sha of blobs) zip.addFile(store.pathOf(sha), `store/${sha.slice(0, 2)}/${sha}`, { compress: false });
    zip.addBuffer(Buffer.from(JSON.stringify({ format: 'hudang-backup-1', createdAt: new Date().toISOString(), blobs: blobs.length }, null, 2)), 'manifest.json');
    zip.end();
    const partial = `${outFile}.partial`;
    await new Promise<void>((resolve, reject) => {
      zip.outputStream.pipe(fs.createWriteStream(partial)).on('close', resolve).on('error', reject);
    });
    fs.renameSync(partial, outFile);
    return { file: outFile, blobs: blobs.length, bytes: fs.statSync(outFile).size };
  } finally {
    fs.rmSync(temp, { recursive: true, force: true });
  }
}

const ENTRY = /^(hudang\.db|manifest\.json|audit-head\.json|audit-anchor\.key|store\/[0-9a-f]{2}\/[0-9a-f]{64})$/;

function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error || !stream) return reject(error ?? new Error('无法读取备份条目'));
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks))).on('error', reject);
    });
  });
}

export interface RestoreReport {
  dataDir: string;
  blobs: number;
  households: number;
  fsck: Awaited<ReturnType<typeof fsck>>;
  /** The restored audit log against the anchor the backup carried. */
  audit: AuditVerifyReport;
}

/** Restores into an empty folder; refuses unknown entry names, so nothing lands outside it. */
export async function restoreArchive(backupFile: string, dataDir: string): Promise<RestoreReport> {
  if (fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0) throw new UserError(`恢复目标目录不是空的：${dataDir}`);
  fs.mkdirSync(path.join(dataDir, 'store'), { recursive: true });
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(backupFile, { lazyEntries: true, autoClose: true }, (error, z) => (error || !z ? reject(new UserError('无法打开备份文件：文件已损坏或不是户档备份')) : resolve(z))),
  );
  let blobs = 0;
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      if (!ENTRY.test(entry.fileName)) return reject(new UserError(`备份中有不认识的条目：${entry.fileName}`));
      readEntry(zip, entry)
        .then((bytes) => {
          if (entry.fileName.startsWith('store/')) {
            const sha = path.basename(entry.fileName);
            if (sha256Of(bytes) !== sha) throw new UserError(`备份中的图像已损坏：${sha}`);
            blobs++;
          }
          const target = path.join(dataDir, entry.fileName);
          fs.mkdirSync(path.dirname(target), { recursive: true });
          fs.writeFileSync(target, bytes, { flag: 'wx', mode: entry.fileName === ANCHOR_KEY_FILE ? 0o600 : 0o666 });
          zip.readEntry();
        })
        .catch(reject);
    });
    zip.on('end', resolve).on('error', reject);
    zip.readEntry();
  });
  // The restored blobs are in the folder just filled, whatever HUDANG_STORE says.
  const archive = await openArchive(dataDir, { db: false, store: path.join(dataDir, 'store') });
  try {
    const households = Number((await archive.db.selectFrom('household').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0);
    return { dataDir, blobs, households, fsck: await fsck(archive.db, archive.store), audit: await verifyAudit(archive.db) };
  } finally {
    await archive.close();
  }
}
