import fs from 'node:fs';
import path from 'node:path';
import { openDatabase, type OpenOptions } from './db/sqlite';
import type { Database } from './db/schema';
import type { Kysely } from 'kysely';
import { PageStore } from './ingest/pageStore';

/**
 * An archive directory: the database (the source of truth) and the
 * content-addressed, write-once page store beside it. Created on first use.
 */
export interface Archive {
  dataDir: string;
  storeDir: string;
  dbFile: string;
  db: Kysely<Database>;
  /** Content-addressed, write-once blobs: original scans, page images, thumbnails. */
  store: PageStore;
  close(): Promise<void>;
}

export async function openArchive(dataDir: string, options: OpenOptions = {}): Promise<Archive> {
  const root = path.resolve(dataDir);
  const storeDir = path.join(root, 'store');
  fs.mkdirSync(storeDir, { recursive: true });
  const dbFile = path.join(root, 'hudang.db');
  const opened = await openDatabase(dbFile, options);
  return { dataDir: root, storeDir, dbFile, db: opened.db, store: new PageStore(storeDir), close: opened.close };
}
