import { spawnSync } from 'node:child_process';
import { escapeXml } from '../scans';

/**
 * A4 pages drawn in millimetres as SVG, for librsvg (through sharp) with the
 * CJK fonts fontconfig offers (`fc-list :lang=zh`): Noto Sans/Serif CJK SC
 * (fonts-noto-cjk), AR PL UKai (楷体-like) and AR PL UMing (宋体-like).
 */

export const FONTS = {
  sans: 'Noto Sans CJK SC',
  serif: 'Noto Serif CJK SC',
  kai: 'AR PL UKai CN',
  ming: 'AR PL UMing CN',
} as const;
export type FontKey = keyof typeof FONTS;

/**
 * librsvg draws a missing face as empty boxes without a word, and OCR of
 * such a corpus measures nothing: so a machine without the fonts is told
 * which Debian packages it lacks (.ci/run installs them).
 */
export function missingFonts(): string[] {
  const families = spawnSync('fc-list', [':', 'family'], { encoding: 'utf8' }).stdout ?? '';
  return Object.values(FONTS).filter((face) => !families.includes(face));
}

export function requireFonts(): void {
  const missing = missingFonts();
  if (missing.length > 0)
    throw new Error(
      `缺少语料所用的中文字体：${missing.join('、')}（Debian 包 fonts-noto-cjk、fonts-arphic-ukai、fonts-arphic-uming）`,
    );
}

export const PAGE = { width: 210, height: 297 } as const;

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface TextStyle {
  size: number;
  font?: FontKey;
  bold?: boolean;
  anchor?: 'start' | 'middle' | 'end';
  fill?: string;
  /** Extra space after every character, in mm (titles like 居 民 家 庭 …). */
  spacing?: number;
}

/** Advance width of a string in mm: CJK characters are one em, Latin digits and punctuation about half. */
export function textWidth(content: string, size: number, spacing = 0): number {
  let w = 0;
  for (const ch of content) w += (ch.charCodeAt(0) < 0x100 ? 0.55 : 1) * size + spacing;
  return w - (content.length > 0 ? spacing : 0);
}

/** Collects the drawing of one page; also remembers where its title sits (for stamps across it). */
export class Sheet {
  private parts: string[] = [];
  /** Everything written on the page, for the truth labels (which ID numbers and names it shows). */
  readonly written: string[] = [];
  titleBox: Box | null = null;

  constructor(readonly background = '#ffffff') {}

  text(x: number, y: number, content: string, style: TextStyle): Box {
    const size = style.size;
    this.written.push(content);
    const width = textWidth(content, size, style.spacing ?? 0);
    const left = style.anchor === 'middle' ? x - width / 2 : style.anchor === 'end' ? x - width : x;
    const attrs = `font-family="${FONTS[style.font ?? 'sans']}" font-size="${size}"${style.bold ? ' font-weight="bold"' : ''} fill="${style.fill ?? '#111'}"`;
    if (style.spacing) {
      // Letter-spaced: every character placed on its own, so the spacing does not depend on librsvg's support.
      let cx = left;
      const glyphs: string[] = [];
      for (const ch of content) {
        glyphs.push(`<text x="${cx.toFixed(2)}" y="${y}" ${attrs}>${escapeXml(ch)}</text>`);
        cx += (ch.charCodeAt(0) < 0x100 ? 0.55 : 1) * size + style.spacing;
      }
      this.parts.push(glyphs.join(''));
    } else {
      const anchor = style.anchor && style.anchor !== 'start' ? ` text-anchor="${style.anchor}"` : '';
      this.parts.push(`<text x="${x}" y="${y}" ${attrs}${anchor}>${escapeXml(content)}</text>`);
    }
    return { x: left, y: y - size * 0.88, width, height: size * 1.1 };
  }

  /** A title: drawn like text, and remembered (the union, for two-line titles). */
  title(x: number, y: number, content: string, style: TextStyle): Box {
    const box = this.text(x, y, content, style);
    this.titleBox = this.titleBox ? union(this.titleBox, box) : box;
    return box;
  }

