import { SqliteAdapter, sql, type Kysely, type RawBuilder } from 'kysely';

/**
 * What the migrations need to know about the engine they run on. SQLite is
 * the embedded default; PostgreSQL archives start at migration 0019, which
 * builds their triggers and search indexes in one go (the SQLite-only steps
 * before it are skipped there).
 */
export function onSqlite(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof SqliteAdapter;
}

/** The current UTC time as the archive stores it (ISO text with milliseconds), for column defaults. */
export function nowText(db: Kysely<any>): RawBuilder<string> {
  return onSqlite(db) ? sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))` : sql`(to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))`;
}
