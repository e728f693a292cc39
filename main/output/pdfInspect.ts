import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';

/**
 * Test helpers: reopen a generated PDF the way a reader would (pdfjs-dist
 * text, outline and metadata) and rasterise it with poppler's pdftoppm —
 * a different engine from the one that wrote it, and the one that shows
 * whether the embedded glyphs really draw.
 */

export interface Inspected {
  pages: string[][];
  outline: { title: string; pageIndex: number }[];
  info: Record<string, unknown>;
}

async function open(bytes: Uint8Array): Promise<PDFDocumentProxy> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const base = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  return pdfjs.getDocument({
    data: new Uint8Array(bytes),
    standardFontDataUrl: `${base}/standard_fonts/`,
    verbosity: 0,
    isEvalSupported: false,
  }).promise;
}

/** Text items of every page, the outline with target pages, and the info dictionary. */
export async function inspectPdf(bytes: Uint8Array): Promise<Inspected> {
  const doc = await open(bytes);
  try {
    const pages: string[][] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const content = await (await doc.getPage(i)).getTextContent();
      pages.push(content.items.map((item) => ('str' in item ? item.str : '')).filter((s) => s.trim() !== ''));
    }
    const outline = await Promise.all(
      ((await doc.getOutline()) ?? []).map(async (o) => {
        const dest = Array.isArray(o.dest) ? o.dest : [];
        return { title: o.title, pageIndex: await doc.getPageIndex(dest[0] as never) };
      }),
    );
    const { info } = await doc.getMetadata();
    return { pages, outline, info: info as Record<string, unknown> };
  } finally {
    await doc.destroy();
  }
}

/** All text of a page as one string without spaces (pdfjs may split runs). */
export function pageText(items: string[]): string {
  return items.join('').replace(/\s+/g, '');
}

/** Rasterises with `pdftoppm -r <dpi> -png` (up to `lastPage`); returns the PNG paths in page order. */
export function rasterise(pdfPath: string, outDir: string, dpi: number, lastPage?: number): string[] {
  fs.mkdirSync(outDir, { recursive: true });
  const prefix = path.join(outDir, path.basename(pdfPath, '.pdf'));
  const range = lastPage ? ['-l', String(lastPage)] : [];
  execFileSync('pdftoppm', ['-r', String(dpi), ...range, '-png', pdfPath, prefix]);
  const name = path.basename(prefix);
  return fs
    .readdirSync(outDir)
    .filter((f) => f.startsWith(`${name}-`) && /-\d+\.png$/.test(f))
    .sort((a, b) => pageNo(a) - pageNo(b))
    .map((f) => path.join(outDir, f));
}

function pageNo(file: string): number {
  return Number(/-(\d+)\.png$/.exec(file)?.[1] ?? 0);
}
