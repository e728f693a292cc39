import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { CamelCasePlugin, Kysely, SqliteAdapter, SqliteDialect, type DialectAdapter } from 'kysely';
import type { Database } from './schema';

/**
 * What only the archive on SQLite has: opening the file, pragmas, the native
 * binding under Electron, the guard function on its one connection, and
 * online backup. database.ts picks this or postgres.ts.
 */

export interface OpenOptions {
  /** Path of better_sqlite3.node built for Electron's ABI, when running inside Electron. */
  nativeBinding?: string;
}

/**
 * SQLite can roll back CREATE/DROP, but Kysely's adapter says it cannot, so
 * its migrator would leave a half-upgraded archive behind when a migration
 * fails or the machine stops mid-way. Saying so lets every pending migration
 * run in one transaction: the archive is upgraded completely or not at all.
 */
class TransactionalDdlAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class ArchiveDialect extends SqliteDialect {
  override createAdapter(): DialectAdapter {
    return new TransactionalDdlAdapter();
  }
}

/** The archive's SQLite file as Kysely, not yet migrated. */
export function sqliteKysely(file: string, options: OpenOptions = {}): Kysely<Database> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const raw = new BetterSqlite3(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  raw.pragma('journal_mode = WAL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
  // WAL + NORMAL is durable against process crashes; FULL also survives power loss
  // mid-commit, which matters more for an archive than a few ms per commit.
  raw.pragma('synchronous = FULL');
  const unlocks = new Set<string>();
  // The delete and retention triggers ask this; only this app's own connection
  // has it (a sqlite3 shell gets "no such function" and its delete fails), and
  // it answers 1 only inside the service transaction that called whileUnlocked.
  raw.function('hudang_unlocked', { deterministic: false }, (kind: unknown, id: unknown) => (unlocks.has(`${String(kind)}:${String(id)}`) ? 1 : 0));
  const db = new Kysely<Database>({
    dialect: new ArchiveDialect({ database: cachingStatements(raw) }),
    plugins: [new CamelCasePlugin()],
  });
  unlocked.set(db, unlocks);
  return db;
}

/** The guards open on this SQLite database's one connection (see database.ts whileUnlocked). */
export function sqliteUnlocks(db: Kysely<Database>): Set<string> {
  const unlocks = unlocked.get(db);
  if (!unlocks) throw new Error('whileUnlocked needs the database opened by openDatabase');
  return unlocks;
}

const unlocked = new WeakMap<Kysely<Database>, Set<string>>();

/** Most prepared statements kept per connection. */
const STATEMENT_CACHE = 256;

/**
 * The connection as Kysely sees it, with its prepared statements kept by
 * their SQL text: Kysely prepares every query afresh, which costs more than
 * running most of them. Kysely runs one query at a time on its connection
 * (a stream holds it until done), so a kept statement is never in use twice.
 */
function cachingStatements(raw: BetterSqlite3.Database): BetterSqlite3.Database {
  const kept = new Map<string, BetterSqlite3.Statement>();
  const prepare = (source: string): BetterSqlite3.Statement => {
    let statement = kept.get(source);
    if (statement) {
      kept.delete(source);
    } else {
      statement = raw.prepare(source);
      if (kept.size >= STATEMENT_CACHE) kept.delete(kept.keys().next().value as string);
    }
    kept.set(source, statement);
    return statement;
  };
  return new Proxy(raw, {
    get: (target, key) => {
      if (key === 'prepare') return prepare;
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * A consistent copy of a live database through SQLite's online backup API,
 * taken on its own read connection while the app keeps writing.
 */
export async function backupDatabase(file: string, destination: string, options: OpenOptions = {}): Promise<void> {
  const source = new BetterSqlite3(file, { readonly: true, fileMustExist: true, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) });
  try {
    await source.backup(destination);
  } finally {
    source.close();
  }
}
