import sharp from 'sharp';
import { BLANK_INK_RATIO, measureInk } from './blank';
import type { GreyImage } from './deskew';
import { detectSkew } from './deskew';
import { decodeFailure, openImage } from './pageImage';

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
  const { image: data, format, width, height, deskewAngle } = await preparePage(image, options);
  return { image: data, format, width, height, deskewAngle };
}

/** Everything ingestion keeps of a page: the normalised image, its thumbnail and the blank check. */
export interface PreparedPage extends NormalisedPage {
  /** 240 px wide JPEG of the normalised page. */
  thumbnail: Buffer;
  blank: boolean;
  inkRatio: number;
  /**
   * True when `image` is the input's own bytes: the page was already upright,
   * straight (below MIN_CORRECTION) and A4 at 200 dpi, so re-encoding would
   * only have cost a JPEG generation.
   */
  unchanged: boolean;
}

/**
 * normalisePage, thumbnail and isBlankPage in one go. A plain JPEG (grey or
 * sRGB, 8 bits, no alpha) is decoded once at full size, and the skew
 * preview, the straightened sheet, the thumbnail and the blank check all
 * come from those pixels; other images take the general path, one step at a
 * time. Either way the whole image is decoded strictly: a truncated or
 * damaged one is a RejectedFileError.
 */
export async function preparePage(image: Buffer, options: { rotation: Rotation }): Promise<PreparedPage> {
  const meta = await strictly(openImage(image).metadata());
  if (!plainJpeg(meta)) return prepareGenerally(image, meta, options.rotation);
  const decoded = toRaw(
    await strictly(openImage(image).autoOrient().rotate(options.rotation).raw().toBuffer({ resolveWithObject: true })),
  );
  const preview = await greyOf(fromRaw(decoded).resize(PREVIEW_SIDE, PREVIEW_SIDE, { fit: 'inside' }));
  const skew = detectSkew(preview);
  const correction = Math.abs(skew) >= MIN_CORRECTION ? -skew : 0;
  const turned = turnedSize(decoded, correction);
  const sheet = turned.width > turned.height ? A4_LANDSCAPE : A4_PORTRAIT;
  const keep =
    correction === 0 &&
    options.rotation === 0 &&
    decoded.width === sheet.width &&
    decoded.height === sheet.height &&
    keepableJpeg(image, meta);
  const page = keep ? decoded : await onSheet(decoded, correction, turned, sheet);
  // The blank check reads the same preview when the page already had the sheet's shape
  // (a straightened page differs by a degree or two, which moves no ink in or out of a tile).
  const sameShape = sameAspect(decoded, sheet);
  const [data, thumb, inkPreview] = await Promise.all([
    keep ? image : fromRaw(page).jpeg({ quality: NORMALISED_JPEG_QUALITY }).toBuffer(),
    fromRaw(page).resize({ width: THUMB_WIDTH }).jpeg({ quality: THUMB_QUALITY }).toBuffer(),
    sameShape ? preview : greyOf(fromRaw(page).resize(PREVIEW_SIDE, PREVIEW_SIDE, { fit: 'inside' })),
  ]);
  const inkRatio = measureInk(inkPreview);
  return {
    image: data,
    format: 'jpeg',
    ...sheet,
    deskewAngle: correction,
    thumbnail: thumb,
    blank: inkRatio < BLANK_INK_RATIO,
    inkRatio,
    unchanged: keep,
  };
}

/** Size of the bounding box of a w×h image turned by `angle` degrees (what libvips' rotate gives). */
function turnedSize(image: { width: number; height: number }, angle: number): { width: number; height: number } {
  const a = (angle * Math.PI) / 180;
  const [cos, sin] = [Math.abs(Math.cos(a)), Math.abs(Math.sin(a))];
  return { width: image.width * cos + image.height * sin, height: image.width * sin + image.height * cos };
}

/** Same proportions as the sheet to within a pixel of the preview. */
function sameAspect(image: { width: number; height: number }, sheet: { width: number; height: number }): boolean {
  const fit = Math.min(PREVIEW_SIDE / image.width, PREVIEW_SIDE / image.height);
  const sheetFit = Math.min(PREVIEW_SIDE / sheet.width, PREVIEW_SIDE / sheet.height);
  return (
    Math.round(image.width * fit) === Math.round(sheet.width * sheetFit) &&
    Math.round(image.height * fit) === Math.round(sheet.height * sheetFit)
  );
}

/**
 * The page straightened by `correction` degrees and fitted onto the sheet
 * with white margins, nothing cropped. When the fit changes the size by
 * little (a 200 dpi scan turned a degree or two), turning and scaling are one
 * affine pass; otherwise the page is turned, then resized.
 */
async function onSheet(
  page: Raw,
  correction: number,
  turned: { width: number; height: number },
  sheet: { width: number; height: number },
): Promise<Raw> {
  const scale = Math.min(sheet.width / turned.width, sheet.height / turned.height);
  if (correction !== 0 && scale >= 0.9 && scale <= 1.05) {
    const a = (correction * Math.PI) / 180;
    const [cos, sin] = [scale * Math.cos(a), scale * Math.sin(a)];
    const moved = toRaw(
      await fromRaw(page)
        .affine(
          [
            [cos, -sin],
            [sin, cos],
          ],
          { background: WHITE },
        )
        .raw()
        .toBuffer({ resolveWithObject: true }),
    );
    return centreOn(moved, sheet);
  }
  const upright =
    correction === 0
      ? page
      : toRaw(
          await fromRaw(page).rotate(correction, { background: WHITE }).raw().toBuffer({ resolveWithObject: true }),
        );
  return toRaw(
    await fromRaw(upright)
      .resize(sheet.width, sheet.height, { fit: 'contain', background: WHITE })
      .raw()
      .toBuffer({ resolveWithObject: true }),
  );
}

