import fs from 'node:fs/promises';
import path from 'node:path';
import type { HolidayYear } from '../api/contract';
import { UsageError, type Command } from './command';
import { formatTable, print, printJson } from './output';

/** holidays: the years the working-day calendar knows, and the import of a year's 国务院办公厅 notice (管理员). */

function yearTable(rows: HolidayYear[]): string {
  return formatTable(
    ['年份', '来源', '天数', '导入时间', '导入人'],
    rows.map((r) => [String(r.year), r.source, r.days === null ? '' : String(r.days), r.importedAt ?? '', r.importedBy ?? '']),
  );
}

export const holidays: Command = {
  async run({ api, options, args }) {
    const [sub, file] = args;
    if (sub === 'import' && file) {
      let bytes: Buffer;
      try {
        bytes = await fs.readFile(file);
      } catch {
        throw new UsageError(`无法读取文件：${file}`);
      }
      const report = await api.importHolidays({ name: path.basename(file), contentBase64: bytes.toString('base64') });
      if (options.json) printJson(report);
      else {
        const replaced = report.replaced.length > 0 ? `，替换了此前导入的 ${report.replaced.join('、')} 年` : '';
        print(`已导入 ${report.years.join('、')} 年的节假日安排，共 ${report.days} 天${replaced}；各案卷的工作日时限将按此重新检查`);
      }
      return 0;
    }
    if (sub !== undefined) throw new UsageError('holidays 的用法：holidays [--json] | holidays import 文件.csv（每行：日期,休 或 日期,班）');
    const years = await api.listHolidays({});
    if (options.json) printJson(years);
    else {
      const last = years.at(-1)?.year;
      print(`${yearTable(years)}\n${last === undefined ? '没有已知年份' : `${last} 年以后的法定节假日安排尚未导入：这些年份的工作日时限为待确认`}`);
    }
    return 0;
  },
};
