import type { Kysely } from 'kysely';
import type { ExitInput, RetentionRow } from '../api/contract';
import { mutate, type AuditContext, type AuditedTransaction } from '../db/audit';
import type { Database } from '../db/schema';
import { whileUnlocked } from '../db/database';
import { beijingDate } from '../domain/beijingDate';
import { DATE_FIELD_LABELS, DATE_FIELDS } from '../domain/checklist/vocabulary';
import { exitDateProblem, expiresWithin, retentionDates, type ExitDateFloor } from '../domain/retention';
import { assertPagesMayGo, pagePlaces } from '../documents/ownership';
import { fillDocument } from '../documents/pageMoves';
import { EditError } from '../households/edits';
import { EXITED_CABINET } from '../output';
import { readSettings } from '../settings/settings';

/**
 * 整户退出: the household's file leaves the rolls but keeps every page and
 * record. Its cases close, its volumes move to the separate cabinet for
 * exited files, and the retention clock (保管期限, 30 years by default) starts.
 * The exit date must be real (main/domain/retention.ts), and the notice's
 * pages must be the household's own (main/domain/pageOwnership.ts): a file
 * bound for destruction one day takes nothing from anyone else.
 */

export async function exitHousehold(db: Kysely<Database>, ctx: AuditContext, input: ExitInput): Promise<RetentionRow> {
  const household = await db.selectFrom('household').selectAll().where('id', '=', input.householdId).executeTakeFirst();
  if (!household) throw new EditError(`找不到户档（编号 ${input.householdId}）`);
  const open = await db.selectFrom('assistanceCase').select('id').where('householdId', '=', household.id).where('closedOn', 'is', null).execute();
  // A household that applied again after an exit has open cases beside its exited file; it may exit once more.
  if (household.status === '整户退出' && open.length === 0) throw new EditError('该户已整户退出');
  if (!input.reason.trim()) throw new EditError('请填写退出原因（如 收入超标、死亡、迁出）');
  const settings = await readSettings(db);
  const policy = { years: settings.retentionYears, start: settings.retentionStart };
  const problem = exitDateProblem(input.exitedOn, beijingDate(ctx.now()), await exitDateFloors(db, household.id), policy);
  if (problem) throw new EditError(problem);
  const { start, until } = retentionDates(input.exitedOn, policy);
  const exitId = await mutate(db, ctx, async (tx) => {
    const pageIds = input.noticePageIds ?? [];
    assertPagesMayGo(await pagePlaces(tx.trx, pageIds), { to: { kind: 'exitNotice', householdId: household.id } });
    const cases = await tx.trx.selectFrom('assistanceCase').select(['id']).where('householdId', '=', household.id).where('closedOn', 'is', null).execute();
    const noticeId = await fileNotice(tx, ctx, household.id, cases[0]?.id ?? null, pageIds);
    const exit = await tx.trx
      .insertInto('householdExit')
      .values({ householdId: household.id, exitedOn: input.exitedOn, reason: input.reason.trim(), noticeDocumentId: noticeId, retentionStart: start, retentionUntil: until, legalHoldReason: null, reEnteredOn: null, destroyedOn: null, createdAt: ctx.now().toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const c of cases) {
      await tx.trx.updateTable('assistanceCase').set({ closedOn: input.exitedOn, exitId: exit.id, cabinet: EXITED_CABINET, box: null, shelfPosition: null, updatedAt: ctx.now().toISOString() }).where('id', '=', c.id).execute();
    }
    await tx.trx.updateTable('household').set({ status: '整户退出', exitDate: input.exitedOn, exitReason: input.reason.trim(), updatedAt: ctx.now().toISOString() }).where('id', '=', household.id).execute();
    await tx.record({
      action: 'household.exit',
      entity: 'household',
      entityId: household.id,
      before: { status: household.status },
      after: { status: '整户退出', exitedOn: input.exitedOn, reason: input.reason.trim(), retentionUntil: until, closedCases: cases.map((c) => c.id) },
    });
    return exit.id;
  });
  return (await listRetention(db, {})).find((r) => r.exitId === exitId) as RetentionRow;
}

/**
 * What an exit date of this household may not come before: the first dated
 * record of the file it closes (a date of an open case, a document's date)
 * and any earlier exit. Dates the archive does not know bound nothing.
 */
async function exitDateFloors(db: Kysely<Database>, householdId: number): Promise<ExitDateFloor[]> {
  const floors: ExitDateFloor[] = [];
  const cases = await db.selectFrom('assistanceCase').selectAll().where('householdId', '=', householdId).where('closedOn', 'is', null).execute();
  const records: ExitDateFloor[] = [];
  for (const c of cases) {
    for (const field of DATE_FIELDS) {
      const date = c[field];
      if (date) records.push({ date, what: `${c.assistanceType}案卷的${DATE_FIELD_LABELS[field]}` });
    }
  }
  if (cases.length > 0) {
    const docs = await db
      .selectFrom('document')
      .select(['title', 'docDate'])
      .where(
        'caseId',
        'in',
        cases.map((c) => c.id),
      )
      .where('docDate', 'is not', null)
      .execute();
    for (const d of docs) if (d.docDate) records.push({ date: d.docDate, what: `文件“${d.title ?? '未命名'}”的日期` });
  }
  const first = records.sort((a, b) => a.date.localeCompare(b.date))[0];
  if (first) floors.push({ date: first.date, what: `最早的记录（${first.what}）` });
  const last = await db.selectFrom('householdExit').select('exitedOn').where('householdId', '=', householdId).orderBy('exitedOn', 'desc').executeTakeFirst();
  if (last) floors.push({ date: last.exitedOn, what: '上一次整户退出的日期' });
  return floors;
}

/** The 停止救助通知书 is kept as a document of the exited file, with its scanned pages if given (checked by the caller). */
async function fileNotice(tx: AuditedTransaction, ctx: AuditContext, householdId: number, caseId: number | null, pageIds: number[]): Promise<number> {
  const now = ctx.now().toISOString();
  const doc = await tx.trx
    .insertInto('document')
    .values({ householdId, caseId, checklistItemCode: null, title: '停止救助通知书', docNumber: null, responsible: null, docDate: null, confirmed: 1, createdAt: now, updatedAt: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  const from = await fillDocument(tx, now, { documentId: doc.id, householdId, accept: true }, pageIds);
  await tx.record({ action: 'document.file', entity: 'document', entityId: doc.id, after: { householdId, title: '停止救助通知书', pageIds, from: from.filter((p) => p.householdId !== null || p.documentId !== null) } });
  return doc.id;
}

export async function listRetention(db: Kysely<Database>, { withinMonths, today }: { withinMonths?: number; today?: string }): Promise<RetentionRow[]> {
  const rows = await db
    .selectFrom('householdExit as e')
    .innerJoin('household as h', 'h.id', 'e.householdId')
    .innerJoin('region as v', 'v.id', 'h.villageId')
    .select(['e.id as exitId', 'h.id as householdId', 'h.idNumber', 'h.headName', 'v.name as village', 'e.exitedOn', 'e.reason', 'e.retentionStart', 'e.retentionUntil', 'e.legalHold', 'e.legalHoldReason', 'e.reEnteredOn', 'e.destroyedOn'])
    .select((eb) => eb.selectFrom('assistanceCase as c').select('c.cabinet').whereRef('c.exitId', '=', 'e.id').limit(1).as('cabinet'))
    .orderBy('e.retentionUntil')
    .orderBy('e.id')
    .execute();
  const day = today ?? beijingDate(new Date());
  return rows
    .filter((r) => withinMonths === undefined || (!r.destroyedOn && expiresWithin(r.retentionUntil, day, withinMonths)))
    .map((r) => ({
      exitId: r.exitId,
      householdId: r.householdId,
      household: r.idNumber,
      name: r.headName,
      village: r.village,
      exitedOn: r.exitedOn,
      reason: r.reason,
      retentionStart: r.retentionStart,
      retentionUntil: r.retentionUntil,
      legalHold: r.legalHold === 1,
      legalHoldReason: r.legalHoldReason,
      reEnteredOn: r.reEnteredOn,
      destroyedOn: r.destroyedOn,
      cabinet: r.cabinet ?? null,
    }));
}

export async function setLegalHold(db: Kysely<Database>, ctx: AuditContext, exitId: number, hold: boolean, reason: string | undefined): Promise<void> {
  if (hold && !reason?.trim()) throw new EditError('设置法律保全（冻结）时请填写原因');
  await mutate(db, ctx, async (tx) => {
    // A trigger keeps a hold on unless this service call releases it (main/db/database.ts whileUnlocked).
    const result = await whileUnlocked(db, tx.trx, { kind: 'release', exitId }, () =>
      tx.trx.updateTable('householdExit').set({ legalHold: hold ? 1 : 0, legalHoldReason: hold ? (reason ?? '').trim() : null }).where('id', '=', exitId).executeTakeFirst(),
    );
    if (Number(result.numUpdatedRows) === 0) throw new EditError(`找不到退出档案（编号 ${exitId}）`);
    await tx.record({ action: hold ? 'retention.hold' : 'retention.release', entity: 'householdExit', entityId: exitId, after: { reason } });
  });
}

/**
 * A household on a roster again after its exit (a re-application): the exit
 * stands. The household stays 整户退出 and its exited file stays in 退出档案,
 * untouched; the new cases the roster opens sit beside it. The exit only
 * notes the day the household was seen again.
 */
export async function noteReapplication(tx: AuditedTransaction, householdId: number, today: string, openedCases: number[]): Promise<void> {
  await tx.trx.updateTable('householdExit').set({ reEnteredOn: today }).where('householdId', '=', householdId).where('reEnteredOn', 'is', null).where('destroyedOn', 'is', null).execute();
  await tx.record({ action: 'household.reapply', entity: 'household', entityId: householdId, after: { status: '整户退出', reEnteredOn: today, openedCases } });
}
