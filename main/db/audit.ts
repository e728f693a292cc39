import { createHash } from 'node:crypto';
import { PostgresAdapter, sql, type Kysely, type Transaction } from 'kysely';
import type { AuditRow, Database } from './schema';

/**
 * The append-only audit log (审计日志). Each entry is hash-chained to the one
 * before it, so an edited or removed entry breaks the chain. Entries are only
 * written through `mutate`, inside the transaction of the change they record.
 */

export const GENESIS_HASH = '0'.repeat(64);

/** The PostgreSQL advisory lock every recorded change takes (any fixed number: it names this archive's writer turn). */
const AUDIT_LOCK = 8_314_201;

export interface AuditEntry {
  action: string;
  entity: string;
  entityId: string | number | null;
  before?: unknown;
  after?: unknown;
}

export interface AuditContext {
  actor: string;
  now: () => Date;
  /**
   * Work of many small commits in a row (an ingest) sets this and calls
   * flushAuditCommits once at the end, instead of writing the anchor after
   * every page. Any other commit meanwhile brings the anchor up to date anyway.
   */
  deferAnchor?: boolean;
}

/** A transaction that can record what it changes. */
export interface AuditedTransaction {
  trx: Transaction<Database>;
  record(entry: AuditEntry): Promise<void>;
}

/** JSON with sorted keys, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)));
    }
    return v;
  });
}

type HashedFields = Pick<AuditRow, 'at' | 'actor' | 'action' | 'entity' | 'entityId' | 'before' | 'after' | 'prevHash'>;

export function entryHash(row: HashedFields): string {
  const body = canonicalJson([row.prevHash, row.at, row.actor, row.action, row.entity, row.entityId, row.before, row.after]);
  return createHash('sha256').update(body).digest('hex');
}

function toJson(value: unknown): string | null {
  return value === undefined ? null : canonicalJson(value);
}

/**
 * Runs `work` in one transaction; every `record` call appends a chained audit
 * entry in that same transaction, so a change and its audit land together or
 * not at all.
 */
export async function mutate<T>(
  db: Kysely<Database>,
  ctx: AuditContext,
  work: (tx: AuditedTransaction) => Promise<T>,
): Promise<T> {
  let appended = false;
  const onServer = db.getExecutor().adapter instanceof PostgresAdapter;
  const result = await db.transaction().execute(async (trx) => {
    // SQLite has one writer at a time. On PostgreSQL, changes recorded here take turns the same way, so two
    // processes never chain onto the same entry, and a change's checks and its audit see one state.
    if (onServer) await sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK})`.execute(trx);
    let prevHash: string | null = null;
    let nextId: number | undefined;
    const record = async (entry: AuditEntry): Promise<void> => {
      if (prevHash === null) {
        const last = await trx.selectFrom('auditLog').select(['id', 'hash']).orderBy('id', 'desc').limit(1).executeTakeFirst();
        prevHash = last?.hash ?? GENESIS_HASH;
        // A server's sequence skips the numbers of rolled-back transactions, which verify would report as cut entries.
        if (onServer) nextId = (last?.id ?? 0) + 1;
      }
      const row: HashedFields = {
        at: ctx.now().toISOString(),
        actor: ctx.actor,
        action: entry.action,
        entity: entry.entity,
        entityId: entry.entityId === null ? null : String(entry.entityId),
        before: toJson(entry.before),
        after: toJson(entry.after),
        prevHash,
      };
      const hash = entryHash(row);
      await trx.insertInto('auditLog').values(nextId === undefined ? { ...row, hash } : { ...row, hash, id: nextId++ }).execute();
      prevHash = hash;
      appended = true;
    };
    return work({ trx, record });
  });
  // Only after the commit: an anchor ahead of the database would look like a cut tail.
  if (appended && !ctx.deferAnchor) await commitHooks.get(db)?.();
  return result;
}

/** Runs the after-commit hook once, for work that deferred it (see AuditContext.deferAnchor). */
export async function flushAuditCommits(db: Kysely<Database>): Promise<void> {
  await commitHooks.get(db)?.();
}

const commitHooks = new WeakMap<Kysely<Database>, () => Promise<void>>();

/** Runs `hook` after each commit that appended audit entries to this database (the anchor beside the archive). */
export function afterAuditCommit(db: Kysely<Database>, hook: () => Promise<void>): void {
  commitHooks.set(db, hook);
}

export interface ChainProblem {
  id: number;
  problem: string;
}

/** Walks the chain from the start and names every entry that does not fit. */
export async function verifyAuditChain(db: Kysely<Database>): Promise<{ entries: number; problems: ChainProblem[] }> {
  const rows = await db.selectFrom('auditLog').selectAll().orderBy('id').execute();
  const problems: ChainProblem[] = [];
  let prev = GENESIS_HASH;
  let expectedId = rows[0]?.id ?? 1;
  for (const row of rows) {
    if (row.id !== expectedId) problems.push({ id: row.id, problem: `第 ${expectedId}–${row.id - 1} 条记录缺失` });
    if (row.prevHash !== prev) problems.push({ id: row.id, problem: '与上一条记录的链接不符' });
    if (entryHash(row) !== row.hash) problems.push({ id: row.id, problem: '记录内容被改动' });
    prev = row.hash;
    expectedId = row.id + 1;
  }
  return { entries: rows.length, problems };
}
