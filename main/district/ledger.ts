import { sql, type Kysely } from 'kysely';
import { refreshCaseChecks } from '../checklist/caseCheckCache';
import type { AuditContext } from '../db/audit';
import { commaJoined } from '../db/database';
import type { Database } from '../db/schema';
import { ASSISTANCE_TYPES } from '../domain/assistance';
import { maskIdNumber } from '../domain/masking';
import { IMPORT_ACTION } from './importPackages';
import type { DistrictLedger, LedgerCounts, LedgerHousehold, LedgerTown } from './types';

/**
 * The district 台账 (全区台账): per 镇街 and village, the households on the
 * rolls and exited, how complete the files on the rolls are (the worst of a
 * household's open cases, from the remembered checks), and when a town
 * package last changed something there. A household's last import is the
 * newest district.import audit entry for it (an import that changed nothing
 * writes none).
 */

const WORST = { 0: '齐全', 1: '待确认', 2: '缺件' } as const;

/** A case of assistance case c still open (no closing date). */
const OPEN_CASE = sql`(c.closed_on IS NULL OR c.closed_on = '')`;

/** One row per household: its village and 镇街, state, worst open case (0 齐全, 1 待确认, 2 缺件) and last import (columns come back camelCased). */
function householdFacts(db: Kysely<Database>) {
  return sql`
    SELECT h.id AS id, h.head_name AS name, h.id_number AS id_number, h.status AS status, v.id AS village_id, v.name AS village, t.name AS town,
      (SELECT max(CASE k.status WHEN '缺件' THEN 2 WHEN '待确认' THEN 1 ELSE 0 END)
         FROM case_check k JOIN assistance_case c ON c.id = k.case_id
        WHERE k.household_id = h.id AND ${OPEN_CASE}) AS worst,
      (SELECT ${commaJoined(db, 'c.assistance_type')} FROM assistance_case c WHERE c.household_id = h.id AND ${OPEN_CASE}) AS types,
      (SELECT max(a.at) FROM audit_log a WHERE a.entity = 'household' AND a.entity_id = CAST(h.id AS TEXT) AND a.action = ${IMPORT_ACTION}) AS last_import
    FROM household h JOIN region v ON v.id = h.village_id JOIN region t ON t.id = v.parent_id`;
}

type VillageRow = LedgerCounts & { town: string; village: string };

const latest = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a > b ? a : b);

function add(into: LedgerCounts, row: LedgerCounts): void {
  into.households += row.households;
  into.active += row.active;
  into.exited += row.exited;
  into.complete += row.complete;
  into.missing += row.missing;
  into.unconfirmed += row.unconfirmed;
  into.lastImport = latest(into.lastImport, row.lastImport);
}

const zero = (): LedgerCounts => ({ households: 0, active: 0, exited: 0, complete: 0, missing: 0, unconfirmed: 0, lastImport: null });

export async function districtLedger(db: Kysely<Database>, ctx: AuditContext): Promise<DistrictLedger> {
  await refreshCaseChecks(db, ctx);
  // Every village, also one without households yet; completeness counts households on the rolls only.
  const { rows } = await sql<VillageRow>`
    SELECT t.name AS town, v.name AS village, count(f.id) AS households,
      count(f.id) FILTER (WHERE f.status = '在册') AS active, count(f.id) FILTER (WHERE f.status = '整户退出') AS exited,
      count(f.id) FILTER (WHERE f.status = '在册' AND f.worst = 0) AS complete, count(f.id) FILTER (WHERE f.status = '在册' AND f.worst = 2) AS missing,
      count(f.id) FILTER (WHERE f.status = '在册' AND f.worst = 1) AS unconfirmed, max(f.last_import) AS last_import
    FROM region v JOIN region t ON t.id = v.parent_id LEFT JOIN (${householdFacts(db)}) f ON f.village_id = v.id
    WHERE v.level = '村社区'
    GROUP BY v.id, t.name, v.name`.execute(db);
  const towns = new Map<string, LedgerTown>();
  const total = zero();
  for (const r of rows.sort((a, b) => a.town.localeCompare(b.town, 'zh') || a.village.localeCompare(b.village, 'zh'))) {
    const counts: LedgerCounts = {
      households: Number(r.households),
      active: Number(r.active),
      exited: Number(r.exited),
      complete: Number(r.complete),
      missing: Number(r.missing),
      unconfirmed: Number(r.unconfirmed),
      lastImport: r.lastImport,
    };
    const town = towns.get(r.town) ?? { town: r.town, ...zero(), villages: [] };
    town.villages.push({ village: r.village, ...counts });
    add(town, counts);
    add(total, counts);
    towns.set(r.town, town);
  }
  return { towns: [...towns.values()], total };
}

interface HouseholdFact {
  id: number;
  name: string;
  idNumber: string;
  status: '在册' | '整户退出';
  worst: 0 | 1 | 2 | null;
  types: string | null;
  lastImport: string | null;
}

/** The households of one village of one 镇街 (village names repeat across 镇街), in the archive's order. */
export async function ledgerHouseholds(db: Kysely<Database>, ctx: AuditContext, town: string, village: string): Promise<LedgerHousehold[]> {
  await refreshCaseChecks(db, ctx);
  const { rows } = await sql<HouseholdFact>`SELECT * FROM (${householdFacts(db)}) AS f WHERE town = ${town} AND village = ${village} ORDER BY id`.execute(db);
  return rows.map((r) => {
    const types = new Set((r.types ?? '').split(','));
    return {
      id: r.id,
      name: r.name,
      household: maskIdNumber(r.idNumber),
      assistance: ASSISTANCE_TYPES.filter((t) => types.has(t)),
      status: r.status,
      check: r.status === '在册' && r.worst !== null ? WORST[r.worst] : null,
      lastImport: r.lastImport,
    };
  });
}
