import zlib from 'node:zlib';
import type { PDFContext, PDFObject } from 'pdf-lib';
import { PDFArray, PDFBool, PDFDict, PDFName, PDFRawStream } from 'pdf-lib';
import sharp from 'sharp';
import { isComplete } from './complete';
import { MIN_PAGE_SIDE, PAGE_JPEG_QUALITY } from './pageImage';
import type { ContentSummary, Matrix } from './pdfContent';
import { summariseContent } from './pdfContent';
import type { PdfPage } from './pdfStructure';
import { numberOf, pageContent, pageXObject, resolve } from './pdfStructure';

/**
 * Scanner PDFs hold one JPEG per page, drawn over the whole page. Such a
 * page's JPEG bytes are the scan itself: copying them out is lossless and
 * takes 1–2 ms, where rasterising takes a few hundred and
 * re-compresses. Only the plain case qualifies (one DCT image, no masks,
 * colour transforms, CMYK, transparency or annotations, drawn upright across
 * the page); anything else returns null and is rasterised.
 */

export interface JpegPage {
  image: Buffer;
  width: number;
  height: number;
  dpi: number;
  /** False when /Rotate forced a re-encode. */
  lossless: boolean;
  /** The page also carries text (an OCR layer), to be read through pdfjs. */
  hasText: boolean;
}

const name = (text: string) => PDFName.of(text);
/** How far (as a share of the page size) the image edges may sit from the page edges. */
const EDGE_TOLERANCE = 0.02;

export async function extractJpegPage(context: PDFContext, page: PdfPage): Promise<JpegPage | null> {
  if (hasVisibleAnnotations(context, page) || !plainGraphicsStates(context, page)) return null;
  const content = pageContent(context, page);
  const summary = content && summariseContent(content);
  const draw = soleImageDraw(summary);
  if (!summary || !draw || !coversPage(draw.ctm, page.box)) return null;
  const stream = pageXObject(context, page, draw.name);
  if (!(stream instanceof PDFRawStream) || !isPlainJpeg(context, stream.dict)) return null;
  const jpeg = jpegBytes(context, stream);
  if (!jpeg) return null;
  const width = numberOf(context, stream.dict.get(name('Width'))) ?? 0;
  const height = numberOf(context, stream.dict.get(name('Height'))) ?? 0;
  // A thumbnail-sized image is better rendered up to 200 dpi than passed on too small to read.
  if (width < MIN_PAGE_SIDE || height < MIN_PAGE_SIDE) return null;
  if (!(await jpegMatches(jpeg, width, height))) return null;
  const dpi = Math.round(width / (draw.ctm[0] / 72));
  const hasText = summary.text;
  if (page.rotate === 0) return { image: jpeg, width, height, dpi, lossless: true, hasText };
  // JPEG has no lossless rotation in sharp; an upright page matters more than the original bytes.
  const out = await sharp(jpeg)
    .rotate(page.rotate)
    .jpeg({ quality: PAGE_JPEG_QUALITY })
    .toBuffer({ resolveWithObject: true });
  return { image: out.data, width: out.info.width, height: out.info.height, dpi, lossless: false, hasText };
}

/** Stamps, signatures or notes added in a PDF editor live in annotations; links are invisible. */
function hasVisibleAnnotations(context: PDFContext, page: PdfPage): boolean {
  const annots = resolve(context, page.dict.get(name('Annots')));
  if (!(annots instanceof PDFArray)) return false;
  return annots.asArray().some((a) => {
    const annot = resolve(context, a);
    return annot instanceof PDFDict && annot.get(name('Subtype')) !== name('Link');
  });
}

/** Transparency (soft masks, constant alpha, blend modes) would change how the image looks on the page. */
function plainGraphicsStates(context: PDFContext, page: PdfPage): boolean {
  const states = resolve(context, page.resources?.get(name('ExtGState')));
  if (!(states instanceof PDFDict)) return true;
  return states.entries().every(([, value]) => {
    const state = resolve(context, value);
    if (!(state instanceof PDFDict)) return true;
    const mask = state.get(name('SMask'));
    const blend = state.get(name('BM'));
    const opaque = ['CA', 'ca'].every((key) => (numberOf(context, state.get(name(key))) ?? 1) >= 1);
    const normal = blend === undefined || blend === name('Normal') || blend === name('Compatible');
    return opaque && normal && (mask === undefined || mask === name('None'));
  });
}

