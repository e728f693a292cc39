/**
 * Items the pack waives by age (e.g. 特困's 劳动能力证明: "60周岁以上老年人和
 * 未成年人无需劳动能力证明"). Age is read from the birth date in the
 * applicant's 身份证号, in whole years, on the date the application was
 * judged: the 申请日期, else the 受理日期, else the 确认日期, else the day the
 * case was registered in the archive. Without a birth date (no ID, or a
 * masked one) nothing is waived and the item's own rule decides, as before.
 */
import type { CaseInput } from './caseTypes';
import type { ChecklistItem } from './packSchema';
import { DATE_FIELD_LABELS } from './vocabulary';

/** Whole years from birth to `on` (both 'YYYY-MM-DD'); born 29 February, one comes of age on 1 March in other years. */
export function ageOn(birthDate: string, on: string): number {
  const years = Number(on.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return on.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/** The date age is taken on, and its name in a clerk's words. */
export function ageDate(input: Pick<CaseInput, 'dates' | 'registeredOn'>): { date: string; label: string } | null {
  for (const field of ['appliedOn', 'acceptedOn', 'confirmedOn'] as const) {
    const date = input.dates?.[field];
    if (date) return { date, label: DATE_FIELD_LABELS[field] };
  }
  return input.registeredOn ? { date: input.registeredOn, label: '案卷登记日期' } : null;
}

/** Why the item is not needed for this applicant's age, or null when age does not waive it (or is unknown). */
export function ageExemptReason(item: ChecklistItem, input: CaseInput): string | null {
  const rule = item.ageExempt;
  const birth = input.applicantBirthDate;
  const on = ageDate(input);
  if (!rule || !birth || !on || on.date < birth) return null;
  const age = ageOn(birth, on.date);
  const band = rule.atLeast !== undefined && age >= rule.atLeast ? `${rule.atLeast}周岁以上` : rule.under !== undefined && age < rule.under ? `未满${rule.under}周岁` : null;
  return band === null ? null : `按身份证号，申请人于${on.label} ${on.date} 时 ${age} 周岁（${band}），无需提供`;
}
