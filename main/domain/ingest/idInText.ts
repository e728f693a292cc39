import { parseIdNumber } from '../idNumber';

/**
 * 身份证号 found in OCR text. Only numbers whose check digit holds count:
 * filing a page under the wrong household is a privacy incident, so a
 * misread digit must make us find nothing rather than someone else.
 */
export function findIdNumbers(text: string, today: Date = new Date()): string[] {
  // OCR splits long numbers with spaces; join digit runs before matching.
  const joined = text.replace(/(?<=\d)[ \u3000]+(?=[\dXx])/g, '');
  const found = new Set<string>();
  for (const match of joined.matchAll(/(?<!\d)\d{17}[\dXx](?!\d)/g)) {
    const parsed = parseIdNumber(match[0], today);
    if (parsed.ok) found.add(parsed.idNumber);
  }
  return [...found];
}
