import fs from 'node:fs';
import { createRequire } from 'node:module';
import sharp from 'sharp';
import { prepareZXingModule, readBarcodes, writeBarcode } from 'zxing-wasm/full';

/**
 * QR codes on 户档 separator sheets, read and written offline with zxing-wasm.
 * Its wasm binary is handed over from the package on disk; left alone, the
 * library would fetch it from a CDN.
 */

let ready: Promise<unknown> | null = null;

function zxing(): Promise<unknown> {
  if (!ready) {
    const wasmPath = createRequire(import.meta.url).resolve('zxing-wasm/full/zxing_full.wasm');
    const wasmBinary = fs.readFileSync(wasmPath);
    ready = prepareZXingModule({ overrides: { wasmBinary: wasmBinary.buffer.slice(wasmBinary.byteOffset, wasmBinary.byteOffset + wasmBinary.byteLength) }, fireImmediately: true });
  }
  return ready;
}

/** Texts of the QR codes on a page image. Reads a half-scale grey copy: fast, and plenty for a large code. */
export async function readQrCodes(image: Buffer): Promise<string[]> {
  const { data, info } = await sharp(image).resize({ width: 1000, withoutEnlargement: true }).greyscale().raw().toBuffer({ resolveWithObject: true });
  return readQrCodesInGrey({ grey: data, width: info.width, height: info.height });
}

/**
 * Texts of the QR codes in 8-bit grey pixels (row by row) already at hand, such as the page the
 * OCR is about to read (≈150 dpi): no second decode of the page.
 */
export async function readQrCodesInGrey({ grey, width, height }: { grey: Uint8Array; width: number; height: number }): Promise<string[]> {
  await zxing();
  // Handed over as a PGM, which the reader takes as it is. As ImageData (RGBA) it would be widened to four
  // channels here and narrowed back to the same grey values in JavaScript: two passes over ~9 MB a page for nothing.
  const pgm = Buffer.concat([Buffer.from(`P5\n${width} ${height}\n255\n`, 'ascii'), grey]);
  const results = await readBarcodes(pgm, { formats: ['QRCode'], tryHarder: true, maxNumberOfSymbols: 4 });
  return results.filter((r) => r.isValid).map((r) => r.text);
}

/** A QR code as a PNG, `size` pixels square (separator sheets, spine labels). */
export async function qrPng(text: string, size = 600): Promise<Buffer> {
  await zxing();
  const written = await writeBarcode(text, { format: 'QRCode', ecLevel: 'M', scale: 0, addQuietZones: true });
  if (!written.image) throw new Error(`无法生成二维码：${written.error}`);
  const png = Buffer.from(await written.image.arrayBuffer());
  return sharp(png).resize(size, size, { kernel: 'nearest' }).png().toBuffer();
}
