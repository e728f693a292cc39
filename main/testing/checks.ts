import type { Kysely } from 'kysely';
import type { CheckRow } from '../api/contract';
import { judgeEach, timelineRows } from '../checklist/judge';
import type { Database } from '../db/schema';
import { archiveCheckViews, checkRowPoints, evaluateCase, reviewSchedule, runArchiveChecks, statusWithTimeline } from '../domain/checklist';
import { beijingDate } from '../domain/beijingDate';
import { isExitedCase } from '../domain/retention';
import { recordsByCase } from '../checklist/archiveCheckRecords';

/**
 * What `check --include-exited` answers when nothing is remembered: every case judged from the
 * data as it is now (documents, facts and the pages waiting in the review
 * inbox). Tests compare the remembered answers (table case_check) with it.
 */
export async function judgedFromScratch(db: Kysely<Database>, now: () => Date): Promise<CheckRow[]> {
  const today = beijingDate(now());
  const ctx = { actor: 'test', now };
  const statuses = new Map((await db.selectFrom('household').select(['id', 'status']).execute()).map((h) => [h.id, h.status]));
  const exits = new Map((await db.selectFrom('householdExit').select(['householdId', 'retentionUntil']).orderBy('exitedOn').orderBy('id').execute()).map((e) => [e.householdId, e.retentionUntil]));
  const records = await recordsByCase(db, 'all');
  return (await judgeEach(db, ctx, {})).map(({ household, record, pack, input, facts, documents, waiting }) => {
    const result = evaluateCase(pack, input, documents, facts, waiting);
    const timeline = timelineRows(pack, input, documents, today);
    return {
      household: household.idNumber,
      name: household.headName,
      village: household.village,
      assistance: input.assistanceType,
      status: statusWithTimeline(result.status, timeline),
      missing: result.missing,
      unconfirmed: result.unconfirmed,
      timeline,
      nextReview: reviewSchedule(pack, input, facts, today)?.dueOn ?? null,
      archiveChecks: checkRowPoints(archiveCheckViews(pack, runArchiveChecks(pack, { case: input, documents, householdFacts: facts, waiting, today }), records.get(record.id) ?? [])),
      ...(isExitedCase(statuses.get(household.id) ?? '', record.closedOn) ? { exited: true as const, retentionUntil: exits.get(household.id) ?? null } : {}),
    };
  });
}
