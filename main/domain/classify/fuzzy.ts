/**
 * Approximate search: the fewest edits (a character misread, dropped or
 * added) that turn `word` into some stretch of `text` (Sellers' variant of
 * the edit distance: the match may start and end anywhere in the text).
 * OCR misreads one or two characters of a long title; an exact search then
 * finds nothing.
 */
export function approxFind(word: string, text: string, maxErrors: number): number | null {
  const w = [...word];
  const t = [...text];
  if (w.length === 0) return 0;
  if (t.length === 0) return w.length <= maxErrors ? w.length : null;
  // prev[i]: edits to match w[0..i) ending at the previous text position.
  let prev = Array.from({ length: w.length + 1 }, (_, i) => i);
  let best = prev[w.length] as number;
  for (const ch of t) {
    const cur = [0];
    for (let i = 1; i <= w.length; i++) {
      const sub = (prev[i - 1] as number) + (w[i - 1] === ch ? 0 : 1);
      cur.push(Math.min(sub, (prev[i] as number) + 1, (cur[i - 1] as number) + 1));
    }
    best = Math.min(best, cur[w.length] as number);
    prev = cur;
  }
  return best <= maxErrors ? best : null;
}

/** How many misread characters a title word of this length may have and still count: none in short words, where one character is too much of the word. */
export function allowedErrors(length: number): number {
  if (length < 5) return 0;
  if (length < 10) return 1;
  return 2;
}
