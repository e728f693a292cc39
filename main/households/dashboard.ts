import type { Kysely } from 'kysely';
import type { Dashboard } from '../api/contract';
import { archiveCounts } from '../checklist/checkArchive';
import type { AuditContext } from '../db/audit';
import type { Database } from '../db/schema';

/** The workbench's numbers: per village how many files are complete, missing or unsure; the queue; overdue reviews. */
export async function dashboard(db: Kysely<Database>, ctx: AuditContext): Promise<Dashboard> {
  return { ...(await archiveCounts(db, ctx)), queue: await queueCounts(db) };
}

async function queueCounts(db: Kysely<Database>): Promise<Dashboard['queue']> {
  const count = async (status: 'queued' | 'split') =>
    Number((await db.selectFrom('sourceFile').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', status).executeTakeFirst())?.n ?? 0);
  const pageCount = async (column: 'ocrState' | 'review', value: string) =>
    Number((await db.selectFrom('page').select((eb) => eb.fn.countAll<number>().as('n')).where(column, '=', value as never).where('blank', '=', 0).executeTakeFirst())?.n ?? 0);
  return { files: (await count('queued')) + (await count('split')), pagesToRead: await pageCount('ocrState', 'title'), inbox: await pageCount('review', 'pending') };
}
