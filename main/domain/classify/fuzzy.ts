/**
 * Approximate search: the fewest edits (a character misread, dropped or
 * added) that turn `word` into some stretch of `text` (Sellers' variant of
 * the edit distance: the match may start and end anywhere in the text).
 * OCR misreads one or two characters of a long title; an exact search then
 * finds nothing.
 */
export function approxFind(word: string, text: string, maxErrors: number): number | null {
  return approxFindEnding(word, text, maxErrors)?.errors ?? null;
}

/**
 * How a match ends: on the word's own last character ('exact'), with that
 * character missing where the text ends ('cut': OCR dropped it, or the title
 * broke off; nothing contradicts it, but 最低生活保障申请 is also the start of
 * a longer title), or with it misread ('misread'). The end of a title word is
 * the kind of document (…表, …书, …公示): 审核确认公示 is one misread from
 * 审核确认表, yet another document.
 */
export type Tail = 'exact' | 'cut' | 'misread';

/** approxFind, also telling how the match ends. */
export function approxFindEnding(word: string, text: string, maxErrors: number): { errors: number; tail: Tail } | null {
  const w = [...word];
  const t = [...text];
  const n = w.length;
  if (n === 0) return { errors: 0, tail: 'exact' };
  if (t.length === 0) return n <= maxErrors ? { errors: n, tail: 'cut' } : null;
  // prev[i]: edits to match w[0..i) ending at the previous text position.
  let prev = Array.from({ length: n + 1 }, (_, i) => i);
  let best = prev[n] as number;
  // Matches ending with w's last character read right: w[0..n-1) matched before it, then that character.
  let bestTail = Number.POSITIVE_INFINITY;
  for (const ch of t) {
    if (ch === w[n - 1]) bestTail = Math.min(bestTail, prev[n - 1] as number);
    const cur = [0];
    for (let i = 1; i <= n; i++) {
      const sub = (prev[i - 1] as number) + (w[i - 1] === ch ? 0 : 1);
      cur.push(Math.min(sub, (prev[i] as number) + 1, (cur[i - 1] as number) + 1));
    }
    best = Math.min(best, cur[n] as number);
    prev = cur;
  }
  const cut = (prev[n - 1] as number) + 1;
  if (bestTail <= maxErrors && bestTail <= best && bestTail <= cut) return { errors: bestTail, tail: 'exact' };
  if (cut <= maxErrors && cut <= best) return { errors: cut, tail: 'cut' };
  return best <= maxErrors ? { errors: best, tail: 'misread' } : null;
}

/** How many misread characters a title word of this length may have and still count: none in short words, where one character is too much of the word. */
export function allowedErrors(length: number): number {
  if (length < 5) return 0;
  if (length < 10) return 1;
  return 2;
}
