import { nameCore, normaliseForMatch } from './normalise';

/**
 * Classification by title words: the checklist pack lists the words that
 * identify each document's title; the longest one found decides, and the
 * confidence says how sure that is.
 */

export interface ClassifiableItem {
  code: string;
  name: string;
  titleWords: readonly string[];
  photo: boolean;
}

export interface TitleMatch {
  code: string;
  confidence: number;
  /** The words found, for the reviewer. */
  matched: string;
}

/** The longest of the item's name and title words found in the text. */
function bestWord(text: string, item: ClassifiableItem): { length: number; word: string; exactName: boolean } {
  const core = nameCore(item.name);
  let best = { length: 0, word: '', exactName: false };
  for (const word of [core, ...item.titleWords.map(normaliseForMatch)]) {
    if (word.length > best.length && text.includes(word)) best = { length: word.length, word, exactName: word === core };
  }
  return best;
}

function confidenceFor(best: { length: number; exactName: boolean }, unique: boolean): number {
  if (best.exactName) return unique ? 0.97 : 0.7;
  if (best.length >= 4) return unique ? 0.9 : 0.6;
  if (best.length === 3) return unique ? 0.82 : 0.55;
  return 0.5;
}

/** The best item for a title, or null when no title word appears. */
export function matchTitle(titleText: string, items: readonly ClassifiableItem[]): TitleMatch | null {
  const text = normaliseForMatch(titleText);
  if (text.length === 0) return null;
  const scored = items
    .map((item) => ({ item, best: bestWord(text, item) }))
    .filter((s) => s.best.length > 0)
    .sort((a, b) => b.best.length - a.best.length);
  const top = scored[0];
  if (!top) return null;
  // Two items sharing the winning length (e.g. 入户调查表 on both 低保 and 特困 lists) leave it open.
  const unique = scored.filter((s) => s.best.length === top.best.length).length === 1;
  return { code: top.item.code, confidence: confidenceFor(top.best, unique), matched: top.best.word };
}
