import fs from 'node:fs';
import { createRequire } from 'node:module';
import { prepareZXingModule, writeBarcode } from 'zxing-wasm/writer';

/**
 * QR codes for printed sheets, as a module matrix that the PDF draws as
 * vector squares: sharp at any printer resolution, and the same bytes on
 * every run. Uses zxing-wasm's writer-only build (its own wasm module, so it
 * does not disturb the reader that main/ingest/qr.ts prepares), with the wasm
 * read from disk: left alone, zxing-wasm would fetch it from a CDN.
 */

export interface QrMatrix {
  /** Modules per side, without the quiet zone. */
  size: number;
  /** Row-major, true = dark module. */
  dark: boolean[];
}

let ready: Promise<unknown> | null = null;

function writer(): Promise<unknown> {
  if (!ready) {
    const wasmPath = createRequire(import.meta.url).resolve('zxing-wasm/writer/zxing_writer.wasm');
    const bytes = fs.readFileSync(wasmPath);
    const wasmBinary = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    ready = prepareZXingModule({ overrides: { wasmBinary }, fireImmediately: true });
  }
  return ready;
}

const cache = new Map<string, QrMatrix>();

/** Error correction Q (25 %): separator sheets get creased, stamped on and scanned at low resolution. */
export async function qrMatrix(text: string): Promise<QrMatrix> {
  const hit = cache.get(text);
  if (hit) return hit;
  await writer();
  const written = await writeBarcode(text, { format: 'QRCode', ecLevel: 'Q', scale: 1, addQuietZones: false });
  if (written.error) throw new Error(`无法生成二维码：${written.error}`);
  const { data, width, height } = written.symbol;
  if (width !== height || width === 0) throw new Error('二维码尺寸异常');
  const matrix = { size: width, dark: Array.from(data, (v) => v < 128) };
  if (cache.size >= 2000) cache.clear(); // item payloads repeat; household ones do not
  cache.set(text, matrix);
  return matrix;
}
