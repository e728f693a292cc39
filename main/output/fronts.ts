import { drawCatalogue } from './catalogue';
import { drawCover } from './cover';
import { newSheet, save, setDocInfo } from './document';
import { drawRemarks } from './remarks';
import { catalogueEntries } from './volume';
import type { BuildOptions, CatalogueData, CoverData, RemarksData, VolumeData } from './types';

/**
 * The paper parts of many volumes in one PDF (a village's batch print): for
 * each case its 卷皮, 卷内目录 and 卷内备考表 as the bound volume has them,
 * without the scanned pages. One sheet shares the embedded fonts, so a
 * village of a hundred households stays a small file.
 */

export type FrontPart = 'cover' | 'catalogue' | 'remarks';

export interface FileFront {
  cover: CoverData;
  catalogue: CatalogueData;
  remarks: RemarksData;
}

/** What the volume of `data` prints before and after its scanned pages (no image bytes kept). */
export function fileFront(data: VolumeData): FileFront {
  const entries = catalogueEntries(data.documents);
  const pages = entries.at(-1)?.lastPage ?? 0;
  const items = data.documents.length;
  return {
    cover: { ...data.cover, items, pages },
    catalogue: { archiveCode: data.cover.archiveCode, title: data.cover.title, entries },
    remarks: { ...data.remarks, archiveCode: data.cover.archiveCode, items, pages },
  };
}

const TITLES: Record<FrontPart, string> = { cover: '卷皮', catalogue: '卷内目录', remarks: '卷内备考表' };

export async function buildFileFronts(fronts: FileFront[], parts: readonly FrontPart[], options: BuildOptions = {}): Promise<Uint8Array> {
  if (fronts.length === 0 || parts.length === 0) throw new Error('没有要打印的案卷');
  const sheet = await newSheet(options);
  for (const front of fronts) {
    if (parts.includes('cover')) drawCover(sheet.addPage(), front.cover);
    if (parts.includes('catalogue')) drawCatalogue(sheet, front.catalogue);
    if (parts.includes('remarks')) drawRemarks(sheet, front.remarks);
  }
  const only = fronts.length === 1 ? fronts[0] : undefined;
  setDocInfo(sheet.doc, {
    title: [parts.map((p) => TITLES[p]).join('、'), only?.cover.title ?? ''].join(' ').trim(),
    keywords: fronts.map((f) => f.cover.archiveCode),
    ...(only ? { subject: only.cover.category, author: only.cover.fondsName } : {}),
  });
  return save(sheet.doc);
}
