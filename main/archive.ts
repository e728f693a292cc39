import fs from 'node:fs';
import path from 'node:path';
import { openDatabase, type Engine, type OpenOptions } from './db/database';
import { databaseFor, ensureDatabase, isPostgresUrl, redactUrl } from './db/postgres';
import { writeFileAtomically } from './support/atomicFile';
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
  /**
   * A postgres:// URL (default: the folder's database.json, then HUDANG_DB);
   * without one, or with false, the archive's database is hudang.db in its folder.
   */
  db?: string | false;
  /** Where the blobs are: a folder or an s3:// URL (default: the folder's database.json, then HUDANG_STORE, else the store/ folder in the archive folder). */
  store?: string;
}

/** Names the server database of an archive folder whose SQLite file was moved there (`hudang migrate`). */
export const CONNECTION_FILE = 'database.json';

interface Connection {
  db: string;
  /** Where the blobs went, when they moved too (`migrate --to-store`). */
  store?: string;
}

function readConnection(root: string): Connection | null {
  const file = path.join(root, CONNECTION_FILE);
  if (!fs.existsSync(file)) return null;
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<Connection>;
    if (typeof parsed.db === 'string' && (parsed.store === undefined || typeof parsed.store === 'string')) return { db: parsed.db, ...(parsed.store ? { store: parsed.store } : {}) };
  } catch {
    // reported below
  }
  throw new UserError(`档案文件夹中的 ${CONNECTION_FILE} 无法读取（应写明数据库地址 db），请检查该文件：${file}`);
}

/**
 * Written once the move is verified: from then on every front opening this
 * folder uses the server. Readable by its owner only, as the URL may hold a
 * password (like a .pgpass file). Atomic: a crash leaves no half file.
 */
export async function writeConnection(root: string, connection: Connection): Promise<void> {
  await writeFileAtomically(path.join(root, CONNECTION_FILE), `${JSON.stringify({ ...connection, writtenAt: new Date().toISOString() }, null, 2)}\n`, 0o600);
}

export async function openArchive(dataDir: string, options: ArchiveOptions = {}): Promise<Archive> {
  const root = path.resolve(dataDir);
  const storeDir = path.join(root, 'store');
  fs.mkdirSync(storeDir, { recursive: true });
  const connection = options.db === false ? null : readConnection(root);
  const server = options.db === false ? undefined : (options.db ?? connection?.db ?? process.env.HUDANG_DB);
  let target = path.join(root, 'hudang.db');
  if (server) {
    if (!isPostgresUrl(server)) throw new UserError(`数据库地址应以 postgres:// 开头：${redactUrl(server)}`);
    target = databaseFor(server, root);
    if (target !== server) await ensureDatabase(target);
  }
  const store = await openStore(options.store ?? connection?.store ?? process.env.HUDANG_STORE, root);
  const opened = await openDatabase(target, root, options);
  return { dataDir: root, storeDir: store instanceof FolderStore ? store.root : storeDir, dbFile: opened.location, engine: opened.engine, db: opened.db, store, close: opened.close };
}
