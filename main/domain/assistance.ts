/**
 * Assistance types (救助类别) the archive files cases under, and the spellings
 * rosters and business systems use for them.
 */
export const ASSISTANCE_TYPES = ['低保', '特困', '临时救助', '刚性支出'] as const;
export type AssistanceType = (typeof ASSISTANCE_TYPES)[number];

/** Long official names and common spellings seen in rosters, mapped to the short type. */
const ALIASES: Record<string, AssistanceType> = {
  低保: '低保',
  最低生活保障: '低保',
  城乡低保: '低保',
  城市低保: '低保',
  农村低保: '低保',
  特困: '特困',
  特困人员: '特困',
  特困供养: '特困',
  特困人员救助供养: '特困',
  临时救助: '临时救助',
  临救: '临时救助',
  刚性支出: '刚性支出',
  刚性支出困难家庭: '刚性支出',
  刚性支出困难: '刚性支出',
};

/** Full names used on covers and reports (案卷题名, 类目). */
export const ASSISTANCE_FULL_NAMES: Record<AssistanceType, string> = {
  低保: '最低生活保障',
  特困: '特困人员救助供养',
  临时救助: '临时救助',
  刚性支出: '刚性支出困难家庭',
};

export function parseAssistanceType(text: string): AssistanceType | null {
  const key = text.replace(/\s+/g, '');
  return ALIASES[key] ?? null;
}

/**
 * A roster cell may name several types ("低保、临时救助"). Returns the parsed
 * types, or the first unknown part so the caller can report it.
 */
export function parseAssistanceList(
  text: string,
): { ok: true; types: AssistanceType[] } | { ok: false; unknown: string } {
  const parts = text
    .split(/[、,，;；/|+＋]/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  if (parts.length === 0) return { ok: false, unknown: text };
  const types: AssistanceType[] = [];
  for (const part of parts) {
    const type = parseAssistanceType(part);
    if (!type) return { ok: false, unknown: part };
    if (!types.includes(type)) types.push(type);
  }
  return { ok: true, types };
}
