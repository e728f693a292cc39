import path from 'node:path';
import { sql } from 'kysely';
import type { MigrateReport } from '../api/contract';
import { writeConnection, type Archive } from '../archive';
import { mutate, verifyAuditChain, type AuditContext } from '../db/audit';
import { migrateToLatest } from '../db/database';
import { databaseFor, ensureDatabase, isPostgresUrl, postgresKysely, redactUrl } from '../db/postgres';
import { sqliteKysely } from '../db/sqlite';
import { advanceIdentities, digestTable, isSqliteSearchIndex, postgresLayout, sqliteTables, withoutOwnTriggers, untyped, type Raw, type TableLayout, type Untyped } from '../db/transfer';
import { UserError } from '../support/errors';
import { isS3Url, openStore, type BlobStore } from '../store/blobStore';
import { fsck, referencedBlobs } from './fsck';

/**
 * `hudang migrate --to-db URL [--to-store 位置]`: moves a clerk's SQLite
 * archive onto a PostgreSQL server when an office outgrows one PC, and its
 * blobs to a shared folder or object storage if asked. Every row is copied in
 * one server transaction (all or nothing) while the SQLite file is held
 * still (no other writer for the whole move), then every table is counted
 * and digested on both sides, every page image the archive refers to is
 * re-read and re-hashed, and the audit chain is verified on the server.
 * Only then does the archive folder name its new database
 * (database.json), so the next open, by any front, uses the server. The
 * SQLite file is left as it was, a frozen copy of the moment of the move.
 */

/** Rows per insert: PostgreSQL takes at most 65,535 parameters in one statement. */
const PARAMETERS_PER_INSERT = 30_000;

/** Tables whose rows mean the target already holds an archive. */
const ARCHIVE_TABLES = ['audit_log', 'household', 'source_file', 'page'];

/** Blobs copied to a new store per batch: enough to overlap uploads and fsyncs, few enough to hold in memory. */
const BLOBS_PER_BATCH = 32;

export async function migrateArchive(archive: Archive, audit: AuditContext, toDb: string, toStore?: string): Promise<MigrateReport> {
  const started = performance.now();
  if (archive.engine !== 'sqlite') throw new UserError('本档案已在数据库服务器上；迁移只能把本机（SQLite）档案搬到 PostgreSQL');
  if (!isPostgresUrl(toDb)) throw new UserError(`目标数据库地址应以 postgres:// 开头：${redactUrl(toDb)}`);
  const target = databaseFor(toDb, archive.dataDir);
  // Written down as an absolute place: the folder may be opened later from another working directory.
  const storeSpec = toStore === undefined || isS3Url(toStore) ? toStore : path.resolve(toStore);
  const store = storeSpec === undefined ? archive.store : await openStore(storeSpec, archive.dataDir);
  await ensureDatabase(target);
  const server = postgresKysely(target);
  try {
    await migrateToLatest(server);
    const raw = untyped(server);
    for (const table of ARCHIVE_TABLES) {
      const rows = Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(raw)).rows[0]?.n ?? 0);
      if (rows > 0) throw new UserError(`目标数据库已有档案数据（${table} 表有 ${rows} 行）：只能迁移到新建的空数据库`);
    }
    // Recorded before the copy, so the server's chain holds who moved the archive and where.
    await mutate(archive.db, audit, ({ record }) => record({ action: 'archive.migrate', entity: 'archive', entityId: null, before: null, after: { to: redactUrl(target) } }));
    const source = sqliteKysely(archive.dbFile);
    try {
      const still = untyped(source);
      // Holds SQLite's write lock until the folder names the server: nothing written here after the copy is left behind.
      await sql`begin immediate`.execute(still);
      try {
        const { tables: layout, deferred } = await postgresLayout(raw);
        await checkSameTables(still, layout);
        if (store !== archive.store) await copyBlobs(archive, store);
        await server.transaction().execute(async (trx) => {
          const rawTrx = untyped(trx);
          const circular = sql.join(deferred.map((d) => sql.id(d)));
          await withoutOwnTriggers(rawTrx, layout, async () => {
            // A new database's migrations may have seeded rows (packs, holidays): the archive's own replace them.
            for (const t of [...layout].reverse()) await sql`delete from ${sql.table(t.name)}`.execute(rawTrx);
            if (deferred.length > 0) await sql`set constraints ${circular} deferred`.execute(rawTrx);
            for (const t of layout) await copyTable(still, rawTrx, t);
            // Checked now, while the triggers are still off (a table with checks pending cannot be altered).
            if (deferred.length > 0) await sql`set constraints ${circular} immediate`.execute(rawTrx);
          });
          for (const t of layout) await advanceIdentities(rawTrx, t);
        });
        const tables: MigrateReport['tables'] = [];
        const differing: string[] = [];
        for (const t of layout) {
          const [here, there] = [await digestTable(still, t.name, t.columns), await digestTable(raw, t.name, t.columns)];
          tables.push({ name: t.name, rows: there.rows, digest: there.digest });
          if (here.rows !== there.rows || here.digest !== there.digest) differing.push(`${t.name}（本机 ${here.rows} 行，服务器 ${there.rows} 行）`);
        }
        if (differing.length > 0) throw new UserError(`迁移后核对不一致，档案仍使用本机数据库：${differing.join('，')}`);
        const chain = await verifyAuditChain(server);
        if (chain.problems.length > 0) throw new UserError(`迁移后服务器上的审计链有 ${chain.problems.length} 处问题，档案仍使用本机数据库`);
        const blobs = await fsck(server, store);
        await writeConnection(archive.dataDir, { db: target, ...(storeSpec !== undefined ? { store: storeSpec } : {}) });
        return {
          database: redactUrl(target),
          store: store.location,
          tables,
          rows: tables.reduce((n, t) => n + t.rows, 0),
          auditEntries: chain.entries,
          blobs: { checked: blobs.checked, missing: blobs.missing, corrupt: blobs.corrupt },
          seconds: Math.round((performance.now() - started) / 100) / 10,
        };
      } finally {
        await sql`rollback`.execute(still);
      }
    } finally {
      await source.destroy();
    }
  } finally {
    await server.destroy();
  }
}

