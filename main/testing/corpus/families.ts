import { finish, type FontKey, type PageDrawing, Sheet, textWidth, wrap } from './svg';
import type { CoreKind, CorpusHousehold, FamilyId, Member } from './types';
import { HELD_OUT_VARIANT, splitTitle, type FormText, type Section } from './wording';

/**
 * Layout families of the core forms: the same checklist item printed the way
 * different town offices print it. Each family has its own structure,
 * typography and wording variant (see wording.ts); inside a family, fonts,
 * sizes, margins and title variants vary by seed.
 *
 * - merged: the title and the line under it so close that OCR reads one line;
 * - letterhead: an issuing office's letterhead (often red, with a rule) above the title;
 * - twoline: the title set on two lines;
 * - tablehead: the whole form is a bordered grid and the title is its first row;
 * - plain: a small plain title barely larger than the body, maybe left-aligned or letter-spaced;
 * - annex: held out of all tuning (see types.ts HELD_OUT_FAMILY).
 */

export interface FormSpec {
  kind: CoreKind;
  family: FamilyId;
  h: CorpusHousehold;
  title: string;
  text: FormText;
  /** Pages of this document (continuations carry `text.later`). */
  pages: number;
  next: () => number;
}

type Rng = () => number;
const pick = <T>(items: readonly T[], next: Rng): T => items[Math.floor(next() * items.length)] as T;
const between = (a: number, b: number, next: Rng) => a + (b - a) * next();

/** Wording variant per family: tuned families share three wordings in pairs (with different layouts); the held-out family's wording is its own. */
export const FAMILY_VARIANT: Record<FamilyId, number> = {
  merged: 0,
  letterhead: 1,
  twoline: 2,
  tablehead: 0,
  plain: 1,
  annex: HELD_OUT_VARIANT,
};

interface Type {
  font: FontKey;
  size: number;
  lead: number;
}

// ---------------------------------------------------------------- shared body pieces

