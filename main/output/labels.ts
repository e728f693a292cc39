import { newSheet, save, setDocInfo } from './document';
import type { Sheet } from './document';
import { fitFontSize } from './fonts';
import type { Pen } from './pen';
import { BLACK, GREY, PT_PER_MM, WHITE } from './pen';
import { qrMatrix } from './qrMatrix';
import type { QrMatrix } from './qrMatrix';
import { drawSpine, spineLayout } from './spine';
import type { BoxLabel, BuildOptions, LabelSheetOptions } from './types';

/**
 * Labels for 柜盒摆放统一: box spine strips (盒脊) and cabinet cards (柜标),
 * several to an A4 sheet with dashed cut lines. Boxes of exited households
 * are marked black-on-white "整户退出档案专柜" so they are shelved apart.
 */

const CUT = { width: 0.4, color: GREY, dash: [3, 2] };
const CARD = { w: 95, h: 62, cols: 2, rows: 4 } as const;

export const EXITED_CABINET = '整户退出档案专柜';

export async function buildLabelSheet(
  labels: BoxLabel[],
  sheetOptions: LabelSheetOptions,
  options: BuildOptions = {},
): Promise<Uint8Array> {
  if (labels.length === 0) throw new Error('没有要打印的标签');
  const sheet = await newSheet(options);
  const codes = await Promise.all(labels.map((l) => qrMatrix(l.qrPayload)));
  if (sheetOptions.kind === 'spine')
    drawSpines(sheet, labels, codes, sheetOptions.widthMm, sheetOptions.heightMm ?? 250);
  else drawCards(sheet, labels, codes);
  setDocInfo(sheet.doc, { title: sheetOptions.kind === 'spine' ? '档案盒盒脊标签' : '档案柜柜标' });
  return save(sheet.doc);
}

/** Strips side by side across the sheet, as many as fit between 10 mm margins. */
function drawSpines(sheet: Sheet, labels: BoxLabel[], codes: QrMatrix[], width: number, height: number): void {
  const perSheet = Math.max(1, Math.floor(190 / width));
  const left = (210 - perSheet * width) / 2;
  const top = (297 - height) / 2;
  const layout = spineLayout(labels, width, height);
  for (let start = 0; start < labels.length; start += perSheet) {
    const pen = sheet.addPage();
    const count = Math.min(perSheet, labels.length - start);
    cutLines(
      pen,
      Array.from({ length: count + 1 }, (_, i) => left + i * width),
      [top, top + height],
    );
    for (let i = 0; i < count; i++) {
      const label = labels[start + i] as BoxLabel;
      drawSpine(pen, layout, label, left + i * width, top, codes[start + i] as QrMatrix);
    }
    footNote(pen, `盒脊标签 宽 ${width} 毫米，沿虚线裁下贴于档案盒盒脊`);
  }
}

function drawCards(sheet: Sheet, labels: BoxLabel[], codes: QrMatrix[]): void {
  const perSheet = CARD.cols * CARD.rows;
  const left = (210 - CARD.cols * CARD.w) / 2;
  const top = (297 - CARD.rows * CARD.h) / 2;
  for (let start = 0; start < labels.length; start += perSheet) {
    const pen = sheet.addPage();
    const xs = Array.from({ length: CARD.cols + 1 }, (_, i) => left + i * CARD.w);
    const ys = Array.from({ length: CARD.rows + 1 }, (_, i) => top + i * CARD.h);
    cutLines(pen, xs, ys);
    labels.slice(start, start + perSheet).forEach((label, i) => {
      const x = left + (i % CARD.cols) * CARD.w;
      const y = top + Math.floor(i / CARD.cols) * CARD.h;
      drawCard(pen, label, codes[start + i] as QrMatrix, x, y);
    });
    footNote(pen, '档案柜柜标，沿虚线裁下贴于柜门');
  }
}

/** Dashed cut lines running edge to edge through the given positions. */
function cutLines(pen: Pen, xs: number[], ys: number[]): void {
  for (const x of xs) pen.line(x, 4, x, 293, CUT);
  for (const y of ys) pen.line(4, y, 206, y, CUT);
}

function footNote(pen: Pen, text: string): void {
  pen.text(text, 105, 294, { size: 7, align: 'center', color: GREY });
}

function drawCard(pen: Pen, label: BoxLabel, code: QrMatrix, x: number, y: number): void {
  const inset = 3;
  const bx = x + inset;
  const by = y + inset;
  const w = CARD.w - 2 * inset;
  const h = CARD.h - 2 * inset;
  pen.rect(bx, by, w, h, { width: label.exited ? 2 : 1 });
  const band = 11;
  const heading = label.exited ? EXITED_CABINET : `${label.fondsName ?? ''}社会救助档案`;
  pen.rect(bx, by, w, band, { width: 0, fill: label.exited ? BLACK : WHITE });
  pen.line(bx, by + band, bx + w, by + band, { width: 0.8 });
  const size = fitFontSize(pen.font(true), heading, (w - 6) * PT_PER_MM, 14, 8);
  pen.cell(heading, bx, by, w, band, { size, bold: true, color: label.exited ? WHITE : BLACK });
  const rows: [string, string][] = [
    ['村(社区)', label.village],
    ['类别', label.category],
    ['年度', label.year],
    ['户号', `${label.firstHousehold}—${label.lastHousehold}`],
    ['盒号', label.boxNumber],
  ];
  if (label.retention) rows.push(['保管期限', label.retention]);
  const pitch = (h - band - 4) / rows.length;
  const qrSize = Math.min(34, h - band - 6);
  const textW = w - qrSize - 8;
  rows.forEach(([name, value], i) => {
    const baseline = by + band + 2 + i * pitch + pitch / 2 + 1.4;
    pen.text(`${name}：`, bx + 3, baseline, { size: 9.5, color: GREY });
    const room = textW - pen.widthMm(`${name}：`, { size: 9.5 }) - 2;
    const valueSize = fitFontSize(pen.font(true), value, room * PT_PER_MM, 11, 6.5);
    pen.text(value, bx + 3 + pen.widthMm(`${name}：`, { size: 9.5 }), baseline, { size: valueSize, bold: true });
  });
  pen.qr(code, bx + w - qrSize - 2, by + band + (h - band - qrSize) / 2, qrSize, 4);
}
