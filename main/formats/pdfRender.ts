import { createRequire } from 'node:module';
import path from 'node:path';
import type * as PdfjsModule from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import sharp from 'sharp';
import { PAGE_JPEG_QUALITY } from './pageImage';
import { RejectedFileError } from './types';

/**
 * pdfjs-dist (legacy build, the one that runs under plain Node) opens PDFs
 * pdf-lib cannot: encrypted ones with an empty user password, damaged xrefs
 * it rebuilds, JBIG2/CCITT/JPX images. It renders through the @napi-rs/canvas
 * copy it declares itself; a second copy in the tree crashes the process.
 */

type Pdfjs = typeof PdfjsModule;

let loaded: Promise<Pdfjs> | null = null;
function pdfjs(): Promise<Pdfjs> {
  loaded ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return loaded;
}

/** pdfjs' data folders (fonts, CMaps, wasm decoders), read from disk, never fetched. */
function dataUrls(): Record<'standardFontDataUrl' | 'cMapUrl' | 'wasmUrl' | 'iccUrl', string> {
  const base = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  const folder = (name: string) => path.join(base, name) + path.sep;
  return {
    standardFontDataUrl: folder('standard_fonts'),
    cMapUrl: folder('cmaps'),
    wasmUrl: folder('wasm'),
    iccUrl: folder('iccs'),
  };
}

export async function openPdf(
  bytes: Buffer,
  password: string | undefined,
  maxImagePixels: number,
): Promise<PDFDocumentProxy> {
  const lib = await pdfjs();
  const task = lib.getDocument({
    // pdfjs may detach the buffer it is given; hand it a copy.
    data: new Uint8Array(bytes),
    ...(password === undefined ? {} : { password }),
    ...dataUrls(),
    // Images above the cap are skipped instead of decoded: the last guard against decompression bombs.
    maxImageSize: maxImagePixels,
    isEvalSupported: false,
    verbosity: lib.VerbosityLevel.ERRORS,
  });
  try {
    return await task.promise;
  } catch (error) {
    await task.destroy().catch(() => undefined);
    throw openFailure(error, password);
  }
}

function openFailure(error: unknown, password: string | undefined): RejectedFileError {
  const name = error instanceof Error ? error.name : '';
  if (name === 'PasswordException') {
    return new RejectedFileError(password === undefined ? 'PDF 已加密，需要密码才能打开' : 'PDF 密码不正确');
  }
  return new RejectedFileError('PDF 文件已损坏，无法打开');
}

export interface RenderedPage {
  image: Buffer;
  format: 'jpeg';
  width: number;
  height: number;
  dpi: number;
  /** Share of dark pixels, so callers can tell a page that came out empty. */
  inkRatio: number;
}

interface NodeCanvas {
  canvas: unknown;
  context: { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } };
}
interface CanvasFactory {
  create(width: number, height: number): NodeCanvas;
  destroy(canvas: NodeCanvas): void;
}

const RENDER_TIMEOUT_MS = 60_000;

/** Renders at `dpi`, lowered so the page stays under `maxPixels`; one page's canvas exists at a time. */
export async function renderPage(
  doc: PDFDocumentProxy,
  page: PDFPageProxy,
  dpi: number,
  maxPixels: number,
): Promise<RenderedPage> {
  const unit = page.getViewport({ scale: 1 });
  const pixelsAtDpi = ((unit.width * dpi) / 72) * ((unit.height * dpi) / 72);
  const used = pixelsAtDpi > maxPixels ? dpi * Math.sqrt(maxPixels / pixelsAtDpi) : dpi;
  const viewport = page.getViewport({ scale: used / 72 });
  const width = Math.max(1, Math.floor(viewport.width));
  const height = Math.max(1, Math.floor(viewport.height));
  const factory = doc.canvasFactory as CanvasFactory;
  const target = factory.create(width, height);
  try {
    const task = page.render({
      canvas: target.canvas as HTMLCanvasElement,
      canvasContext: target.context as unknown as CanvasRenderingContext2D,
      viewport,
      background: 'rgb(255,255,255)',
    });
    await withTimeout(task.promise, () => task.cancel());
    const rgba = target.context.getImageData(0, 0, width, height).data;
    return { ...(await encodeRgba(rgba, width, height)), dpi: Math.round(used) };
  } finally {
    factory.destroy(target);
  }
}

async function withTimeout(work: Promise<void>, cancel: () => void): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      cancel();
      reject(new RejectedFileError('PDF 页面渲染超时，文件可能已损坏或过于复杂'));
    }, RENDER_TIMEOUT_MS);
  });
  try {
    await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Grey pages (most scans and digital text) become 1-channel JPEGs, a third of the size. */
async function encodeRgba(rgba: Uint8ClampedArray, width: number, height: number): Promise<Omit<RenderedPage, 'dpi'>> {
  const { grey, inkRatio } = scanPixels(rgba);
  const raw = Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength);
  let pipeline = sharp(raw, { raw: { width, height, channels: 4 } }).removeAlpha();
  if (grey) pipeline = pipeline.toColourspace('b-w');
  const image = await pipeline.jpeg({ quality: PAGE_JPEG_QUALITY }).toBuffer();
  return { image, format: 'jpeg', width, height, inkRatio };
}

/** One pass over every 7th pixel: colour present? how much is dark? */
function scanPixels(rgba: Uint8ClampedArray): { grey: boolean; inkRatio: number } {
  let grey = true;
  let dark = 0;
  let sampled = 0;
  for (let i = 0; i < rgba.length; i += 28) {
    const r = rgba[i] ?? 255;
    const g = rgba[i + 1] ?? 255;
    const b = rgba[i + 2] ?? 255;
    if (grey && (Math.abs(r - g) > 8 || Math.abs(g - b) > 8)) grey = false;
    if (r + g + b < 384) dark++;
    sampled++;
  }
  return { grey, inkRatio: sampled ? dark / sampled : 0 };
}

/** The page's text layer in reading order, lines kept; null when it has none. */
export async function pageText(page: PDFPageProxy): Promise<string | null> {
  const content = await page.getTextContent();
  let text = '';
  for (const item of content.items) {
    if (!('str' in item)) continue;
    text += item.str + (item.hasEOL ? '\n' : '');
  }
  const trimmed = text.replace(/[ \t]+\n/g, '\n').trim();
  return trimmed === '' ? null : trimmed;
}
