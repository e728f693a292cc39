import path from 'node:path';
import { Migrator, PostgresAdapter, sql, type Kysely, type MigrationResultSet, type RawBuilder, type Transaction } from 'kysely';
import { migrations } from '../../migrations';
import { openAuditAnchor } from './auditAnchor';
import { isPostgresUrl, postgresKysely, redactUrl } from './postgres';
import type { Database } from './schema';
import { sqliteKysely, sqliteUnlocks, type OpenOptions } from './sqlite';

/**
 * The archive's database on either engine: a SQLite file (the embedded
 * default, one clerk's PC) or a PostgreSQL URL (an office or a district
 * server). Everything above talks Kysely; the few statements that differ
 * between the engines live here, each with both forms side by side.
 */

export type Engine = 'sqlite' | 'postgres';

export interface OpenedDatabase {
  db: Kysely<Database>;
  engine: Engine;
  /** The file path, or the server URL without its password: for backups and diagnostics. */
  location: string;
  close(): Promise<void>;
}

export type { OpenOptions };

/**
 * Opens (and upgrades) the archive's database. `target` is a SQLite file or
 * a postgres:// URL; `anchorDir` is where the audit chain's head is kept
 * outside the database (the archive folder).
 */
export async function openDatabase(target: string, anchorDir: string, options: OpenOptions = {}): Promise<OpenedDatabase> {
  const engine: Engine = isPostgresUrl(target) ? 'postgres' : 'sqlite';
  const db = engine === 'postgres' ? postgresKysely(target) : sqliteKysely(target, options);
  try {
    await migrateToLatest(db);
    await openAuditAnchor(db, path.resolve(anchorDir));
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return { db, engine, location: engine === 'postgres' ? redactUrl(target) : target, close: () => db.destroy() };
}

export function engineOf(db: Kysely<Database> | Transaction<Database>): Engine {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
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

/** What a guard trigger may let through: a destruction of one household's exited file, or the release of one legal hold. */
export type Unlock = { kind: 'destroy'; householdId: number } | { kind: 'release'; exitId: number };

/**
 * Runs `work` with one guard opened, inside the transaction `trx` that does
 * the guarded change (a mutate). On SQLite the guard function lives on the
 * one connection Kysely holds for the whole transaction; on PostgreSQL the
 * guard is a transaction-local setting of that transaction's connection.
 * Either way it is closed again before the commit.
 */
export async function whileUnlocked<T>(db: Kysely<Database>, trx: Transaction<Database>, unlock: Unlock, work: () => Promise<T>): Promise<T> {
  const key = unlock.kind === 'destroy' ? `destroy:${unlock.householdId}` : `release:${unlock.exitId}`;
  if (engineOf(db) === 'sqlite') {
    const unlocks = sqliteUnlocks(db);
    unlocks.add(key);
    try {
      return await work();
    } finally {
      unlocks.delete(key);
    }
  }
  const before = (await sql<{ v: string | null }>`select current_setting('hudang.unlock', true) as v`.execute(trx)).rows[0]?.v ?? '';
  await sql`select set_config('hudang.unlock', ${before ? `${before},${key}` : key}, true)`.execute(trx);
  try {
    return await work();
  } finally {
    await sql`select set_config('hudang.unlock', ${before}, true)`.execute(trx);
  }
}

/**
 * The database's own clock as the archive's ISO UTC text, `seconds` ahead:
 * processes on several machines compare leases by one clock, the server's.
 */
export function clockText(db: Kysely<Database> | Transaction<Database>, seconds = 0): RawBuilder<string> {
  return engineOf(db) === 'postgres'
    ? sql<string>`to_char((clock_timestamp() + make_interval(secs => ${seconds})) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
    : sql<string>`strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ${`${seconds} seconds`})`;
}

/** A trigram index can only find terms of 3 or more characters. */
function trigramSearchable(text: string): boolean {
  return [...text].length >= 3;
}

/** User text as one quoted FTS5 phrase: punctuation and AND/OR/NOT are searched for, never parsed. */
function ftsPhrase(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/** A LIKE pattern (with escape '\\') matching values that contain `text` literally. */
function likeContaining(text: string): string {
  return `%${text.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
}

/**
 * A WHERE condition matching households whose 户主姓名, 身份证号 or 住址
 * contains `text`, taken literally (punctuation is searched for, never
 * parsed). SQLite: trigram FTS5 for 3+ characters, LIKE for shorter terms.
 * PostgreSQL: ILIKE over the expression its pg_trgm GIN index covers.
 */
export function householdTextMatch(db: Kysely<Database>, householdIdColumn: string, text: string): RawBuilder<boolean> {
  const id = sql.ref(householdIdColumn);
  const pattern = likeContaining(text);
  if (engineOf(db) === 'postgres') {
    return sql<boolean>`${id} in (select id from household where (head_name || ' ' || id_number || ' ' || coalesce(address, '')) ilike ${pattern} escape '\\')`;
  }
  if (trigramSearchable(text)) {
    return sql<boolean>`${id} in (select rowid from household_fts where household_fts match ${ftsPhrase(text)})`;
  }
  return sql<boolean>`${id} in (select id from household where head_name like ${pattern} escape '\\' or id_number like ${pattern} escape '\\')`;
}

/** Ids of the newest pages whose recognised text contains `phrase` (2+ characters). */
export async function pageIdsContaining(db: Kysely<Database>, phrase: string, limit: number): Promise<number[]> {
  const pattern = likeContaining(phrase);
  const query =
    engineOf(db) === 'postgres'
      ? sql<{ id: number }>`select id from page where coalesce(ocr_text, title_text) ilike ${pattern} escape '\\' order by id desc limit ${limit}`
      : trigramSearchable(phrase)
        ? sql<{ id: number }>`select rowid as id from page_fts where page_fts match ${ftsPhrase(phrase)} order by rowid desc limit ${limit}`
        : sql<{ id: number }>`select id from page where coalesce(ocr_text, title_text) like ${pattern} escape '\\' order by id desc limit ${limit}`;
  return (await query.execute(db)).rows.map((r) => r.id);
}

/** `IN (…)` over a list handed over as one JSON parameter, however long the list (no bound-parameter limit). */
export function jsonValues(db: Kysely<Database> | Transaction<Database>, values: number[]): RawBuilder<number> {
  const json = JSON.stringify(values);
  return engineOf(db) === 'postgres'
    ? sql<number>`(SELECT value::integer FROM json_array_elements_text(${json}::json) AS value)`
    : sql<number>`(SELECT value FROM json_each(${json}))`;
}

/** jsonValues for a text column. */
export function jsonTexts(db: Kysely<Database> | Transaction<Database>, values: string[]): RawBuilder<string> {
  const json = JSON.stringify(values);
  return engineOf(db) === 'postgres'
    ? sql<string>`(SELECT value FROM json_array_elements_text(${json}::json) AS value)`
    : sql<string>`(SELECT value FROM json_each(${json}))`;
}

/** An aggregate joining `column`'s values with commas (group_concat / string_agg). */
export function commaJoined(db: Kysely<Database> | Transaction<Database>, column: string): RawBuilder<string | null> {
  const ref = sql.ref(column);
  return engineOf(db) === 'postgres' ? sql<string | null>`string_agg(${ref}::text, ',')` : sql<string | null>`group_concat(${ref}, ',')`;
}

/** The integers of a JSON array column as rows with one column, `value`: join it `on true` beside its row. */
export function jsonIntegerRows(db: Kysely<Database> | Transaction<Database>, column: string): RawBuilder<{ value: number }> {
  const ref = sql.ref(column);
  return engineOf(db) === 'postgres'
    ? sql<{ value: number }>`lateral (select value::integer as value from json_array_elements_text(${ref}::json) as value)`
    : sql<{ value: number }>`json_each(${ref})`;
}
