import type { Kysely } from 'kysely';
import type { InboxPage, PageRow, RejectedRow, ScannerStatus } from '../api/contract';
import { itemNamer } from '../checklist/packStore';
import type { AuditContext } from '../db/audit';
import type { Database } from '../db/schema';
import { parseSuggestions } from '../domain/classify';
import { folderProblem } from './folderProblem';
import type { ScannerMonitor } from './scannerMonitor';

/** Read side of ingestion: pages with where they went, files refused with why, the review inbox. */

function pageQuery(db: Kysely<Database>) {
  return db
    .selectFrom('page as p')
    .leftJoin('household as h', 'h.id', 'p.householdId')
    .leftJoin('region as v', 'v.id', 'h.villageId')
    .leftJoin('region as t', 't.id', 'v.parentId')
    .select(['p.id', 'p.sourcePath', 'p.pageIndex', 'p.classification', 'p.confidence', 'p.blank', 'p.review', 'p.note', 'p.titleText', 'p.photo', 'p.suggestions', 'p.householdId', 'h.idNumber', 'h.headName', 't.name as town']);
}

export async function listPages(db: Kysely<Database>, ctx: AuditContext): Promise<PageRow[]> {
  const name = await itemNamer(db, ctx);
  const rows = await pageQuery(db).orderBy('p.sourcePath').orderBy('p.pageIndex').execute();
  const result: PageRow[] = [];
  for (const r of rows) {
    result.push({
      source: r.sourcePath,
      page: r.pageIndex,
      household: r.idNumber ?? null,
      docType: r.blank ? null : await name(r.town, r.classification),
      confidence: Math.round((r.confidence ?? 0) * 1000) / 1000,
      blank: r.blank === 1,
      // Added after the fields above, which scripts already read (issue 15).
      id: r.id,
      review: r.review,
    });
  }
  return result;
}

export async function listRejected(db: Kysely<Database>): Promise<RejectedRow[]> {
  const rows = await db.selectFrom('sourceFile').select(['sourcePath', 'reason']).where('status', '=', 'rejected').orderBy('id').execute();
  return rows.map((r) => ({ source: r.sourcePath, reason: r.reason ?? '未知原因' }));
}

/** Refused files shown on the 工作台: the newest, with why; the count is of all of them. */
const RECENT_REJECTED = 20;

/**
 * The 工作台's view of the scanner folders: each folder as it reads right now
 * (so a folder gone or unreadable shows at once, not at the watcher's next
 * rescan, and also where nothing watches: the CLI), what the watcher of this
 * program met (none in the CLI), and the files refused, newest first.
 */
export async function scannerStatus(db: Kysely<Database>, monitor: ScannerMonitor | null, configured: string[]): Promise<ScannerStatus> {
  const watchedDirs = monitor?.watched() ?? [];
  const folders = await Promise.all((watchedDirs.length > 0 ? watchedDirs : configured).map(async (path) => ({ path, problem: await folderProblem(path) })));
  if (watchedDirs.length > 0) for (const f of folders) monitor?.folder(f.path, f.problem);
  const watched = monitor?.snapshot();
  const rejected = db.selectFrom('sourceFile').where('status', '=', 'rejected');
  const count = Number((await rejected.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0);
  const rows = await rejected.select(['sourcePath', 'reason', 'receivedAt', 'finishedAt']).orderBy('id', 'desc').limit(RECENT_REJECTED).execute();
  const now = new Date().toISOString();
  const taken = await db
    .selectFrom('sourceFile')
    .select((eb) => [eb.fn.countAll<number>().as('safe'), eb.fn.sum<number>(eb.case().when('status', '=', 'done').then(1).else(0).end()).as('read')])
    .where('status', 'in', ['queued', 'split', 'done'])
    .executeTakeFirst();
  return {
    watching: watched?.watching ?? false,
    folders,
    // Unwatched, the folders' problems of this moment are all there is to tell.
    problems: watched?.watching
      ? watched.problems
      : folders.flatMap((f, i) => (f.problem ? [{ id: -(i + 1), at: now, path: f.path, message: f.problem, count: 1, resolvedAt: null }] : [])),
    rejected: {
      count,
      recent: rows.map((r) => ({ source: r.sourcePath, reason: r.reason ?? '未知原因', at: r.finishedAt ?? r.receivedAt })),
    },
    files: { safe: Number(taken?.safe ?? 0), read: Number(taken?.read ?? 0) },
  };
}

export async function listInbox(db: Kysely<Database>, ctx: AuditContext, limit: number): Promise<InboxPage[]> {
  const name = await itemNamer(db, ctx);
  const rows = await pageQuery(db).where('p.review', '=', 'pending').where('p.blank', '=', 0).orderBy('p.id').limit(limit).execute();
  const result: InboxPage[] = [];
  for (const r of rows) {
    result.push({
      pageId: r.id,
      source: r.sourcePath,
      page: r.pageIndex,
      householdId: r.householdId,
      householdName: r.headName,
      itemCode: r.classification,
      itemName: await name(r.town, r.classification),
      confidence: r.confidence ?? 0,
      titleText: r.titleText,
      photo: r.photo === 1,
      note: r.note,
      suggestions: await Promise.all(
        parseSuggestions(r.suggestions).map(async (s) => ({ itemCode: s.itemCode, itemName: await name(r.town, s.itemCode), confidence: s.confidence, source: s.source, reason: s.reason })),
      ),
    });
  }
  return result;
}
