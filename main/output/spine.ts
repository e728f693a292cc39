import { fitFontSize } from './fonts';
import type { Pen, TextStyle } from './pen';
import { BLACK, GREY, PT_PER_MM, WHITE, ptToMm } from './pen';
import type { QrMatrix } from './qrMatrix';
import type { BoxLabel } from './types';

/**
 * One 盒脊 strip: a column of cells read top to bottom — Chinese words
 * stacked vertically, numbers written across (they fit even on a 20 mm
 * spine), the 起止户号 as first over last like DA/T 22's 起止件号, and the
 * QR code at the foot. All strips of a batch share one grid, so the fields
 * line up along the shelf; on a narrow or crowded strip the stacked text
 * shrinks until the tallest label fits. The head cell reads 社会救助档案,
 * or, black with white text, 整户退出档案专柜 for exited households.
 */

interface Section {
  caption?: string;
  vertical?: string;
  lines?: string[];
  /** Rule between the lines (起止户号: first above, last below). */
  divider?: boolean;
  /** Black cell, white text: exited households' boxes. */
  inverted?: boolean;
  /** Bigger, bold numbers (盒号). */
  big?: boolean;
  qr?: boolean;
}

export interface SpineLayout {
  width: number;
  /** Height of each cell, shared by all strips of the batch. */
  heights: number[];
  caption: TextStyle;
  vertical: TextStyle;
  line: TextStyle;
  big: TextStyle;
}

const PAD = 2.5;

function sectionsOf(label: BoxLabel): Section[] {
  const sections: Section[] = [];
  sections.push(label.exited ? { vertical: '整户退出档案专柜', inverted: true } : { vertical: '社会救助档案' });
  sections.push({ caption: '村(社区)', vertical: label.village });
  sections.push({ caption: '类别', vertical: label.category });
  sections.push({ caption: '年度', lines: [label.year] });
  sections.push({ caption: '起止户号', lines: [label.firstHousehold, label.lastHousehold], divider: true });
  if (label.retention) sections.push({ caption: '保管期限', lines: [label.retention] });
  sections.push({ caption: '盒号', lines: [label.boxNumber], big: true });
  sections.push({ qr: true });
  return sections;
}

function naturalHeight(s: Section, layout: Omit<SpineLayout, 'heights'>): number {
  let h = 2 * PAD;
  if (s.caption) h += ptToMm(layout.caption.size) * 1.5;
  if (s.vertical) h += [...s.vertical].length * verticalPitch(layout.vertical);
  if (s.lines) h += s.lines.length * ptToMm((s.big ? layout.big : layout.line).size) * 1.5;
  if (s.qr) h += qrSize(layout.width);
  return h;
}

/** Fills a narrow strip; on wide ones 26 mm is plenty for a phone and leaves room for the words. */
function qrSize(width: number): number {
  return Math.min(width - 2 * PAD, 26);
}

function verticalPitch(style: TextStyle): number {
  return ptToMm(style.size * 1.12);
}

type Styles = Omit<SpineLayout, 'heights'>;

/** One grid for all the labels: each cell as tall as its tallest content, stacked text shrunk to fit. */
export function spineLayout(labels: BoxLabel[], width: number, height: number): SpineLayout {
  // Wider strips get bigger type, but numbers and captions grow less than
  // the stacked words: those are what must be read across the room.
  const k = Math.min(width / 20, 1.6);
  const small = Math.min(k, 1.25);
  const all = labels.map(sectionsOf);
  let styles: Styles = {
    width,
    caption: { size: 6.5 * small, color: GREY },
    vertical: { size: 13 * k, bold: true },
    line: { size: 10 * small },
    big: { size: 16 * small, bold: true },
  };
  let heights: number[] = [];
  for (let scale = 1; scale >= 0.4; scale -= 0.05) {
    styles = { ...styles, vertical: { size: 13 * k * scale, bold: true } };
    heights = (all[0] ?? []).map((_, i) =>
      Math.max(...all.map((sections) => naturalHeight(sections[i] as Section, styles))),
    );
    if (sum(heights) <= height) break;
  }
  const extra = Math.max(0, height - sum(heights)) / heights.length;
  return { ...styles, heights: heights.map((h) => h + extra) };
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

export function drawSpine(pen: Pen, layout: SpineLayout, label: BoxLabel, x: number, y: number, code: QrMatrix): void {
  let top = y;
  sectionsOf(label).forEach((section, i) => {
    const height = layout.heights[i] ?? 0;
    drawSection(pen, layout, section, x, top, height, code);
    top += height;
  });
  pen.rect(x, y, layout.width, top - y, { width: 1.2 });
}

function drawSection(pen: Pen, layout: SpineLayout, s: Section, x: number, y: number, h: number, code: QrMatrix): void {
  const w = layout.width;
  pen.rect(x, y, w, h, { width: 0.6, ...(s.inverted ? { fill: BLACK } : {}) });
  const content = naturalHeight(s, layout) - 2 * PAD;
  let top = y + (h - content) / 2;
  if (s.caption) {
    pen.text(s.caption, x + w / 2, top + ptToMm(layout.caption.size), { ...layout.caption, align: 'center' });
    top += ptToMm(layout.caption.size) * 1.5;
  }
  if (s.vertical)
    pen.vertical(
      s.vertical,
      x + w / 2,
      top,
      { ...layout.vertical, color: s.inverted ? WHITE : BLACK },
      verticalPitch(layout.vertical),
    );
  if (s.lines) drawLines(pen, layout, s, x, top);
  if (s.qr) pen.qr(code, x + (w - qrSize(w)) / 2, top, qrSize(w), 2);
}

function drawLines(pen: Pen, layout: SpineLayout, s: Section, x: number, top: number): void {
  const base = s.big ? layout.big : layout.line;
  const pitch = ptToMm(base.size) * 1.5;
  (s.lines ?? []).forEach((line, i) => {
    const size = fitFontSize(pen.font(base.bold), line, (layout.width - 2) * PT_PER_MM, base.size, 5);
    pen.text(line, x + layout.width / 2, top + i * pitch + pitch * 0.75, { ...base, size, align: 'center' });
    if (s.divider && i > 0) pen.line(x + 2, top + i * pitch, x + layout.width - 2, top + i * pitch, { width: 0.4 });
  });
}