function soleImageDraw(summary: ContentSummary | null): { name: string; ctm: Matrix } | null {
  if (!summary || summary.paints || summary.draws.length !== 1) return null;
  return summary.draws[0] ?? null;
}

/** Drawn upright (no skew, flip or quarter turn) with its edges on the page's edges. */
function coversPage(ctm: Matrix, box: PdfPage['box']): boolean {
  const [a, b, c, d, e, f] = ctm;
  if (a <= 0 || d <= 0 || Math.abs(b) > a * 1e-3 || Math.abs(c) > d * 1e-3) return false;
  const tolerance = EDGE_TOLERANCE * Math.max(box[2] - box[0], box[3] - box[1]);
  const near = (x: number, y: number) => Math.abs(x - y) <= tolerance;
  return near(e, box[0]) && near(f, box[1]) && near(e + a, box[2]) && near(f + d, box[3]);
}

function isPlainJpeg(context: PDFContext, dict: PDFDict): boolean {
  if (dict.get(name('Subtype')) !== name('Image')) return false;
  const imageMask = resolve(context, dict.get(name('ImageMask')));
  if (imageMask instanceof PDFBool && imageMask.asBoolean()) return false;
  if (['SMask', 'Mask', 'Decode'].some((key) => dict.get(name(key)) !== undefined)) return false;
  if ((numberOf(context, dict.get(name('BitsPerComponent'))) ?? 8) !== 8) return false;
  return plainColourSpace(context, resolve(context, dict.get(name('ColorSpace'))));
}

const MAX_INFLATED_JPEG = 256 * 1024 * 1024;

/**
 * The JPEG file inside the stream: the stream itself under DCTDecode, or
 * inflated first under [/FlateDecode /DCTDecode] (Ghostscript and OCRmyPDF
 * write that; inflating is lossless, the JPEG data stays as scanned). Any
 * decode parameters (predictors, ColorTransform) need a real decoder: null.
 */
function jpegBytes(context: PDFContext, stream: PDFRawStream): Buffer | null {
  const listOf = (value: PDFObject | undefined) =>
    value instanceof PDFArray ? value.asArray().map((v) => resolve(context, v)) : [value];
  const filters = listOf(resolve(context, stream.dict.get(name('Filter'))));
  const parms = listOf(resolve(context, stream.dict.get(name('DecodeParms'))));
  if (parms.some((p) => p instanceof PDFDict && p.entries().length > 0)) return null;
  const [first, second] = filters;
  if (filters.length === 1 && first === name('DCTDecode')) return Buffer.from(stream.contents);
  if (filters.length !== 2 || first !== name('FlateDecode') || second !== name('DCTDecode')) return null;
  try {
    return zlib.inflateSync(stream.contents, { maxOutputLength: MAX_INFLATED_JPEG });
  } catch {
    return null;
  }
}

/** Grey or RGB, device or ICC-based; CMYK and Lab JPEGs need pdfjs' colour conversion. */
function plainColourSpace(context: PDFContext, space: PDFObject | undefined): boolean {
  if (space === name('DeviceRGB') || space === name('DeviceGray')) return true;
  if (!(space instanceof PDFArray) || space.get(0) !== name('ICCBased')) return false;
  const profile = resolve(context, space.get(1));
  const components = profile instanceof PDFRawStream ? numberOf(context, profile.dict.get(name('N'))) : undefined;
  return components === 1 || components === 3;
}

/** The stream is a whole JPEG of the stated size, grey or RGB, with no EXIF rotation PDF viewers would ignore. */
async function jpegMatches(jpeg: Buffer, width: number, height: number): Promise<boolean> {
  if (!isComplete(jpeg, 'jpeg') || jpeg[0] !== 0xff || jpeg[1] !== 0xd8) return false;
  try {
    const meta = await sharp(jpeg).metadata();
    return (
      meta.format === 'jpeg' &&
      meta.width === width &&
      meta.height === height &&
      (meta.channels === 1 || meta.channels === 3) &&
      (meta.orientation ?? 1) === 1
    );
  } catch {
    return false;
  }
}
