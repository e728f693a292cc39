import type { AssistanceType, CaseChecklist, ItemStatus } from '../../../../main/api/contract';

/** A checklist item a page could be filed as, in the order the inbox offers them (1–9 pick the first nine). */
export interface Candidate {
  code: string;
  name: string;
  no: number;
  assistance: AssistanceType;
  /** Main list (the assistance type) or an annex id such as 分散供养. */
  list: string;
  status: ItemStatus;
  suggested: boolean;
}

function bigrams(text: string): Set<string> {
  const clean = text.replace(/[^\u4e00-\u9fff0-9A-Za-z]/g, '');
  const out = new Set<string>();
  for (let i = 0; i + 1 < clean.length; i++) out.add(clean.slice(i, i + 2));
  return out;
}

/** How much the page title and an item's name share (0…1, of the shorter): a display order hint, not a classification. */
export function titleSimilarity(title: string, name: string): number {
  const a = bigrams(title);
  const b = bigrams(name);
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const g of b) if (a.has(g)) shared++;
  return shared / Math.min(a.size, b.size);
}

/**
 * The household's items across its cases, most likely first: the classifier's
 * suggestion, then items whose name shares words with the page title, then
 * items still missing or unsure, in official order; items that do not apply last.
 */
export function rankCandidates(
  checklists: readonly CaseChecklist[],
  suggested: string | null,
  titleText: string | null,
): Candidate[] {
  const all: (Candidate & { order: number; score: number })[] = [];
  const seen = new Set<string>();
  for (const c of checklists) {
    for (const item of c.items) {
      if (seen.has(item.code)) continue;
      seen.add(item.code);
      all.push({
        code: item.code,
        name: item.name,
        no: item.no,
        assistance: c.assistance,
        list: item.list,
        status: item.status,
        suggested: item.code === suggested,
        order: all.length,
        score: titleText ? titleSimilarity(titleText, item.name) : 0,
      });
    }
  }
  const tier = (c: (typeof all)[number]) => {
    if (c.suggested) return 0;
    if (c.status === '不适用') return 3;
    if (c.score >= 0.3) return 1;
    return 2;
  };
  const open = (c: Candidate) => (c.status === '缺件' || c.status === '待确认' ? 0 : 1);
  return all
    .sort(
      (a, b) => tier(a) - tier(b) || (tier(a) === 1 ? b.score - a.score : 0) || open(a) - open(b) || a.order - b.order,
    )
    .map(({ order: _order, score: _score, ...candidate }) => candidate);
}
