import sharp from 'sharp';
import { BLANK_INK_RATIO, measureInk } from './blank';
import type { GreyImage } from './deskew';
import { detectSkew } from './deskew';

/**
 * One stored page → the archive's page image, as DA/T 31-2017 §10 orders it:
 * turn it upright (the OCR layer decides 90/180/270), straighten small skew,
 * then fit it onto an A4 sheet at 200 dpi with white margins. Nothing is
 * cropped and nothing is "cleaned": no despeckling, no thresholding; §10.4
 * wants stains, holes and marks of the original kept.
 *
 * Landscape pages (wider than tall once upright, e.g. wide tables) go on a
 * landscape A4 sheet (2339×1654) instead of being shrunk onto a portrait one,
 * which would leave them at ~140 dpi, below the 200 dpi minimum.
 */

export type Rotation = 0 | 90 | 180 | 270;

export interface NormalisedPage {
  image: Buffer;
  format: 'jpeg' | 'png';
  width: number;
  height: number;
  /** Degrees turned to straighten the page, clockwise positive (0 when none was needed). */
  deskewAngle: number;
}

export const A4_PORTRAIT = { width: 1654, height: 2339 } as const;
export const A4_LANDSCAPE = { width: 2339, height: 1654 } as const;
export const NORMALISED_JPEG_QUALITY = 85;
/** Skew below this is left alone: resampling would blur more than it straightens. */
const MIN_CORRECTION = 0.2;
const PREVIEW_SIDE = 1200;
const WHITE = { r: 255, g: 255, b: 255 };

export async function normalisePage(image: Buffer, options: { rotation: Rotation }): Promise<NormalisedPage> {
  const meta = await sharp(image).metadata();
  const skew = detectSkew(await greyPreview(image, options.rotation));
  const correction = Math.abs(skew) >= MIN_CORRECTION ? -skew : 0;
  const upright = await turn(image, meta, options.rotation, correction);
  const sheet = upright.width > upright.height ? A4_LANDSCAPE : A4_PORTRAIT;
  const bilevel = meta.format === 'png' && (meta.channels === 1 || meta.bitsPerSample === 1);
  const grey = meta.channels <= 2 || bilevel;
  let out = upright.pipeline.resize(sheet.width, sheet.height, { fit: 'contain', background: WHITE });
  if (grey) out = out.toColourspace('b-w');
  const data = bilevel
    ? await out.png({ compressionLevel: 6 }).toBuffer()
    : await out.jpeg({ quality: NORMALISED_JPEG_QUALITY }).toBuffer();
  return { image: data, format: bilevel ? 'png' : 'jpeg', ...sheet, deskewAngle: correction };
}

interface Turned {
  pipeline: sharp.Sharp;
  width: number;
  height: number;
}

/**
 * The page turned upright and straightened. Quarter turns stay in one
 * pipeline; sharp applies other angles only after resizing, so a
 * straightened page is materialised (raw, one page in memory) first.
 */
async function turn(image: Buffer, meta: sharp.Metadata, rotation: Rotation, correction: number): Promise<Turned> {
  const base = sharp(image).autoOrient().flatten({ background: WHITE });
  if (correction === 0) {
    const { width, height } = meta.autoOrient;
    const quarter = rotation === 90 || rotation === 270;
    return { pipeline: base.rotate(rotation), width: quarter ? height : width, height: quarter ? width : height };
  }
  const { data, info } = await base
    .rotate(rotation + correction, { background: WHITE })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const raw = { width: info.width, height: info.height, channels: info.channels };
  return { pipeline: sharp(data, { raw }), width: info.width, height: info.height };
}

/** A greyscale copy no larger than PREVIEW_SIDE, turned upright, for measuring (never stored). */
async function greyPreview(image: Buffer, rotation: Rotation = 0): Promise<GreyImage> {
  const { data, info } = await sharp(image)
    .autoOrient()
    .flatten({ background: WHITE })
    .rotate(rotation)
    .resize(PREVIEW_SIDE, PREVIEW_SIDE, { fit: 'inside' })
    .toColourspace('b-w')
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** A small JPEG (240 px wide) for lists and the page strip. */
export async function thumbnail(image: Buffer): Promise<Buffer> {
  return sharp(image)
    .autoOrient()
    .flatten({ background: WHITE })
    .resize({ width: 240 })
    .jpeg({ quality: 75 })
    .toBuffer();
}

export async function isBlankPage(image: Buffer): Promise<{ blank: boolean; inkRatio: number }> {
  const inkRatio = measureInk(await greyPreview(image));
  return { blank: inkRatio < BLANK_INK_RATIO, inkRatio };
}
