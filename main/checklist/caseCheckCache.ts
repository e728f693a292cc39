import os from 'node:os';
import { sql, type Kysely } from 'kysely';
import type { AuditContext } from '../db/audit';
import type { CaseCheckTable, Database } from '../db/schema';
import { appVersion } from '../support/paths';
import { workerPool, type WorkerPool } from '../support/workerPool';
import { engineOf, jsonValues } from '../db/database';
import { loadRecords, type JudgeRecords } from './judge';
import { caseCheckRows } from './judgeRecords';
import { ensureBuiltinPacks } from './packStore';

/**
 * Keeps table case_check up to date: the triggers of migrations 0007 and 0010
 * mark a household stale when its answer may have changed (0010: its pages in
 * the review inbox); `refreshCaseChecks` judges
 * the stale ones again, a chunk at a time so memory stays flat even when every
 * household of a district is stale (first open, new engine version, another
 * pack for all towns).
 *
 * Raise CHECK_ENGINE when the engines answer differently for the same data;
 * a new app version also judges everything again once.
 */
// 2: items a page waiting in the review inbox could be are 待确认, not 缺件.
// 3: the 附件7 archive checks are remembered too (archive_checks).
// 4: working-day limits that need a year the calendar does not know are 待确认, imported holiday tables count; items the pack waives by age follow the 户主身份证号 (issue 17).
// 5: case steps (migration 0017): 核对 date, 临时救助 amount, 急难 补齐, objections and 民主评议, 不予确认, each review's records (issue 17).
const CHECK_ENGINE = '5';
const CHUNK = 1000;

/**
 * Brings every remembered answer up to date. Refreshes of one archive run one
 * after another: the UI asks for the dashboard and a village list at once, and
 * two refreshes side by side would judge the same stale households twice.
 */
export function refreshCaseChecks(db: Kysely<Database>, ctx: AuditContext): Promise<void> {
  const previous = running.get(db) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(() => refreshNow(db, ctx));
  running.set(db, next);
  return next;
}

const running = new WeakMap<Kysely<Database>, Promise<void>>();

async function refreshNow(db: Kysely<Database>, ctx: AuditContext): Promise<void> {
  // Adding the built-in packs marks everything stale, so it happens before any mark is read.
  await ensureBuiltinPacks(db, ctx);
  await restartIfEngineChanged(db);
  // A household changed during a pass is judged again in the next; writes that never stop get three passes.
  for (let pass = 0; pass < 3; pass++) {
    if (!(await refreshPass(db, ctx))) return;
  }
}

/**
 * One walk over the stale households in id order; false when there were none.
 * With many stale households (a first open, a new pack for every town) the
 * judging runs on a worker thread while this thread loads the next chunk and
 * writes the previous one.
 */
