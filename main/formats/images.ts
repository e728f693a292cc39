import type sharp from 'sharp';
import {
  assertDecodes,
  checkImagePixels,
  checkPageSize,
  decodeFailure,
  openImage,
  PAGE_JPEG_QUALITY,
} from './pageImage';
import type { SourcePage, SplitOptions, SplitResult } from './types';
import { RejectedFileError } from './types';

/**
 * A JPEG or PNG is one page. The scanner's bytes are kept as they are when a
 * viewer would show them correctly anyway; otherwise the page is re-encoded
 * upright (EXIF orientation), in sRGB (CMYK scans) and on white (transparent
 * PNGs would turn black in most consumers).
 *
 * A truncated image is rejected, not imported half-grey: DA/T 31-2017 §10.5
 * asks for incomplete images to be rescanned, and the clerk still has the paper.
 */
export async function splitImage(
  bytes: Buffer,
  kind: 'jpeg' | 'png',
  options: Pick<SplitOptions, 'decodedByCaller'> = {},
): Promise<SplitResult> {
  const meta = await readMetadata(bytes);
  const { width, height } = uprightSize(meta);
  checkImagePixels(width, height);
  checkPageSize(width, height);
  const dpi = declaredDpi(bytes, kind, meta);
  if (canKeep(meta, kind)) {
    if (!options.decodedByCaller) await assertDecodes(bytes);
    return {
      pages: [{ index: 1, image: bytes, format: kind, width, height, dpi, textLayer: null, lossless: true }],
      warnings: [],
    };
  }
  const page = await reencode(bytes, kind, meta);
  return { pages: [{ ...page, index: 1, dpi, textLayer: null, lossless: false }], warnings: [] };
}

async function readMetadata(bytes: Buffer): Promise<sharp.Metadata> {
  try {
    return await openImage(bytes).metadata();
  } catch (error) {
    throw decodeFailure(error);
  }
}

/** Orientations 5–8 swap width and height once applied. */
export function uprightSize(meta: sharp.Metadata): { width: number; height: number } {
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  return (meta.orientation ?? 1) >= 5 ? { width: height, height: width } : { width, height };
}

function canKeep(meta: sharp.Metadata, kind: 'jpeg' | 'png'): boolean {
  const upright = (meta.orientation ?? 1) === 1;
  if (kind === 'png') return upright && !meta.hasAlpha;
  return upright && !meta.hasAlpha && (meta.space === 'srgb' || meta.space === 'b-w') && meta.channels !== 4;
}

async function reencode(
  bytes: Buffer,
  kind: 'jpeg' | 'png',
  meta: sharp.Metadata,
): Promise<Pick<SourcePage, 'image' | 'format' | 'width' | 'height'>> {
  const grey = meta.space === 'b-w' || meta.channels === 1 || (meta.channels === 2 && meta.hasAlpha);
  let pipeline = openImage(bytes).rotate().flatten({ background: '#ffffff' });
  if (grey) pipeline = pipeline.toColourspace('b-w');
  else pipeline = pipeline.toColourspace('srgb');
  try {
    const out =
      kind === 'png'
        ? await pipeline.png().toBuffer({ resolveWithObject: true })
        : await pipeline.jpeg({ quality: PAGE_JPEG_QUALITY }).toBuffer({ resolveWithObject: true });
    return { image: out.data, format: kind, width: out.info.width, height: out.info.height };
  } catch (error) {
    if (error instanceof RejectedFileError) throw error;
    throw decodeFailure(error);
  }
}

/**
 * The resolution the file really states. libvips reports 72 dpi when a JPEG
 * carries only a JFIF aspect ratio or nothing at all; that is not a scan
 * resolution, so it becomes null and later stages assume their own default.
 */
function declaredDpi(bytes: Buffer, kind: 'jpeg' | 'png', meta: sharp.Metadata): number | null {
  const density = meta.density && meta.density > 0 ? Math.round(meta.density) : null;
  if (kind === 'png') return hasPngChunk(bytes, 'pHYs') ? density : null;
  const jfifUnits = bytes.toString('latin1', 6, 11) === 'JFIF\0' ? (bytes[13] ?? 0) : null;
  if (jfifUnits !== null && jfifUnits > 0) return density;
  return meta.exif ? density : null;
}

/** Walks PNG chunks up to the image data (ancillary chunks like pHYs must come before IDAT). */
function hasPngChunk(bytes: Buffer, type: string): boolean {
  let at = 8;
  while (at + 8 <= bytes.length) {
    const name = bytes.toString('latin1', at + 4, at + 8);
    if (name === type) return true;
    if (name === 'IDAT' || name === 'IEND') return false;
    at += 12 + bytes.readUInt32BE(at);
  }
  return false;
}