  line(x1: number, y1: number, x2: number, y2: number, width = 0.3, colour = '#222'): void {
    this.parts.push(`<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="${colour}" stroke-width="${width}"/>`);
  }

  rect(box: Box, stroke = '#222', width = 0.35, fill = 'none'): void {
    this.parts.push(
      `<rect x="${box.x}" y="${box.y}" width="${box.width}" height="${box.height}" fill="${fill}" stroke="${stroke}" stroke-width="${width}"/>`,
    );
  }

  raw(svg: string): void {
    this.parts.push(svg);
  }

  /** Underlined blank for handwriting, from x to x + width at baseline y. */
  blank(x: number, y: number, width: number): void {
    this.line(x, y + 1, x + width, y + 1, 0.25, '#333');
  }

  toSvg(): string {
    const { width, height } = PAGE;
    return (
      `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
      `<rect width="${width}" height="${height}" fill="${this.background}"/>${this.parts.join('')}</svg>`
    );
  }

  /** The drawing without the svg wrapper (to reuse as a faint bleed-through). */
  inner(): string {
    return this.parts.join('');
  }
}

/** What a finished page shows, for rendering and for its truth label. */
export interface PageDrawing {
  svg: string;
  /** Where the title is (stamps go across it); null for pages without one. */
  titleBox: Box | null;
  /** Full 18-digit ID numbers printed on the page. */
  ids: string[];
  /** Everything written on the page. */
  text: string;
  blank?: boolean;
}

export function finish(sheet: Sheet): PageDrawing {
  const text = sheet.written.join('\n');
  return { svg: sheet.toSvg(), titleBox: sheet.titleBox, ids: [...new Set(text.match(/\d{17}[\dX]/g) ?? [])], text };
}

export function union(a: Box, b: Box): Box {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return {
    x,
    y,
    width: Math.max(a.x + a.width, b.x + b.width) - x,
    height: Math.max(a.y + a.height, b.y + b.height) - y,
  };
}

/** Wraps text into lines of at most `perLine` characters (CJK prose breaks anywhere). */
export function wrap(content: string, perLine: number): string[] {
  const lines: string[] = [];
  let rest = content;
  while (rest.length > perLine) {
    lines.push(rest.slice(0, perLine));
    rest = rest.slice(perLine);
  }
  if (rest) lines.push(rest);
  return lines;
}

/** A red official seal: ring, star and the issuer's name along the top arc. */
export function sealSvg(cx: number, cy: number, r: number, issuer: string, opacity = 0.8, id = 'seal'): string {
  const red = '#d3222a';
  const star: string[] = [];
  for (let i = 0; i < 10; i++) {
    const radius = i % 2 ? r * 0.12 : r * 0.3;
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    star.push(`${(cx + radius * Math.cos(a)).toFixed(2)},${(cy + radius * Math.sin(a)).toFixed(2)}`);
  }
  // The issuer's name along the upper arc, one rotated character at a time (librsvg draws no textPath here).
  const ar = r * 0.74;
  const chars = [...issuer];
  const span = Math.min(Math.PI * 1.3, chars.length * 0.32);
  const size = r * 0.24;
  const glyphs = chars.map((ch, i) => {
    const a = -Math.PI / 2 - span / 2 + (chars.length === 1 ? span / 2 : (i * span) / (chars.length - 1));
    const x = cx + ar * Math.cos(a);
    const y = cy + ar * Math.sin(a);
    const deg = (a * 180) / Math.PI + 90;
    return `<text x="0" y="0" transform="translate(${x.toFixed(2)},${y.toFixed(2)}) rotate(${deg.toFixed(1)})" font-family="${FONTS.sans}" font-size="${size.toFixed(2)}" font-weight="bold" fill="${red}" text-anchor="middle" dominant-baseline="central">${escapeXml(ch)}</text>`;
  });
  return (
    `<g opacity="${opacity}" id="${id}">` +
    `<circle cx="${cx}" cy="${cy}" r="${r}" fill="none" stroke="${red}" stroke-width="${(r * 0.06).toFixed(2)}"/>` +
    `<polygon points="${star.join(' ')}" fill="${red}"/>` +
    glyphs.join('') +
    `</g>`
  );
}
