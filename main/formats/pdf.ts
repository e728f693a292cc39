import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { checkImagePixels, MAX_IMAGE_PIXELS } from './pageImage';
import { summariseContent } from './pdfContent';
import type { JpegPage } from './pdfJpeg';
import { extractJpegPage } from './pdfJpeg';
import { openPdf, pageText, renderPage } from './pdfRender';
import type { PdfPage, PdfStructure } from './pdfStructure';
import { loadStructure, pageContent, pageImageSizes, pageXObject } from './pdfStructure';
import { xrefLooksIntact } from './pdfXref';
import type { SourcePage, SplitOptions, SplitResult } from './types';
import { RejectedFileError } from './types';

/**
 * PDF → pages. Scanner PDFs whose every page is one plain JPEG are answered
 * from pdf-lib alone (lossless, 1–2 ms a page). Everything else goes through
 * pdfjs: it decides encryption, page count and xref repair, reads the text
 * layer and rasterises pages that are not a plain JPEG.
 */

const DEFAULTS = { dpi: 200, maxPagePixels: 25_000_000, maxImagePixels: MAX_IMAGE_PIXELS };
/** Small pages (receipts, ID cards) are rendered finer so they fill an A4 sheet at 200 dpi, up to this. */
const MAX_SMALL_PAGE_DPI = 600;
/** Below this share of dark pixels a rendered page counts as empty. */
const EMPTY_INK = 0.0005;

type Settings = typeof DEFAULTS & { password?: string };

export async function splitPdf(bytes: Buffer, options: SplitOptions = {}): Promise<SplitResult> {
  const settings: Settings = {
    dpi: options.dpi ?? DEFAULTS.dpi,
    maxPagePixels: options.maxPagePixels ?? DEFAULTS.maxPagePixels,
    maxImagePixels: options.maxImagePixels ?? DEFAULTS.maxImagePixels,
    ...(options.password === undefined ? {} : { password: options.password }),
  };
  const structure = await loadStructure(bytes);
  const intact = xrefLooksIntact(bytes);
  const jpegs = new Map<number, JpegPage | null>();
  if (structure && intact && !structure.loop && !structure.encrypted && structure.pages.length > 0) {
    const pages = await allPlainJpeg(structure, jpegs);
    if (pages) return { pages, warnings: [] };
  }
  return splitWithPdfjs(bytes, settings, structure, intact, jpegs);
}

/** Every page as its JPEG, or null at the first page that needs pdfjs (text layer, vectors, other images). */
async function allPlainJpeg(
  structure: PdfStructure,
  cache: Map<number, JpegPage | null>,
): Promise<SourcePage[] | null> {
  const pages: SourcePage[] = [];
  for (const [i, info] of structure.pages.entries()) {
    const jpeg = await extractJpegPage(structure.context, info);
    cache.set(i, jpeg);
    if (!jpeg || jpeg.hasText) return null;
    pages.push(jpegSourcePage(i + 1, jpeg, null));
  }
  return pages;
}

function jpegSourcePage(index: number, jpeg: JpegPage, textLayer: string | null): SourcePage {
  const { image, width, height, dpi, lossless } = jpeg;
  return { index, image, format: 'jpeg', width, height, dpi, textLayer, lossless };
}

async function splitWithPdfjs(
  bytes: Buffer,
  settings: Settings,
  structure: PdfStructure | null,
  intact: boolean,
  jpegs: Map<number, JpegPage | null>,
): Promise<SplitResult> {
  const doc = await openPdf(bytes, settings.password, settings.maxImagePixels);
  try {
    if (doc.numPages === 0) throw new RejectedFileError('PDF 没有页面');
    const warnings: string[] = [];
    if (!intact) warnings.push('PDF 已修复：文件的交叉引用表已损坏，已按文件内容重建');
    if (structure?.loop) warnings.push('PDF 的页面树有循环引用，重复的页面已忽略');
    // pdf-lib's page list is used only when it agrees with pdfjs on the count.
    const aligned = structure && structure.pages.length === doc.numPages ? structure : null;
    const pages: SourcePage[] = [];
    for (let index = 1; index <= doc.numPages; index++) {
      const page = await openPage(doc, index);
      try {
        pages.push(await onePage({ doc, page, index, settings, aligned, jpegs, warnings }));
      } finally {
        page.cleanup();
      }
    }
    return { pages, warnings };
  } finally {
    await doc.destroy();
  }
}

