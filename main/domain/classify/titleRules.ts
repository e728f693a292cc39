import { allowedErrors, approxFind } from './fuzzy';
import { nameCore, normaliseForMatch } from './normalise';
import type { TitleCandidate, TitleReading } from './titles';

/**
 * Classification by title words: the checklist pack lists the words that
 * identify each document's title (and the item's own name). They are looked
 * for in the page's title candidates (see titles.ts), allowing a misread
 * character or two in long words; the longest, surest find decides, and the
 * confidence says how sure that is.
 */

export interface ClassifiableItem {
  code: string;
  name: string;
  titleWords: readonly string[];
  photo: boolean;
  /** Phrases of the document's body, for the whole-page reading. */
  samplePhrases?: readonly string[] | undefined;
}

export interface TitleMatch {
  code: string;
  confidence: number;
  /** The word found, for the reviewer. */
  matched: string;
}

interface Find {
  code: string;
  word: string;
  /** Characters matched, less two for each misread one. */
  strength: number;
  errors: number;
  exactName: boolean;
  prominence: number;
}

/** The strongest find of one item's words among the candidates. Misread characters are forgiven only in a prominent title. */
function bestFind(item: ClassifiableItem, candidates: readonly TitleCandidate[]): Find | null {
  const core = nameCore(item.name);
  let best: Find | null = null;
  for (const word of new Set([core, ...item.titleWords.map(normaliseForMatch)])) {
    if (word.length < 2) continue;
    for (const c of candidates) {
      const errors = approxFind(word, c.text, c.prominence >= 0.6 ? allowedErrors(word.length) : 0);
      if (errors === null) continue;
      const strength = word.length - 2 * errors;
      const find = { code: item.code, word, strength, errors, exactName: word === core && errors === 0, prominence: c.prominence };
      if (!best || rank(find) > rank(best)) best = find;
    }
  }
  return best;
}

function rank(f: Find): number {
  return f.strength + f.prominence;
}

function confidenceOf(f: Find): number {
  let c = f.exactName ? 0.97 : f.strength >= 6 ? 0.94 : f.strength >= 4 ? 0.9 : f.strength >= 3 ? 0.84 : 0.6;
  c -= 0.05 * f.errors;
  // A line that is only plainly the first on the page is weaker evidence than a large, centred title.
  if (f.prominence < 0.6) c -= 0.12;
  else if (f.prominence < 0.8) c -= 0.03;
  return c;
}

/** The best item for a page's titles, or null when no title word appears. Also the runner-up, for the reviewer. */
export function matchTitles(reading: TitleReading, items: readonly ClassifiableItem[]): { best: TitleMatch; runnerUp: TitleMatch | null } | null {
  if (reading.candidates.length === 0) return null;
  const finds = items
    .map((item) => bestFind(item, reading.candidates))
    .filter((f): f is Find => f !== null)
    .sort((a, b) => rank(b) - rank(a));
  const top = finds[0];
  if (!top) return null;
  let confidence = confidenceOf(top);
  // The same word on two lists (入户调查表 for both 低保 and 特困) leaves it open until the household is known.
  const tied = finds.filter((f) => f.code !== top.code && f.word === top.word && f.strength === top.strength);
  if (tied.length > 0) confidence = Math.min(confidence, 0.6);
  const second = finds.find((f) => f.code !== top.code && f.word !== top.word);
  // A rival almost as strong (a misread could make either) keeps it below filing.
  if (second && rank(top) - rank(second) < 2) confidence = Math.min(confidence, 0.7);
  const toMatch = (f: Find, c: number): TitleMatch => ({ code: f.code, confidence: Math.round(c * 100) / 100, matched: f.word });
  return { best: toMatch(top, confidence), runnerUp: second ? toMatch(second, Math.min(confidenceOf(second), 0.6)) : null };
}
