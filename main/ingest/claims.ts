import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { sql, type Kysely, type RawBuilder, type SqlBool, type Transaction } from 'kysely';
import { clockText, engineOf, jsonTexts } from '../db/database';
import type { Database } from '../db/schema';

/**
 * Claims on the ingest queue (issue 20). Several processes (two clerks'
 * PCs on one server archive) work the same queue; splitting and OCR take
 * seconds to minutes outside any transaction, so a row lock alone cannot
 * keep them apart. A process claims a few rows in a short transaction
 * (on PostgreSQL `FOR UPDATE SKIP LOCKED`, so two claimants never wait on
 * or take the same row), writes its name and a lease into them, renews
 * the lease while it works, and records a step's result only while the
 * claim is still its own. A claim is free again when its lease runs out
 * (a process on another machine died) or at once when its process on this
 * machine is gone (a crash and restart carries on without waiting).
 */

/** How long a claim holds without renewal: far longer than one renewal period, short enough that a dead machine's files wait only minutes. */
export const LEASE_SECONDS = 300;
/** Renewed this often while a claimant works. */
const RENEW_MS = (LEASE_SECONDS / 5) * 1000;

export type ClaimTable = 'sourceFile' | 'page';

/** The claim was taken over (its lease ran out): another process records the step, this one drops its work. */
export class LostClaim extends Error {
  constructor(table: ClaimTable, id: number) {
    super(`${table} ${id} 已由其他进程接手`);
  }
}

/** What each table's claimable rows are: files waiting for a step, pages waiting for their full text. */
const WAITING: Record<ClaimTable, { column: string; values: string[] }> = {
  sourceFile: { column: 'status', values: ['queued', 'split'] },
  page: { column: 'ocr_state', values: ['title'] },
};

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class Claims {
  /** host/pid/nonce: the host and pid tell a local crash apart; the nonce keeps two pipelines (or a reused pid) apart. */
  readonly me: string;
  private readonly host = os.hostname().replace(/\//g, '_');
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly db: Kysely<Database>) {
    this.me = `${this.host}/${process.pid}/${randomBytes(4).toString('hex')}`;
  }

  /** Source files with `status`, in queue order, up to `limit`, now claimed by this process. */
  async files(status: 'queued' | 'split', limit: number): Promise<{ id: number; kind: string | null; attempts: number }[]> {
    return this.db.transaction().execute(async (trx) => {
      const free = await this.free(trx, 'sourceFile');
      let query = trx.selectFrom('sourceFile').select(['id', 'kind', 'attempts']).where('status', '=', status).where(free).orderBy('id').limit(limit);
      if (engineOf(trx) === 'postgres') query = query.forUpdate().skipLocked();
      const rows = await query.execute();
      await this.take(trx, 'sourceFile', rows.map((r) => r.id));
      return rows;
    });
  }

  /** Pages waiting for their full text, oldest first, up to `limit`, now claimed by this process. */
  async pages(limit: number): Promise<{ id: number; imageSha256: string }[]> {
    return this.db.transaction().execute(async (trx) => {
      const free = await this.free(trx, 'page');
      let query = trx.selectFrom('page').select(['id', 'imageSha256']).where('ocrState', '=', 'title').where(free).orderBy('id').limit(limit);
      if (engineOf(trx) === 'postgres') query = query.forUpdate().skipLocked();
      const rows = await query.execute();
      await this.take(trx, 'page', rows.map((r) => r.id));
      return rows;
    });
  }

  /**
   * Lets a claimed row go in the transaction that records its step's
   * result; throws LostClaim, rolling the step back, when the row is no
   * longer this process's (its lease ran out and another took it over).
   */
  async finish(trx: Transaction<Database>, table: ClaimTable, id: number): Promise<void> {
    const result = await trx
      .updateTable(table)
      .set({ claimedBy: null, claimedUntil: null })
      .where('id', '=', id)
      .where('claimedBy', '=', this.me)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw new LostClaim(table, id);
  }

  /** Whether this process still holds the row's claim (checked before slow work starts). */
  async holds(table: ClaimTable, id: number): Promise<boolean> {
    const row = await this.db.selectFrom(table).select('id').where('id', '=', id).where('claimedBy', '=', this.me).executeTakeFirst();
    return row !== undefined;
  }

  /** Keeps this process's claims alive until `stop`; the timer does not keep the process running. */
  renewWhileWorking(): { stop(): void } {
    if (!this.timer) {
      this.timer = setInterval(() => void this.renew().catch(() => undefined), RENEW_MS);
      this.timer.unref();
    }
    return {
      stop: () => {
        if (this.timer) clearInterval(this.timer);
        this.timer = null;
      },
    };
  }

  async renew(): Promise<void> {
    for (const table of ['sourceFile', 'page'] as const) {
      await this.db.updateTable(table).set({ claimedUntil: clockText(this.db, LEASE_SECONDS) }).where('claimedBy', '=', this.me).execute();
    }
  }

  /** Lets go of every claim this process still holds (a run that stopped early). */
  async releaseAll(): Promise<void> {
    for (const table of ['sourceFile', 'page'] as const) {
      await this.db.updateTable(table).set({ claimedBy: null, claimedUntil: null }).where('claimedBy', '=', this.me).execute();
    }
  }

  private async take(trx: Transaction<Database>, table: ClaimTable, ids: number[]): Promise<void> {
    if (ids.length === 0) return;
    await trx.updateTable(table).set({ claimedBy: this.me, claimedUntil: clockText(trx, LEASE_SECONDS) }).where('id', 'in', ids).execute();
  }

  /** Rows nobody works: never claimed or let go, out of lease, or claimed by a process of this machine that is gone. */
  private async free(trx: Transaction<Database>, table: ClaimTable): Promise<RawBuilder<SqlBool>> {
    const waiting = WAITING[table];
    const local = await sql<{ claimant: string }>`select distinct claimed_by as claimant from ${sql.table(table === 'page' ? 'page' : 'source_file')}
      where claimed_by like ${`${this.host.replace(/[\\%_]/g, (c) => `\\${c}`)}/%`} escape '\\' and claimed_by <> ${this.me}
      and ${sql.ref(waiting.column)} in (${sql.join(waiting.values)})`.execute(trx);
    const gone = local.rows.map((r) => r.claimant).filter((c) => !alive(Number(c.split('/')[1])));
    const now = clockText(trx);
    const goneClause = gone.length > 0 ? sql`or claimed_by in ${jsonTexts(trx, gone)}` : sql``;
    // Not this process's own claims: a row a step left claimed (it skipped the row) is not handed back to it in a loop.
    return sql<SqlBool>`(claimed_by is null or claimed_until < ${now} ${goneClause})`;
  }
}
