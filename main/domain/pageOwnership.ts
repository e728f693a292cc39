/**
 * Whose a page is, and where a call may take it: the one rule every call that
 * names pages obeys (the 停止救助通知书 of an exit, the inbox's decision,
 * filing a document, moving pages, sending them back, splitting and merging).
 *
 * A page belongs to its household's file, or to one exited file (退出档案)
 * of it. An exited file is closed: its pages move only in a call about that
 * very file, it takes no page from anywhere else, and under a legal hold
 * (法律保全) none leaves it. A page already filed under one household goes to
 * another only when the call names the household it comes from, so a stale
 * screen or a bare page number cannot take pages from someone else's file.
 * Pure: main/documents/ownership.ts reads the places from the database.
 */

/** Where a page is now. */
export interface PagePlace {
  id: number;
  /** The household whose file holds it; null while it waits in the inbox with no household. */
  householdId: number | null;
  /** Still waiting for a clerk (review pending): its household, if any, is only a suggestion. */
  waiting: boolean;
  /** The exited file it is part of, if any. */
  exitId: number | null;
  /** That exited file is under a legal hold. */
  held: boolean;
}

/** Where a call sends the pages. */
export type PageDestination =
  /** Into a document of this household: its live file (exitId null) or one of its exited files. */
  | { kind: 'file'; householdId: number; exitId: number | null; held: boolean }
  /** Into the 停止救助通知书 of the exit being recorded for this household (its file is then closed). */
  | { kind: 'exitNotice'; householdId: number }
  /** Back to the inbox, still under the household it was in. */
  | { kind: 'inbox' }
  /** Within its own documents of this household (split, merge). */
  | { kind: 'reshape'; householdId: number };

export interface PageCall {
  /** The household the caller says the pages come from (null: the inbox); undefined when the call names none. */
  from?: number | null;
  to: PageDestination;
}

function heldRefusal(page: PagePlace, to: PageDestination): string {
  if (to.kind === 'inbox') return `页面 ${page.id} 所在的退出档案处于法律保全（冻结）中，页面不能退回收件箱`;
  if (to.kind === 'reshape') return '该文件所在的退出档案处于法律保全（冻结）中，不能拆分或合并';
  return `页面 ${page.id} 所在的退出档案处于法律保全（冻结）中，页面不能移出该档案`;
}

/** Why this call may not take this page where it says, in a clerk's words; null when it may. */
export function pageRefusal(page: PagePlace, call: PageCall): string | null {
  const { to } = call;
  const intoItsOwnExit = to.kind === 'file' && page.exitId !== null && to.exitId === page.exitId && to.householdId === page.householdId;
  if (page.held && !intoItsOwnExit) return heldRefusal(page, to);
  if (page.exitId !== null && !intoItsOwnExit) {
    // A call is about an exited file when it names the file's household as where the pages are.
    const about = call.from !== undefined && call.from === page.householdId && to.kind !== 'exitNotice';
    if (!about) return `页面 ${page.id} 属于已整户退出的档案，只能在该户的档案中调整`;
  }
  if (to.kind === 'file' && to.exitId !== null && !intoItsOwnExit) {
    return to.held ? '目标档案处于法律保全（冻结）中，不能加入其他页面' : '该户已整户退出，不能把其他档案的页面归入其退出档案';
  }
  if (to.kind === 'exitNotice' && page.householdId !== null && page.householdId !== to.householdId) {
    return `页面 ${page.id} 属于另一户的档案，不能作为本户的停止救助通知书`;
  }
  if (to.kind === 'file' && page.householdId !== null && page.householdId !== to.householdId && !page.waiting && call.from !== page.householdId) {
    return `页面 ${page.id} 已归入另一户的档案，只能在该户的档案中移出（命令行请用 --from 指明原来的户）`;
  }
  return null;
}

/** The first refusal among the pages, if any (a call moves all its pages or none). */
export function pagesRefusal(pages: PagePlace[], call: PageCall): string | null {
  for (const page of pages) {
    const refusal = pageRefusal(page, call);
    if (refusal) return refusal;
  }
  return null;
}
