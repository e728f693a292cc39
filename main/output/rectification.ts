import { maskIdNumber } from '../domain/masking';
import { chineseDate } from './dates';
import { newSheet, save, setDocInfo } from './document';
import type { Pen } from './pen';
import { GREY } from './pen';
import { drawTable } from './table';
import type { TableLayout } from './table';
import type { BuildOptions, RectificationData, RectificationHousehold } from './types';

/**
 * 整改清单 per village (天津 notice 二(八): "对档案不全、缺失的，要及时补充
 * 完善"): every household with missing items, named by their official
 * names, for the village clerk to work through and tick off. ID numbers are
 * printed masked 6+4: the list travels on paper.
 *
 * An item a scanned page waiting in the review inbox could be is not missing:
 * it is listed under the household as 待确认（有待审页面） and left out of the
 * counts, so nobody goes to fetch paper that was already scanned.
 *
 * Under the items come the case's 附件7 档案管理检查 points to act on: each
 * point found wanting with what is wrong (【有问题】), and the manual points
 * nobody has checked yet by number (【未检查】); a table at the end names the
 * points with how many households each concerns.
 */

const HOUSEHOLDS: TableLayout = {
  x: 15,
  columns: [
    { header: '序号', width: 11 },
    { header: '户主', width: 20 },
    { header: '身份证号', width: 37 },
    { header: '救助类别', width: 24 },
    { header: '缺少的要件', width: 70, align: 'left' },
    { header: '整改情况', width: 18 },
  ],
  style: { size: 9.5, leading: 1.35 },
  headerStyle: { size: 10.5, bold: true },
  headerHeight: 10,
  minRowHeight: 10,
};

const BY_ITEM: TableLayout = {
  x: 15,
  columns: [
    { header: '序号', width: 11 },
    { header: '缺少的要件', width: 139, align: 'left' },
    { header: '缺少户数', width: 30 },
  ],
  style: { size: 9.5, leading: 1.35 },
  headerStyle: { size: 10.5, bold: true },
  headerHeight: 9,
  minRowHeight: 8,
};

const BY_POINT: TableLayout = {
  x: 15,
  columns: [
    { header: '编号', width: 20 },
    { header: '档案管理检查项', width: 120, align: 'left' },
    { header: '有问题', width: 20 },
    { header: '未检查', width: 20 },
  ],
  style: { size: 9.5, leading: 1.35 },
  headerStyle: { size: 10.5, bold: true },
  headerHeight: 9,
  minRowHeight: 8,
};

const BOTTOM = 280;

export interface RectificationSummary {
  households: number;
  incomplete: number;
  missingItems: number;
  /** Households with items waiting on pages in the review inbox, and how many such items. */
  waitingHouseholds: number;
  waitingItems: number;
  /** Item name → households lacking it, most frequent first. */
  byItem: [string, number][];
}

/** Rows are cases (a household with a 低保 and a 临时救助 case has two); the summary counts households, by 身份证号. */
const householdCount = (rows: RectificationHousehold[]) => new Set(rows.map((h) => h.idNumber)).size;

export function summarise(data: RectificationData): RectificationSummary {
  const incomplete = data.households.filter((h) => h.missingItems.length > 0);
  const waiting = data.households.filter((h) => (h.waitingItems ?? []).length > 0);
  const counts = new Map<string, number>();
  for (const h of incomplete) for (const name of new Set(h.missingItems)) counts.set(name, (counts.get(name) ?? 0) + 1);
  return {
    households: data.totalHouseholds ?? data.households.length,
    incomplete: householdCount(incomplete),
    missingItems: incomplete.reduce((sum, h) => sum + h.missingItems.length, 0),
    waitingHouseholds: householdCount(waiting),
    waitingItems: waiting.reduce((sum, h) => sum + (h.waitingItems ?? []).length, 0),
    byItem: [...counts].sort((a, b) => b[1] - a[1]),
  };
}

export interface PointSummary {
  /** Households with at least one point found wanting / one manual point nobody checked. */
  problemHouseholds: number;
  uncheckedHouseholds: number;
  /** Per point, in point order: households it is wanting in, households where nobody checked it. */
  byPoint: { code: string; name: string; problem: number; unchecked: number }[];
}

/** The point's number after the attachment: 附件7-12 → 12. */
const pointNo = (code: string) => Number(code.slice(code.lastIndexOf('-') + 1));

