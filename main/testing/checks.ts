import type { Kysely } from 'kysely';
import type { CheckRow } from '../api/contract';
import { judgeEach, timelineRows } from '../checklist/judge';
import type { Database } from '../db/schema';
import { recordsByCase } from '../checklist/archiveCheckRecords';
import { archiveCheckViews, checkRowPoints, evaluateCase, reviewSchedule, runArchiveChecks } from '../domain/checklist';

/**
 * What `check` answers when nothing is remembered: every case judged from the
 * data as it is now (documents, facts and the pages waiting in the review
 * inbox). Tests compare the remembered answers (table case_check) with it.
 */
export async function judgedFromScratch(db: Kysely<Database>, now: () => Date): Promise<CheckRow[]> {
  const today = now().toISOString().slice(0, 10);
  const ctx = { actor: 'test', now };
  const records = await recordsByCase(db, 'all');
  return (await judgeEach(db, ctx, {})).map(({ household, record, pack, input, facts, documents, waiting }) => {
    const result = evaluateCase(pack, input, documents, facts, waiting);
    return {
      household: household.idNumber,
      name: household.headName,
      village: household.village,
      assistance: input.assistanceType,
      status: result.status,
      missing: result.missing,
      unconfirmed: result.unconfirmed,
      timeline: timelineRows(pack, input),
      nextReview: reviewSchedule(pack, input, facts, today)?.dueOn ?? null,
      archiveChecks: checkRowPoints(archiveCheckViews(pack, runArchiveChecks(pack, { case: input, documents, householdFacts: facts, waiting, today }), records.get(record.id) ?? [])),
    };
  });
}
