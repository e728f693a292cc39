import type { Kysely } from 'kysely';
import type { PageMoveResult } from '../api/contract';
import type { AuditContext } from '../db/audit';
import type { Database } from '../db/schema';
import { movePages } from '../documents/pageMoves';

/**
 * A clerk's decision on one page from the review inbox: this household, this
 * item. It is the simplest correction (main/documents/pageMoves): a lone page
 * re-files its document, a page among others leaves for a new one, nothing is
 * deleted, the page is accepted, and a changed or unsure classification
 * becomes a training sample for the classifier.
 */
export async function reviewPage(db: Kysely<Database>, ctx: AuditContext, pageId: number, householdId: number, itemCode: string): Promise<PageMoveResult> {
  return movePages(db, ctx, { pageIds: [pageId], to: { householdId, itemCode } }, { action: 'page.review' });
}