export function summarisePoints(data: RectificationData): PointSummary {
  const byPoint = new Map<string, { code: string; name: string; problem: Set<string>; unchecked: Set<string> }>();
  const entry = (code: string, name: string) => {
    const e = byPoint.get(code) ?? { code, name, problem: new Set<string>(), unchecked: new Set<string>() };
    byPoint.set(code, e);
    return e;
  };
  for (const h of data.households) {
    for (const p of h.archiveProblems ?? []) entry(p.code, p.name).problem.add(h.idNumber);
    for (const p of h.uncheckedPoints ?? []) entry(p.code, p.name).unchecked.add(h.idNumber);
  }
  return {
    problemHouseholds: householdCount(data.households.filter((h) => (h.archiveProblems ?? []).length > 0)),
    uncheckedHouseholds: householdCount(data.households.filter((h) => (h.uncheckedPoints ?? []).length > 0)),
    byPoint: [...byPoint.values()]
      .sort((a, b) => (a.code.slice(0, a.code.lastIndexOf('-')) === b.code.slice(0, b.code.lastIndexOf('-')) ? pointNo(a.code) - pointNo(b.code) : a.code < b.code ? -1 : 1))
      .map((e) => ({ code: e.code, name: e.name, problem: e.problem.size, unchecked: e.unchecked.size })),
  };
}

/** "附件7第1、4、5项": unchecked points by number, grouped by their attachment (the names are in the table at the end). */
function uncheckedText(points: { code: string }[]): string {
  const groups = new Map<string, number[]>();
  for (const { code } of points) {
    const at = code.lastIndexOf('-');
    const attachment = at < 0 ? '' : code.slice(0, at);
    groups.set(attachment, [...(groups.get(attachment) ?? []), pointNo(code)]);
  }
  return [...groups].map(([attachment, nos]) => `${attachment}第${nos.join('、')}项`).join('；');
}

/** Shown after a waiting item, the same words the checklist shows as its reason. */
const WAITING = '待确认：有待审页面';

/**
 * A row may not run past the page (drawTable moves a row, never splits it):
 * a household with many entries goes on over continuation rows. Lines are
 * estimated from the column (70 mm of 9.5 pt: about 19 Chinese characters,
 * digits and Latin half as wide); 40 lines stay well inside a page.
 */
const LINE_CHARS = 19;
const ROW_LINES = 40;

function estimatedLines(text: string): number {
  const width = [...text].reduce((w, ch) => w + (ch.charCodeAt(0) < 0x2000 ? 0.55 : 1), 0);
  return Math.max(1, Math.ceil(width / LINE_CHARS));
}

function chunked(entries: string[]): string[][] {
  const chunks: string[][] = [];
  let lines = ROW_LINES;
  for (const entry of entries) {
    const n = estimatedLines(entry);
    if (lines + n > ROW_LINES) {
      chunks.push([]);
      lines = 0;
    }
    chunks.at(-1)?.push(entry);
    lines += n;
  }
  return chunks;
}

function householdRows(h: RectificationHousehold, i: number): string[][] {
  const entries = [
    ...h.missingItems.map((name, k) => `${k + 1}. ${name}`),
    ...(h.waitingItems ?? []).map((name) => `· ${name}（${WAITING}）`),
    ...(h.archiveProblems ?? []).map((p) => `【有问题】${p.code} ${p.name}：${p.detail}`),
    ...((h.uncheckedPoints ?? []).length > 0 ? [`【未检查】${uncheckedText(h.uncheckedPoints ?? [])}，须人工检查`] : []),
  ];
  return chunked(entries).map((chunk, k) =>
    k === 0 ? [String(i + 1), h.headName, maskIdNumber(h.idNumber), h.assistance, chunk.join('\n'), ''] : ['', `${h.headName}（续）`, '', '', chunk.join('\n'), ''],
  );
}

function heading(data: RectificationData): string {
  return `${data.town ?? ''}${data.village} 社会救助档案整改清单`;
}

/** The sentence on 附件7 points, empty when there is nothing to act on. */
function pointsSentence(p: PointSummary): string {
  const parts = [p.problemHouseholds > 0 ? `${p.problemHouseholds} 户有检查项有问题` : '', p.uncheckedHouseholds > 0 ? `${p.uncheckedHouseholds} 户有须人工检查的项目尚未检查` : ''].filter(Boolean);
  return parts.length > 0 ? `档案管理检查（附件7）：${parts.join('，')}，请逐项整改或检查后记录结果。` : '';
}

