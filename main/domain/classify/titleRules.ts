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

/** Whether `word` appears in `text` with at most one character misread (OCR: 居民户口簿 → 居民户口秒). Only for words of 4+ characters: in shorter ones one character is too much of the word. */
function nearlyIncludes(text: string, word: string): boolean {
  const w = [...word];
  const t = [...text];
  for (let start = 0; start + w.length <= t.length; start++) {
    let misses = 0;
    for (let i = 0; i < w.length && misses <= 1; i++) if (t[start + i] !== w[i]) misses++;
    if (misses <= 1) return true;
  }
  return false;
}

interface WordMatch {
  length: number;
  word: string;
  exactName: boolean;
  /** Found only with one character misread. */
  fuzzy: boolean;
}

/** The longest of the item's name and title words found in the text, exactly or with one misread character. */
function bestWord(text: string, item: ClassifiableItem): WordMatch {
  const core = nameCore(item.name);
  let best: WordMatch = { length: 0, word: '', exactName: false, fuzzy: false };
  for (const word of [core, ...item.titleWords.map(normaliseForMatch)]) {
    if (word.length <= best.length) continue;
    if (text.includes(word)) best = { length: word.length, word, exactName: word === core, fuzzy: false };
    else if (word.length >= 4 && nearlyIncludes(text, word)) best = { length: word.length, word, exactName: false, fuzzy: true };
  }
  return best;
}

function confidenceFor(best: WordMatch, unique: boolean): number {
  // A word read with one wrong character is a good suggestion, never enough to file without a clerk.
  if (best.fuzzy) return unique ? (best.length >= 5 ? 0.75 : 0.65) : 0.5;
  if (best.exactName) return unique ? 0.97 : 0.7;
  if (best.length >= 4) return unique ? 0.9 : 0.6;
  if (best.length === 3) return unique ? 0.82 : 0.55;
  return 0.5;
}

/**
 * A title is a short line. The title band of an untitled page (a second page)
 * holds long lines of body text, whose words (残疾人, 申请) must not classify it.
 */
const MAX_TITLE_LINE = 30;

function titleLines(titleText: string): string {
  return titleText
    .split(/\n+/)
    .map(normaliseForMatch)
    .filter((line) => line.length >= 2 && line.length <= MAX_TITLE_LINE)
    .join('|');
}

/** The best item for a title, or null when no title word appears. */
export function matchTitle(titleText: string, items: readonly ClassifiableItem[]): TitleMatch | null {
  const text = titleLines(titleText);
  if (text.length === 0) return null;
  const scored = items
    .map((item) => ({ item, best: bestWord(text, item) }))
    .filter((s) => s.best.length > 0)
    .sort((a, b) => b.best.length - a.best.length || Number(a.best.fuzzy) - Number(b.best.fuzzy));
  const top = scored[0];
  if (!top) return null;
  // Two items sharing the winning length (e.g. 入户调查表 on both 低保 and 特困 lists) leave it open.
  const unique = scored.filter((s) => s.best.length === top.best.length && s.best.fuzzy === top.best.fuzzy).length === 1;
  return { code: top.item.code, confidence: confidenceFor(top.best, unique), matched: top.best.word };
}
