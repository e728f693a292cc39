import type { Kysely } from 'kysely';
import type { ArchiveCheckInputArgs, CaseArchiveChecks } from '../api/contract';
import { mutate, type AuditContext } from '../db/audit';
import type { Database } from '../db/schema';
import { beijingDate } from '../domain/beijingDate';
import {
  archiveCheckViews,
  archiveChecksApply,
  recallArchiveChecks,
  recordRefusal,
  settleArchiveChecks,
  type ArchiveCheckRecord,
  type ArchiveCheckView,
  type Pack,
  type RememberedArchiveChecks,
} from '../domain/checklist';
import type { Role } from '../domain/roles';
import { UserError } from '../support/errors';
import { refreshCaseChecks } from './caseCheckCache';
import { householdPack } from './householdPack';
import { jsonValues } from '../db/database';

/**
 * 附件7 per case: the engines' remembered outcomes (case_check.archive_checks)
 * finished on the day and joined with what clerks and inspectors recorded
 * (archive_check_record). `check`, the 户档 view, the 整改清单 and the export
 * all read them from here.
 */

/** Records of these cases, oldest first, by case. */
export async function recordsByCase(db: Kysely<Database>, caseIds: number[] | 'all'): Promise<Map<number, ArchiveCheckRecord[]>> {
  let q = db.selectFrom('archiveCheckRecord').selectAll().orderBy('recordedAt').orderBy('id');
  if (caseIds !== 'all') {
    if (caseIds.length === 0) return new Map();
    q = q.where('caseId', 'in', jsonValues(db, caseIds));
  }
  const map = new Map<number, ArchiveCheckRecord[]>();
  for (const r of await q.execute()) {
    const record: ArchiveCheckRecord = { point: r.point, state: r.state, note: r.note, recordedBy: r.recordedBy, role: r.recordedRole, recordedAt: r.recordedAt };
    map.set(r.caseId, [...(map.get(r.caseId) ?? []), record]);
  }
  return map;
}

/** One case's sixteen points as they stand today. */
export function caseArchiveChecks(
  pack: Pack,
  c: { assistanceType: Parameters<typeof archiveChecksApply>[1]; closedOn: string | null; remembered: string },
  records: readonly ArchiveCheckRecord[],
  today: string,
): ArchiveCheckView[] {
  const pending = recallArchiveChecks(pack, c.assistanceType, JSON.parse(c.remembered) as RememberedArchiveChecks);
  return archiveCheckViews(pack, settleArchiveChecks(pending, today, c.closedOn), records);
}

/** A household's cases with their points (cases the pack has no 附件7 checks for have none). */
export async function householdArchiveChecks(db: Kysely<Database>, ctx: AuditContext, householdId: number): Promise<CaseArchiveChecks[]> {
  const { pack } = await householdPack(db, ctx, householdId);
  await refreshCaseChecks(db, ctx);
  const cases = await db
    .selectFrom('assistanceCase as c')
    .leftJoin('caseCheck as k', 'k.caseId', 'c.id')
    .select(['c.id', 'c.assistanceType', 'c.closedOn', 'k.archiveChecks'])
    .where('c.householdId', '=', householdId)
    .orderBy('c.id')
    .execute();
  const records = await recordsByCase(db, cases.map((c) => c.id));
  const today = beijingDate(ctx.now());
  return cases.map((c) => ({
    caseId: c.id,
    assistance: c.assistanceType,
    closedOn: c.closedOn,
    checks: caseArchiveChecks(pack, { ...c, remembered: c.archiveChecks ?? '[]' }, records.get(c.id) ?? [], today),
  }));
}

/**
 * Records one point of a case, audited; the latest record of a point counts.
 * `role` is the caller's (set-up mode and unguarded callers act as 管理员).
 */
export async function recordArchiveCheck(db: Kysely<Database>, ctx: AuditContext, role: Role, args: ArchiveCheckInputArgs): Promise<CaseArchiveChecks> {
  const kase = await db.selectFrom('assistanceCase').select(['id', 'householdId', 'assistanceType']).where('id', '=', args.caseId).executeTakeFirst();
  if (!kase) throw new UserError(`找不到救助案卷（编号 ${args.caseId}）`);
  const { pack } = await householdPack(db, ctx, kase.householdId);
  if (!archiveChecksApply(pack, kase.assistanceType)) throw new UserError(`核查清单没有${kase.assistanceType}案卷的档案管理检查项（${pack.archiveChecks?.attachment ?? '附件7'}只适用于${pack.archiveChecks?.appliesTo.join('、') ?? '—'}）`);
  const point = pack.archiveChecks?.items.find((c) => c.no === args.point);
  if (!point) throw new UserError(`档案管理检查没有第 ${args.point} 项（共 ${pack.archiveChecks?.items.length ?? 0} 项）`);
  const note = args.note?.trim() ? args.note.trim() : null;
  const history = (await recordsByCase(db, [kase.id])).get(kase.id)?.filter((r) => r.point === args.point) ?? [];
  const refusal = recordRefusal(role, history[history.length - 1] ?? null, args.state);
  if (refusal) throw new UserError(refusal);
  await mutate(db, ctx, async (tx) => {
    await tx.trx
      .insertInto('archiveCheckRecord')
      .values({ caseId: kase.id, point: args.point, state: args.state, note, recordedBy: ctx.actor, recordedRole: role, recordedAt: ctx.now().toISOString() })
      .execute();
    await tx.record({ action: 'archiveCheck.record', entity: 'case', entityId: kase.id, after: { point: args.point, name: point.name, state: args.state, note, role } });
  });
  const all = await householdArchiveChecks(db, ctx, kase.householdId);
  return all.find((c) => c.caseId === kase.id) as CaseArchiveChecks;
}