function firstPage(pen: Pen, data: RectificationData, s: RectificationSummary, p: PointSummary): number {
  pen.text(heading(data), 105, 24, { size: 18, bold: true, align: 'center' });
  const dates = [`生成日期：${chineseDate(data.date)}`, data.deadline ? `整改期限：${chineseDate(data.deadline)}` : '']
    .filter(Boolean)
    .join('　　');
  pen.text(dates, 105, 33, { size: 10.5, align: 'center' });
  const waiting =
    s.waitingHouseholds > 0
      ? `另有 ${s.waitingHouseholds} 户的 ${s.waitingItems} 项要件有待审页面，暂不计为缺件，请先在待审页面中确认。`
      : '';
  const points = pointsSentence(p);
  const items =
    s.incomplete > 0
      ? `其中 ${s.incomplete} 户档案要件不全，缺少要件共 ${s.missingItems} 项，请逐户补充完善。${waiting}`
      : waiting !== ''
        ? `没有缺少要件的户。${waiting}`
        : points !== ''
          ? '档案要件均已齐全。'
          : '档案要件均已齐全，无需整改。';
  return pen.paragraph(`本村(社区)共检查 ${s.households} 户，${items}${points}`, 15, 39, 180, { size: 11, leading: 1.5 }) + 3;
}

type StartPage = () => { pen: Pen; top: number };
type Cursor = { pen: Pen; y: number };

export async function buildRectificationList(data: RectificationData, options: BuildOptions = {}): Promise<Uint8Array> {
  const sheet = await newSheet(options);
  const s = summarise(data);
  const p = summarisePoints(data);
  const pens: Pen[] = [];
  const startPage: StartPage = () => {
    const pen = sheet.addPage();
    pens.push(pen);
    if (pens.length === 1) return { pen, top: firstPage(pen, data, s, p) };
    pen.text(`${heading(data)}（续）`, 15, 16, { size: 10.5, bold: true });
    return { pen, top: 21 };
  };
  const listed = (h: RectificationHousehold) => h.missingItems.length > 0 || [h.waitingItems, h.archiveProblems, h.uncheckedPoints].some((l) => (l ?? []).length > 0);
  const rows = data.households.filter(listed).flatMap(householdRows);
  let at: Cursor = rows.length > 0 ? drawTable(rows, HOUSEHOLDS, BOTTOM, startPage) : cursor(startPage());
  if (s.byItem.length > 0) at = itemTable(s, at, startPage);
  if (p.byPoint.length > 0) at = pointTable(p, at, startPage);
  signatures(at, startPage);
  footers(pens);
  setDocInfo(sheet.doc, { title: heading(data), subject: '档案整改清单' });
  return save(sheet.doc);
}

function cursor(page: { pen: Pen; top: number }): Cursor {
  return { pen: page.pen, y: page.top };
}

/** 按要件统计: which items are missing most often (what to chase first). */
function itemTable(s: RectificationSummary, at: Cursor, startPage: StartPage): Cursor {
  let page = { pen: at.pen, top: at.y + 6 };
  if (page.top + 30 > BOTTOM) page = startPage();
  page.pen.text('按要件统计', 15, page.top + 4, { size: 12, bold: true });
  const rows = s.byItem.map(([name, n], i) => [String(i + 1), name, `${n} 户`]);
  let first = true;
  return drawTable(rows, BY_ITEM, BOTTOM, () => {
    if (!first) return startPage();
    first = false;
    return { pen: page.pen, top: page.top + 7 };
  });
}

/** 档案管理检查统计: each point to act on by name, with the households it is wanting in or unchecked in. */
function pointTable(p: PointSummary, at: Cursor, startPage: StartPage): Cursor {
  let page = { pen: at.pen, top: at.y + 6 };
  if (page.top + 30 > BOTTOM) page = startPage();
  page.pen.text('档案管理检查（附件7）统计', 15, page.top + 4, { size: 12, bold: true });
  const rows = p.byPoint.map((e) => [e.code, e.name, e.problem > 0 ? `${e.problem} 户` : '', e.unchecked > 0 ? `${e.unchecked} 户` : '']);
  let first = true;
  return drawTable(rows, BY_POINT, BOTTOM, () => {
    if (!first) return startPage();
    first = false;
    return { pen: page.pen, top: page.top + 7 };
  });
}

function signatures(at: Cursor, startPage: StartPage): void {
  let { pen, y } = at;
  if (y + 18 > BOTTOM) ({ pen, y } = cursor(startPage()));
  pen.text('村(社区)经办人：____________', 15, y + 12, { size: 11 });
  pen.text('乡镇(街道)审核人：____________', 110, y + 12, { size: 11 });
}

function footers(pens: Pen[]): void {
  pens.forEach((pen, i) =>
    pen.text(`第 ${i + 1} 页 共 ${pens.length} 页`, 105, 290, { size: 9, align: 'center', color: GREY }),
  );
}