function prose(s: Sheet, x: number, y: number, width: number, lines: string[], t: Type, indent = true): number {
  const perLine = Math.max(8, Math.floor(width / t.size));
  for (const line of lines) {
    const first = indent && !/[：:]$/.test(line) && !/^[一二三四五六七八（(]/.test(line);
    const wrapped = wrap((first ? '\u3000\u3000' : '') + line, perLine);
    for (const w of wrapped) {
      s.text(x, y, w, { size: t.size, font: t.font });
      y += t.lead;
    }
  }
  return y;
}

function sections(
  s: Sheet,
  x: number,
  y: number,
  width: number,
  list: Section[],
  t: Type,
  headingFont: FontKey = t.font,
): number {
  for (const sec of list) {
    if (sec.heading) {
      s.text(x, y, sec.heading, { size: t.size, font: headingFont, bold: true });
      y += t.lead;
    }
    y = prose(s, x, y, width, sec.lines, t, false) + t.lead * 0.3;
  }
  return y;
}

function memberRows(h: CorpusHousehold): Member[] {
  return h.members;
}

/** A ruled member table; returns the y below it. */
function memberTable(
  s: Sheet,
  x: number,
  y: number,
  width: number,
  h: CorpusHousehold,
  t: Type,
  header = ['姓名', '与户主关系', '身份证号', '健康状况'],
): number {
  const rowH = t.size * 2.1;
  const cols = [0, 0.17, 0.36, 0.8, 1].map((f) => x + f * width);
  const rows = [header, ...memberRows(h).map((m) => [m.name, m.relation, m.idNumber, m.health])];
  rows.forEach((cells, r) => {
    const top = y + r * rowH;
    s.line(x, top, x + width, top);
    cells.forEach((c, i) => {
      const size = i === 2 ? t.size * 0.9 : t.size * 0.95;
      s.text((cols[i] ?? x) + 1.5, top + rowH * 0.68, c, { size, font: t.font });
    });
  });
  const bottom = y + rows.length * rowH;
  s.line(x, bottom, x + width, bottom);
  for (const cx of cols) s.line(cx, y, cx, bottom);
  return bottom + t.lead * 0.8;
}

function fieldsLines(
  s: Sheet,
  x: number,
  y: number,
  fields: [string, string][],
  t: Type,
  perRow: number,
  width: number,
  underline = false,
): number {
  // Short values share a row; a long one (an ID number, an address) takes a row of its own.
  const rows: [string, string][][] = [];
  let row: [string, string][] = [];
  for (const f of fields) {
    const long = perRow > 1 && textWidth(`${f[0]}：${f[1]}`, t.size) > width / perRow - 3;
    if (long) {
      rows.push([f]);
      continue;
    }
    row.push(f);
    if (row.length === perRow) {
      rows.push(row);
      row = [];
    }
  }
  if (row.length > 0) rows.push(row);
  for (const r of rows) {
    r.forEach(([label, value], j) => {
      const cx = x + (j * width) / perRow;
      const labelText = `${label}：`;
      s.text(cx, y, labelText, { size: t.size, font: t.font });
      const vx = cx + textWidth(labelText, t.size);
      s.text(vx + 1, y, value, { size: t.size, font: t.font });
      if (underline)
        s.blank(vx, y, Math.max(textWidth(value, t.size) + 4, width / perRow - textWidth(labelText, t.size) - 4));
    });
    y += t.lead;
  }
  return y;
}

function signatures(s: Sheet, x: number, y: number, list: string[], t: Type): number {
  for (const line of list) {
    s.text(x, y, line, { size: t.size, font: t.font });
    y += t.lead * 1.3;
  }
  return y;
}

/** Markers on later pages: only sometimes, as on real forms. */
function continuationMarks(s: Sheet, spec: FormSpec, pageNo: number, t: Type, top: number): number {
  const { next } = spec;
  const roll = next();
  if (roll < 0.3)
    s.text(105, 288, `第${pageNo}页\u3000共${spec.pages}页`, {
      size: 3.2,
      font: t.font,
      anchor: 'middle',
      fill: '#333',
    });
  else if (roll < 0.45) s.text(105, 288, `— ${pageNo} —`, { size: 3.4, font: t.font, anchor: 'middle', fill: '#333' });
  let y = top;
  if (next() < 0.2) {
    s.text(22, y, '（续）', { size: t.size, font: t.font });
    y += t.lead;
  }
  if (next() < 0.3) {
    s.text(22, y, `户主：${spec.h.headName}\u3000身份证号：${spec.h.idNumber}`, {
      size: t.size * 0.85,
      font: t.font,
      fill: '#333',
    });
    y += t.lead;
  }
  return y;
}

function bodyType(next: Rng, font: FontKey, size = between(3.9, 4.5, next)): Type {
  return { font, size, lead: size * between(1.75, 2.05, next) };
}

/** The body every non-grid family shares in some form: fields, prose, members, signatures. */
function standardBody(
  s: Sheet,
  spec: FormSpec,
  y: number,
  t: Type,
  left: number,
  width: number,
  opts: { perRow: number; underline: boolean; headingFont?: FontKey },
): void {
  const { text } = spec;
  if (text.fields.length > 0)
    y = fieldsLines(s, left, y, text.fields, t, opts.perRow, width, opts.underline) + t.lead * 0.3;
  y = sections(s, left, y, width, text.sections, t, opts.headingFont);
  if (spec.pages === 1)
    for (const later of text.later.slice(0, 1)) y = sections(s, left, y, width, later.slice(0, 1), t, opts.headingFont);
  if (text.members && y < 200) y = memberTable(s, left, y + 2, width, spec.h, t);
  signatures(s, left + width * 0.45, Math.max(y + t.lead, 240), text.signatures, t);
}

function laterBody(
  s: Sheet,
  spec: FormSpec,
  pageNo: number,
  t: Type,
  left: number,
  width: number,
  headingFont?: FontKey,
): void {
  let y = continuationMarks(s, spec, pageNo, t, between(22, 32, spec.next));
  const rest = spec.text.later.slice(pageNo - 2, pageNo === spec.pages ? undefined : pageNo - 1).flat();
  y = sections(s, left, y, width, rest, t, headingFont);
  if (pageNo === spec.pages) signatures(s, left + width * 0.45, Math.max(y + t.lead * 2, 200), spec.text.signatures, t);
}

// ---------------------------------------------------------------- the families

type Renderer = (spec: FormSpec) => PageDrawing[];

function pagesOf(spec: FormSpec, first: () => Sheet, later: (pageNo: number) => Sheet): PageDrawing[] {
  const out = [finish(first())];
  for (let p = 2; p <= spec.pages; p++) out.push(finish(later(p)));
  return out;
}

const merged: Renderer = (spec) => {
  const { next } = spec;
  const titleFont = pick<FontKey>(['serif', 'sans', 'kai', 'ming'], next);
  const t = bodyType(next, pick<FontKey>(['ming', 'serif', 'sans'], next));
  const left = between(18, 26, next);
  const width = 210 - 2 * left;
  return pagesOf(
    spec,
    () => {
      const s = new Sheet();
      const size = between(6.2, 8, next);
      const y = between(24, 34, next);
      // The shorter form of the next line (its last part) fits on the title's row more often.
      const short = spec.text.subline.split('\u3000').at(-1) ?? spec.text.subline;
      const titleEnd = left + textWidth(spec.title, size);
      const sameRow = next() < 0.6 && titleEnd + 4 + textWidth(short, t.size * 0.9) < 210 - left / 2;
      if (sameRow) {
        // Title at the left, the next line's text continuing on the same row.
        s.title(left, y, spec.title, { size, font: titleFont, bold: true });
        s.text(titleEnd + 4, y + between(-0.5, 1.2, next), short, { size: t.size * 0.9, font: t.font });
      } else {
        // The line below is tucked right under the title, overlapping its descent.
        s.title(105, y, spec.title, { size, font: titleFont, bold: true, anchor: 'middle' });
        s.text(105, y + size * between(0.5, 0.6, next), spec.text.subline, {
          size: t.size,
          font: t.font,
          anchor: 'middle',
        });
      }
      standardBody(s, spec, y + size * 0.6 + t.lead * 1.6, t, left, width, { perRow: 2, underline: false });
      return s;
    },
    (p) => {
      const s = new Sheet();
      laterBody(s, spec, p, t, left, width);
      return s;
    },
  );
};

const LETTERHEADS = (h: CorpusHousehold) => [
  `开原市${h.town}人民政府`,
  '开原市民政局',
  `${h.town}社会事务服务中心`,
  `开原市${h.town}社会救助工作站`,
];

const letterhead: Renderer = (spec) => {
  const { next, h } = spec;
  const t = bodyType(next, pick<FontKey>(['serif', 'ming', 'sans'], next));
  const left = between(20, 28, next);
  const width = 210 - 2 * left;
  const red = next() < 0.7;
  const headFont = pick<FontKey>(['serif', 'kai', 'ming'], next);
  const head = pick(LETTERHEADS(h), next);
  return pagesOf(
    spec,
    () => {
      const s = new Sheet();
      const colour = red ? '#c8161d' : '#111';
      const headSize = between(8.5, 12, next);
      const spaced = next() < 0.4;
      s.text(105, between(20, 26, next), head, {
        size: headSize,
        font: headFont,
        bold: true,
        anchor: 'middle',
        fill: colour,
        ...(spaced ? { spacing: headSize * 0.25 } : {}),
      });
      let y = 33;
      if (next() < 0.5)
        s.text(105, y - 2, `${h.town}民政办\u3000${spec.text.signatures.at(-1)?.replace(/^.*：/, '') ?? ''}`, {
          size: 3.4,
          font: 'sans',
          anchor: 'middle',
          fill: colour,
        });
      if (next() < 0.75) {
        s.line(left - 4, y, 214 - left, y, 0.9, colour);
        if (next() < 0.5) s.line(left - 4, y + 1.2, 214 - left, y + 1.2, 0.3, colour);
      }
      y += between(11, 16, next);
      const size = between(6, 7.5, next);
      s.title(105, y, spec.title, { size, font: pick<FontKey>(['sans', 'serif'], next), bold: true, anchor: 'middle' });
      standardBody(s, spec, y + t.lead * 1.8, t, left, width, { perRow: 1, underline: next() < 0.5 });
      return s;
    },
    (p) => {
      const s = new Sheet();
      laterBody(s, spec, p, t, left, width);
      return s;
    },
  );
};

const twoline: Renderer = (spec) => {
  const { next } = spec;
  const titleFont = pick<FontKey>(['sans', 'serif', 'kai'], next);
  const t = bodyType(next, pick<FontKey>(['serif', 'kai', 'ming'], next));
  const left = between(20, 25, next);
  const width = 210 - 2 * left;
  return pagesOf(
    spec,
    () => {
      const s = new Sheet();
      const [a, b] = splitTitle(spec.title);
      const size = between(6.5, 8.5, next);
      const y = between(24, 32, next);
      s.title(105, y, a, { size, font: titleFont, bold: true, anchor: 'middle' });
      s.title(105, y + size * between(1.3, 1.55, next), b, { size, font: titleFont, bold: true, anchor: 'middle' });
      let top = y + size * 1.5 + t.lead * 1.6;
      if (next() < 0.5) {
        s.text(
          210 - left,
          top - t.lead * 0.6,
          `编号：${spec.h.village.slice(0, 2)}${String(1000 + Math.floor(next() * 9000))}`,
          { size: 3.4, font: 'sans', anchor: 'end', fill: '#333' },
        );
        top += t.lead * 0.4;
      }
      standardBody(s, spec, top, t, left, width, { perRow: 1, underline: true });
      return s;
    },
    (p) => {
      const s = new Sheet();
      laterBody(s, spec, p, t, left, width);
      return s;
    },
  );
};

/** The form as one bordered grid: title in the first row, labels and values in cells. */
const tablehead: Renderer = (spec) => {
  const { next, text, h } = spec;
  const t = bodyType(next, pick<FontKey>(['sans', 'ming', 'serif'], next), between(3.6, 4.2, next));
  const left = between(14, 20, next);
  const right = 210 - left;
  const width = right - left;
  const titleFont = pick<FontKey>(['sans', 'serif', 'ming'], next);
  type Row = { cells: string[]; height: number; span?: boolean; cols?: number[] };
  const grid = (s: Sheet, top: number, rows: Row[]): number => {
    let y = top;
    for (const row of rows) {
      s.line(left, y, right, y, 0.4);
      if (row.span) {
        const lines = row.cells.flatMap((c) => wrap(c, Math.floor((width - 6) / t.size)));
        lines.forEach((l, i) => s.text(left + 3, y + t.lead * (i + 0.9), l, { size: t.size, font: t.font }));
        row.height = Math.max(row.height, t.lead * (lines.length + 0.4));
      } else {
        const n = row.cells.length;
        const label = 0.18;
        const xs = row.cols
          ? row.cols.map((f) => left + f * width)
          : n === 2
            ? [left, left + label * width]
            : n === 4
              ? [left, left + label * width, left + 0.5 * width, left + 0.68 * width]
              : Array.from({ length: n }, (_, i) => left + (i * width) / n);
        row.cells.forEach((c, i) =>
          s.text((xs[i] ?? left) + 2, y + row.height * 0.64, c, {
            size: c.length > 14 ? t.size * 0.9 : t.size,
            font: t.font,
          }),
        );
        for (const x of xs.slice(1)) s.line(x, y, x, y + row.height, 0.3);
      }
      y += row.height;
    }
    s.line(left, y, right, y, 0.4);
    s.line(left, top, left, y, 0.5);
    s.line(right, top, right, y, 0.5);
    return y;
  };
  const fieldRows = (fields: [string, string][]) => {
    const rows: { cells: string[]; height: number }[] = [];
    const short = fields.filter(([, v]) => v.length <= 8);
    const long = fields.filter(([, v]) => v.length > 8);
    for (let i = 0; i < short.length; i += 2) rows.push({ cells: short.slice(i, i + 2).flat(), height: t.size * 2.4 });
    for (const f of long) rows.push({ cells: f, height: t.size * 2.4 });
    return rows;
  };
  return pagesOf(
    spec,
    () => {
      const s = new Sheet();
      const top = between(16, 26, next);
      const titleH = between(13, 18, next);
      const size = between(5.8, 7.2, next);
      s.rect({ x: left, y: top, width, height: titleH }, '#222', 0.5);
      s.title(105, top + titleH / 2 + size * 0.38, spec.title, { size, font: titleFont, bold: true, anchor: 'middle' });
      const rows: Row[] = [...fieldRows(text.fields)];
      for (const sec of text.sections) {
        if (sec.heading) rows.push({ cells: [sec.heading], height: t.size * 2.2, span: true });
        rows.push({ cells: sec.lines, height: 10, span: true });
      }
      if (text.members) {
        const cols = [0, 0.2, 0.36, 0.8];
        rows.push({ cells: ['姓名', '关系', '身份证号', '健康状况'], height: t.size * 2.2, cols });
        for (const m of h.members)
          rows.push({ cells: [m.name, m.relation, m.idNumber, m.health], height: t.size * 2.2, cols });
      }
      const y = grid(s, top + titleH, rows);
      signatures(s, left + width * 0.5, Math.max(y + t.lead * 1.5, 235), text.signatures, t);
      return s;
    },
    (p) => {
      const s = new Sheet();
      let top = between(16, 24, next);
      if (next() < 0.35) {
        s.text(left, top, next() < 0.5 ? '续表' : `（第${p}页）`, { size: t.size, font: t.font });
        top += t.lead * 0.6;
      }
      if (next() < 0.3) s.text(105, 288, `第 ${p} 页`, { size: 3.2, font: t.font, anchor: 'middle' });
      const rest = text.later.slice(p - 2, p === spec.pages ? undefined : p - 1).flat();
      const rows = rest.flatMap((sec) => [
        { cells: [sec.heading], height: t.size * 2.2, span: true },
        { cells: sec.lines, height: 10, span: true },
      ]);
      const y = grid(s, top, rows);
      if (p === spec.pages) signatures(s, left + width * 0.5, Math.max(y + t.lead * 1.5, 200), text.signatures, t);
      return s;
    },
  );
};

const plain: Renderer = (spec) => {
  const { next } = spec;
  const t = bodyType(next, pick<FontKey>(['ming', 'sans', 'serif', 'kai'], next), between(4, 4.5, next));
  const left = between(16, 24, next);
  const width = 210 - 2 * left;
  return pagesOf(
    spec,
    () => {
      const s = new Sheet();
      const size = t.size * between(1.1, 1.3, next);
      const y = between(18, 26, next);
      const spaced = next() < 0.5;
      const centred = next() < 0.5;
      s.title(centred ? 105 : left, y, spec.title, {
        size,
        font: t.font,
        bold: next() < 0.4,
        anchor: centred ? 'middle' : 'start',
        ...(spaced ? { spacing: size * between(0.4, 0.9, next) } : {}),
      });
      standardBody(s, spec, y + t.lead * 1.3, t, left, width, { perRow: 3, underline: false });
      return s;
    },
    (p) => {
      const s = new Sheet();
      laterBody(s, spec, p, t, left, width);
      return s;
    },
  );
};

/** Held out of tuning: an 附件 label above the title, a bracketed note under it, numbered framed sections, a 监制 footer. */
const annex: Renderer = (spec) => {
  const { next, h } = spec;
  const t = bodyType(next, pick<FontKey>(['ming', 'serif'], next));
  const left = between(20, 26, next);
  const width = 210 - 2 * left;
  const titleFont = pick<FontKey>(['kai', 'ming', 'serif'], next);
  const footer = (s: Sheet) =>
    s.text(210 - left, 286, pick(['开原市民政局监制', '开原市民政局印制', `${h.town}民政办制`], next), {
      size: 3.2,
      font: 'sans',
      anchor: 'end',
      fill: '#333',
    });
  const framed = (s: Sheet, y: number, list: Section[]) => {
    list.forEach((sec, i) => {
      const top = y;
      const heading = sec.heading ? sec.heading.replace(/^[一二三四五六七八]、/, '') : '说明';
      s.text(left + 2, y + t.lead * 0.8, `${'一二三四五六七八'[i] ?? ''}、${heading}`, {
        size: t.size,
        font: 'sans',
        bold: true,
      });
      y = prose(s, left + 4, y + t.lead * 1.8, width - 8, sec.lines, t, false);
      s.rect({ x: left, y: top, width, height: y - top - t.lead * 0.4 }, '#333', 0.3);
      y += t.lead * 0.3;
    });
    return y;
  };
  return pagesOf(
    spec,
    () => {
      const s = new Sheet();
      s.text(left, between(14, 18, next), `附件${1 + Math.floor(next() * 9)}`, { size: 4.6, font: 'sans', bold: true });
      const size = between(6.4, 7.8, next);
      const y = between(30, 36, next);
      s.title(105, y, spec.title, { size, font: titleFont, bold: titleFont !== 'kai', anchor: 'middle' });
      const note = pick(['（申请人填写）', '（样表）', '（2025年修订）', '（此表一式两份）'], next);
      s.text(105, y + size * 0.95 + 2, note, { size: t.size * 0.95, font: t.font, anchor: 'middle' });
      let top = y + size + t.lead * 1.6;
      top = fieldsLines(s, left, top, spec.text.fields, t, 2, width, true) + 2;
      top = framed(s, top, spec.text.sections);
      if (spec.text.members && top < 200)
        top = memberTable(s, left, top + 2, width, h, t, ['姓名', '关系', '公民身份号码', '身体状况']);
      signatures(s, left + width * 0.5, Math.max(top + t.lead, 240), spec.text.signatures, t);
      footer(s);
      return s;
    },
    (p) => {
      const s = new Sheet();
      const top = continuationMarks(s, spec, p, t, between(20, 28, next));
      const rest = spec.text.later.slice(p - 2, p === spec.pages ? undefined : p - 1).flat();
      const y = framed(s, top, rest);
      if (p === spec.pages) signatures(s, left + width * 0.5, Math.max(y + t.lead, 200), spec.text.signatures, t);
      footer(s);
      return s;
    },
  );
};

const RENDERERS: Record<FamilyId, Renderer> = { merged, letterhead, twoline, tablehead, plain, annex };

export function renderForm(spec: FormSpec): PageDrawing[] {
  return RENDERERS[spec.family](spec);
}

/** How many pages a document of this kind runs to (核对报告 and 入户调查表 often run to 2–3). */
export function pagesFor(kind: CoreKind, next: Rng): number {
  if (kind === '核对报告') return next() < 0.7 ? 2 : 3;
  if (kind === '入户调查表') return pick([1, 2, 2, 3], next);
  return 1;
}
