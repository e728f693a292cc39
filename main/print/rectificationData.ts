import type { Kysely } from 'kysely';
import { checkCases } from '../checklist/checkArchive';
import type { AuditContext } from '../db/audit';
import type { Database } from '../db/schema';
import { ASSISTANCE_FULL_NAMES } from '../domain/assistance';
import type { ArchiveCheckView } from '../domain/checklist';
import type { RectificationData } from '../output';
import { UserError } from '../support/errors';
import { beijingDate } from '../domain/beijingDate';

/**
 * The 附件7 points a village clerk has to act on: those found wanting (either
 * side's problem, with its detail) and the manual ones nobody has checked yet.
 * Automated points still 待确认 are left out: their open question is already
 * listed as an item or timeline 待确认.
 */
export function pointsToRectify(points: readonly ArchiveCheckView[], missing: readonly string[]) {
  // The completeness point's detail restates the missing items listed just above it: not printed twice.
  const restated = missing.length > 0 ? `缺件：${missing.join('、')}` : null;
  return {
    problems: points.filter((p) => p.state === 'problem').map(({ code, name, detail }) => ({ code, name, detail: detail === restated ? '见上列缺少的要件' : detail })),
    unchecked: points.filter((p) => p.state === 'unchecked' && p.mode === 'manual').map(({ code, name }) => ({ code, name })),
  };
}

/**
 * What a village's 整改清单 lists, from the same remembered answers as
 * `check`: every case with missing items, and apart from them the items that
 * are 待确认 only because a page waiting in the review inbox could be them
 * (有待审页面), so the list never sends anyone after paper already scanned;
 * and each case's 附件7 points to act on (pointsToRectify).
 * Exited files are left out (check's default). With `householdIds`, only
 * those households of the village are listed and counted (a selection, or
 * the village within the caller's own 镇街).
 */
export async function rectificationData(db: Kysely<Database>, ctx: AuditContext, village: string | undefined, householdIds?: readonly number[]): Promise<RectificationData> {
  if (!village) throw new UserError('请指定村(社区)');
  let query = db
    .selectFrom('household as h')
    .innerJoin('region as v', 'v.id', 'h.villageId')
    .innerJoin('region as t', 't.id', 'v.parentId')
    .select(['h.id', 'h.idNumber', 't.name as town', 'h.status'])
    // An exited household counts only for a new application beside its exited file (an open case).
    .select((eb) => eb.exists(eb.selectFrom('assistanceCase as c').select('c.id').whereRef('c.householdId', '=', 'h.id').where('c.closedOn', 'is', null)).as('open'))
    .where('v.name', '=', village);
  if (householdIds) query = query.where('h.id', 'in', [...householdIds]);
  const households = await query.execute();
  if (households.length === 0) throw new UserError(`村(社区)“${village}”没有户档`);
  const listed = new Set(households.map((h) => h.idNumber));
  const cases = (await checkCases(db, ctx, { village }))
    .filter((c) => listed.has(c.row.household)).map((c) => ({ ...c, ...pointsToRectify(c.points, c.row.missing) })).filter((c) => c.row.missing.length > 0 || c.waiting.length > 0 || c.problems.length > 0 || c.unchecked.length > 0);
  return {
    town: households[0]?.town ?? '',
    village,
    date: beijingDate(ctx.now()),
    // Exited files (整户退出) are kept apart: neither listed nor counted among the households checked.
    totalHouseholds: households.filter((h) => h.status === '在册' || Boolean(h.open)).length,
    households: cases.map(({ row, waiting, problems, unchecked }) => ({
      headName: row.name,
      idNumber: row.household,
      assistance: ASSISTANCE_FULL_NAMES[row.assistance],
      missingItems: row.missing,
      ...(waiting.length > 0 ? { waitingItems: waiting } : {}),
      ...(problems.length > 0 ? { archiveProblems: problems } : {}),
      ...(unchecked.length > 0 ? { uncheckedPoints: unchecked } : {}),
    })),
  };
}
