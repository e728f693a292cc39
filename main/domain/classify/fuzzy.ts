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
 * approxFind, also telling whether the match ends on the word's own last
 * character. The end of a title word is the kind of document (…表, …书,
 * …公示, …报告): 审核确认公示 is one misread from 审核确认表, yet another
 * document. A match whose last character is misread is reported as such,
 * so a caller can ask for more evidence.
 */
export function approxFindEnding(word: string, text: string, maxErrors: number): { errors: number; tailExact: boolean } | null {
  const w = [...word];
  const t = [...text];
  const n = w.length;
  if (n === 0) return { errors: 0, tailExact: true };
  if (t.length === 0) return n <= maxErrors ? { errors: n, tailExact: false } : null;
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
  // The last character missing where the text ends (OCR dropped it, or the title broke off) contradicts nothing.
  bestTail = Math.min(bestTail, (prev[n - 1] as number) + 1);
  if (bestTail <= maxErrors && bestTail <= best) return { errors: bestTail, tailExact: true };
  return best <= maxErrors ? { errors: best, tailExact: false } : null;
}

/** How many misread characters a title word of this length may have and still count: none in short words, where one character is too much of the word. */
export function allowedErrors(length: number): number {
  if (length < 5) return 0;
  if (length < 10) return 1;
  return 2;
}
