import type { CaseChecklist, FactKeyView } from '../../../../main/api/contract';

/** Household facts the checklist conditions read ("有在校学生", …), as the 家庭情况 panel shows them. */

export type FactState = '是' | '否' | '不清楚';

export const factState = (value: boolean | null | undefined): FactState => (value === true ? '是' : value === false ? '否' : '不清楚');

/**
 * The facts an item of the checklist waits on: an item still 待确认 whose
 * reason quotes the fact's label (“有在校学生”) while nobody has said yes or no.
 */
export function factsHoldingItems(checklists: readonly CaseChecklist[], facts: readonly FactKeyView[]): Set<string> {
  const waiting = checklists.flatMap((c) => c.items.filter((i) => i.status === '待确认').map((i) => i.reason));
  return new Set(facts.filter((f) => f.value == null && waiting.some((reason) => reason.includes(`“${f.label}”`))).map((f) => f.key));
}
