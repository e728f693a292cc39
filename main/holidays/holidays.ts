import { parse as parseCsv } from 'csv-parse/sync';
import type { Kysely } from 'kysely';
import type { HolidayImportReport, HolidayYear } from '../api/contract';
import { markAllStale } from '../checklist/caseCheckCache';
import { mutate, type AuditContext } from '../db/audit';
import type { Database } from '../db/schema';
import { coveredYears } from '../domain/checklist/workdays';
import { holidayTableMessage, parseHolidayTable } from '../domain/holidayTable';
import { decodeText } from '../roster/readTable';
import { UserError } from '../support/errors';

/**
 * The archive's holiday tables: an administrator imports a year's 国务院办公厅
 * notice as a small CSV (日期, 休 or 班); the working-day time limits of that
 * year are judged by it from then on, here and, as it travels in every export
 * package, by the district's inspector.
 */

function readRows(bytes: Buffer): { row: number; cells: string[] }[] {
  const text = decodeText(bytes);
  const firstLine = text.split('\n', 1)[0] ?? '';
  const delimiter = firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : firstLine.includes('，') && !firstLine.includes(',') ? '，' : ',';
  try {
    const grid = parseCsv(text, { delimiter, relax_column_count: true, relax_quotes: true, bom: true, skip_empty_lines: false }) as string[][];
    return grid.map((cells, i) => ({ row: i + 1, cells }));
  } catch (error) {
    throw new UserError(`节假日安排文件不是有效的 CSV：${(error as Error).message}`);
  }
}

/** Replaces the imported days of every year the table names, in one audited transaction; a table with a bad row changes nothing. */
export async function importHolidays(db: Kysely<Database>, ctx: AuditContext, bytes: Buffer): Promise<HolidayImportReport> {
  if (bytes.length === 0) throw new UserError('节假日安排文件是空的');
  const parsed = parseHolidayTable(readRows(bytes));
  if (!parsed.ok) throw new UserError(holidayTableMessage(parsed.problems));
  const { days, years } = parsed;
  const importedAt = ctx.now().toISOString();
  return mutate(db, ctx, async (tx) => {
    const before = await tx.trx.selectFrom('holidayDay').select(['date', 'kind']).where('year', 'in', years).orderBy('date').execute();
    const replaced = [...new Set(before.map((d) => Number(d.date.slice(0, 4))))];
    await tx.trx.deleteFrom('holidayDay').where('year', 'in', years).execute();
    await tx.trx
      .insertInto('holidayDay')
      .values(days.map((d) => ({ date: d.date, year: Number(d.date.slice(0, 4)), kind: d.kind, importedAt, importedBy: ctx.actor })))
      .execute();
    await tx.record({ action: 'holidays.import', entity: 'holiday', entityId: years.join(','), before: before.length > 0 ? before : undefined, after: days });
    // Every time limit may now be judged differently.
    await markAllStale(tx.trx);
    return { years, days: days.length, replaced };
  });
}

/** The years the calendar knows: built in (chinese-days) or imported (which wins for its year). */
export async function listHolidayYears(db: Kysely<Database>): Promise<HolidayYear[]> {
  const imported = await db
    .selectFrom('holidayDay')
    .select(['year', (eb) => eb.fn.countAll<number>().as('days'), (eb) => eb.fn.max('importedAt').as('importedAt'), (eb) => eb.fn.max('importedBy').as('importedBy')])
    .groupBy('year')
    .execute();
  const byYear = new Map<number, HolidayYear>(coveredYears().map((year) => [year, { year, source: '内置', days: null, importedAt: null, importedBy: null }]));
  for (const r of imported) byYear.set(r.year, { year: r.year, source: '导入', days: Number(r.days), importedAt: r.importedAt, importedBy: r.importedBy });
  return [...byYear.values()].sort((a, b) => a.year - b.year);
}
