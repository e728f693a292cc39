import { glyphHeight, hanCount, joinWords, median, type LayoutWord, type PageLayout } from './layout';
import { normaliseForMatch } from './normalise';

/**
 * Where a page's title is, from layout rather than line length: a title sits
 * in the upper part of the page, centred or letter-spaced, in larger glyphs
 * than the body. OCR may run the title into the line under it (one line:
 * "核对报告 报告编号：…"), put it inside a table's first row, or break it over
 * two lines; each of those still leaves a run of large, centred or spaced
 * glyphs, which is what is read here. Pure.
 */

export interface TitleCandidate {
  /** Normalised for matching (no spaces or punctuation). */
  text: string;
  /** 0..1: how surely this is the page's title by size and place (1: large and centred near the top). */
  prominence: number;
}

export interface TitleReading {
  candidates: TitleCandidate[];
  /** A line that looks like a title (large, centred or spaced near the top), whether or not it names an item: such a page starts a document. */
  titled: boolean;
}

/** Titles sit in the upper part of a form; letterheads can push them down a little. */
const TITLE_ZONE = 0.45;
/** A line whose glyphs are this much larger than the body's is set in title type. */
const LARGE = 1.22;
/** Single words are measured less steadily than whole lines: within a line, a run counts as title type only when clearly larger. */
const LARGE_RUN = 1.4;
/** Fewer Chinese characters than this on the whole page: a photo page or a copy of a card, not a form. */
const SPARSE_PAGE = 40;
/** What a title typically ends with (document kinds); plain first lines ending so are taken as titles. */
const DOC_KIND = /(书|表|单|报告|记录|证明|通知|决定|协议|清单|登记|材料|申请|评估|承诺)$/u;

interface Line {
  words: LayoutWord[];
  han: number;
  height: number;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  text: string;
}

function describe(words: LayoutWord[]): Line {
  const hanWords = words.filter((w) => hanCount(w.text) > 0);
  return {
    words,
    han: hanCount(words.map((w) => w.text).join('')),
    height: median(hanWords.map(glyphHeight)),
    x0: Math.min(...words.map((w) => w.x0)),
    x1: Math.max(...words.map((w) => w.x1)),
    y0: Math.min(...words.map((w) => w.y0)),
    y1: Math.max(...words.map((w) => w.y1)),
    text: normaliseForMatch(joinWords(words)),
  };
}

/** Body glyph height: the median over lines of running text, each counted by its characters. */
function bodyHeight(lines: Line[]): number {
  const weighted: number[] = [];
  for (const l of lines) if (l.han >= 3) for (let i = 0; i < l.han; i++) weighted.push(l.height);
  return median(weighted) || median(lines.map((l) => l.height));
}

/** Median gap between neighbouring Chinese glyphs, relative to their height: letter-spaced titles (居 民 家 庭 …) have wide, even gaps; a form line with one wide gap (姓名：… 性别：…) does not. */
function spacing(line: Line): number {
  const glyphs = line.words.filter((w) => hanCount(w.text) > 0);
  if (glyphs.length < 4) return 0;
  const gaps: number[] = [];
  for (let i = 1; i < glyphs.length; i++) gaps.push(Math.max(0, (glyphs[i]?.x0 ?? 0) - (glyphs[i - 1]?.x1 ?? 0)));
  return median(gaps) / Math.max(1, line.height);
}

/**
 * Runs of large glyphs inside one OCR line (a title run together with the
 * smaller line under or beside it). One glyph read small between large ones
 * (a narrow box) does not break a run.
 */
function largeRuns(line: Line, body: number): LayoutWord[][] {
  const large = (w: LayoutWord) => hanCount(w.text) > 0 && glyphHeight(w) >= body * LARGE_RUN;
  const runs: LayoutWord[][] = [];
  let run: LayoutWord[] = [];
  line.words.forEach((w, i) => {
    const next = line.words[i + 1];
    if (large(w) || (run.length > 0 && next !== undefined && large(next) && hanCount(w.text) <= 1)) run.push(w);
    else if (run.length > 0) {
      runs.push(run);
      run = [];
    }
  });
  if (run.length > 0) runs.push(run);
  // A few large glyphs can be chance (wide boxes in body text); a title has more.
  return runs.filter((r) => hanCount(r.map((w) => w.text).join('')) >= 4);
}