/**
 * Copies every blob the archive refers to (and its bound volumes) into the
 * new store, each written once and named by its hash there too; fsck then
 * re-reads and re-hashes them where the moved archive will look.
 */
async function copyBlobs(archive: Archive, store: BlobStore): Promise<void> {
  const wanted = [...(await referencedBlobs(archive.db)).keys()];
  for (const v of await archive.db.selectFrom('volumeBlob').select('sha256').execute()) wanted.push(v.sha256);
  const unique = [...new Set(wanted)];
  for (let i = 0; i < unique.length; i += BLOBS_PER_BATCH) {
    const batch = unique.slice(i, i + BLOBS_PER_BATCH);
    const present = await Promise.all(batch.map(async (sha) => ((await archive.store.has(sha)) ? sha : null)));
    // A blob the old store has lost stays lost: fsck names it in the report.
    const bytes = await Promise.all(present.filter((sha): sha is string => sha !== null).map((sha) => archive.store.read(sha)));
    await store.putAll(bytes);
  }
}

/** The server's tables must all be in the SQLite file with their columns, and SQLite may have nothing more than its search indexes. */
async function checkSameTables(source: Untyped, layout: TableLayout[]): Promise<void> {
  const here = await sqliteTables(source);
  for (const t of layout) {
    const columns = here.get(t.name);
    const lacking = columns ? t.columns.filter((c) => !columns.includes(c)) : [];
    if (!columns || lacking.length > 0) throw new UserError(`本机档案与服务器的表结构不一致（${t.name}${lacking.length ? `：${lacking.join('、')}` : ''}），请用同一版本的户档迁移`);
  }
  const extra = [...here.keys()].filter((name) => !isSqliteSearchIndex(name) && !layout.some((t) => t.name === name));
  if (extra.length > 0) throw new UserError(`本机档案有服务器上没有的表：${extra.join('、')}，请用同一版本的户档迁移`);
}

/** Copies one table in SQLite's row order (parents before the children that point at them, also within a table). */
async function copyTable(source: Untyped, target: Raw, table: TableLayout): Promise<void> {
  const perInsert = Math.max(1, Math.floor(PARAMETERS_PER_INSERT / table.columns.length));
  let batch: Record<string, unknown>[] = [];
  const flush = async () => {
    if (batch.length > 0) await target.insertInto(table.name).values(batch).execute();
    batch = [];
  };
  const rows = source.selectFrom(table.name).select(table.columns.map((c) => sql.ref(c).as(c))).orderBy(sql`rowid`).stream(perInsert);
  for await (const row of rows as AsyncIterable<Record<string, unknown>>) {
    batch.push(row);
    if (batch.length >= perInsert) await flush();
  }
  await flush();
}
