import fs from 'node:fs';
import path from 'node:path';
import { openDatabase, type Engine, type OpenOptions } from './db/database';
import { databaseFor, ensureDatabase, isPostgresUrl, redactUrl } from './db/postgres';
import { UserError } from './support/errors';
import type { Database } from './db/schema';
import type { Kysely } from 'kysely';
import { openStore, type BlobStore } from './store/blobStore';
import { FolderStore } from './store/folderStore';

/**
 * An archive directory: the database (the source of truth) and the
 * content-addressed, write-once page store beside it. Created on first use.
 * The database is hudang.db in the folder, or a PostgreSQL server's database
 * named by `db` (a postgres:// URL), which several clerks' processes share.
 */
export interface Archive {
  dataDir: string;
  /** The blob folder (the archive's store/ folder when blobs are in object storage). */
  storeDir: string;
  /** The SQLite file, or the server URL without its password. */
  dbFile: string;
  engine: Engine;
  db: Kysely<Database>;
  /** Content-addressed, write-once blobs: original scans, page images, thumbnails; a folder or object storage. */
  store: BlobStore;
  close(): Promise<void>;
}

export interface ArchiveOptions extends OpenOptions {
  /** A postgres:// URL (default: HUDANG_DB); without one, or with false, the archive's database is hudang.db in its folder. */
  db?: string | false;
  /** Where the blobs are: a folder or an s3:// URL (default: HUDANG_STORE, else the store/ folder in the archive folder). */
  store?: string;
}

export async function openArchive(dataDir: string, options: ArchiveOptions = {}): Promise<Archive> {
  const root = path.resolve(dataDir);
  const storeDir = path.join(root, 'store');
  fs.mkdirSync(storeDir, { recursive: true });
  const server = options.db === false ? undefined : (options.db ?? process.env.HUDANG_DB);
  let target = path.join(root, 'hudang.db');
  if (server) {
    if (!isPostgresUrl(server)) throw new UserError(`数据库地址应以 postgres:// 开头：${redactUrl(server)}`);
    target = databaseFor(server, root);
    if (target !== server) await ensureDatabase(target);
  }
  const store = await openStore(options.store ?? process.env.HUDANG_STORE, root);
  const opened = await openDatabase(target, root, options);
  return { dataDir: root, storeDir: store instanceof FolderStore ? store.root : storeDir, dbFile: opened.location, engine: opened.engine, db: opened.db, store, close: opened.close };
}
