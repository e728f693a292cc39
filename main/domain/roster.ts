import { parseAssistanceList, type AssistanceType } from './assistance';
import { parseIdNumber } from './idNumber';

/**
 * Roster (花名册) rows as the business system or Excel gives them, turned into
 * household records or a Chinese reason per bad row. Pure: the file reading
 * happens in main/roster.
 */

export type RosterField =
  | 'village'
  | 'town'
  | 'district'
  | 'headName'
  | 'idNumber'
  | 'assistance'
  | 'insured'
  | 'address'
  | 'phone'
  | 'familySize'
  | 'careMode';

/** Official column names first; the rest are spellings seen in real exports. */
const COLUMN_NAMES: Record<RosterField, string[]> = {
  village: ['村(社区)', '村社区', '村/社区', '村(居)', '村居', '所属村(社区)', '村', '社区'],
  town: ['镇(街道)', '镇街', '镇/街道', '乡镇(街道)', '乡镇', '街道', '所属镇(街道)'],
  district: ['区', '区县', '县(市、区)', '县区'],
  headName: ['户主姓名', '户主', '姓名'],
  idNumber: ['身份证号', '户主身份证号', '身份证号码', '公民身份号码', '证件号码'],
  assistance: ['救助类型', '救助类别', '保障类别', '保障类型', '类别'],
  insured: ['保障人口', '保障人数', '享受人数'],
  address: ['家庭住址', '住址', '地址'],
  phone: ['联系电话', '电话'],
  familySize: ['家庭人口', '家庭人数'],
  careMode: ['供养方式'],
};

const REQUIRED: RosterField[] = ['village', 'headName', 'idNumber', 'assistance', 'insured'];

export const REQUIRED_COLUMNS = REQUIRED.map((f) => COLUMN_NAMES[f][0] as string);

export interface ColumnMap {
  fields: Partial<Record<RosterField, number>>;
  /** Columns we keep as extras: header text → index. */
  extras: [string, number][];
}

export interface RosterRecord {
  row: number;
  village: string;
  town: string | null;
  district: string | null;
  headName: string;
  idNumber: string;
  assistance: AssistanceType[];
  insured: number | null;
  address: string | null;
  phone: string | null;
  familySize: number | null;
  careMode: '集中供养' | '分散供养' | null;
  extra: Record<string, string>;
}

export interface RosterError {
  row: number;
  reason: string;
}

/** Full-width brackets and stray spaces are the usual differences between exports. */
function normaliseHeader(text: string): string {
  return text.replace(/\s+/g, '').replace(/（/g, '(').replace(/）/g, ')').replace(/[*＊]/g, '');
}

export function mapColumns(header: string[]): { ok: true; map: ColumnMap } | { ok: false; reason: string } {
  const fields: Partial<Record<RosterField, number>> = {};
  const extras: [string, number][] = [];
  header.forEach((raw, index) => {
    const name = normaliseHeader(raw);
    if (!name) return;
    const field = (Object.keys(COLUMN_NAMES) as RosterField[]).find(
      (f) => fields[f] === undefined && COLUMN_NAMES[f].includes(name),
    );
    if (field) fields[field] = index;
    else extras.push([raw.trim(), index]);
  });
  const missing = REQUIRED.filter((f) => fields[f] === undefined).map((f) => COLUMN_NAMES[f][0]);
  if (missing.length > 0) {
    return { ok: false, reason: `花名册缺少必需的列：${missing.join('、')}（第1行应为表头）` };
  }
  return { ok: true, map: { fields, extras } };
}

function cell(cells: string[], index: number | undefined): string {
  return index === undefined ? '' : (cells[index] ?? '').trim();
}

function parseCount(text: string): number | null | 'bad' {
  if (text === '') return null;
  const n = Number(text.replace(/人$/, ''));
  return Number.isInteger(n) && n >= 0 && n < 100 ? n : 'bad';
}

/** Excel turns long digit strings into floats: the last digits are gone for good. */
const EXCEL_NUMBER = /^\d(\.\d+)?E\+\d+$/i;

function idNumberProblem(text: string): { idNumber: string } | { reason: string } {
  if (EXCEL_NUMBER.test(text)) {
    return { reason: '身份证号被 Excel 存成了数字，后几位已丢失；请把该列设为“文本”后重新导出' };
  }
  const parsed = parseIdNumber(text);
  return parsed.ok ? { idNumber: parsed.idNumber } : { reason: parsed.reason };
}

