import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as fontkit from 'fontkit';
import type { FontkitFont, FontkitSubset } from 'fontkit';
import type { PDFDocument, PDFFont } from 'pdf-lib';
import { resourcesDir } from '../support/paths';
import { cachedLayout, withCachedGlyphs } from './fontkitCache';

/**
 * Chinese fonts for the generated PDFs: Noto Sans SC Regular (body, 宋体's
 * role) and Bold (headings, 黑体's role), embedded as subsets.
 *
 * pdf-lib expects the fontkit 1 API (`subset.encodeStream()`); the published
 * @pdf-lib/fontkit fork subsets this font into blank glyphs. fontkit@2 subsets
 * it correctly but only offers `subset.encode()`, so a small adapter gives
 * pdf-lib the stream it asks for.
 */

const FILES = { regular: 'NotoSansSC_400Regular.ttf', bold: 'NotoSansSC_700Bold.ttf' } as const;
const PACKAGE_PATHS = {
  regular: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
} as const;

export interface FontPaths {
  regular: string;
  bold: string;
}

export interface EmbeddedFonts {
  regular: PDFFont;
  bold: PDFFont;
}

/**
 * Where the TTFs are: the given folder, else <resources>/fonts when the
 * packaged app ships them there, else the npm package in node_modules.
 */
export function fontPaths(dir?: string): FontPaths {
  const folder = dir ?? packagedFontDir();
  if (folder) return { regular: path.join(folder, FILES.regular), bold: path.join(folder, FILES.bold) };
  const require = createRequire(import.meta.url);
  return { regular: require.resolve(PACKAGE_PATHS.regular), bold: require.resolve(PACKAGE_PATHS.bold) };
}

function packagedFontDir(): string | null {
  try {
    const dir = path.join(resourcesDir(), 'fonts');
    return fs.existsSync(path.join(dir, FILES.regular)) ? dir : null;
  } catch {
    return null;
  }
}

// The TTFs are 10 MB each: read once per process, and keep the same
// Uint8Array so the adapter's parsed-font cache below hits.
const fileCache = new Map<string, Uint8Array>();

function readFont(file: string): Uint8Array {
  let bytes = fileCache.get(file);
  if (!bytes) {
    if (!fs.existsSync(file)) throw new Error(`找不到中文字体文件：${file}`);
    bytes = new Uint8Array(fs.readFileSync(file));
    fileCache.set(file, bytes);
  }
  return bytes;
}

export function loadFontFiles(dir?: string): { regular: Uint8Array; bold: Uint8Array } {
  const paths = fontPaths(dir);
  return { regular: readFont(paths.regular), bold: readFont(paths.bold) };
}

/** fontkit 1-style stream over fontkit 2's `encode()`; pdf-lib attaches its handlers before the tick ends. */
function encodeStream(subset: FontkitSubset) {
  const handlers = new Map<string, (value?: unknown) => void>();
  const stream = {
    on(event: string, handler: (value?: unknown) => void) {
      handlers.set(event, handler);
      return stream;
    },
  };
  setImmediate(() => {
    try {
      handlers.get('data')?.(subset.encode());
      handlers.get('end')?.();
    } catch (error) {
      handlers.get('error')?.(error);
    }
  });
  return stream;
}

function adaptSubset(subset: FontkitSubset): FontkitSubset {
  return new Proxy(subset, {
    get: (target, prop) => (prop === 'encodeStream' ? () => encodeStream(target) : Reflect.get(target, prop, target)),
  });
}

function adaptFont(font: FontkitFont): FontkitFont {
  const layout = cachedLayout(font);
  const createSubset = () => adaptSubset(withCachedGlyphs(font.createSubset()));
  return new Proxy(font, {
    get: (target, prop) => (prop === 'createSubset' ? createSubset : prop === 'layout' ? layout : Reflect.get(target, prop, target)),
  });
}

// Parsing is lazy in fontkit, and a parsed font keeps its glyph and layout
// caches: reusing it across documents makes the second PDF much faster.
const parsed = new WeakMap<Uint8Array, FontkitFont>();

type PdfLibFontkit = Parameters<PDFDocument['registerFontkit']>[0];

