import { PDFHexString, PDFName, PDFNumber } from 'pdf-lib';
import type { PDFDocument, PDFRef } from 'pdf-lib';

/**
 * PDF bookmarks (/Outlines). pdf-lib has no outline API, so the dictionaries
 * are built from its low-level objects. Titles are UTF-16BE hex strings
 * (PDFHexString.fromText adds the byte-order mark), which every viewer shows
 * as Chinese; PDFDocEncoding could not hold them.
 */

export interface OutlineEntry {
  title: string;
  /** 0-based index of the page the bookmark opens. */
  pageIndex: number;
}

export function addOutline(doc: PDFDocument, entries: OutlineEntry[]): void {
  if (entries.length === 0) return;
  const ctx = doc.context;
  const pages = doc.getPages();
  const rootRef = ctx.nextRef();
  const refs: PDFRef[] = entries.map(() => ctx.nextRef());
  entries.forEach((entry, i) => {
    const page = pages[entry.pageIndex];
    if (!page) throw new Error(`书签「${entry.title}」指向不存在的第 ${entry.pageIndex + 1} 页`);
    const item = ctx.obj({ Title: PDFHexString.fromText(entry.title), Parent: rootRef, Dest: [page.ref, 'Fit'] });
    const prev = refs[i - 1];
    const next = refs[i + 1];
    if (prev) item.set(PDFName.of('Prev'), prev);
    if (next) item.set(PDFName.of('Next'), next);
    ctx.assign(refs[i] as PDFRef, item);
  });
  const root = ctx.obj({ Type: 'Outlines', Count: PDFNumber.of(entries.length) });
  root.set(PDFName.of('First'), refs[0] as PDFRef);
  root.set(PDFName.of('Last'), refs[refs.length - 1] as PDFRef);
  ctx.assign(rootRef, root);
  doc.catalog.set(PDFName.of('Outlines'), rootRef);
  // Opens with the bookmark panel showing: clerks navigate a volume by its documents.
  doc.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
}