async function openPage(doc: PDFDocumentProxy, index: number): Promise<PDFPageProxy> {
  try {
    return await doc.getPage(index);
  } catch {
    throw new RejectedFileError(`PDF 第 ${index} 页无法读取，文件可能已损坏`);
  }
}

interface PageJob {
  doc: PDFDocumentProxy;
  page: PDFPageProxy;
  index: number;
  settings: Settings;
  aligned: PdfStructure | null;
  jpegs: Map<number, JpegPage | null>;
  warnings: string[];
}

async function onePage(job: PageJob): Promise<SourcePage> {
  const { page, index, aligned } = job;
  const info = aligned?.pages[index - 1];
  // Encrypted streams cannot be copied out by pdf-lib (it does not decrypt).
  if (info && aligned && !aligned.encrypted) {
    const jpeg = job.jpegs.has(index - 1) ? job.jpegs.get(index - 1) : await extractJpegPage(aligned.context, info);
    if (jpeg) return jpegSourcePage(index, jpeg, jpeg.hasText ? await readText(page) : null);
    for (const size of pageImageSizes(aligned.context, info)) {
      checkImagePixels(size.width, size.height, job.settings.maxImagePixels, `PDF 第 ${index} 页的`);
    }
  }
  const textLayer = await readText(page);
  const rendered = await render(job);
  warnIfEmpty(job, info, rendered.inkRatio, textLayer);
  const { image, format, width, height, dpi } = rendered;
  return { index, image, format, width, height, dpi, textLayer, lossless: false };
}

async function readText(page: PDFPageProxy): Promise<string | null> {
  try {
    return await pageText(page);
  } catch {
    return null; // a broken font must not cost the page its image
  }
}

async function render(job: PageJob): Promise<Awaited<ReturnType<typeof renderPage>>> {
  try {
    return await renderPage(job.doc, job.page, renderDpi(job.page, job.settings.dpi), job.settings.maxPagePixels);
  } catch (error) {
    if (error instanceof RejectedFileError) throw error;
    throw new RejectedFileError(`PDF 第 ${job.index} 页无法显示，文件可能已损坏`);
  }
}

/** `base` dpi, raised for pages smaller than A4 so they reach A4 size at 200 dpi (capped). */
function renderDpi(page: PDFPageProxy, base: number): number {
  const { width, height } = page.getViewport({ scale: 1 });
  const [long, short] = width > height ? [2339, 1654] : [1654, 2339];
  const fit = Math.min(long / (width / 72), short / (height / 72));
  return Math.max(base, Math.min(fit, MAX_SMALL_PAGE_DPI));
}

/** A page that came out empty although it should show something is reported, never passed silently. */
function warnIfEmpty(job: PageJob, info: PdfPage | undefined, inkRatio: number, text: string | null): void {
  const empty = inkRatio < EMPTY_INK;
  const missing = info && job.aligned ? missingImages(job.aligned, info) : [];
  if (missing.length > 0) {
    job.warnings.push(
      `第 ${job.index} 页引用的图像（${missing.join('、')}）在文件中不存在，` +
        (empty ? '该页显示为空白' : '该页内容可能不全'),
    );
  } else if (empty && text) {
    job.warnings.push(`第 ${job.index} 页有文字层但显示为空白，可能缺少嵌入字体`);
  }
}

/** XObjects the content stream draws that the file does not contain. */
function missingImages(structure: PdfStructure, info: PdfPage): string[] {
  if (structure.encrypted) return [];
  const content = pageContent(structure.context, info);
  const summary = content && summariseContent(content);
  if (!summary) return [];
  const names = summary.draws.map((d) => d.name).filter((n) => pageXObject(structure.context, info, n) === undefined);
  return [...new Set(names)];
}