/** The object to hand to `PDFDocument.registerFontkit`. */
export const fontkitAdapter = {
  create(buffer: Uint8Array): FontkitFont {
    let font = parsed.get(buffer);
    if (!font) {
      font = adaptFont(fontkit.create(buffer));
      parsed.set(buffer, font);
    }
    return font;
  },
} as unknown as PdfLibFontkit;

/** Registers the adapter and embeds both weights as subsets (a one-page form stays ~10–30 KB). */
export async function embedChineseFonts(doc: PDFDocument, dir?: string): Promise<EmbeddedFonts> {
  const files = loadFontFiles(dir);
  doc.registerFontkit(fontkitAdapter);
  // Six-letter subset tags (ISO 32000 9.6.4) so viewers list the fonts as embedded subsets.
  const regular = await doc.embedFont(files.regular, { subset: true, customName: 'HDREGU+NotoSansSC-Regular' });
  const bold = await doc.embedFont(files.bold, { subset: true, customName: 'HDBOLD+NotoSansSC-Bold' });
  return { regular, bold };
}

// ---------------------------------------------------------------- measuring

const widthCache = new WeakMap<PDFFont, Map<string, number>>();

/** Width of one character at 1 pt; cached, since wrapping measures every character. */
function charWidth(font: PDFFont, ch: string): number {
  let widths = widthCache.get(font);
  if (!widths) {
    widths = new Map();
    widthCache.set(font, widths);
  }
  let w = widths.get(ch);
  if (w === undefined) {
    w = font.widthOfTextAtSize(ch, 1000) / 1000;
    widths.set(ch, w);
  }
  return w;
}

/** Text width in points. CJK has no kerning, so per-character sums are exact enough. */
export function textWidth(font: PDFFont, text: string, size: number): number {
  let w = 0;
  for (const ch of text) w += charWidth(font, ch);
  return w * size;
}

/** The largest size from `max` down to `min` (0.5 pt steps) at which the text fits in one line. */
export function fitFontSize(font: PDFFont, text: string, maxWidth: number, max: number, min: number): number {
  let size = max;
  while (size > min && textWidth(font, text, size) > maxWidth) size -= 0.5;
  return Math.max(size, min);
}

/** Closing punctuation may not start a line (避头); it hangs at the end of the previous one instead. */
const NO_LINE_START = new Set('，。、；：？！）》」』”’〕】…—·%,.;:?!)]}');
/** Opening punctuation may not end a line (避尾). */
const NO_LINE_END = new Set('（《「『“‘〔【([{');

/** Latin letters and digits (ID numbers, dates, 文号 parts) stay together; CJK breaks anywhere. */
function tokens(text: string): string[] {
  return text.match(/[A-Za-z0-9.\-_/:*]+|[\s\S]/gu) ?? [];
}

/**
 * Wraps text by character width (Chinese needs no spaces). Explicit '\n'
 * starts a new line. A word longer than the line is split by characters.
 */
export function wrapText(font: PDFFont, text: string, size: number, maxWidth: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) lines.push(...wrapParagraph(font, paragraph, size, maxWidth));
  return lines;
}

function wrapParagraph(font: PDFFont, text: string, size: number, maxWidth: number): string[] {
  const fits = (t: string) => textWidth(font, t, size) <= maxWidth;
  const lines: string[] = [];
  let line = '';
  for (const token of tokens(text)) {
    if (line !== '' && !fits(line + token) && !NO_LINE_START.has(token)) {
      const last = [...line].at(-1) ?? '';
      const keep = NO_LINE_END.has(last) && line.length > last.length;
      lines.push(keep ? line.slice(0, -last.length) : line);
      line = keep ? last : '';
      if (line === '' && token.trim() === '') continue;
    }
    if (line === '' && !fits(token)) {
      const pieces = splitLong(font, token, size, maxWidth);
      lines.push(...pieces.slice(0, -1));
      line = pieces.at(-1) ?? '';
    } else {
      line += token;
    }
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines.map((l) => l.trimEnd());
}

function splitLong(font: PDFFont, word: string, size: number, maxWidth: number): string[] {
  const pieces: string[] = [];
  let piece = '';
  for (const ch of word) {
    if (piece !== '' && textWidth(font, piece + ch, size) > maxWidth) {
      pieces.push(piece);
      piece = '';
    }
    piece += ch;
  }
  pieces.push(piece);
  return pieces;
}
