import { describe, expect, it } from 'vitest';
import { holidayTableMessage, parseHolidayTable, type TableRow } from './holidayTable';

const rows = (...lines: string[][]): TableRow[] => lines.map((cells, i) => ({ row: i + 1, cells }));

describe('an imported holiday table', () => {
  it('reads dates as the notice or Excel writes them, skipping a header and blank lines', () => {
    const result = parseHolidayTable(rows(['日期', '类型'], ['2027-01-01', '休'], ['2027/2/8', '放假'], [''], ['2027年2月13日', '补班']));
    expect(result).toEqual({
      ok: true,
      years: [2027],
      days: [
        { date: '2027-01-01', kind: '休' },
        { date: '2027-02-08', kind: '休' },
        { date: '2027-02-13', kind: '班' },
      ],
    });
  });

  it.each([
    [[['2027-02-30', '休']], '第1行：日期“2027-02-30”无效'],
    [[['2027-01-01', '休'], ['2027-01-04', '半天']], '第2行：类型“半天”应为“休”或“班”'],
    [[['2027-01-01', '休'], ['2027-01-01', '休']], '第2行：2027-01-01 与第1行重复'],
    [[['2027-01-01', '休'], ['2027-01-06', '班']], '第2行：2027-01-06 是星期三，本来就上班'],
    [[['2027-02-13', '班']], '2027年没有一个工作日放假'],
    [[['日期', '类型']], '文件中没有节假日数据'],
  ])('refuses %j: %s', (lines, message) => {
    const result = parseHolidayTable(rows(...lines));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.join('；')).toContain(message);
  });

  it('names every bad row in one Chinese message, the first ten of them', () => {
    const bad = Array.from({ length: 12 }, (_, i) => ({ row: i + 2, cells: ['x', '休'] }));
    const result = parseHolidayTable(bad);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      const message = holidayTableMessage(result.problems);
      expect(message).toMatch(/^节假日安排有误，未导入任何数据：第2行/);
      expect(message).toContain('第11行');
      expect(message).not.toContain('第12行');
      expect(message).toContain('另有 2 处问题');
    }
  });
});
