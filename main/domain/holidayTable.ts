/**
 * An imported holiday table (国务院办公厅关于某年部分节假日安排的通知) read
 * from the rows of a small CSV: 日期, 休 or 班. Pure: rows in, days or the
 * problems by row number out. A table with any bad row is refused whole.
 */
import { isIsoDate, yearOf } from './checklist/dates';
import { isPlainWeekday, type HolidayDay, type HolidayKind } from './checklist/workdays';

export interface TableRow {
  /** Row number as the spreadsheet shows it (the first line is 1). */
  row: number;
  cells: string[];
}

export type HolidayTableResult = { ok: true; days: HolidayDay[]; years: number[] } | { ok: false; problems: string[] };

/** The words clerks write in the second column. */
const KINDS: Record<string, HolidayKind> = { 休: '休', 放假: '休', 休息: '休', 班: '班', 上班: '班', 补班: '班', 调休上班: '班' };

const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];

/** 2027-01-01, 2027/1/1, 2027-1-1 or 2027年1月1日, as the notice or Excel writes it. */
function normaliseDate(text: string): string | null {
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text.trim());
  if (!m) return null;
  const date = `${m[1]}-${(m[2] ?? '').padStart(2, '0')}-${(m[3] ?? '').padStart(2, '0')}`;
  return isIsoDate(date) ? date : null;
}

const isHeader = (r: TableRow) => r.row === 1 && normaliseDate(r.cells[0] ?? '') === null && /日期|date/i.test(r.cells[0] ?? '');

export function parseHolidayTable(rows: readonly TableRow[]): HolidayTableResult {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  const days: HolidayDay[] = [];
  for (const r of rows) {
    const cells = r.cells.map((c) => c.trim());
    if (cells.every((c) => c === '') || isHeader(r)) continue;
    const [dateText = '', kindText = ''] = cells;
    const date = normaliseDate(dateText);
    const kind = KINDS[kindText];
    if (date === null) problems.push(`第${r.row}行：日期“${dateText}”无效，应写作 2027-01-01`);
    if (kind === undefined) problems.push(`第${r.row}行：类型“${kindText}”应为“休”或“班”`);
    if (date === null || kind === undefined) continue;
    const earlier = seen.get(date);
    if (earlier !== undefined) problems.push(`第${r.row}行：${date} 与第${earlier}行重复`);
    else if (kind === '班' && isPlainWeekday(date)) {
      problems.push(`第${r.row}行：${date} 是${WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()]}，本来就上班，“班”只用于调休上班的周末`);
    } else {
      seen.set(date, r.row);
      days.push({ date, kind });
    }
  }
  const years = [...new Set(days.map((d) => yearOf(d.date)))].sort((a, b) => a - b);
  // Every year's notice gives weekdays off (春节 at least): a year without one is a partial or mistaken table.
  for (const year of years) {
    if (!days.some((d) => yearOf(d.date) === year && d.kind === '休' && isPlainWeekday(d.date))) {
      problems.push(`${year}年没有一个工作日放假（至少应有春节），不像完整的节假日安排，请对照国务院办公厅通知补全`);
    }
  }
  if (problems.length === 0 && days.length === 0) problems.push('文件中没有节假日数据：每行应为“日期,休”或“日期,班”');
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, days: days.sort((a, b) => (a.date < b.date ? -1 : 1)), years };
}

/** The one message a refused table gets: its problems by row, the first ten of them. */
export function holidayTableMessage(problems: readonly string[]): string {
  const shown = problems.slice(0, 10).join('；');
  const more = problems.length > 10 ? `；另有 ${problems.length - 10} 处问题` : '';
  return `节假日安排有误，未导入任何数据：${shown}${more}`;
}
