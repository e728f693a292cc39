import { sql, type Kysely } from 'kysely';
import type { CaseChecklist, ChecklistItemView, CheckRow, Dashboard, OverdueRow } from '../api/contract';
import { checkRowPoints, evaluateCase, reviewSchedule, settleTimeline, statusWithTimeline, type ArchiveCheckView, type ItemResult, type Pack } from '../domain/checklist';
import type { AuditContext } from '../db/audit';
import type { Database } from '../db/schema';
import type { AssistanceType } from '../domain/assistance';
import { caseArchiveChecks, recordsByCase } from './archiveCheckRecords';
import { refreshCaseChecks } from './caseCheckCache';
import { packResolver } from './packStore';
import { jsonValues } from '../db/database';
import { judgeEach, timelineRows, type Scope as JudgeScope } from './judge';
import { beijingDate } from '../domain/beijingDate';
import { isExitedCase } from '../domain/retention';

/**
 * Judges household files against their checklist packs. Answers about many
 * households come from the remembered per-case results (refreshed first for
 * whatever changed); one household's item-by-item checklist is judged live.
 * The same answers feed the CLI, the UI, printing, export and the inspector.
 */

/** What `check` and `overdue` can be limited to; exited files (整户退出) only with includeExited or when the households are named. */
export type Scope = Pick<JudgeScope, 'village' | 'householdId' | 'householdIds'> & { includeExited?: boolean };

/** isExitedCase (main/domain/retention.ts) in SQL, over household h and case c. */
const EXITED_CASE = sql<boolean>`(h.status = '整户退出' AND c.closed_on IS NOT NULL AND c.closed_on <> '')`;

/** A case is closed once its closing date has come; closed cases have no review due. */
const closedBy = (closedOn: string | null, today: string) =>
  typeof closedOn === 'string' && closedOn !== '' && closedOn <= today;

async function rememberedCases(db: Kysely<Database>, ctx: AuditContext, scope: Scope) {
  await refreshCaseChecks(db, ctx);
  let rows = db
    .selectFrom('caseCheck as k')
    .innerJoin('assistanceCase as c', 'c.id', 'k.caseId')
    .innerJoin('household as h', 'h.id', 'c.householdId')
    .innerJoin('region as v', 'v.id', 'h.villageId')
    .innerJoin('region as t', 't.id', 'v.parentId')
    .select(['h.id as householdId', 'h.idNumber', 'h.headName', 'h.status as householdStatus', 'v.name as village', 't.name as town', 'c.id as caseId', 'c.assistanceType', 'c.closedOn'])
    .select(['k.status', 'k.missing', 'k.unconfirmed', 'k.waiting', 'k.timeline', 'k.reviewDueOn', 'k.reviewDetail', 'k.archiveChecks']);
  if (scope.village) rows = rows.where('v.name', '=', scope.village);
  if (scope.householdId !== undefined) rows = rows.where('h.id', '=', scope.householdId);
  else if (scope.householdIds) rows = rows.where('h.id', 'in', jsonValues(db, scope.householdIds));
  else if (!scope.includeExited) rows = rows.where(sql<boolean>`NOT ${EXITED_CASE}`);
  // Streamed: at district size the raw rows are 70 MB that need not all be in memory beside the answers made from them.
  return rows.orderBy('t.name').orderBy('v.name').orderBy('h.id').orderBy('c.id').stream(1000);
}

/**
 * A `check` row and, apart from it, the items that would be 缺件 but for a
 * page waiting in the review inbox (they are among `unconfirmed`). The 整改清单
 * and the 备考表 name them with 有待审页面; `check --json` keeps its shape.
 */
export interface CheckedCase {
  householdId: number;
  row: CheckRow;
  waiting: string[];
  /** The row's 附件7 points in full (mode, recorded result): the 整改清单 tells manual points nobody checked from the rest. */
  points: ArchiveCheckView[];
}

type RememberedTimeline = (CheckRow['timeline'][number] & { pending?: { dueOn: string; lateDetail: string } })[];

/**
 * A remembered answer on a given day: an open step past its day (an 急难 case's 补齐) is late,
 * and the status follows (a late step is a timeline problem, no longer an open question).
 */
