import { describe, expect, it } from 'vitest';
import { makeIdNumber } from './idNumber';
import { mapColumns, parseRoster } from './roster';

const id1 = makeIdNumber('120116', '19560312', 1);
const id2 = makeIdNumber('120116', '19620101', 2);
const header = ['村(社区)', '户主姓名', '身份证号', '救助类型', '保障人口'];
const rows = (...cells: string[][]) => cells.map((c, i) => ({ row: i + 2, cells: c }));

describe('mapColumns', () => {
  it('accepts full-width brackets, spaces and common spellings of the columns', () => {
    const mapped = mapColumns(['村（社区）', ' 户主 ', '公民身份号码', '救助类别', '保障人数', '联系电话', '备注']);
    expect(mapped.ok).toBe(true);
    if (mapped.ok) expect(mapped.map.extras).toEqual([['备注', 6]]);
  });

  it('names every missing required column', () => {
    expect(mapColumns(['户主姓名', '身份证号'])).toEqual({
      ok: false,
      reason: '花名册缺少必需的列：村(社区)、救助类型、保障人口（第1行应为表头）',
    });
  });
});

describe('parseRoster', () => {
  it.each([
    ['bad check digit', ['红旗村', '王桂兰', id1.slice(0, 17) + (id1[17] === '1' ? '2' : '1'), '低保', '2'], /校验位错误/],
    ['unknown assistance type', ['红旗村', '王桂兰', id1, '五保', '2'], /未知的救助类型“五保”/],
    ['missing village', ['', '王桂兰', id1, '低保', '2'], /缺少村\(社区\)/],
    ['missing name', ['红旗村', '', id1, '低保', '2'], /缺少户主姓名/],
    ['bad head count', ['红旗村', '王桂兰', id1, '低保', '两人'], /保障人口“两人”/],
    ['ID turned into a number by Excel', ['红旗村', '王桂兰', '1.20116E+17', '低保', '2'], /Excel 存成了数字/],
  ])('reports %s with its row number', (_name, cells, reason) => {
    const result = parseRoster(header, rows(cells));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.records).toHaveLength(0);
    expect(result.errors).toEqual([{ row: 2, reason: expect.stringMatching(reason) }]);
  });

  it('collects every reason of one bad row', () => {
    const result = parseRoster(header, rows(['', '', 'abc', '', '']));
    expect(result.ok && result.errors[0]?.reason.split('；').length).toBe(4);
  });

  it('merges one-row-per-type exports of the same household', () => {
    const result = parseRoster(header, rows(['红旗村', '王桂兰', id1, '低保', '2'], ['红旗村', '王桂兰', id1, '临时救助', '2']));
    expect(result.ok && result.records.map((r) => r.assistance)).toEqual([['低保', '临时救助']]);
  });

  it('refuses two rows that give one ID to different people', () => {
    const result = parseRoster(header, rows(['红旗村', '王桂兰', id1, '低保', '2'], ['东风村', '李建国', id1, '低保', '3']));
    expect(result.ok && result.errors).toEqual([{ row: 3, reason: expect.stringMatching(/与第2行身份证号相同/) }]);
  });

  it('splits a cell naming several types and maps official long names', () => {
    const result = parseRoster(header, rows(['红旗村', '王桂兰', id1, '最低生活保障、刚性支出困难家庭', '1'], ['红旗村', '李建国', id2, '特困人员救助供养', '1']));
    expect(result.ok && result.records.map((r) => r.assistance)).toEqual([['低保', '刚性支出'], ['特困']]);
  });

  it('skips blank rows without counting them', () => {
    const result = parseRoster(header, rows(['', '', '', '', ''], ['红旗村', '王桂兰', id1, '低保', '2']));
    expect(result.ok && result.rows).toBe(1);
  });
});
