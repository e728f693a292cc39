import { sql, type Kysely } from 'kysely';
import type { AssistanceType, CaseDetail, HouseholdDetail, HouseholdFilter, HouseholdRow, VillageSummary } from '../api/contract';
import { maskIdNumber } from '../domain/masking';
import type { Database } from '../db/schema';
import { commaJoined, householdTextMatch } from '../db/database';
import { caseDates, caseSteps } from '../domain/checklist';

/** Read side of households: lists by village, one household in full. */

function householdBase(db: Kysely<Database>) {
  return db
    .selectFrom('household as h')
    .innerJoin('region as v', 'v.id', 'h.villageId')
    .innerJoin('region as t', 't.id', 'v.parentId')
    .select(['h.id', 'h.idNumber', 'h.headName', 'h.insuredCount', 'h.status', 't.name as town', 'v.name as village'])
    .select((eb) =>
      eb
        .selectFrom('assistanceCase as c')
        .select(commaJoined(db, 'c.assistanceType').as('types'))
        .whereRef('c.householdId', '=', 'h.id')
        .where('c.closedOn', 'is', null)
        .as('types'),
    );
}

const TYPE_ORDER: AssistanceType[] = ['低保', '特困', '临时救助', '刚性支出'];

function typesOf(text: string | null): AssistanceType[] {
  const present = new Set((text ?? '').split(','));
  return TYPE_ORDER.filter((t) => present.has(t));
}

type BaseRow = {
  id: number;
  idNumber: string;
  headName: string;
  insuredCount: number | null;
  status: '在册' | '整户退出';
  town: string;
  village: string;
  types: string | null;
};

function toRow(r: BaseRow, fullId: boolean): HouseholdRow {
  return {
    id: r.id,
    household: fullId ? r.idNumber : maskIdNumber(r.idNumber),
    name: r.headName,
    town: r.town,
    village: r.village,
    assistance: typesOf(r.types),
    insured: r.insuredCount,
    status: r.status,
  };
}

export async function listHouseholds(db: Kysely<Database>, filter: HouseholdFilter): Promise<HouseholdRow[]> {
  let query = householdBase(db);
  if (filter.village) query = query.where('v.name', '=', filter.village);
  if (filter.town) query = query.where('t.name', '=', filter.town);
  if (filter.status) query = query.where('h.status', '=', filter.status);
  if (filter.query) query = query.where(householdTextMatch(db, 'h.id', filter.query));
  const rows = await query.orderBy('t.name').orderBy('v.name').orderBy('h.id').execute();
  return rows.map((r) => toRow(r, filter.fullId ?? false));
}

export async function listVillages(db: Kysely<Database>): Promise<VillageSummary[]> {
  const rows = await db
    .selectFrom('region as v')
    .innerJoin('region as t', 't.id', 'v.parentId')
    .leftJoin('household as h', 'h.villageId', 'v.id')
    .where('v.level', '=', '村社区')
    .select(['v.id', 't.name as town', 'v.name as village'])
    .select((eb) => [
      eb.fn.count<number>('h.id').as('households'),
      eb.fn.sum<number>(sql`case when h.status = '在册' then 1 else 0 end`).as('active'),
      eb.fn.sum<number>(sql`case when h.status = '整户退出' then 1 else 0 end`).as('exited'),
    ])
    .groupBy(['v.id', 't.name', 'v.name'])
    .orderBy('t.name')
    .orderBy('v.name')
    .execute();
  return rows.map((r) => ({ ...r, households: Number(r.households), active: Number(r.active ?? 0), exited: Number(r.exited ?? 0) }));
}

export async function getHousehold(db: Kysely<Database>, id: number, fullId: boolean): Promise<HouseholdDetail | null> {
  const base = await householdBase(db).where('h.id', '=', id).executeTakeFirst();
  if (!base) return null;
  const h = await db.selectFrom('household').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const members = await db.selectFrom('member').select(['name', 'idNumber', 'relation']).where('householdId', '=', id).orderBy('id').execute();
  const cases = await db.selectFrom('assistanceCase').selectAll().where('householdId', '=', id).orderBy('id').execute();
  const exit = await db.selectFrom('householdExit').select('retentionUntil').where('householdId', '=', id).where('destroyedOn', 'is', null).orderBy('exitedOn', 'desc').orderBy('id', 'desc').executeTakeFirst();
  return {
    ...toRow(base, fullId),
    address: h.address,
    phone: h.phone,
    familySize: h.familySize,
    exitDate: h.exitDate,
    exitReason: h.exitReason,
    retentionUntil: exit?.retentionUntil ?? null,
    extra: JSON.parse(h.extra) as Record<string, string>,
    members: members.map((m) => ({ ...m, idNumber: m.idNumber && !fullId ? maskIdNumber(m.idNumber) : m.idNumber })),
    cases: cases.map((c) => caseDetail(c.id, c)),
  };
}

/** A case as the 户档 view shows it, from a case row or a package's case (known by `id` to the caller). */
export function caseDetail(
  id: number,
  c: Parameters<typeof caseDates>[0] &
    Parameters<typeof caseSteps>[0] &
    Pick<CaseDetail, 'careMode' | 'closedOn' | 'archiveCode' | 'cabinet' | 'box' | 'shelfPosition'> & { assistanceType: AssistanceType },
): CaseDetail {
  return {
    id,
    assistance: c.assistanceType,
    careMode: c.careMode,
    ...caseDates(c),
    closedOn: c.closedOn,
    archiveCode: c.archiveCode,
    cabinet: c.cabinet,
    box: c.box,
    shelfPosition: c.shelfPosition,
    ...caseSteps(c),
  };
}
