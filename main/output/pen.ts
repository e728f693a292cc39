import {
  fill,
  grayscale,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  rgb,
  setFillingGrayscaleColor,
} from 'pdf-lib';
import type { Color, PDFFont, PDFPage } from 'pdf-lib';
import { textWidth, wrapText } from './fonts';
import type { EmbeddedFonts } from './fonts';
import type { QrMatrix } from './qrMatrix';
import { drawLine, drawRectangle } from './shapes';

/**
 * Drawing on a page in millimetres with y measured from the top edge, the
 * way archive forms are specified; pdf-lib itself works in points from the
 * bottom. Sizes of text stay in points (五号 = 10.5 pt, 小四 = 12 pt …).
 */

export const PT_PER_MM = 72 / 25.4;
export const A4_MM = { width: 210, height: 297 } as const;
export const A4_PT: [number, number] = [A4_MM.width * PT_PER_MM, A4_MM.height * PT_PER_MM];

export const BLACK = grayscale(0);
export const WHITE = grayscale(1);
export const GREY = grayscale(0.35);
/** Seal red, for the 整户退出 mark (still dark enough on a black-and-white printer). */
export const RED = rgb(0.78, 0.1, 0.12);

export interface TextStyle {
  size: number;
  bold?: boolean;
  align?: 'left' | 'center' | 'right';
  color?: Color;
  /** Line pitch as a multiple of the size (default 1.4). */
  leading?: number;
}

export interface LineStyle {
  width?: number;
  color?: Color;
  dash?: number[];
}

/** Point size to millimetres. */
export function ptToMm(pt: number): number {
  return pt / PT_PER_MM;
}

export class Pen {
  /** The page's height in points, read once: pdf-lib looks it up through the page's MediaBox on every call. */
  private readonly heightPt: number;

  constructor(
    readonly page: PDFPage,
    readonly fonts: EmbeddedFonts,
  ) {
    this.heightPt = page.getHeight();
  }

  font(bold = false): PDFFont {
    return bold ? this.fonts.bold : this.fonts.regular;
  }

  private px(mm: number): number {
    return mm * PT_PER_MM;
  }

  private py(mm: number): number {
    return this.heightPt - mm * PT_PER_MM;
  }

  widthMm(text: string, style: TextStyle): number {
    return ptToMm(textWidth(this.font(style.bold), text, style.size));
  }

  wrap(text: string, widthMm: number, style: TextStyle): string[] {
    return wrapText(this.font(style.bold), text, style.size, widthMm * PT_PER_MM);
  }

  /** One line of text; x is its left edge, centre or right edge by `align`. */
  text(text: string, x: number, baseline: number, style: TextStyle): void {
    if (text === '') return;
    const width = this.widthMm(text, style);
    const left = style.align === 'center' ? x - width / 2 : style.align === 'right' ? x - width : x;
    this.page.drawText(text, {
      x: this.px(left),
      y: this.py(baseline),
      size: style.size,
      font: this.font(style.bold),
      color: style.color ?? BLACK,
    });
  }