export function readTitles(layout: PageLayout): TitleReading {
  const lines = layout.lines
    .filter((l) => l.words.length > 0)
    .map((l) => describe(l.words))
    .filter((l) => l.han >= 2)
    .sort((a, b) => a.y0 - b.y0);
  if (lines.length === 0) return { candidates: [], titled: false };
  const body = bodyHeight(lines);
  const textLeft = Math.min(...lines.map((l) => l.x0));
  const textRight = Math.max(...lines.map((l) => l.x1));
  const textWidth = Math.max(1, textRight - textLeft);
  const centre = (textLeft + textRight) / 2;
  const zone = lines.filter((l) => (l.y0 + l.y1) / 2 < layout.height * TITLE_ZONE);

  const found: { text: string; prominence: number; y0: number; y1: number; height: number }[] = [];
  for (const line of zone) {
    const lineCentre = (line.x0 + line.x1) / 2;
    // Centred: clearly shorter than the text block and clear of its left margin (an indented body line is neither).
    const centred = Math.abs(lineCentre - centre) < textWidth * 0.06 && line.x1 - line.x0 < textWidth * 0.65 && line.x0 - textLeft > textWidth * 0.12;
    const spaced = spacing(line) >= 0.6;
    const size = line.height / Math.max(1, body);
    if (size >= LARGE || centred || spaced) {
      const prominence = Math.min(1, 0.45 + (size >= LARGE ? 0.35 : 0) + (centred ? 0.2 : 0) + (spaced ? 0.2 : 0) + (size >= 1.5 ? 0.1 : 0));
      found.push({ text: line.text, prominence, y0: line.y0, y1: line.y1, height: line.height });
    }
    // Large glyphs run together with a smaller line: the large run alone is the title.
    for (const run of largeRuns(line, body)) {
      const text = normaliseForMatch(joinWords(run));
      if (text !== line.text) found.push({ text, prominence: 0.9, y0: Math.min(...run.map((w) => w.y0)), y1: Math.max(...run.map((w) => w.y1)), height: median(run.map(glyphHeight)) });
    }
  }
  // A title over two lines: neighbouring title lines of similar size, read as one.
  const joined: TitleCandidate[] = [];
  for (let i = 1; i < found.length; i++) {
    const a = found[i - 1];
    const b = found[i];
    if (!a || !b) continue;
    const similar = b.height / Math.max(1, a.height);
    if (similar > 0.75 && similar < 1.33 && b.y0 - a.y1 < 1.6 * Math.max(a.height, b.height) && b.y0 > a.y0) {
      joined.push({ text: a.text + b.text, prominence: Math.min(a.prominence, b.prominence) });
    }
  }
  const candidates: TitleCandidate[] = [...found.map(({ text, prominence }) => ({ text, prominence })), ...joined];
  // A title that starts a document: large type, or a line ending in a kind of document. Centred or spaced lines alone are also table cells.
  const titled = candidates.some((c) => hanCount(c.text) >= 4 && (c.prominence >= 0.8 || (c.prominence >= 0.6 && DOC_KIND.test(c.text))));
  // A page of few words (a photo's caption, a copy of a card) is named by whichever of them it has.
  const words = lines.reduce((n, l) => n + l.han, 0);
  if (words < SPARSE_PAGE) for (const l of lines) candidates.push({ text: l.text, prominence: 0.6 });
  // A plain title: the first line of text, when short or ending in a document kind (申请书, 调查表 …).
  const first = zone[0];
  if (first && (first.han <= 20 || DOC_KIND.test(first.text)) && !candidates.some((c) => c.text === first.text)) {
    candidates.push({ text: first.text, prominence: DOC_KIND.test(first.text) ? 0.6 : 0.4 });
  }
  return { candidates: dedupe(candidates), titled: titled || (first !== undefined && DOC_KIND.test(first.text) && first.han <= 30) };
}

/** Without a layout (a PDF's own text layer): the first lines, as plain title candidates. */
export function titlesFromText(text: string): TitleReading {
  const lines = text
    .split('\n')
    .map(normaliseForMatch)
    .filter((l) => hanCount(l) >= 2)
    .slice(0, 3);
  const candidates = lines.map((line, i) => ({ text: line, prominence: i === 0 && (line.length <= 20 || DOC_KIND.test(line)) ? 0.6 : 0.4 }));
  return { candidates, titled: candidates.some((c) => c.prominence >= 0.6 && DOC_KIND.test(c.text)) };
}

function dedupe(candidates: TitleCandidate[]): TitleCandidate[] {
  const best = new Map<string, number>();
  for (const c of candidates) best.set(c.text, Math.max(best.get(c.text) ?? 0, c.prominence));
  return [...best].map(([text, prominence]) => ({ text, prominence })).sort((a, b) => b.prominence - a.prominence);
}

/** Two readings of one page (the whole page, and its top re-read as sparse text) as one. */
export function mergeTitles(a: TitleReading, b: TitleReading): TitleReading {
  return { candidates: dedupe([...a.candidates, ...b.candidates]), titled: a.titled || b.titled };
}
