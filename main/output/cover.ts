import { compactDate } from './dates';
import { newSheet, save, setDocInfo } from './document';
import { fitFontSize } from './fonts';
import type { Pen, TextStyle } from './pen';
import { PT_PER_MM, RED } from './pen';
import type { BuildOptions, CoverData, ExitedMark } from './types';

/**
 * 卷皮 (案卷封面) after GB/T 9705-2008: 档号 box at the top right, 全宗名称,
 * the heading, then the labelled fields on ruled lines. An exited household's
 * cover carries a red "整户退出 单独存放" mark so the volume is pulled into
 * the separate cabinet (天津 notice 二(八): kept apart, not destroyed).
 */

const LEFT = 30;
const LABEL_W = 30;
const VALUE_X = LEFT + LABEL_W + 6;
const RIGHT = 182;
const FIELD: TextStyle = { size: 16 };
const LABEL: TextStyle = { size: 16, bold: true };

/** 案卷题名 as the 天津 practice writes it: 镇村, 户主, 类别 + 档案. */
export function volumeTitle(parts: { town?: string; village: string; headName: string; category: string }): string {
  return `${parts.town ?? ''}${parts.village} ${parts.headName} ${parts.category}档案`;
}

export function drawCover(pen: Pen, data: CoverData): void {
  frame(pen);
  codeBox(pen, data.archiveCode);
  const fondsSize = fitFontSize(pen.font(true), data.fondsName, 140 * PT_PER_MM, 24, 14);
  pen.text(data.fondsName, 105, 68, { size: fondsSize, bold: true, align: 'center' });
  pen.spread('社会救助档案', 47, 100, 116, { size: 40, bold: true });
  let y = 132;
  y = field(pen, '类目名称', data.category, y);
  y = field(pen, '案卷题名', data.title, y);
  y = field(pen, '起止时间', `${compactDate(data.startDate)} 至 ${compactDate(data.endDate)}`, y);
  y = field(pen, '保管期限', data.retention, y);
  y = field(pen, '件数', `${data.items} 件`, y);
  field(pen, '页数', `${data.pages} 页`, y);
  if (data.exited) exitedMark(pen, data.exited);
}

function frame(pen: Pen): void {
  pen.rect(15, 15, 180, 267, { width: 1.6 });
  pen.rect(17, 17, 176, 263, { width: 0.5 });
}

function codeBox(pen: Pen, code: string): void {
  const x = 112;
  const y = 24;
  pen.rect(x, y, 18, 11, { width: 0.8 });
  pen.rect(x + 18, y, 56, 11, { width: 0.8 });
  pen.cell('档号', x, y, 18, 11, { size: 12, bold: true });
  const size = fitFontSize(pen.font(), code, 53 * PT_PER_MM, 12, 7);
  pen.cell(code, x + 18, y, 56, 11, { size });
}

/** A labelled field on ruled lines; long values wrap onto further ruled lines. Returns the next field's y. */
function field(pen: Pen, label: string, value: string, y: number): number {
  pen.spread(label, LEFT, y, LABEL_W, LABEL);
  const lines = pen.wrap(value, RIGHT - VALUE_X - 2, FIELD);
  lines.forEach((line, i) => {
    const baseline = y + i * 11;
    pen.text(line, VALUE_X + 2, baseline, FIELD);
    pen.line(VALUE_X, baseline + 2.2, RIGHT, baseline + 2.2, { width: 0.6 });
  });
  return y + Math.max(1, lines.length) * 11 + 6;
}

/** Red double-ruled stamp at the foot of the cover. */
function exitedMark(pen: Pen, exited: ExitedMark): void {
  const x = 50;
  const y = 232;
  const w = 110;
  const h = exited.retainUntil || exited.exitedOn ? 36 : 24;
  pen.rect(x, y, w, h, { width: 2, color: RED });
  pen.rect(x + 1.6, y + 1.6, w - 3.2, h - 3.2, { width: 0.6, color: RED });
  pen.text('整户退出 单独存放', 105, y + 14, { size: 22, bold: true, align: 'center', color: RED });
  const notes = [
    exited.exitedOn ? `退出日期：${compactDate(exited.exitedOn)}` : '',
    exited.retainUntil ? `保管期满：${compactDate(exited.retainUntil)}` : '',
  ].filter(Boolean);
  if (notes.length > 0) pen.text(notes.join('　'), 105, y + 27, { size: 12, align: 'center', color: RED });
}

/** A one-page cover on its own (printing covers for paper volumes). */
export async function buildCover(data: CoverData, options: BuildOptions = {}): Promise<Uint8Array> {
  const sheet = await newSheet(options);
  drawCover(sheet.addPage(), data);
  setDocInfo(sheet.doc, {
    title: data.title,
    subject: data.category,
    keywords: [data.archiveCode],
    author: data.fondsName,
  });
  return save(sheet.doc);
}
