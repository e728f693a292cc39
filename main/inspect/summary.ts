import type { AreaSummary, InspectedHousehold } from './types';

/** Counts per town and per village for the report's summary tables. */

function empty(town: string, village: string | null): AreaSummary {
  return { town, village, households: 0, cases: 0, complete: 0, missing: 0, unconfirmed: 0, fixityProblems: 0, newlyConfirmed: 0, sampled: 0 };
}

function add(s: AreaSummary, h: InspectedHousehold): void {
  s.households++;
  s.cases += h.cases.length;
  for (const c of h.cases) {
    if (c.status === '齐全') s.complete++;
    else if (c.status === '缺件') s.missing++;
    else s.unconfirmed++;
  }
  if (!h.fixityOk) s.fixityProblems++;
  if (h.newlyConfirmed) s.newlyConfirmed++;
  if (h.sampled) s.sampled++;
}

function summarise(households: InspectedHousehold[], keyOf: (h: InspectedHousehold) => [string, string | null]): AreaSummary[] {
  const areas = new Map<string, AreaSummary>();
  for (const h of households) {
    const [town, village] = keyOf(h);
    const key = `${town}\u0000${village ?? ''}`;
    const area = areas.get(key) ?? empty(town, village);
    add(area, h);
    areas.set(key, area);
  }
  return [...areas.values()].sort((a, b) => (a.town < b.town ? -1 : a.town > b.town ? 1 : (a.village ?? '') < (b.village ?? '') ? -1 : 1));
}

export function townSummaries(households: InspectedHousehold[]): AreaSummary[] {
  return summarise(households, (h) => [h.town, null]);
}

export function villageSummaries(households: InspectedHousehold[]): AreaSummary[] {
  return summarise(households, (h) => [h.town, h.village]);
}
