import type { Kysely } from 'kysely';
import type { Dashboard } from '../api/contract';
import { checkHouseholds, overdueReviews } from '../checklist/checkArchive';
import type { AuditContext } from '../db/audit';
import type { Database } from '../db/schema';

/** The workbench's numbers: per village how many files are complete, missing or unsure; the queue; overdue reviews. */
export async function dashboard(db: Kysely<Database>, ctx: AuditContext): Promise<Dashboard> {
  const rows = await checkHouseholds(db, ctx, {});
  // A household counts by its worst case: one missing item makes the household 缺件.
  const rank = { 齐全: 0, 待确认: 1, 缺件: 2 } as const;
  const villages = new Map<string, Dashboard['villages'][number]>();
  const worst = new Map<string, '齐全' | '缺件' | '待确认'>();
  for (const row of rows) {
    const key = `${row.village}\u0000${row.household}`;
    const before = worst.get(key);
    if (before === undefined || rank[row.status] > rank[before]) worst.set(key, row.status);
  }
  for (const [key, status] of worst) {
    const village = key.split('\u0000')[0] ?? '';
    const v = villages.get(village) ?? { village, households: 0, complete: 0, missing: 0, unconfirmed: 0 };
    v.households++;
    if (status === '齐全') v.complete++;
    else if (status === '缺件') v.missing++;
    else v.unconfirmed++;
    villages.set(village, v);
  }
  const count = async (status: 'queued' | 'split') =>
    Number((await db.selectFrom('sourceFile').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', status).executeTakeFirst())?.n ?? 0);
  const pageCount = async (column: 'ocrState' | 'review', value: string) =>
    Number((await db.selectFrom('page').select((eb) => eb.fn.countAll<number>().as('n')).where(column, '=', value as never).where('blank', '=', 0).executeTakeFirst())?.n ?? 0);
  return {
    villages: [...villages.values()].sort((a, b) => a.village.localeCompare(b.village, 'zh')),
    queue: { files: (await count('queued')) + (await count('split')), pagesToRead: await pageCount('ocrState', 'title'), inbox: await pageCount('review', 'pending') },
    overdue: (await overdueReviews(db, ctx, {})).length,
  };
}
