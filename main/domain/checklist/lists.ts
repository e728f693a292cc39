/**
 * Which checklist items belong to a case: its assistance type's list plus the
 * annexes tied to that type (e.g. 分散供养照料服务 for 特困).
 */
import type { AssistanceType } from '../assistance';
import type { ChecklistItem, Pack } from './packSchema';

export function caseItems(pack: Pack, type: AssistanceType): ChecklistItem[] {
  return [...(pack.checklists[type] ?? []), ...pack.annexes.filter((a) => a.assistanceType === type).flatMap((a) => a.items)];
}

/** The item with this code and the assistance type whose file it belongs to. */
export function findItem(pack: Pack, code: string): { item: ChecklistItem; assistanceType: AssistanceType } | null {
  for (const type of Object.keys(pack.checklists) as AssistanceType[]) {
    const item = caseItems(pack, type).find((i) => i.code === code);
    if (item) return { item, assistanceType: type };
  }
  return null;
}
