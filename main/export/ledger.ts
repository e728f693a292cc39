import fs from 'node:fs';
import path from 'node:path';
import type { CheckRow } from '../api/contract';

/**
 * The batch 台账: one row per household and case with its status and the
 * missing items by official name, and a summary with one row per village.
 * Written with exceljs' streaming writer, so a 50,000-household batch never
 * sits in memory as one workbook.
 */

export const LEDGER_NAME = '导出台账.xlsx';

export interface LedgerCase {
  assistance: string;
  archiveCode: string | null;
  confirmedOn: string | null;
  row: CheckRow;
}

export interface LedgerHousehold {
  town: string;
  village: string;
  name: string;
  /** As the export's masking shows it. */
  idNumber: string;
  package: string;
  status: string;
  cases: LedgerCase[];
}

const DETAIL_COLUMNS = [
  { header: '序号', key: 'no', width: 7 },
  { header: '镇(街道)', key: 'town', width: 14 },
  { header: '村(社区)', key: 'village', width: 14 },
  { header: '户主姓名', key: 'name', width: 10 },
  { header: '身份证号', key: 'idNumber', width: 21 },
  { header: '户状态', key: 'householdStatus', width: 9 },
  { header: '救助类别', key: 'assistance', width: 10 },
  { header: '档号', key: 'archiveCode', width: 18 },
  { header: '确认日期', key: 'confirmedOn', width: 12 },
  { header: '档案状态', key: 'status', width: 9 },
  { header: '缺少的要件', key: 'missing', width: 60 },
  { header: '待确认的要件', key: 'unconfirmed', width: 40 },
  { header: '时间检查问题', key: 'timeline', width: 40 },
  { header: '下次动态核查', key: 'nextReview', width: 12 },
  { header: '导出包', key: 'package', width: 28 },
];

const SUMMARY_COLUMNS = [
  { header: '镇(街道)', key: 'town', width: 14 },
  { header: '村(社区)', key: 'village', width: 14 },
  { header: '户数', key: 'households', width: 8 },
  { header: '案卷数', key: 'cases', width: 8 },
  { header: '齐全', key: 'complete', width: 8 },
  { header: '缺件', key: 'missing', width: 8 },
  { header: '待确认', key: 'unconfirmed', width: 8 },
  { header: '缺少要件合计(项)', key: 'missingItems', width: 16 },
];

type Totals = { town: string; village: string; households: number; cases: number; complete: number; missing: number; unconfirmed: number; missingItems: number };

function detailRows(h: LedgerHousehold): Record<string, string>[] {
  const base = { town: h.town, village: h.village, name: h.name, idNumber: h.idNumber, householdStatus: h.status, package: h.package };
  if (h.cases.length === 0) return [{ ...base, assistance: '—', archiveCode: '', confirmedOn: '', status: '无案卷', missing: '', unconfirmed: '', timeline: '', nextReview: '' }];
  return h.cases.map((c) => ({
    ...base,
    assistance: c.assistance,
    archiveCode: c.archiveCode ?? '',
    confirmedOn: c.confirmedOn ?? '',
    status: c.row.status,
    missing: c.row.missing.join('；'),
    unconfirmed: c.row.unconfirmed.join('；'),
    timeline: c.row.timeline.filter((t) => t.ok !== true).map((t) => `${t.check}：${t.detail}`).join('；'),
    nextReview: c.row.nextReview ?? '',
  }));
}

export function villageTotals(households: LedgerHousehold[]): Totals[] {
  const totals = new Map<string, Totals>();
  for (const h of households) {
    const key = `${h.town}\u0000${h.village}`;
    const t = totals.get(key) ?? { town: h.town, village: h.village, households: 0, cases: 0, complete: 0, missing: 0, unconfirmed: 0, missingItems: 0 };
    t.households++;
    for (const c of h.cases) {
      t.cases++;
      if (c.row.status === '齐全') t.complete++;
      else if (c.row.status === '缺件') t.missing++;
      else t.unconfirmed++;
      t.missingItems += c.row.missing.length;
    }
    totals.set(key, t);
  }
  return [...totals.values()].sort((a, b) => (a.town + a.village < b.town + b.village ? -1 : 1));
}

/** Writes the workbook next to the packages (through a temporary name, so a reader never sees half of it). */
export async function writeLedger(outDir: string, households: LedgerHousehold[]): Promise<string> {
  const { default: Excel } = await import('exceljs');
  const file = path.join(outDir, LEDGER_NAME);
  const partial = path.join(outDir, `.partial-${LEDGER_NAME}`);
  const book = new Excel.stream.xlsx.WorkbookWriter({ filename: partial, useStyles: true, useSharedStrings: false });
  book.creator = '户档';
  const detail = book.addWorksheet('台账', { views: [{ state: 'frozen', ySplit: 1 }] });
  detail.columns = DETAIL_COLUMNS;
  detail.getRow(1).font = { bold: true };
  let no = 0;
  for (const h of households) for (const row of detailRows(h)) detail.addRow({ no: ++no, ...row }).commit();
  detail.commit();
  const summary = book.addWorksheet('按村汇总', { views: [{ state: 'frozen', ySplit: 1 }] });
  summary.columns = SUMMARY_COLUMNS;
  summary.getRow(1).font = { bold: true };
  const totals = villageTotals(households);
  for (const t of totals) summary.addRow(t).commit();
  const sum = (k: keyof Totals) => totals.reduce((n, t) => n + (t[k] as number), 0);
  summary.addRow({ town: '合计', village: '', households: sum('households'), cases: sum('cases'), complete: sum('complete'), missing: sum('missing'), unconfirmed: sum('unconfirmed'), missingItems: sum('missingItems') }).commit();
  summary.commit();
  await book.commit();
  await fs.promises.rename(partial, file);
  return file;
}
