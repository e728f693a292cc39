import { describe, expect, it } from 'vitest';
import { headIndex, headNamesIn, TextIndex, villageIndex, villagesIn, type RosterHead } from './namesInText';

const VILLAGES = [
  { id: 1, name: '红旗村' },
  { id: 2, name: '刘快庄村' },
  { id: 3, name: '幸福社区' },
  { id: 4, name: '三台村村民委员会' },
];
const HEADS: RosterHead[] = [
  { householdId: 10, headName: '王桂兰', villageId: 1 },
  { householdId: 11, headName: '李建国', villageId: 1 },
  { householdId: 12, headName: '李明', villageId: 1 },
  { householdId: 13, headName: '刘快庄', villageId: 1 },
  { householdId: 14, headName: '张秀英', villageId: 1 },
  { householdId: 15, headName: '张秀英', villageId: 1 },
  { householdId: 16, headName: '王桂兰', villageId: 3 },
  { householdId: 17, headName: '王芳', villageId: 3 },
  { householdId: 18, headName: '王芳华', villageId: 3 },
  { householdId: 19, headName: '赵德胜', villageId: 4 },
];

const villages = villageIndex(VILLAGES);
const heads = headIndex(HEADS);
const names = (text: string) => headNamesIn(text, villages, heads);

describe('headNamesIn', () => {
  it.each<[string, string, { households: number[]; labelled: boolean }[]]>([
    ['an applicant field with the village on the page', '最低生活保障待遇申请书\n申请人：王桂兰 性别：女\n家庭住址：红旗村三组', [{ households: [10], labelled: true }]],
    ['OCR spaces between characters', '申 请 人 ： 王 桂 兰\n家庭住址：红 旗 村', [{ households: [10], labelled: true }]],
    ['a label with （签字） before the name', '申请人（签字）：李建国\n红旗村', [{ households: [11], labelled: true }]],
    ['the name without its village is no evidence', '申请人：王桂兰\n家庭住址：大王庄村', []],
    ['the village alone is no evidence', '红旗村村民委员会\n入户调查表', []],
    ['a head of another village on the page is not this village’s head', '申请人：赵德胜\n家庭住址：红旗村', []],
    ['the village under its short name', '申请人：赵德胜\n家庭住址：三台村五组', [{ households: [19], labelled: true }]],
    ['the same name in two villages: the village on the page decides', '户主姓名：王桂兰\n幸福社区', [{ households: [16], labelled: true }]],
    ['namesakes in one village are one mention of several households', '申请人：张秀英\n红旗村', [{ households: [14, 15], labelled: true }]],
    ['a two-character name inside other words is not a name', '红旗村评为文明户，李明白了政策', []],
    ['a two-character name in a field counts', '红旗村\n申请人：李明性别：男', [{ households: [12], labelled: true }]],
    ['a two-character name in a table row counts, unlabelled', '红旗村\n姓名 关系 身份证号\n李明 配偶 120116195001010012', [{ households: [12], labelled: false }]],
    [
      'a 公示 list: each two-character name right after its own 村',
      '公示名单\n序号 村(社区) 户主姓名 身份证号\n1 红旗村李明 120116********0012\n2 幸福社区王芳 1',
      [{ households: [12], labelled: false }, { households: [17], labelled: false }],
    ],
    ['a name right after a village that is not its own is no name', '家住红旗村\n幸福社区李明 1', []],
    ['the 村 before a name says which namesake of two villages', '红旗村王桂兰 1\n幸福社区', [{ households: [10], labelled: false }]],
    ['a name inside a village name is not a name', '家庭住址：刘快庄村五组，红旗村', []],
    ['officials named on the form are not household evidence', '红旗村\n调查人（签字）：李建国\n审核人：王桂兰', []],
    ['officials with 姓名 or 签字 after their role are not household evidence either', '红旗村\n调查人姓名：李建国\n经办人签字：王桂兰', []],
    ['an applicant’s 签字 field is an applicant field', '红旗村\n申请人签字：李建国', [{ households: [11], labelled: true }]],
    ['a shorter head name inside a longer one is the longer one', '幸福社区\n申请人：王芳华', [{ households: [18], labelled: true }]],
    [
      'a family table under an applicant: the applicant labelled, the relatives not',
      '申请人：王桂兰\n住址：红旗村\n姓名 关系\n王桂兰 本人\n李建国 配偶',
      [{ households: [10], labelled: true }, { households: [11], labelled: false }],
    ],
  ])('%s', (_n, text, expected) => {
    expect(names(text)).toEqual(expected);
  });

  it('finds the villages a text names', () => {
    expect(villagesIn('家住红旗村，原籍刘快庄村', villages).sort()).toEqual([1, 2]);
    expect(villagesIn('没有村名', villages)).toEqual([]);
  });

  // Its speed with many keys belongs to the benchmarks (load on a shared machine makes a timed test flaky).
  it('finds a key among 50,000', () => {
    const many = new TextIndex(Array.from({ length: 50_000 }, (_, i) => [`名${String(i).padStart(5, '0')}`, i] as const));
    const text = '申请人：名04711 '.repeat(200);
    const hits = many.occurrences(text);
    expect(hits).toHaveLength(200);
    expect(hits[0]?.values).toEqual([4711]);
  });
});
