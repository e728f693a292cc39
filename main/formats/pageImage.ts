import sharp from 'sharp';
import { RejectedFileError } from './types';

/**
 * Limits and checks shared by every page source (images, TIFF frames, PDF
 * pages), so a page is judged the same way whatever file it came from.
 */

/** Below this on either side nothing on the page can be read (a 100 px strip at 200 dpi is 1.3 cm). */
export const MIN_PAGE_SIDE = 100;

/**
 * Largest image decoded at full size: 150 MP covers A3 at 800 dpi. Above it,
 * decoding alone needs gigabytes (a 35000×35000 "page" is 3.7 GB as RGB).
 */
export const MAX_IMAGE_PIXELS = 150_000_000;

/** JPEG quality for pages that must be re-encoded (rotation, CMYK, alpha, rasterised PDF). */
export const PAGE_JPEG_QUALITY = 90;

export function checkPageSize(width: number, height: number, where = ''): void {
  if (width < MIN_PAGE_SIDE || height < MIN_PAGE_SIDE) {
    throw new RejectedFileError(`${where}图像太小，无法识别（${width}×${height} 像素）`);
  }
}

export function checkImagePixels(width: number, height: number, limit = MAX_IMAGE_PIXELS, where = ''): void {
  if (width * height > limit) {
    throw new RejectedFileError(`${where}图像过大（${width}×${height} 像素），超出处理上限`);
  }
}

/** Opens untrusted image bytes: truncated data is an error, libvips' own pixel cap applies. */
export function openImage(bytes: Buffer, page?: number): sharp.Sharp {
  return sharp(bytes, {
    failOn: 'truncated',
    limitInputPixels: MAX_IMAGE_PIXELS,
    ...(page === undefined ? {} : { page }),
  });
}

/** Turns a decoder failure into the clerk's reason. */
export function decodeFailure(error: unknown, where = ''): RejectedFileError {
  const text = error instanceof Error ? error.message : String(error);
  if (/pixel limit/i.test(text)) return new RejectedFileError(`${where}图像过大，超出处理上限`);
  return new RejectedFileError(`${where}图像文件不完整或已损坏`);
}

/** Decodes everything once at 1/8 scale: JPEG shrink-on-load makes this cheap, and truncation still shows. */
export async function assertDecodes(bytes: Buffer, page?: number, where = ''): Promise<void> {
  try {
    await openImage(bytes, page).resize(64, 64, { fit: 'inside' }).raw().toBuffer();
  } catch (error) {
    throw decodeFailure(error, where);
  }
}
