/**
 * A page as OCR laid it out: lines of words with their boxes, in pixels of
 * the image that was read. Produced by main/ocr from tesseract's TSV
 * output; classification reads titles off it by size and place rather than
 * by line length (OCR often runs a title and the line under it together).
 */
export interface LayoutWord {
  text: string;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** 0..1 */
  confidence: number;
}

export interface LayoutLine {
  words: LayoutWord[];
}

export interface PageLayout {
  width: number;
  height: number;
  lines: LayoutLine[];
  /** Where the top of the page has ink (from the image read, beside its words); absent where the engine gives none. */
  ink?: InkGrid;
}

/** A coarse grid over the top of the page: which square cells of `cell` pixels (of the image read) hold ink. */
export interface InkGrid {
  cell: number;
  cols: number;
  rows: number;
  /** Row by row, 1 where the cell is dark. */
  dark: Uint8Array;
}

/** Words read this surely count as reading the ink under them. */
const READ_CONFIDENCE = 0.5;

/**
 * Cells of ink at the top of the page that no surely read word covers (a
 * word's box and one cell around it): what page layout analysis left unread,
 * such as a title under a seal or one it took for a picture. Null without an
 * ink grid.
 */
export function unreadInk(layout: PageLayout): number | null {
  const ink = layout.ink;
  if (!ink) return null;
  const covered = new Uint8Array(ink.dark.length);
  for (const line of layout.lines)
    for (const w of line.words) {
      if (w.confidence < READ_CONFIDENCE) continue;
      const [c0, c1] = [Math.max(0, Math.floor(w.x0 / ink.cell) - 1), Math.min(ink.cols - 1, Math.floor(w.x1 / ink.cell) + 1)];
      const [r0, r1] = [Math.max(0, Math.floor(w.y0 / ink.cell) - 1), Math.min(ink.rows - 1, Math.floor(w.y1 / ink.cell) + 1)];
      for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) covered[r * ink.cols + c] = 1;
    }
  let unread = 0;
  for (let i = 0; i < ink.dark.length; i++) if (ink.dark[i] && !covered[i]) unread++;
  return unread;
}

const HAN = /\p{Script=Han}/gu;

export function hanCount(text: string): number {
  return text.match(HAN)?.length ?? 0;
}

/** Words joined as a reader would: no spaces between Chinese characters. */
export function joinWords(words: readonly LayoutWord[]): string {
  let out = '';
  for (const w of words) {
    const prev = out.at(-1) ?? '';
    const spaced = out.length > 0 && !(/\p{Script=Han}/u.test(prev) && /^\p{Script=Han}/u.test(w.text));
    out += (spaced ? ' ' : '') + w.text;
  }
  return out;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Glyph size of a word: its box height, but no more than its width per
 * Chinese character (full-width glyphs are about square). Tesseract's box of
 * a CJK word often reaches into a neighbouring line's strokes, so the width
 * is the steadier measure; a lone narrow glyph (人, 一) then reads small,
 * never large.
 */
export function glyphHeight(word: LayoutWord): number {
  const h = word.y1 - word.y0;
  const n = hanCount(word.text);
  if (n === 0) return h;
  return Math.min(h, ((word.x1 - word.x0) / n) * 1.1);
}