export function isBlankRow(cells: string[]): boolean {
  return cells.every((c) => c.trim() === '');
}

/** One spreadsheet row → a record, or every reason it cannot be imported. */
export function parseRosterRow(map: ColumnMap, cells: string[], row: number): RosterRecord | RosterError {
  const f = map.fields;
  const reasons: string[] = [];
  const village = cell(cells, f.village);
  if (!village) reasons.push('缺少村(社区)');
  const headName = cell(cells, f.headName);
  if (!headName) reasons.push('缺少户主姓名');

  const id = idNumberProblem(cell(cells, f.idNumber));
  if ('reason' in id) reasons.push(id.reason);

  const assistanceText = cell(cells, f.assistance);
  const assistance = parseAssistanceList(assistanceText);
  if (!assistance.ok) {
    reasons.push(assistanceText ? `未知的救助类型“${assistance.unknown}”` : '缺少救助类型');
  }
  const insured = parseCount(cell(cells, f.insured));
  if (insured === 'bad') reasons.push(`保障人口“${cell(cells, f.insured)}”不是有效人数`);
  const familySize = parseCount(cell(cells, f.familySize));
  if (familySize === 'bad') reasons.push(`家庭人口“${cell(cells, f.familySize)}”不是有效人数`);
  const careText = cell(cells, f.careMode);
  const careMode = careText === '集中供养' || careText === '分散供养' ? careText : null;
  if (careText && !careMode) reasons.push(`供养方式“${careText}”应为集中供养或分散供养`);

  if (reasons.length > 0 || 'reason' in id || !assistance.ok || insured === 'bad' || familySize === 'bad') {
    return { row, reason: reasons.join('；') };
  }
  const extra: Record<string, string> = {};
  for (const [name, index] of map.extras) {
    const value = cell(cells, index);
    if (value) extra[name] = value;
  }
  return {
    row,
    village,
    town: cell(cells, f.town) || null,
    district: cell(cells, f.district) || null,
    headName,
    idNumber: id.idNumber,
    assistance: assistance.types,
    insured,
    address: cell(cells, f.address) || null,
    phone: cell(cells, f.phone) || null,
    familySize,
    careMode,
    extra,
  };
}

/**
 * Business systems export one row per household and assistance type: rows
 * with the same 身份证号 are one household whose types are merged. Rows that
 * disagree on who or where the household is are errors, not guesses.
 */
export function mergeRosterRecords(records: RosterRecord[]): { records: RosterRecord[]; errors: RosterError[] } {
  const byId = new Map<string, RosterRecord>();
  const errors: RosterError[] = [];
  for (const record of records) {
    const first = byId.get(record.idNumber);
    if (!first) {
      byId.set(record.idNumber, { ...record, assistance: [...record.assistance] });
      continue;
    }
    if (first.headName !== record.headName || first.village !== record.village) {
      errors.push({
        row: record.row,
        reason: `与第${first.row}行身份证号相同，但户主姓名或村(社区)不同（${first.headName}/${first.village}）`,
      });
      continue;
    }
    for (const type of record.assistance) if (!first.assistance.includes(type)) first.assistance.push(type);
    Object.assign(first.extra, record.extra);
  }
  return { records: [...byId.values()], errors };
}

export function parseRoster(
  header: string[],
  rows: { row: number; cells: string[] }[],
): { ok: true; records: RosterRecord[]; errors: RosterError[]; rows: number } | { ok: false; reason: string } {
  const mapped = mapColumns(header);
  if (!mapped.ok) return mapped;
  const parsed: RosterRecord[] = [];
  const errors: RosterError[] = [];
  let count = 0;
  for (const { row, cells } of rows) {
    if (isBlankRow(cells)) continue;
    count++;
    const result = parseRosterRow(mapped.map, cells, row);
    if ('reason' in result) errors.push(result);
    else parsed.push(result);
  }
  const merged = mergeRosterRecords(parsed);
  errors.push(...merged.errors);
  errors.sort((a, b) => a.row - b.row);
  return { ok: true, records: merged.records, errors, rows: count };
}