async function refreshPass(db: Kysely<Database>, ctx: AuditContext): Promise<boolean> {
  const stale = Number((await db.selectFrom('caseCheckStale').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0);
  if (stale === 0) return false;
  const judge = stale > 2 * CHUNK ? judgePool() : judgeHere;
  let after = 0;
  let writing: Promise<void> = Promise.resolve();
  for (;;) {
    const marks = await db.selectFrom('caseCheckStale').select(['seq', 'householdId']).where('householdId', '>', after).orderBy('householdId').limit(CHUNK).execute();
    if (marks.length === 0) break;
    after = marks[marks.length - 1]?.householdId ?? after;
    const rows = judge.run(await loadRecords(db, ctx, { householdIds: marks.map((m) => m.householdId) }));
    // At most one chunk judged ahead of the writes, so memory stays at two chunks.
    await writing;
    writing = rows.then((judged) => writeChunk(db, marks, judged));
    // Handled here so a failure waits for the next await instead of ending the process as unhandled.
    writing.catch(() => undefined);
  }
  await writing;
  return true;
}

const judgeHere = { run: async (records: JudgeRecords) => caseCheckRows(records) };

let pool: WorkerPool<JudgeRecords, CaseCheckTable[]> | undefined;

/** Chunks judged on a worker thread and on this one so far (tests check the worker path really ran). */
export const judgedChunks = () => ({ worker: pool?.done.worker ?? 0, here: pool?.done.inProcess ?? 0 });

/** One worker beside this thread, which loads and writes. */
function judgePool(): WorkerPool<JudgeRecords, CaseCheckTable[]> {
  // Stopped soon after a refresh: a backlog is rare, and an idle worker's heap would stay in the app's memory.
  pool ??= workerPool({ name: 'judgeWorker', near: import.meta.url, local: judgeHere.run, threads: Math.max(1, os.availableParallelism() - 1), idleMs: 2000 });
  return pool;
}

let engineVersion: string | undefined;

async function restartIfEngineChanged(db: Kysely<Database>): Promise<void> {
  const engine = (engineVersion ??= `${CHECK_ENGINE}/${appVersion()}`);
  const known = await db.selectFrom('caseCheckMeta').select('value').where('key', '=', 'engine').executeTakeFirst();
  if (known?.value === engine) return;
  await db.transaction().execute(async (trx) => {
    await markAllStale(trx);
    await trx.insertInto('caseCheckMeta').values({ key: 'engine', value: engine }).onConflict((oc) => oc.column('key').doUpdateSet({ value: engine })).execute();
  });
}

/** Every household's answers out of date: they are all judged again on the next read. */
export async function markAllStale(db: Kysely<Database>): Promise<void> {
  if (engineOf(db) === 'postgres') await sql`SELECT hudang_mark_all('case_check_stale')`.execute(db);
  else await sql`INSERT OR REPLACE INTO case_check_stale(household_id) SELECT id FROM household`.execute(db);
}

type Mark = { seq: number; householdId: number };

/**
 * Writes the answers for the marked households whose mark is still the one
 * read: a household changed meanwhile got a new seq and stays
 * stale for the next round (the marks are read before any data, so every
 * change the judgement missed shows as a new mark).
 */
async function writeChunk(db: Kysely<Database>, marks: Mark[], rows: CaseCheckTable[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const cleared = await trx.deleteFrom('caseCheckStale').where('seq', 'in', jsonValues(trx, marks.map((m) => m.seq))).returning('householdId').execute();
    const current = new Set(cleared.map((r) => r.householdId));
    await trx.deleteFrom('caseCheck').where('householdId', 'in', jsonValues(trx, [...current])).execute();
    const fresh = rows.filter((r) => current.has(r.householdId));
    // A thousand rows as one JSON parameter that the database unpacks itself: no statement with thousands of placeholders to build.
    if (engineOf(trx) === 'postgres') {
      await sql`INSERT INTO case_check (case_id, household_id, status, missing, unconfirmed, waiting, timeline, review_due_on, review_detail, archive_checks)
        SELECT r."caseId", r."householdId", r.status, r.missing, r.unconfirmed, r.waiting, r.timeline, r."reviewDueOn", r."reviewDetail", r."archiveChecks"
        FROM json_to_recordset(${JSON.stringify(fresh)}::json) AS r("caseId" integer, "householdId" integer, status text, missing text, unconfirmed text,
          waiting text, timeline text, "reviewDueOn" text, "reviewDetail" text, "archiveChecks" text)`.execute(trx);
    } else {
      await sql`INSERT INTO case_check (case_id, household_id, status, missing, unconfirmed, waiting, timeline, review_due_on, review_detail, archive_checks)
        SELECT json_extract(value, '$.caseId'), json_extract(value, '$.householdId'), json_extract(value, '$.status'),
               json_extract(value, '$.missing'), json_extract(value, '$.unconfirmed'), json_extract(value, '$.waiting'), json_extract(value, '$.timeline'),
               json_extract(value, '$.reviewDueOn'), json_extract(value, '$.reviewDetail'), json_extract(value, '$.archiveChecks')
        FROM json_each(${JSON.stringify(fresh)})`.execute(trx);
    }
  });
}
