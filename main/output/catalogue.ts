import { compactDate } from './dates';
import { newSheet, save, setDocInfo } from './document';
import type { Sheet } from './document';
import { fitFontSize } from './fonts';
import { PT_PER_MM } from './pen';
import { drawTable, fillBlankRows } from './table';
import type { TableLayout } from './table';
import type { BuildOptions, CatalogueData, CatalogueEntry } from './types';

/**
 * 卷内目录 (GB/T 9705 appendix H): one row per document in checklist order,
 * 页号 as the stamped numbers (start-end). The header row repeats on every
 * page; the last page is ruled down to the foot like a printed form.
 */

const LAYOUT: TableLayout = {
  x: 15,
  columns: [
    { header: '序号', width: 11 },
    { header: '文号', width: 28 },
    { header: '责任者', width: 28 },
    { header: '题名', width: 65, align: 'left' },
    { header: '日期', width: 20 },
    { header: '页号', width: 15 },
    { header: '备注', width: 13, align: 'left' },
  ],
  style: { size: 10, leading: 1.35 },
  headerStyle: { size: 11, bold: true },
  headerHeight: 11,
  minRowHeight: 10,
};
const TABLE_TOP = 46;
const BOTTOM = 282;

/** 页号 as written in the catalogue: "5" for a one-page document, else "5-8". */
export function pageRange(first: number, last: number): string {
  return first === last ? String(first) : `${first}-${last}`;
}

function cells(entry: CatalogueEntry, index: number): string[] {
  return [
    String(index + 1),
    entry.documentNumber ?? '',
    entry.responsible ?? '',
    entry.title,
    compactDate(entry.date),
    pageRange(entry.firstPage, entry.lastPage),
    entry.remark ?? '',
  ];
}

/** Draws the catalogue on as many new pages as it needs; returns how many. */
export function drawCatalogue(sheet: Sheet, data: CatalogueData): number {
  let pages = 0;
  const startPage = (continued: boolean) => {
    const pen = sheet.addPage();
    pages++;
    pen.text(continued ? '卷内目录（续）' : '卷内目录', 105, 28, { size: 22, bold: true, align: 'center' });
    const codeText = `档号：${data.archiveCode}`;
    pen.text(codeText, 195, 40, { size: 10.5, align: 'right' });
    if (data.title) {
      const room = 180 - pen.widthMm(codeText, { size: 10.5 }) - 6;
      const size = fitFontSize(pen.font(), `案卷题名：${data.title}`, room * PT_PER_MM, 10.5, 7);
      pen.text(`案卷题名：${data.title}`, 15, 40, { size });
    }
    return { pen, top: TABLE_TOP };
  };
  const { pen, y } = drawTable(data.entries.map(cells), LAYOUT, BOTTOM, startPage);
  fillBlankRows(pen, LAYOUT, y, BOTTOM);
  return pages;
}

export async function buildCatalogue(data: CatalogueData, options: BuildOptions = {}): Promise<Uint8Array> {
  const sheet = await newSheet(options);
  drawCatalogue(sheet, data);
  setDocInfo(sheet.doc, { title: `卷内目录 ${data.title ?? ''}`.trim(), keywords: [data.archiveCode] });
  return save(sheet.doc);
}
