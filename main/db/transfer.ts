import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema';

/**
 * The engine-specific SQL of moving an archive's rows from one database to
 * another (`hudang migrate`, main/integrity/migrate.ts): which tables and
 * columns a database has, in what order they can be filled, how to fill
 * them without firing the archive's own triggers, and a digest of a table
 * that both engines compute alike.
 */

export interface TableLayout {
  name: string;
  columns: string[];
  /** Columns whose values the server numbers itself (identity columns): their counters are moved past the copied rows. */
  identity: string[];
}

/** Bookkeeping of the migrator, not archive data: each database keeps its own. */
const OWN = new Set(['kysely_migration', 'kysely_migration_lock']);

/** Tables known only by name at run time, their rows keyed by the columns' own names (no CamelCase plugin). */
export type AnyTables = Record<string, Record<string, unknown>>;
export type Untyped = Kysely<AnyTables>;
export type Raw = Untyped | Transaction<AnyTables>;

/** The archive's database as tables known by name, without the plugin that renames columns. */
export function untyped(db: Kysely<Database> | Transaction<Database>): Untyped {
  return db.withoutPlugins() as unknown as Untyped;
}

export interface Layout {
  /** Every table after the ones it refers to, where the references allow. */
  tables: TableLayout[];
  /** Foreign keys that point back along that order (the references run in a circle, or a table refers to itself): checked at the commit instead. */
  deferred: string[];
}

/** The tables of a PostgreSQL archive, in an order in which each batch of rows finds most rows it points at already there. */
export async function postgresLayout(db: Raw): Promise<Layout> {
  const columns = await sql<{ table_name: string; column_name: string; is_identity: string }>`
    select table_name, column_name, is_identity from information_schema.columns
    where table_schema = current_schema() order by table_name, ordinal_position`.execute(db);
  const references = await sql<{ child: string; parent: string; name: string }>`
    select conrelid::regclass::text as child, confrelid::regclass::text as parent, conname as name
    from pg_constraint where contype = 'f' and connamespace = current_schema()::regnamespace`.execute(db);
  const tables = new Map<string, TableLayout>();
  for (const c of columns.rows) {
    if (OWN.has(c.table_name)) continue;
    const table = tables.get(c.table_name) ?? { name: c.table_name, columns: [], identity: [] };
    table.columns.push(c.column_name);
    if (c.is_identity === 'YES') table.identity.push(c.column_name);
    tables.set(c.table_name, table);
  }
  const unquoted = (name: string) => name.replace(/^"|"$/g, '');
  const ordered: TableLayout[] = [];
  const deferred: string[] = [];
  const placed = new Set<string>();
  const place = (name: string, path: Set<string>) => {
    if (placed.has(name)) return;
    path.add(name);
    for (const r of references.rows.filter((x) => unquoted(x.child) === name)) {
      const parent = unquoted(r.parent);
      if (path.has(parent)) deferred.push(r.name);
      else place(parent, path);
    }
    path.delete(name);
    placed.add(name);
    const table = tables.get(name);
    if (table) ordered.push(table);
  };
  for (const name of [...tables.keys()].sort()) place(name, new Set());
  return { tables: ordered, deferred };
}

/** The tables and columns of a SQLite archive (its FTS5 tables included: they are SQLite's search index, not data). */
export async function sqliteTables(db: Raw): Promise<Map<string, string[]>> {
  const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(db);
  const result = new Map<string, string[]>();
  for (const { name } of tables.rows) {
    if (OWN.has(name)) continue;
    const columns = await sql<{ name: string }>`select name from pragma_table_info(${name})`.execute(db);
    result.set(name, columns.rows.map((c) => c.name));
  }
  return result;
}

/** Tables only SQLite has: its full-text indexes (PostgreSQL searches with pg_trgm indexes on the tables themselves). */
export function isSqliteSearchIndex(name: string): boolean {
  return /_fts($|_)/.test(name);
}

/**
 * Runs `work` with the archive's own triggers off on these tables, inside
 * the transaction `trx`: copied rows keep the stale marks and volumes they
 * had, and no guard is asked about rows that are only being moved. Foreign
 * keys stay checked. DDL is transactional on PostgreSQL, so if anything
 * fails the triggers were never off for anyone else.
 */
export async function withoutOwnTriggers<T>(trx: Raw, tables: TableLayout[], work: () => Promise<T>): Promise<T> {
  for (const t of tables) await sql`alter table ${sql.table(t.name)} disable trigger user`.execute(trx);
  const result = await work();
  for (const t of tables) await sql`alter table ${sql.table(t.name)} enable trigger user`.execute(trx);
  return result;
}

/** Moves each identity column's counter past the largest copied value, so the next new row gets a fresh number. */
export async function advanceIdentities(trx: Raw, table: TableLayout): Promise<void> {
  for (const column of table.identity) {
    await sql`select setval(pg_get_serial_sequence(${table.name}, ${column}), coalesce((select max(${sql.ref(column)}) from ${sql.table(table.name)}), 0) + 1, false)`.execute(trx);
  }
}

/** One value as both engines' drivers hand it over (numbers, text, null, bytes) in one spelling. */
function canonical(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return { hex: value.toString('hex') };
  if (typeof value === 'bigint') return Number(value);
  return value;
}

export interface TableDigest {
  rows: number;
  /** The sum (mod 2^256) of the SHA-256 of every row: independent of row order, which the engines need not share. */
  digest: string;
}

const MOD = 1n << 256n;

/**
 * Counts and digests a table's rows over the given columns, streaming (a
 * district's 2,000,000 pages never sit in memory). `db` without plugins:
 * rows keyed by the columns' own names.
 */
export async function digestTable(db: Untyped, table: string, columns: string[]): Promise<TableDigest> {
  let rows = 0;
  let sum = 0n;
  const query = db.selectFrom(table).select(columns.map((c) => sql.ref(c).as(c)));
  for await (const row of query.stream(2000) as AsyncIterable<Record<string, unknown>>) {
    rows++;
    const hash = createHash('sha256').update(JSON.stringify(columns.map((c) => canonical(row[c])))).digest('hex');
    sum = (sum + BigInt(`0x${hash}`)) % MOD;
  }
  return { rows, digest: sum.toString(16).padStart(64, '0') };
}
