import { sql, type Kysely } from 'kysely';
import type { Dashboard } from '../api/contract';
import { caseStatuses } from '../checklist/checkArchive';
import type { AuditContext } from '../db/audit';
import type { Database } from '../db/schema';

/** The workbench's numbers: per village how many files are complete, missing or unsure; the queue; overdue reviews. */
export async function dashboard(db: Kysely<Database>, ctx: AuditContext): Promise<Dashboard> {
  return { ...(await archiveCounts(db, ctx)), queue: await queueCounts(db) };
}

type ArchiveCounts = Pick<Dashboard, 'villages' | 'overdue'>;

/**
 * Judging every case is the expensive part (seconds at district size), and
 * every change to the archive goes through the audit log, so the answer is
 * kept until the log grows or the day changes.
 */
const remembered = new WeakMap<Kysely<Database>, { key: string; counts: ArchiveCounts }>();

async function archiveCounts(db: Kysely<Database>, ctx: AuditContext): Promise<ArchiveCounts> {
  const last = await sql<{ id: number | null }>`select max(id) as id from audit_log`.execute(db);
  const key = `${last.rows[0]?.id ?? 0}/${ctx.now().toISOString().slice(0, 10)}`;
  const known = remembered.get(db);
  if (known?.key === key) return known.counts;
  const counts = await judgeArchive(db, ctx);
  remembered.set(db, { key, counts });
  return counts;
}

async function judgeArchive(db: Kysely<Database>, ctx: AuditContext): Promise<ArchiveCounts> {
  const cases = await caseStatuses(db, ctx);
  // A household counts by its worst case: one missing item makes the household 缺件.
  const rank = { 齐全: 0, 待确认: 1, 缺件: 2 } as const;
  const worst = new Map<number, { village: string; status: keyof typeof rank }>();
  for (const c of cases) {
    const before = worst.get(c.householdId);
    if (!before || rank[c.status] > rank[before.status]) worst.set(c.householdId, { village: c.village, status: c.status });
  }
  const villages = new Map<string, Dashboard['villages'][number]>();
  for (const { village, status } of worst.values()) {
    const v = villages.get(village) ?? { village, households: 0, complete: 0, missing: 0, unconfirmed: 0 };
    v.households++;
    if (status === '齐全') v.complete++;
    else if (status === '缺件') v.missing++;
    else v.unconfirmed++;
    villages.set(village, v);
  }
  return {
    villages: [...villages.values()].sort((a, b) => a.village.localeCompare(b.village, 'zh')),
    overdue: cases.filter((c) => c.overdue).length,
  };
}

async function queueCounts(db: Kysely<Database>): Promise<Dashboard['queue']> {
  const count = async (status: 'queued' | 'split') =>
    Number((await db.selectFrom('sourceFile').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', status).executeTakeFirst())?.n ?? 0);
  const pageCount = async (column: 'ocrState' | 'review', value: string) =>
    Number((await db.selectFrom('page').select((eb) => eb.fn.countAll<number>().as('n')).where(column, '=', value as never).where('blank', '=', 0).executeTakeFirst())?.n ?? 0);
  return { files: (await count('queued')) + (await count('split')), pagesToRead: await pageCount('ocrState', 'title'), inbox: await pageCount('review', 'pending') };
}
