import { maskIdNumber } from '../domain/masking';
import { householdSeparatorPayload, itemSeparatorPayload } from '../domain/ingest/separator';
import { separatorCheck } from '../ingest/households';
import { newSheet, save, setDocInfo } from './document';
import { fitFontSize } from './fonts';
import type { Pen } from './pen';
import { BLACK, GREY, PT_PER_MM, WHITE } from './pen';
import { qrMatrix } from './qrMatrix';
import type { BuildOptions, SeparatorBatch, SeparatorHousehold, SeparatorItem } from './types';

/**
 * Scan separator sheets, printed per village: a household sheet in front of
 * each household's papers and an item sheet in front of each document. The
 * scanner side reads the QR (main/ingest/qr.ts) to file pages by household
 * and item. The codes are big (≥ 60 mm with a 4-module quiet zone) so they
 * survive printing, photocopying and a 200 dpi scan; the printed words let
 * a clerk check the stack by eye. ID numbers are printed masked 6+4.
 */

const QR_HOUSEHOLD = 70;
const QR_ITEM = 60;

export function householdPayload(h: Pick<SeparatorHousehold, 'householdId' | 'idNumber'>): string {
  return householdSeparatorPayload(h.householdId, separatorCheck(h.idNumber));
}

export async function buildSeparatorSheets(batch: SeparatorBatch, options: BuildOptions = {}): Promise<Uint8Array> {
  if (batch.households.length === 0) throw new Error('没有要打印分隔页的家庭');
  const sheet = await newSheet(options);
  for (const household of batch.households) {
    await householdSheet(sheet.addPage(), batch, household);
    for (const item of household.items ?? []) await itemSheet(sheet.addPage(), batch, household, item);
  }
  setDocInfo(sheet.doc, { title: `${batch.town ?? ''}${batch.village} 扫描分隔页` });
  return save(sheet.doc);
}

function banner(pen: Pen, title: string): void {
  pen.rect(12, 12, 186, 22, { width: 0, fill: BLACK });
  pen.spread(title, 60, 27, 90, { size: 26, bold: true, color: WHITE });
}

function instructions(pen: Pen, text: string): void {
  pen.line(20, 262, 190, 262, { width: 0.5, color: GREY });
  pen.paragraph(text, 20, 266, 170, { size: 10.5, color: GREY, leading: 1.6 });
}

async function householdSheet(pen: Pen, batch: SeparatorBatch, h: SeparatorHousehold): Promise<void> {
  banner(pen, '户分隔页');
  const payload = householdPayload(h);
  pen.qr(await qrMatrix(payload), 105 - QR_HOUSEHOLD / 2, 44, QR_HOUSEHOLD);
  pen.text(payload, 105, 44 + QR_HOUSEHOLD + 5, { size: 8, align: 'center', color: GREY });
  const rows: [string, string][] = [
    ['村(社区)', `${batch.town ?? ''}${batch.village}`],
    ['户主姓名', h.headName],
    ['身份证号', maskIdNumber(h.idNumber)],
    ['救助类别', h.assistance],
  ];
  infoTable(pen, rows, 136);
  instructions(
    pen,
    '使用说明：本页放在该户全部材料的最前面，随材料一起扫描。系统识别二维码后自动归入该户；本页不归档，不计入档案页数。',
  );
}

async function itemSheet(pen: Pen, batch: SeparatorBatch, h: SeparatorHousehold, item: SeparatorItem): Promise<void> {
  banner(pen, '要件分隔页');
  pen.text(`第 ${item.number} 项`, 105, 56, { size: 28, bold: true, align: 'center' });
  const below = pen.paragraph(item.name, 20, 64, 170, { size: 22, bold: true, align: 'center', leading: 1.35 });
  const qrTop = Math.max(below + 8, 92);
  pen.qr(await qrMatrix(itemSeparatorPayload(item.code)), 105 - QR_ITEM / 2, qrTop, QR_ITEM);
  pen.text(itemSeparatorPayload(item.code), 105, qrTop + QR_ITEM + 5, { size: 8, align: 'center', color: GREY });
  pen.text(['所属家庭：' + (batch.town ?? '') + batch.village, h.headName, h.assistance].join('\u3000'), 105, 240, {
    size: 12,
    align: 'center',
    color: GREY,
  });
  instructions(
    pen,
    '使用说明：本页放在该项要件材料的前面，随材料一起扫描。系统识别二维码后将其后各页归入该项要件；本页不归档，不计入档案页数。',
  );
}

function infoTable(pen: Pen, rows: [string, string][], top: number): void {
  const x = 30;
  const labelW = 38;
  const valueW = 112;
  const rowH = 17;
  rows.forEach(([label, value], i) => {
    const y = top + i * rowH;
    pen.rect(x, y, labelW, rowH, { width: 0.8 });
    pen.rect(x + labelW, y, valueW, rowH, { width: 0.8 });
    pen.spread(label, x + 5, y + rowH / 2 + 2.2, labelW - 10, { size: 14, bold: true });
    const size = fitFontSize(pen.font(), value, (valueW - 8) * PT_PER_MM, 18, 10);
    pen.text(value, x + labelW + 5, y + rowH / 2 + ptSizeToBaselineOffset(size), { size });
  });
}

/** Baseline below a row's middle that centres CJK ink (≈ 0.38 em). */
function ptSizeToBaselineOffset(size: number): number {
  return (size * 0.38) / PT_PER_MM;
}