function settledAnswer(r: { status: CheckRow['status']; missing: string; unconfirmed: string; timeline: string }, today: string): Pick<CheckRow, 'status' | 'timeline'> {
  const rows = JSON.parse(r.timeline) as RememberedTimeline;
  if (!rows.some((t) => t.pending)) return { status: r.status, timeline: rows };
  const timeline = settleTimeline(rows, today);
  const items = (JSON.parse(r.missing) as string[]).length > 0 ? '缺件' : (JSON.parse(r.unconfirmed) as string[]).length > 0 ? '待确认' : '齐全';
  return { status: statusWithTimeline(items, timeline), timeline };
}

/** The 保管期满 of each exited household's latest exit, read before the walk (the walk streams from the connection). */
async function retentionByHousehold(db: Kysely<Database>): Promise<Map<number, string>> {
  const exits = await db.selectFrom('householdExit').select(['householdId', 'retentionUntil']).orderBy('exitedOn').orderBy('id').execute();
  return new Map(exits.map((e) => [e.householdId, e.retentionUntil]));
}

export async function checkCases(db: Kysely<Database>, ctx: AuditContext, scope: Scope): Promise<CheckedCase[]> {
  const today = beijingDate(ctx.now());
  const cases: CheckedCase[] = [];
  const retention = await retentionByHousehold(db);
  const points = await archivePoints(db, ctx, scope);
  for await (const r of await rememberedCases(db, ctx, scope)) {
    const exited = isExitedCase(r.householdStatus, r.closedOn);
    const settled = settledAnswer(r, today);
    const views = points(r, today);
    cases.push({
      householdId: r.householdId,
      row: {
        household: r.idNumber,
        name: r.headName,
        village: r.village,
        assistance: r.assistanceType,
        status: settled.status,
        missing: JSON.parse(r.missing) as string[],
        unconfirmed: JSON.parse(r.unconfirmed) as string[],
        timeline: settled.timeline,
        nextReview: closedBy(r.closedOn, today) ? null : r.reviewDueOn,
        archiveChecks: checkRowPoints(views),
        ...(exited ? { exited: true as const, retentionUntil: retention.get(r.householdId) ?? null } : {}),
      },
      waiting: JSON.parse(r.waiting) as string[],
      points: views,
    });
  }
  return cases;
}

/**
 * The 附件7 points of remembered cases: each town's pack and the recorded
 * results of the cases in scope are read before the walk (the walk streams
 * from the connection, which can run nothing else meanwhile).
 */
async function archivePoints(db: Kysely<Database>, ctx: AuditContext, scope: Scope) {
  const resolve = await packResolver(db, ctx);
  const towns = await db.selectFrom('region as t').innerJoin('region as v', 'v.parentId', 't.id').select('t.name').distinct().execute();
  const packs = new Map<string, Pack>();
  for (const { name } of towns) packs.set(name, (await resolve(name)).pack);
  let q = db.selectFrom('archiveCheckRecord as r').innerJoin('assistanceCase as c', 'c.id', 'r.caseId').select('r.caseId').distinct();
  if (scope.householdId !== undefined) q = q.where('c.householdId', '=', scope.householdId);
  if (scope.householdIds) q = q.where('c.householdId', 'in', jsonValues(db, scope.householdIds));
  const records = await recordsByCase(db, (await q.execute()).map((r) => r.caseId));
  return (r: { town: string; caseId: number; assistanceType: AssistanceType; closedOn: string | null; archiveChecks: string }, today: string) => {
    const pack = packs.get(r.town);
    return pack ? caseArchiveChecks(pack, { assistanceType: r.assistanceType, closedOn: r.closedOn, remembered: r.archiveChecks }, records.get(r.caseId) ?? [], today) : [];
  };
}

export async function checkHouseholds(db: Kysely<Database>, ctx: AuditContext, scope: Scope): Promise<CheckRow[]> {
  return (await checkCases(db, ctx, scope)).map((c) => c.row);
}

