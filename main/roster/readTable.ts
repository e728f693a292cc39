import fs from 'node:fs/promises';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';

/**
 * Reads a roster file into text cells: CSV (UTF-8 with or without BOM,
 * UTF-16 from Excel's "Unicode text", and GBK/GB18030 as Excel in China
 * saves it) and XLSX. Every cell stays text, so 18-digit ID numbers keep
 * every digit.
 */

export interface Table {
  header: string[];
  /** Data rows with their spreadsheet row numbers (the header is row 1). */
  rows: { row: number; cells: string[] }[];
}

export class TableReadError extends Error {}

export async function readTable(file: string): Promise<Table> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch {
    throw new TableReadError(`无法读取文件：${file}`);
  }
  if (bytes.length === 0) throw new TableReadError('文件是空的');
  const ext = path.extname(file).toLowerCase();
  if (ext === '.xls') throw new TableReadError('不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 或 CSV 后再导入');
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  return isZip || ext === '.xlsx' ? readXlsx(bytes) : readCsv(bytes);
}

export function decodeText(bytes: Buffer): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8');
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Not valid UTF-8: Excel in China saves CSV as GBK, which GB18030 covers.
    return new TextDecoder('gb18030').decode(bytes);
  }
}

function toTable(grid: string[][]): Table {
  const [header = [], ...rest] = grid;
  return { header, rows: rest.map((cells, i) => ({ row: i + 2, cells })) };
}

function readCsv(bytes: Buffer): Table {
  const text = decodeText(bytes);
  const newline = text.indexOf('\n');
  const firstLine = newline < 0 ? text : text.slice(0, newline);
  const delimiter = firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
  try {
    const grid = parseCsv(text, { delimiter, relax_column_count: true, relax_quotes: true, bom: true }) as string[][];
    return toTable(grid);
  } catch (error) {
    throw new TableReadError(`CSV 文件格式错误：${(error as Error).message}`);
  }
}

function cellText(value: ExcelJS.CellValue, text: string): string {
  // Unsafe integers have already lost digits in Excel; show them as Excel
  // would (1.2E+17) so validation can say so instead of a wrong check digit.
  if (typeof value === 'number') return Number.isSafeInteger(value) ? String(value) : value.toExponential();
  return text;
}

async function readXlsx(bytes: Buffer): Promise<Table> {
  // Loaded on demand: exceljs is large and most commands never read a workbook.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new TableReadError('无法打开 Excel 文件：文件已损坏或不是 .xlsx 格式');
  }
  const sheet = workbook.worksheets.find((s) => s.actualRowCount > 0);
  if (!sheet) throw new TableReadError('Excel 文件中没有数据');
  const grid: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (c, col) => {
      cells[col - 1] = cellText(c.value, c.text ?? '');
    });
    grid[rowNumber - 1] = Array.from(cells, (c) => c ?? '');
  });
  return toTable(Array.from(grid, (r) => r ?? []));
}
