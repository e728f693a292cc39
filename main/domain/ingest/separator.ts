/**
 * Payloads of the QR codes on 户档 separator sheets. A household sheet names
 * the household by archive id plus a short check of its 身份证号, so a sheet
 * from another archive (or a misprint) is refused instead of filing pages
 * under a stranger; an item sheet names a checklist item code.
 */
export type Separator = { kind: 'household'; householdId: number; check: string } | { kind: 'item'; itemCode: string };

const PREFIX = 'HUDANG1';

export function householdSeparatorPayload(householdId: number, check: string): string {
  return `${PREFIX}:H:${householdId}:${check}`;
}

export function itemSeparatorPayload(itemCode: string): string {
  return `${PREFIX}:I:${itemCode}`;
}

export function parseSeparator(payload: string): Separator | null {
  const parts = payload.trim().split(':');
  if (parts[0] !== PREFIX) return null;
  if (parts[1] === 'H' && /^\d+$/.test(parts[2] ?? '') && /^[0-9a-f]{6}$/.test(parts[3] ?? '')) {
    return { kind: 'household', householdId: Number(parts[2]), check: parts[3] ?? '' };
  }
  if (parts[1] === 'I' && /^[a-z0-9][a-z0-9.-]*$/.test(parts[2] ?? '')) return { kind: 'item', itemCode: parts[2] ?? '' };
  return null;
}
