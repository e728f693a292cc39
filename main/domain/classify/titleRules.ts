import { allowedErrors, approxFindEnding, type Tail } from './fuzzy';
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
  /** How the word's last character (the kind of document) was read: anything but 'exact' needs the body's agreement to be filed. */
  tail: Tail;
  /** A kind of document not read to its end, which the body does not bear out. */
  unsupported?: boolean;
  exactName: boolean;
  prominence: number;
}

/**
 * A short word (申请书, 身份证, 公示) names the document only where it ends a
 * title (or a copy's caption: 身份证复印件), not inside a field label such
 * as 身份证号 or 公示期, which a merged title line often carries.
 */
function endsTitle(word: string, text: string): boolean {
  for (let i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) {
    const after = text.slice(i + word.length);
    if (after === '' || !/^\p{Script=Han}/u.test(after) || after.startsWith('复印')) return true;
  }
  return false;
}

/** The words an item's title may carry: its name's core and the pack's title words, normalised. */
function titleWordsOf(item: ClassifiableItem): Set<string> {
  return new Set([nameCore(item.name), ...item.titleWords.map(normaliseForMatch)]);
}

/** The strongest find of one item's words among the candidates. Misread characters are forgiven only in a prominent title. */
function bestFind(item: ClassifiableItem, candidates: readonly TitleCandidate[]): Find | null {
  const core = nameCore(item.name);
  let best: Find | null = null;
  for (const word of titleWordsOf(item)) {
    if (word.length < 2) continue;
    for (const c of candidates) {
      if (word.length <= 3 && !endsTitle(word, c.text)) continue;
      const found = approxFindEnding(word, c.text, c.prominence >= 0.6 ? allowedErrors(word.length) : 0);
      if (found === null) continue;
      const { errors, tail } = found;
      const strength = word.length - 2 * errors;
      const find = { code: item.code, word, strength, errors, tail, exactName: word === core && errors === 0, prominence: c.prominence };
      if (!best || rank(find) > rank(best)) best = find;
    }
  }
  return best;
}

/** A misread kind of document never outranks a word read to its end (审核确认公示 read right beats 审核确认表 read into it). */
function rank(f: Find): number {
  return f.strength + f.prominence - (f.tail === 'misread' ? 100 : 0);
}

function confidenceOf(f: Find): number {
  let c = f.exactName ? 0.97 : f.strength >= 6 ? 0.94 : f.strength >= 4 ? 0.9 : f.strength >= 3 ? 0.84 : 0.6;
  c -= 0.05 * f.errors;
  // A misread kind of document, vouched for by the body only: a suggestion, not a filing.
  if (f.tail === 'misread') c = Math.min(c, f.unsupported ? 0.5 : 0.75);
  // Cut short: 最低生活保障申请 may be the start of a longer title; filed only where the body agrees.
  if (f.tail === 'cut' && f.unsupported) c = Math.min(c, 0.75);
  // A line that is only plainly the first on the page is weaker evidence than a large, centred title.
  if (f.prominence < 0.6) c -= 0.12;
  else if (f.prominence < 0.8) c -= 0.03;
  return c;
}

/** The best item for a page's titles, or null when no title word appears. Also the runner-up, for the reviewer. */
export function matchTitles(
  reading: TitleReading,
  items: readonly ClassifiableItem[],
  textSupports: (code: string) => boolean = () => false,
): { best: TitleMatch; runnerUp: TitleMatch | null } | null {
  if (reading.candidates.length === 0) return null;
  const finds = items
    .map((item) => bestFind(item, reading.candidates))
    .filter((f): f is Find => f !== null)
    .map((f) => (f.tail !== 'exact' && !textSupports(f.code) ? { ...f, unsupported: true } : f))
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

/** Whether some item's title word (four characters or more, its kind of document read right) stands in a prominent title line. */
export function namesAnItem(reading: TitleReading, items: readonly ClassifiableItem[]): boolean {
  const prominent = reading.candidates.filter((c) => c.prominence >= 0.6);
  return items.some((item) => {
    const find = bestFind(item, prominent);
    return find !== null && find.strength >= 4 && find.tail === 'exact';
  });
}

/** Misread characters a prominent title may have and still suggest an item (never file it): two, in a word of six or more. */
const NEAR_ERRORS = 2;
const NEAR_MIN_LENGTH = 6;

/**
 * An item whose long title word a prominent title line misses by two
 * characters at most, its kind of document (the last character) read right:
 * 临时救更种请书 for 临时救助申请书. Only a suggestion for the clerk, and only
 * when no other item's word comes as near; null otherwise.
 */
export function nearTitle(reading: TitleReading, items: readonly ClassifiableItem[]): { code: string; word: string; errors: number } | null {
  const prominent = reading.candidates.filter((c) => c.prominence >= 0.8);
  const nearest = new Map<string, { code: string; word: string; errors: number }>();
  for (const item of items)
    for (const word of titleWordsOf(item)) {
      if ([...word].length < NEAR_MIN_LENGTH) continue;
      for (const c of prominent) {
        const found = approxFindEnding(word, c.text, NEAR_ERRORS);
        const known = nearest.get(item.code);
        if (found?.tail === 'exact' && (!known || found.errors < known.errors)) nearest.set(item.code, { code: item.code, word, errors: found.errors });
      }
    }
  const [best, second] = [...nearest.values()].sort((x, y) => x.errors - y.errors);
  return best && (!second || second.errors > best.errors) ? best : null;
}