export async function householdChecklist(
  db: Kysely<Database>,
  ctx: AuditContext,
  householdId: number,
): Promise<CaseChecklist[]> {
  const today = beijingDate(ctx.now());
  return (await judgeEach(db, ctx, { householdId, evidence: true })).map(
    ({ record, packKey, pack, input, facts, documents, waiting }) => {
      const result = evaluateCase(pack, input, documents, facts, waiting);
      const review = reviewSchedule(pack, input, facts, today);
      const timeline = timelineRows(pack, input, documents, today);
      return {
        caseId: record.id,
        assistance: input.assistanceType,
        pack: packKey,
        status: statusWithTimeline(result.status, timeline),
        items: result.items.map(checklistItem),
        timeline,
        nextReview: review?.dueOn ?? null,
        reviewDetail: review?.detail ?? null,
      };
    },
  );
}

/**
 * The workbench's numbers per village, households 在册 only (an exited file
 * is kept apart; a new application beside it counts): a household counts by its worst case
 * (one missing item makes it 缺件; an item only waiting on an inbox page makes
 * it 待确认, as the remembered statuses say); and open cases whose review is
 * overdue.
 */
export async function archiveCounts(
  db: Kysely<Database>,
  ctx: AuditContext,
): Promise<Pick<Dashboard, 'villages' | 'overdue'>> {
  const today = beijingDate(ctx.now());
  await refreshCaseChecks(db, ctx);
  // Per village record, not per name: two towns may each have a 红旗村.
  const villages = await sql<Record<'villageId' | 'households' | 'complete' | 'missing' | 'unconfirmed', number | string> & { town: string; village: string }>`
    SELECT village_id, town, village, count(*) AS households, count(*) FILTER (WHERE worst = 0) AS complete,
      count(*) FILTER (WHERE worst = 2) AS missing, count(*) FILTER (WHERE worst = 1) AS unconfirmed
    FROM (SELECT v.id AS village_id, t.name AS town, v.name AS village, max(CASE k.status WHEN '缺件' THEN 2 WHEN '待确认' THEN 1 ELSE 0 END) AS worst
          FROM case_check k JOIN household h ON h.id = k.household_id JOIN assistance_case c ON c.id = k.case_id
            JOIN region v ON v.id = h.village_id JOIN region t ON t.id = v.parent_id
          WHERE NOT ${EXITED_CASE}
          GROUP BY h.id, v.id, t.name, v.name) AS f
    GROUP BY village_id, town, village`.execute(db);
  const overdue = await sql<{ n: number | string }>`
    SELECT count(*) AS n FROM case_check k JOIN assistance_case c ON c.id = k.case_id
    WHERE (c.closed_on IS NULL OR c.closed_on = '') AND k.review_due_on < ${today}`.execute(db);
  // Counts come back as numbers from SQLite and as text from PostgreSQL (bigint).
  const rows = villages.rows.map((r) => ({
    villageId: Number(r.villageId),
    town: r.town,
    village: r.village,
    households: Number(r.households),
    complete: Number(r.complete),
    missing: Number(r.missing),
    unconfirmed: Number(r.unconfirmed),
  }));
  return {
    villages: rows.sort((a, b) => a.village.localeCompare(b.village, 'zh') || a.town.localeCompare(b.town, 'zh')),
    overdue: Number(overdue.rows[0]?.n ?? 0),
  };
}

const DAY = 86_400_000;

/** Open cases of households on the rolls whose 动态核查 date has passed. */
export async function overdueReviews(db: Kysely<Database>, ctx: AuditContext, scope: Scope): Promise<OverdueRow[]> {
  const today = beijingDate(ctx.now());
  const rows: OverdueRow[] = [];
  for await (const r of await rememberedCases(db, ctx, scope)) {
    if (r.closedOn || r.reviewDueOn === null || r.reviewDueOn >= today) continue;
    rows.push({
      household: r.idNumber,
      name: r.headName,
      village: r.village,
      assistance: r.assistanceType,
      dueOn: r.reviewDueOn,
      daysOverdue: Math.round((Date.parse(today) - Date.parse(r.reviewDueOn)) / DAY),
      detail: r.reviewDetail ?? '',
    });
  }
  return rows.sort((a, b) => b.daysOverdue - a.daysOverdue);
}

/** One item's row in a checklist as the 户档 view shows it: the judged item without the engine's working fields. */
export function checklistItem({ list, code, no, name, status, reason, evidence }: ItemResult): ChecklistItemView {
  return { list, code, no, name, status, reason, evidence };
}
