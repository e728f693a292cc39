import { drawCatalogue } from './catalogue';
import { drawCover } from './cover';
import { newSheet, save, setDocInfo } from './document';
import { embedPageImage, placeImage, stampPageNumber } from './imagePage';
import { addOutline } from './outline';
import type { OutlineEntry } from './outline';
import { drawRemarks } from './remarks';
import type { BuildOptions, CatalogueEntry, VolumeData, VolumeDocument } from './types';

/**
 * The bound digital volume (资料装订统一): 卷皮, 卷内目录, the documents in
 * checklist order, 卷内备考表 — one PDF per household case. Document pages
 * are numbered 1…N in the same place on every page, and the catalogue's
 * 页号 are those numbers. Bookmarks name each document by its item; the
 * metadata carries 案卷题名, 类目, 档号 and 全宗名称. No clock and no random
 * ids go in, so exporting the same case twice gives the same hash.
 */

/** Catalogue rows with the stamped page numbers each document will get. */
export function catalogueEntries(documents: VolumeDocument[]): CatalogueEntry[] {
  let next = 1;
  return documents.map((doc) => {
    if (doc.pages.length === 0) throw new Error(`要件「${doc.title}」没有页面，无法装订`);
    const entry: CatalogueEntry = {
      title: doc.title,
      firstPage: next,
      lastPage: next + doc.pages.length - 1,
      ...(doc.documentNumber === undefined ? {} : { documentNumber: doc.documentNumber }),
      ...(doc.responsible === undefined ? {} : { responsible: doc.responsible }),
      ...(doc.date === undefined ? {} : { date: doc.date }),
      ...(doc.remark === undefined ? {} : { remark: doc.remark }),
    };
    next += doc.pages.length;
    return entry;
  });
}

export async function buildVolume(data: VolumeData, options: BuildOptions = {}): Promise<Uint8Array> {
  const sheet = await newSheet(options);
  const entries = catalogueEntries(data.documents);
  const pages = entries.at(-1)?.lastPage ?? 0;
  const items = data.documents.length;
  const outline: OutlineEntry[] = [{ title: '卷皮', pageIndex: 0 }];

  drawCover(sheet.addPage(), { ...data.cover, items, pages });
  outline.push({ title: '卷内目录', pageIndex: 1 });
  drawCatalogue(sheet, { archiveCode: data.cover.archiveCode, title: data.cover.title, entries });

  let number = 0;
  for (const doc of data.documents) {
    outline.push({ title: doc.title, pageIndex: sheet.doc.getPageCount() });
    for (const page of doc.pages) {
      const image = await embedPageImage(sheet.doc, page);
      const pen = sheet.addPage();
      placeImage(pen, image, page, data.landscape !== 'fit');
      stampPageNumber(pen, ++number);
    }
  }

  outline.push({ title: '卷内备考表', pageIndex: sheet.doc.getPageCount() });
  drawRemarks(sheet, { ...data.remarks, archiveCode: data.cover.archiveCode, items, pages });
  addOutline(sheet.doc, outline);
  setDocInfo(sheet.doc, {
    title: data.cover.title,
    subject: data.cover.category,
    keywords: [data.cover.archiveCode],
    author: data.cover.fondsName,
    timestamp: data.timestamp,
  });
  return save(sheet.doc);
}
