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
  await zxing();
  const { data, info } = await sharp(image).resize({ width: 1000, withoutEnlargement: true }).greyscale().raw().toBuffer({ resolveWithObject: true });
  const pixels = { data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height, colorSpace: 'srgb' };
  const results = await readBarcodes(toRgba(pixels) as unknown as ImageData, { formats: ['QRCode'], tryHarder: true, maxNumberOfSymbols: 4 });
  return results.filter((r) => r.isValid).map((r) => r.text);
}

/** readBarcodes takes ImageData (RGBA); Node has no ImageData class, so the same shape is built here. */
function toRgba(grey: { data: Uint8ClampedArray; width: number; height: number }) {
  const rgba = new Uint8ClampedArray(grey.width * grey.height * 4);
  for (let i = 0; i < grey.data.length; i++) {
    const v = grey.data[i] ?? 255;
    rgba[i * 4] = v;
    rgba[i * 4 + 1] = v;
    rgba[i * 4 + 2] = v;
    rgba[i * 4 + 3] = 255;
  }
  return { data: rgba, width: grey.width, height: grey.height, colorSpace: 'srgb' };
}

/** A QR code as a PNG, `size` pixels square (separator sheets, spine labels). */
export async function qrPng(text: string, size = 600): Promise<Buffer> {
  await zxing();
  const written = await writeBarcode(text, { format: 'QRCode', ecLevel: 'M', scale: 0, addQuietZones: true });
  if (!written.image) throw new Error(`无法生成二维码：${written.error}`);
  const png = Buffer.from(await written.image.arrayBuffer());
  return sharp(png).resize(size, size, { kernel: 'nearest' }).png().toBuffer();
}
