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

/** Shown after a waiting item, the same words the checklist shows as its reason. */
const WAITING = '待确认：有待审页面';

function householdCells(h: RectificationHousehold, i: number): string[] {
  const items = [...h.missingItems.map((name, k) => `${k + 1}. ${name}`), ...(h.waitingItems ?? []).map((name) => `· ${name}（${WAITING}）`)].join('\n');
  return [String(i + 1), h.headName, maskIdNumber(h.idNumber), h.assistance, items, ''];
}

function heading(data: RectificationData): string {
  return `${data.town ?? ''}${data.village} 社会救助档案整改清单`;
}

function firstPage(pen: Pen, data: RectificationData, s: RectificationSummary): number {
  pen.text(heading(data), 105, 24, { size: 18, bold: true, align: 'center' });
  const dates = [`生成日期：${chineseDate(data.date)}`, data.deadline ? `整改期限：${chineseDate(data.deadline)}` : '']
    .filter(Boolean)
    .join('　　');
  pen.text(dates, 105, 33, { size: 10.5, align: 'center' });
  const waiting =
    s.waitingHouseholds > 0
      ? `另有 ${s.waitingHouseholds} 户的 ${s.waitingItems} 项要件有待审页面，暂不计为缺件，请先在待审页面中确认。`
      : '';
  const summary =
    s.incomplete === 0 && waiting === ''
      ? `本村(社区)共检查 ${s.households} 户，档案要件均已齐全，无需整改。`
      : s.incomplete === 0
        ? `本村(社区)共检查 ${s.households} 户，没有缺少要件的户。${waiting}`
        : `本村(社区)共检查 ${s.households} 户，其中 ${s.incomplete} 户档案要件不全，缺少要件共 ${s.missingItems} 项，请逐户补充完善。${waiting}`;
  return pen.paragraph(summary, 15, 39, 180, { size: 11, leading: 1.5 }) + 3;
}

type StartPage = () => { pen: Pen; top: number };
type Cursor = { pen: Pen; y: number };

export async function buildRectificationList(data: RectificationData, options: BuildOptions = {}): Promise<Uint8Array> {
  const sheet = await newSheet(options);
  const s = summarise(data);
  const pens: Pen[] = [];
  const startPage: StartPage = () => {
    const pen = sheet.addPage();
    pens.push(pen);
    if (pens.length === 1) return { pen, top: firstPage(pen, data, s) };
    pen.text(`${heading(data)}（续）`, 15, 16, { size: 10.5, bold: true });
    return { pen, top: 21 };
  };
  const rows = data.households.filter((h) => h.missingItems.length > 0 || (h.waitingItems ?? []).length > 0).map(householdCells);
  let at: Cursor = rows.length > 0 ? drawTable(rows, HOUSEHOLDS, BOTTOM, startPage) : cursor(startPage());
  if (s.byItem.length > 0) at = itemTable(s, at, startPage);
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
