import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { CamelCasePlugin, Kysely, Migrator, SqliteAdapter, SqliteDialect, sql, type DialectAdapter, type MigrationResultSet } from 'kysely';
import { migrations } from '../../migrations';
import { openAuditAnchor } from './auditAnchor';
import type { Database } from './schema';

/**
 * The one place that knows the archive runs on SQLite: opening the file,
 * pragmas, the native binding under Electron, and running migrations.
 * Everything else talks Kysely, so a PostgreSQL dialect can replace this file.
 */

export interface OpenedDatabase {
  db: Kysely<Database>;
  /** The file path, for backups and diagnostics. */
  file: string;
  close(): Promise<void>;
}

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

export async function openDatabase(file: string, options: OpenOptions = {}): Promise<OpenedDatabase> {
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
  await migrateToLatest(db);
  await openAuditAnchor(db, path.dirname(path.resolve(file)));
  return { db, file, close: () => db.destroy() };
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

/** What a guard trigger may let through: a destruction of one household's exited file, or the release of one legal hold. */
export type Unlock = { kind: 'destroy'; householdId: number } | { kind: 'release'; exitId: number };

/**
 * Runs `work` with one guard opened on this database's connection. Call it
 * inside the transaction (mutate) that does the guarded change: Kysely holds
 * the one connection for the whole transaction, so no other statement runs
 * while the guard is open, and it is closed again before the commit.
 */
export async function whileUnlocked<T>(db: Kysely<Database>, unlock: Unlock, work: () => Promise<T>): Promise<T> {
  const unlocks = unlocked.get(db);
  if (!unlocks) throw new Error('whileUnlocked needs the database opened by openDatabase');
  const key = unlock.kind === 'destroy' ? `destroy:${unlock.householdId}` : `release:${unlock.exitId}`;
  unlocks.add(key);
  try {
    return await work();
  } finally {
    unlocks.delete(key);
  }
}

export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationResultSet> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? '未知';
    throw new Error(`数据库升级失败（迁移 ${failed}）：${String(result.error)}`);
  }
  return result;
}

/** Names of the migrations applied to this database, oldest first. */
export async function appliedMigrations(db: Kysely<Database>): Promise<string[]> {
  const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  return rows.rows.map((r) => r.name);
}

/**
 * A WHERE condition matching households whose 户主姓名, 身份证号 or 住址 contains
 * `text`. Trigram FTS finds fragments of 3+ characters; shorter terms cannot
 * match a trigram index and use LIKE instead. The text is quoted, so
 * punctuation is searched for, never parsed as FTS syntax.
 */
export function householdTextMatch(householdIdColumn: string, text: string) {
  const id = sql.ref(householdIdColumn);
  if (trigramSearchable(text)) {
    return sql<boolean>`${id} in (select rowid from household_fts where household_fts match ${ftsPhrase(text)})`;
  }
  const pattern = likeContaining(text);
  return sql<boolean>`${id} in (select id from household where head_name like ${pattern} escape '\\' or id_number like ${pattern} escape '\\')`;
}

/** A trigram index can only find terms of 3 or more characters. */
export function trigramSearchable(text: string): boolean {
  return [...text].length >= 3;
}

/** User text as one quoted FTS5 phrase: punctuation and AND/OR/NOT are searched for, never parsed. */
export function ftsPhrase(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/** A LIKE pattern (with escape '\\') matching values that contain `text` literally. */
export function likeContaining(text: string): string {
  return `%${text.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
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