/** Centres an image on a white sheet; the affine's rounding may leave it a pixel too big, which is background. */
async function centreOn(image: Raw, sheet: { width: number; height: number }): Promise<Raw> {
  if (image.width === sheet.width && image.height === sheet.height) return image;
  const width = Math.min(image.width, sheet.width);
  const height = Math.min(image.height, sheet.height);
  const left = Math.floor((sheet.width - width) / 2);
  const top = Math.floor((sheet.height - height) / 2);
  const out = await fromRaw(image)
    .extract({
      left: Math.floor((image.width - width) / 2),
      top: Math.floor((image.height - height) / 2),
      width,
      height,
    })
    .extend({ left, top, right: sheet.width - width - left, bottom: sheet.height - height - top, background: WHITE })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return toRaw(out);
}

/** The general path: any image sharp reads, each step decoding on its own. */
async function prepareGenerally(image: Buffer, meta: sharp.Metadata, rotation: Rotation): Promise<PreparedPage> {
  const skew = detectSkew(await strictly(greyPreview(image, rotation)));
  const correction = Math.abs(skew) >= MIN_CORRECTION ? -skew : 0;
  const upright = await turn(image, meta, rotation, correction);
  const sheet = upright.width > upright.height ? A4_LANDSCAPE : A4_PORTRAIT;
  const bilevel = meta.format === 'png' && (meta.channels === 1 || meta.bitsPerSample === 1);
  const grey = meta.channels <= 2 || bilevel;
  let out = upright.pipeline.resize(sheet.width, sheet.height, { fit: 'contain', background: WHITE });
  if (grey) out = out.toColourspace('b-w');
  const data = bilevel
    ? await out.png({ compressionLevel: 6 }).toBuffer()
    : await out.jpeg({ quality: NORMALISED_JPEG_QUALITY }).toBuffer();
  const { blank, inkRatio } = await isBlankPage(data);
  const format = bilevel ? 'png' : 'jpeg';
  return {
    image: data,
    format,
    ...sheet,
    deskewAngle: correction,
    thumbnail: await thumbnail(data),
    blank,
    inkRatio,
    unchanged: false,
  };
}

/** A decode that fails is the clerk's "damaged or incomplete" reason. */
async function strictly<T>(decoding: Promise<T>): Promise<T> {
  try {
    return await decoding;
  } catch (error) {
    throw decodeFailure(error);
  }
}

interface Raw {
  data: Buffer;
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
}

function toRaw({ data, info }: { data: Buffer; info: sharp.OutputInfo }): Raw {
  return { data, width: info.width, height: info.height, channels: info.channels };
}

function fromRaw({ data, width, height, channels }: Raw): sharp.Sharp {
  return sharp(data, { raw: { width, height, channels } });
}

async function greyOf(pipeline: sharp.Sharp): Promise<GreyImage> {
  const { data, info } = await pipeline.toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** A JPEG whose decoded pixels are plain 8-bit grey or sRGB (not CMYK, not 12-bit). */
function plainJpeg(meta: sharp.Metadata): boolean {
  return (
    meta.format === 'jpeg' &&
    (meta.channels === 1 || meta.channels === 3) &&
    !meta.hasAlpha &&
    meta.depth === 'uchar' &&
    (meta.space === 'srgb' || meta.space === 'b-w')
  );
}

/**
 * Whether these JPEG bytes can be the page image as they are: shown upright
 * without EXIF help, in sRGB (no other colour profile), and Huffman-coded
 * baseline or progressive, which every viewer and PDF reader decodes
 * (arithmetic coding is not).
 */
function keepableJpeg(bytes: Buffer, meta: sharp.Metadata): boolean {
  if ((meta.orientation ?? 1) !== 1) return false;
  if (meta.icc && !meta.icc.includes('sRGB')) return false;
  const frame = startOfFrame(bytes);
  return frame === 0xc0 || frame === 0xc1 || frame === 0xc2;
}

/** The SOFn marker of a JPEG (0xc0 baseline, 0xc2 progressive, …), or null. */
export function startOfFrame(bytes: Buffer): number | null {
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return null;
    const marker = bytes[at + 1] ?? 0;
    if (marker === 0xff) {
      at++;
      continue;
    }
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return marker;
    if (marker === 0xd9 || marker === 0xda) return null;
    at += 2 + bytes.readUInt16BE(at + 2);
  }
  return null;
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
  const { data, info } = await openImage(image)
    .autoOrient()
    .flatten({ background: WHITE })
    .rotate(rotation)
    .resize(PREVIEW_SIDE, PREVIEW_SIDE, { fit: 'inside' })
    .toColourspace('b-w')
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

const THUMB_WIDTH = 240;
const THUMB_QUALITY = 75;

/** A small JPEG (240 px wide) for lists and the page strip. */
export async function thumbnail(image: Buffer): Promise<Buffer> {
  return sharp(image)
    .autoOrient()
    .flatten({ background: WHITE })
    .resize({ width: THUMB_WIDTH })
    .jpeg({ quality: THUMB_QUALITY })
    .toBuffer();
}

export async function isBlankPage(image: Buffer): Promise<{ blank: boolean; inkRatio: number }> {
  const inkRatio = measureInk(await greyPreview(image));
  return { blank: inkRatio < BLANK_INK_RATIO, inkRatio };
}
