/**
 * What filing thought a page could be, kept on the page (column
 * `suggestions`, JSON) so the inbox can show every opinion and the
 * checklist can tell 待确认 from 缺件 while the page waits.
 */
export type SuggestionSource = 'title' | 'text' | 'continuation' | 'photo' | 'learned';

export interface PageSuggestion {
  itemCode: string;
  /** 0..1, calibrated: the share of pages filed right at this confidence. */
  confidence: number;
  source: SuggestionSource;
  /** Chinese, for the reviewer. */
  reason: string;
}

/** Suggestions stored on a page; unreadable or missing JSON gives none. */
export function parseSuggestions(json: string | null | undefined): PageSuggestion[] {
  if (!json) return [];
  try {
    const value: unknown = JSON.parse(json);
    if (!Array.isArray(value)) return [];
    return value.filter(
      (s): s is PageSuggestion =>
        typeof s === 'object' && s !== null && typeof (s as PageSuggestion).itemCode === 'string' && typeof (s as PageSuggestion).confidence === 'number',
    );
  } catch {
    return [];
  }
}

/**
 * The items a page waiting for a clerk could be: its suggestions, or the
 * item it was classified as when it predates suggestions.
 */
export function candidateItems(suggestionsJson: string | null | undefined, classification: string | null | undefined): string[] {
  const codes = parseSuggestions(suggestionsJson).map((s) => s.itemCode);
  if (codes.length === 0 && classification) codes.push(classification);
  return [...new Set(codes)];
}
