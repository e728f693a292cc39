import type { AssistanceType, CheckRow, HouseholdRow } from '../../../../main/api/contract';
import { maskId } from '../../lib/format';

/** A household row of the village list with its cases' statuses as the service judged them. */
export interface VillageRow {
  household: HouseholdRow;
  cases: {
    assistance: AssistanceType;
    status: CheckRow['status'];
    missing: string[];
    unconfirmed: string[];
    nextReview: string | null;
  }[];
}

export interface VillageFilter {
  assistance: AssistanceType | '';
  status: CheckRow['status'] | '';
  missingItem: string;
  text: string;
}

export const NO_FILTER: VillageFilter = { assistance: '', status: '', missingItem: '', text: '' };

/**
 * Joins check rows to household rows. Check rows carry the ID number and name
 * but not the household's record id (see the API gaps), so the key is the
 * masked ID number and the name.
 */
export function joinChecks(households: readonly HouseholdRow[], checks: readonly CheckRow[]): VillageRow[] {
  const byKey = new Map<string, VillageRow['cases']>();
  for (const c of checks) {
    const key = `${maskId(c.household)}|${c.name}`;
    const list = byKey.get(key) ?? [];
    list.push({
      assistance: c.assistance,
      status: c.status,
      missing: c.missing,
      unconfirmed: c.unconfirmed,
      nextReview: c.nextReview,
    });
    byKey.set(key, list);
  }
  return households.map((h) => ({ household: h, cases: byKey.get(`${h.household}|${h.name}`) ?? [] }));
}

export function applyFilter(rows: readonly VillageRow[], filter: VillageFilter): VillageRow[] {
  const text = filter.text.trim();
  return rows.filter(
    (r) =>
      (!filter.assistance || r.household.assistance.includes(filter.assistance)) &&
      (!filter.status || r.cases.some((c) => c.status === filter.status)) &&
      (!filter.missingItem || r.cases.some((c) => c.missing.includes(filter.missingItem))) &&
      (!text || r.household.name.includes(text) || r.household.household.includes(text)),
  );
}

/** Every missing item name in the village, most frequent first, for the filter menu. */
export function missingItems(rows: readonly VillageRow[]): { name: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const r of rows) for (const c of r.cases) for (const m of c.missing) counts.set(m, (counts.get(m) ?? 0) + 1);
  return [...counts]
    .map(([name, count]) => ({ name, count }))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name, 'zh'));
}
