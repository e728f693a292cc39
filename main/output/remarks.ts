import { chineseDate } from './dates';
import { newSheet, save, setDocInfo } from './document';
import type { Sheet } from './document';
import type { Pen, TextStyle } from './pen';
import type { BuildOptions, RemarksData } from './types';

/**
 * 卷内备考表 (GB/T 9705 appendix J): 本卷情况说明 in a ruled box — counts,
 * the missing items by official name, the clerk's notes — then 立卷人,
 * 检查人 and 立卷时间. A statement too long for one page continues on a
 * second; the signatures go on the last.
 */

const BODY: TextStyle = { size: 12, leading: 1.6 };
const BOX = { x: 15, y: 48, w: 180, h: 230 };
const TEXT_X = BOX.x + 8;
const TEXT_W = BOX.w - 16;
const TEXT_TOP = BOX.y + 18;
/** Top of the signature block on the last page. */
const SIGNATURE_TOP = BOX.y + BOX.h - 44;

/**
 * The 本卷情况说明 paragraphs: counts, missing items, items that wait on pages
 * in the review inbox (not called missing, not called complete either), then
 * the clerk's own words.
 */
export function remarksStatement(data: Pick<RemarksData, 'items' | 'pages' | 'missingItems' | 'waitingItems' | 'statement'>): string[] {
  const paragraphs = [`本卷共 ${data.items} 件，${data.pages} 页。`];
  const waiting = data.waitingItems ?? [];
  if (data.missingItems.length === 0 && waiting.length === 0) {
    paragraphs.push('本卷档案要件齐全。');
  } else if (data.missingItems.length > 0) {
    paragraphs.push(`本卷缺少以下档案要件（共 ${data.missingItems.length} 项），待补充完善：`);
    data.missingItems.forEach((name, i) => paragraphs.push(`${i + 1}. ${name}`));
  }
  if (waiting.length > 0) {
    paragraphs.push(`以下档案要件有待审页面，待确认后归入本卷（共 ${waiting.length} 项）：`);
    waiting.forEach((name, i) => paragraphs.push(`${i + 1}. ${name}（有待审页面）`));
  }
  if (data.statement?.trim()) paragraphs.push(data.statement.trim());
  return paragraphs;
}

function statementLines(pen: Pen, data: RemarksData): string[] {
  return remarksStatement(data).flatMap((p) => pen.wrap(p, TEXT_W, BODY));
}

function startPage(sheet: Sheet, data: RemarksData, continued: boolean): Pen {
  const pen = sheet.addPage();
  pen.text(continued ? '卷内备考表（续）' : '卷内备考表', 105, 30, { size: 22, bold: true, align: 'center' });
  pen.text(`档号：${data.archiveCode}`, 195, 42, { size: 10.5, align: 'right' });
  pen.rect(BOX.x, BOX.y, BOX.w, BOX.h, { width: 1 });
  pen.text('本卷情况说明：', TEXT_X, BOX.y + 10, { size: 12, bold: true });
  return pen;
}

function signatures(pen: Pen, data: RemarksData): void {
  const x = 110;
  const rows: [string, string][] = [
    ['立卷人', data.compiler],
    ['检查人', data.checker],
    ['立卷时间', chineseDate(data.compiledOn)],
  ];
  if (data.checkedOn) rows.push(['检查时间', chineseDate(data.checkedOn)]);
  const top = BOX.y + BOX.h - 8 - rows.length * 10;
  rows.forEach(([label, value], i) => {
    const y = top + i * 10 + 6;
    pen.spread(label, x, y, 20, { size: 12, bold: true });
    pen.text('：', x + 20, y, { size: 12 });
    pen.text(value, x + 27, y, { size: 12 });
    pen.line(x + 25, y + 2, BOX.x + BOX.w - 8, y + 2, { width: 0.5 });
  });
}

/** Splits the statement lines into pages: only the last page must leave room for the signatures. */
function paginate(lines: string[], pitch: number): string[][] {
  const full = Math.floor((BOX.y + BOX.h - 6 - TEXT_TOP) / pitch);
  const last = Math.floor((SIGNATURE_TOP - TEXT_TOP) / pitch);
  const pages: string[][] = [];
  let rest = lines;
  while (rest.length > last) {
    const take = Math.min(full, rest.length - 1);
    pages.push(rest.slice(0, take));
    rest = rest.slice(take);
  }
  pages.push(rest);
  return pages;
}

export function drawRemarks(sheet: Sheet, data: RemarksData): number {
  const first = startPage(sheet, data, false);
  const pitch = first.pitch(BODY);
  const pages = paginate(statementLines(first, data), pitch);
  let pen = first;
  pages.forEach((lines, p) => {
    if (p > 0) pen = startPage(sheet, data, true);
    lines.forEach((line, i) => pen.text(line, TEXT_X, TEXT_TOP + i * pitch + pitch * 0.7, BODY));
  });
  signatures(pen, data);
  return pages.length;
}

export async function buildRemarks(data: RemarksData, options: BuildOptions = {}): Promise<Uint8Array> {
  const sheet = await newSheet(options);
  drawRemarks(sheet, data);
  setDocInfo(sheet.doc, { title: '卷内备考表', keywords: [data.archiveCode] });
  return save(sheet.doc);
}
