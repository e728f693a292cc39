import type { Kysely } from 'kysely';
import { checkCases } from '../checklist/checkArchive';
import type { AuditContext } from '../db/audit';
import type { Database } from '../db/schema';
import { ASSISTANCE_FULL_NAMES } from '../domain/assistance';
import type { RectificationData } from '../output';
import { UserError } from '../support/errors';
import { beijingDate } from '../domain/beijingDate';

/**
 * What a village's 整改清单 lists, from the same remembered answers as
 * `check`: every case with missing items, and apart from them the items that
 * are 待确认 only because a page waiting in the review inbox could be them
 * (有待审页面), so the list never sends anyone after paper already scanned.
 * Exited files are left out (check's default).
 */
export async function rectificationData(db: Kysely<Database>, ctx: AuditContext, village: string | undefined): Promise<RectificationData> {
  if (!village) throw new UserError('请指定村(社区)');
  const households = await db
    .selectFrom('household as h')
    .innerJoin('region as v', 'v.id', 'h.villageId')
    .innerJoin('region as t', 't.id', 'v.parentId')
    .select(['h.id', 't.name as town', 'h.status'])
    // An exited household counts only for a new application beside its exited file (an open case).
    .select((eb) => eb.exists(eb.selectFrom('assistanceCase as c').select('c.id').whereRef('c.householdId', '=', 'h.id').where('c.closedOn', 'is', null)).as('open'))
    .where('v.name', '=', village)
    .execute();
  if (households.length === 0) throw new UserError(`村(社区)“${village}”没有户档`);
  const cases = (await checkCases(db, ctx, { village })).filter((c) => c.row.missing.length > 0 || c.waiting.length > 0);
  return {
    town: households[0]?.town ?? '',
    village,
    date: beijingDate(ctx.now()),
    // Exited files (整户退出) are kept apart: neither listed nor counted among the households checked.
    totalHouseholds: households.filter((h) => h.status === '在册' || Boolean(h.open)).length,
    households: cases.map(({ row, waiting }) => ({
      headName: row.name,
      idNumber: row.household,
      assistance: ASSISTANCE_FULL_NAMES[row.assistance],
      missingItems: row.missing,
      ...(waiting.length > 0 ? { waitingItems: waiting } : {}),
    })),
  };
}
