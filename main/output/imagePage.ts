import { degrees } from 'pdf-lib';
import type { PDFDocument, PDFImage } from 'pdf-lib';
import type { Pen } from './pen';
import { PT_PER_MM } from './pen';
import type { PageImage } from './types';

/**
 * A scanned page on A4 portrait (材料用纸统一). JPEG goes in as its own DCT
 * stream — no decoding, no quality loss, and the volume stays about the size
 * of its scans; PNG is re-compressed losslessly by pdf-lib. The image keeps
 * its aspect ratio inside margins that leave the foot free for the page
 * number, so the number never covers content (DA/T 31 §7.2).
 */

/** Content box in mm: wider left margin for the binding edge, room at the foot for the page number. */
export const CONTENT = { left: 15, top: 10, right: 10, bottom: 18 } as const;
const BOX_W = 210 - CONTENT.left - CONTENT.right;
const BOX_H = 297 - CONTENT.top - CONTENT.bottom;

export function imageKind(bytes: Uint8Array): 'jpeg' | 'png' {
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'jpeg';
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'png';
  throw new Error('页面图像格式不支持：只能是 JPEG 或 PNG');
}

export function embedPageImage(doc: PDFDocument, page: PageImage): Promise<PDFImage> {
  // pdf-lib reads a JPEG through its whole ArrayBuffer: a small file read by Node sits inside a shared pool, so it gets its own.
  const bytes = page.bytes.byteOffset === 0 ? page.bytes : Uint8Array.from(page.bytes);
  return imageKind(bytes) === 'jpeg' ? doc.embedJpg(bytes) : doc.embedPng(bytes);
}

/**
 * Draws the image into the content box. Landscape scans are turned a
 * quarter counter-clockwise when `rotate` (unless they fit upright at real
 * size), top towards the binding edge, as landscape sheets are bound. With a known dpi, a small original is shown
 * at its real size instead of being blown up.
 */
export function placeImage(pen: Pen, image: PDFImage, page: PageImage, rotate: boolean): void {
  // An original that fits upright at its real size (an ID card copy) stays upright.
  const fitsUpright = page.dpi !== undefined && page.dpi > 0 && (image.width / page.dpi) * 25.4 <= BOX_W;
  const turn = rotate && image.width > image.height && !fitsUpright;
  const w = turn ? image.height : image.width;
  const h = turn ? image.width : image.height;
  let scale = Math.min(BOX_W / w, BOX_H / h); // mm per pixel
  if (page.dpi && page.dpi > 0) scale = Math.min(scale, 25.4 / page.dpi);
  const wMm = w * scale;
  const hMm = h * scale;
  const left = CONTENT.left + (BOX_W - wMm) / 2;
  const top = CONTENT.top + (BOX_H - hMm) / 2;
  const x = left * PT_PER_MM;
  const y = (297 - top - hMm) * PT_PER_MM;
  if (!turn) {
    pen.page.drawImage(image, { x, y, width: wMm * PT_PER_MM, height: hMm * PT_PER_MM });
    return;
  }
  // pdf-lib rotates about the image's lower-left corner: a quarter turn
  // counter-clockwise swings it to the left, so start from the right edge.
  pen.page.drawImage(image, {
    x: x + wMm * PT_PER_MM,
    y,
    width: hMm * PT_PER_MM,
    height: wMm * PT_PER_MM,
    rotate: degrees(90),
  });
}

/** 页号: the same place and size on every page, bottom right, outside the content box. */
export function stampPageNumber(pen: Pen, n: number): void {
  pen.text(String(n), 210 - CONTENT.right, 297 - 8, { size: 11, align: 'right' });
}
