import type { AssistanceType, CaseChecklist, ItemStatus } from '../../../main/api/contract';

/**
 * Keyboard numbering of checklist items, shared by the inbox and the 户档案
 * view: items are numbered in checklist order (case by case, main list then
 * annexes), so a number means the same item on every page of a household.
 * Lists run past nine items, so digits typed close together make one number.
 */

export interface NumberedItem {
  key: number;
  code: string;
  name: string;
  no: number;
  assistance: AssistanceType;
  /** Main list (the assistance type) or an annex id such as 分散供养. */
  list: string;
  status: ItemStatus;
}

export function numberItems(checklists: readonly CaseChecklist[]): NumberedItem[] {
  const out: NumberedItem[] = [];
  const seen = new Set<string>();
  for (const c of checklists) {
    for (const item of c.items) {
      if (seen.has(item.code)) continue;
      seen.add(item.code);
      out.push({
        key: out.length + 1,
        code: item.code,
        name: item.name,
        no: item.no,
        assistance: c.assistance,
        list: item.list,
        status: item.status,
      });
    }
  }
  return out;
}

/** How long a typed digit waits for a second one before it counts alone. */
export const DIGIT_WAIT_MS = 700;

/**
 * What the digits typed so far mean among `count` items: a key as soon as no
 * longer number could start with them, else the key they make if typing stops
 * (`wait`), or nothing when no item has that number.
 */
export function digitsChoice(digits: string, count: number): { key: number | null; wait: boolean } {
  const n = Number(digits);
  if (!/^\d+$/.test(digits) || n < 1) return { key: null, wait: false };
  if (n > count) return { key: null, wait: false };
  return { key: n, wait: n * 10 <= count };
}

/** Page ids from `anchor` to `target` inclusive, in reading order (either direction); just the target when the anchor is gone. */
export function pageRange(order: readonly number[], anchor: number | null, target: number): number[] {
  const to = order.indexOf(target);
  const from = anchor === null ? -1 : order.indexOf(anchor);
  if (to < 0) return [];
  if (from < 0) return [target];
  return order.slice(Math.min(from, to), Math.max(from, to) + 1);
}
