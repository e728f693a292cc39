import sharp from 'sharp';
import type { InkGrid } from '../domain/classify/layout';
import type { Rotation } from './types';

/**
 * Image preparation before recognition, done with sharp (libvips threads,
 * off the JS thread). tesseract.js decodes what it is given inside its
 * worker (Leptonica compiled to wasm), so we hand it one-channel 8-bit PGM:
 * no PNG encoding here and no inflate in the wasm, and a third of the bytes
 * of the RGB PNG that sharp's greyscale() alone still produced (it keeps
 * three identical channels unless the colourspace is set to b-w).
 */

/** Titles of Chinese forms sit in the top ~15% of the page; 20% leaves room for skew and margins. */
export const TITLE_BAND = 0.2;
/** Band width after scaling: a 22 pt title is then ~38 px high, which tesseract reads best (≈ 0.6× a 200 dpi scan). */
export const TITLE_WIDTH = 1000;
/** Default longest side of a full page: ≈150 dpi for A4, measured faster than 200 dpi and no less accurate. */
export const PAGE_MAX_SIDE = 1754;

const A4_INCHES = { short: 8.27, long: 11.69 };

export interface PreparedImage {
  /** Binary PGM (P5), 8-bit grey: Leptonica reads it without a codec, and so does the tesseract CLI. */
  pgm: Buffer;
  /** Resolution the image would have if it were an A4 page, for tesseract's user_defined_dpi. */
  dpi: number;
  /** Pixels across and down; the grey bytes are the last width × height bytes of `pgm`. */
  width: number;
  height: number;
  /** Those grey bytes (a view into `pgm`, no copy): what else reads the page (its QR code) shares them. */
  grey: Buffer;
}

function open(image: Buffer): sharp.Sharp {
  // Applies EXIF orientation; a slightly damaged scan is still worth reading.
  return sharp(image, { autoOrient: true, failOn: 'error' });
}

/**
 * Flattened onto white (scans with alpha), one 8-bit grey channel, as PGM
 * bytes. A colour scan gives its red channel: red seals and red letterheads
 * stamped across a title turn almost white there while black print stays
 * black, so the title underneath is read instead of a blot.
 */
async function toPgm(pipeline: sharp.Sharp): Promise<Omit<PreparedImage, 'dpi'>> {
  const { channels, space } = await pipeline.metadata();
  const flat = pipeline.flatten({ background: '#ffffff' });
  // Not extractChannel and toColourspace('b-w') together: sharp converts to b-w (luminance) first whatever the
  // call order, and the red channel taken from that is the luminance, seal and all.
  const grey = channels >= 3 && (space === 'srgb' || space === 'rgb') ? flat.extractChannel('red') : flat.toColourspace('b-w');
  const { data, info } = await grey.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  if (info.channels !== 1) throw new Error(`灰度转换后仍有 ${info.channels} 个通道`);
  const pgm = Buffer.concat([Buffer.from(`P5\n${info.width} ${info.height}\n255\n`, 'ascii'), data]);
  return { pgm, width: info.width, height: info.height, grey: pgm.subarray(pgm.length - data.length) };
}

/** Width and height after EXIF orientation and a further clockwise rotation. */
export async function orientedSize(image: Buffer, rotation: Rotation = 0): Promise<{ width: number; height: number }> {
  const meta = await sharp(image, { autoOrient: true }).metadata();
  const { width, height } = meta.autoOrient;
  return rotation === 90 || rotation === 270 ? { width: height, height: width } : { width, height };
}

function a4Dpi(shortSide: number): number {
  return Math.min(600, Math.max(70, Math.round(shortSide / A4_INCHES.short)));
}

/**
 * Top band of the page as it looks after turning it `rotation` degrees
 * clockwise, in greyscale at a fixed width. No normalise(): on a nearly
 * empty band (a blank back, the foot of a page read upside down) it
 * stretches scanner noise into black speckles that tesseract then spends
 * seconds on (measured 2–5 s instead of ~10 ms), and it did not help titles.
 */
export async function titleBand(image: Buffer, rotation: Rotation = 0): Promise<PreparedImage> {
  const { width, height } = await orientedSize(image, rotation);
  const band = Math.max(1, Math.round(height * TITLE_BAND));
  const prepared = await toPgm(
    open(image)
      .rotate(rotation)
      .extract({ left: 0, top: 0, width, height: band })
      .resize({ width: TITLE_WIDTH }),
  );
  return { ...prepared, dpi: a4Dpi(TITLE_WIDTH) };
}

/** Where a form's title can be: below a letterhead, above the body. */
export const TITLE_REGION = 0.35;

/** Cells across the page's width in its ink grid: about one body character per cell at 150 dpi. */
const INK_COLUMNS = 120;
/** A cell this dark on average (0 black, 255 white) holds ink; paper speckle and thin rules stay lighter. */
const INK_MEAN = 170;

/**
 * Which cells of the top TITLE_REGION of a prepared page hold ink: read off
 * the grey bytes already made for OCR (a sample of every other pixel), so it
 * costs about a millisecond and no decoding.
 */
export function titleInk(image: PreparedImage): InkGrid {
  const { width, height, grey } = image;
  const cell = Math.max(2, Math.floor(width / INK_COLUMNS));
  const cols = Math.floor(width / cell);
  const rows = Math.floor((height * TITLE_REGION) / cell);
  const dark = new Uint8Array(cols * rows);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) {
      let sum = 0;
      let n = 0;
      for (let y = r * cell; y < (r + 1) * cell; y += 2)
        for (let x = c * cell; x < (c + 1) * cell; x += 2) {
          sum += grey[y * width + x] ?? 255;
          n++;
        }
      dark[r * cols + c] = sum / n < INK_MEAN ? 1 : 0;
    }
  return { cell, cols, rows, dark };
}

/**
 * The top TITLE_REGION of the page, at the width a full page is read at
 * (so glyph sizes compare with the full page's), for a sparse-text re-read
 * of a title the page's layout analysis missed.
 */
export async function titleRegion(image: Buffer, rotation: Rotation = 0, maxSide = PAGE_MAX_SIDE): Promise<PreparedImage> {
  const { width, height } = await orientedSize(image, rotation);
  const scale = Math.min(1, maxSide / Math.max(width, height));
  const band = Math.max(1, Math.round(height * TITLE_REGION));
  const prepared = await toPgm(
    open(image)
      .rotate(rotation)
      .extract({ left: 0, top: 0, width, height: band })
      .resize({ width: Math.max(1, Math.round(width * scale)) }),
  );
  return { ...prepared, dpi: a4Dpi(Math.min(width, height) * scale) };
}

/** Whole page in greyscale, turned, and shrunk so its longest side is at most maxSide (bounds worker memory too). */
export async function fullPage(image: Buffer, rotation: Rotation = 0, maxSide = PAGE_MAX_SIDE): Promise<PreparedImage> {
  const { width, height } = await orientedSize(image, rotation);
  const scale = Math.min(1, maxSide / Math.max(width, height));
  const prepared = await toPgm(
    open(image)
      .rotate(rotation)
      .resize({ width: Math.round(width * scale), height: Math.round(height * scale), fit: 'fill' }),
  );
  return { ...prepared, dpi: a4Dpi(Math.min(width, height) * scale) };
}