  /**
   * Characters spread evenly over a width (分散对齐), as form labels like
   * 类目名称 and 页数 line up on printed covers. One character is centred.
   */
  spread(text: string, x: number, baseline: number, widthMm: number, style: TextStyle): void {
    // A bracketed part such as 村(社区) moves as one unit.
    const chars = text.match(/\([^)]*\)|（[^）]*）|[\s\S]/gu) ?? [];
    if (chars.length < 2) {
      this.text(text, x + widthMm / 2, baseline, { ...style, align: 'center' });
      return;
    }
    const used = chars.reduce((sum, ch) => sum + this.widthMm(ch, style), 0);
    const gap = (widthMm - used) / (chars.length - 1);
    let at = x;
    for (const ch of chars) {
      this.text(ch, at, baseline, { ...style, align: 'left' });
      at += this.widthMm(ch, style) + gap;
    }
  }

  /** Line pitch in mm. */
  pitch(style: TextStyle): number {
    return ptToMm(style.size * (style.leading ?? 1.4));
  }

  /** Wrapped text from `top` down; returns the y just below the last line. */
  paragraph(text: string, x: number, top: number, widthMm: number, style: TextStyle): number {
    const lines = this.wrap(text, widthMm, style);
    const pitch = this.pitch(style);
    const anchor = style.align === 'center' ? x + widthMm / 2 : style.align === 'right' ? x + widthMm : x;
    lines.forEach((line, i) => this.text(line, anchor, top + i * pitch + capHeight(style.size), style));
    return top + lines.length * pitch;
  }

  /** Text wrapped inside a box and centred vertically (table cells, form fields). */
  cell(text: string, x: number, y: number, w: number, h: number, style: TextStyle, padding = 1.5): void {
    if (text === '') return; // draws nothing; blank form rows have hundreds of these
    const lines = this.wrap(text, w - 2 * padding, style);
    const pitch = this.pitch(style);
    const top = y + (h - lines.length * pitch) / 2;
    const anchor = style.align === 'left' ? x + padding : style.align === 'right' ? x + w - padding : x + w / 2;
    const align = style.align ?? 'center';
    lines.forEach((line, i) => this.text(line, anchor, top + i * pitch + baselineInPitch(style), { ...style, align }));
  }

  /** Height a cell needs for the wrapped text. */
  cellHeight(text: string, w: number, style: TextStyle, padding = 1.5): number {
    return this.wrap(text, w - 2 * padding, style).length * this.pitch(style) + 2 * padding;
  }

  /** Characters stacked top to bottom, centred on x (spine labels); returns the y below the last one. */
  vertical(text: string, cx: number, top: number, style: TextStyle, pitchMm?: number): number {
    const pitch = pitchMm ?? ptToMm(style.size * 1.12);
    [...text].forEach((ch, i) =>
      this.text(ch, cx, top + i * pitch + capHeight(style.size), { ...style, align: 'center' }),
    );
    return top + [...text].length * pitch;
  }

  line(x1: number, y1: number, x2: number, y2: number, style: LineStyle = {}): void {
    drawLine(this.page, {
      start: { x: this.px(x1), y: this.py(y1) },
      end: { x: this.px(x2), y: this.py(y2) },
      thickness: style.width ?? 0.6,
      color: style.color ?? BLACK,
      ...(style.dash ? { dashArray: style.dash } : {}),
    });
  }

  rect(x: number, y: number, w: number, h: number, style: LineStyle & { fill?: Color } = {}): void {
    drawRectangle(this.page, {
      x: this.px(x),
      y: this.py(y + h),
      width: w * PT_PER_MM,
      height: h * PT_PER_MM,
      ...(style.fill ? { color: style.fill } : {}),
      ...(style.width === 0 ? {} : { borderWidth: style.width ?? 0.6, borderColor: style.color ?? BLACK }),
      ...(style.dash ? { borderDashArray: style.dash } : {}),
    });
  }

  /**
   * A QR code as vector squares, `sizeMm` wide including a white quiet zone
   * of `quiet` modules (the spec asks for 4) so it reads even on a dark desk.
   */
  qr(matrix: QrMatrix, x: number, y: number, sizeMm: number, quiet = 4): void {
    const module = (sizeMm * PT_PER_MM) / (matrix.size + 2 * quiet);
    const left = this.px(x) + quiet * module;
    const top = this.py(y) - quiet * module;
    const ops = [
      pushGraphicsState(),
      setFillingGrayscaleColor(1),
      rectangle(this.px(x), this.py(y + sizeMm), sizeMm * PT_PER_MM, sizeMm * PT_PER_MM),
      fill(),
    ];
    ops.push(setFillingGrayscaleColor(0));
    for (let row = 0; row < matrix.size; row++) {
      for (let col = 0; col < matrix.size;) {
        if (!matrix.dark[row * matrix.size + col]) {
          col++;
          continue;
        }
        let end = col;
        while (end < matrix.size && matrix.dark[row * matrix.size + end]) end++;
        ops.push(
          rectangle(
            round(left + col * module),
            round(top - (row + 1) * module),
            round((end - col) * module),
            round(module),
          ),
        );
        col = end;
      }
    }
    ops.push(fill(), popGraphicsState());
    this.page.pushOperators(...ops);
  }
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}

/** Distance from the top of a CJK glyph's em box to its baseline, in mm (Noto: ascent ≈ 0.88 em; ink sits a little lower). */
function capHeight(size: number): number {
  return ptToMm(size * 0.86);
}

/** Baseline offset inside one line pitch, centring the ink of CJK glyphs (ink ≈ −0.07…0.83 em). */
function baselineInPitch(style: TextStyle): number {
  const pitch = ptToMm(style.size * (style.leading ?? 1.4));
  return pitch / 2 + ptToMm(style.size * 0.38);
}
