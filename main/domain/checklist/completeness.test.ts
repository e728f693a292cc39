import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AssistanceType } from '../assistance';
import type { CaseDocument, CaseInput, Facts } from './caseTypes';
import { evaluateCase, evaluateHousehold, type ItemStatus } from './completeness';
import { parsePack } from './packSchema';

const pack = parsePack(
  JSON.parse(readFileSync(new URL('../../../resources/checklists/kaiyuan-tieling-2025.json', import.meta.url), 'utf8')),
);

const doc = (itemCode: string, confirmed = true, id = `doc-${itemCode}`): CaseDocument => ({
  id,
  itemCode,
  pages: [1, 2],
  confirmed,
});

/** Every fact known and false: only unconditional items remain needed. */
const allFalse: Facts = Object.fromEntries(Object.keys(pack.facts).map((k) => [k, false]));

function requiredDocs(type: AssistanceType): CaseDocument[] {
  return (pack.checklists[type] ?? []).filter((i) => i.rule.kind === 'required').map((i) => doc(i.code));
}

interface Row {
  title: string;
  caseInput: CaseInput;
  household?: Facts;
  docs: CaseDocument[];
  expect: Record<string, ItemStatus>;
}

const ROWS: Row[] = [
  {
    title: '低保',
    caseInput: { assistanceType: '低保', facts: { hasStudents: false, hasSupporters: true, hasPropertyOrRent: false } },
    docs: [doc('dibao.01'), doc('dibao.03', false), doc('dibao.11'), doc('dibao.21')],
    expect: {
      'dibao.01': '齐全', // present and confirmed
      'dibao.02': '缺件', // required, nothing on file
      'dibao.03': '待确认', // only an unaccepted classification
      'dibao.10': '待确认', // married unknown: never 缺件
      'dibao.13': '不适用', // no students
      'dibao.14': '缺件', // has supporters, nothing on file
      'dibao.11': '齐全', // condition false but filed anyway: show it
      'dibao.18': '不适用', // no review recorded yet (derived fact)
      'dibao.21': '齐全', // optional, present
    },
  },
  {
    title: '低保 after a review, nothing optional',
    caseInput: { assistanceType: '低保', dates: { lastReviewOn: '2025-03-01' } },
    docs: [],
    expect: { 'dibao.18': '缺件', 'dibao.21': '不适用', 'dibao.19': '待确认' },
  },
  {
    title: '特困 with care mode unknown',
    caseInput: { assistanceType: '特困', facts: { ruralWithLand: false } },
    docs: [doc('tekun.01')],
    expect: {
      'tekun.01': '齐全',
      'tekun.02': '缺件',
      'tekun.10': '待确认',
      'tekun.12': '不适用',
      'tekun.17': '待确认',
      'tekun.care.01': '待确认', // annex applicability unknown
      'tekun.care.04': '待确认',
    },
  },
  {
    title: '特困 分散供养 via careMode',
    caseInput: { assistanceType: '特困', careMode: '分散供养', facts: { caregiverChanged: false } },
    docs: [doc('tekun.care.04')],
    expect: {
      'tekun.17': '缺件',
      'tekun.18': '缺件',
      'tekun.care.01': '缺件',
      'tekun.care.02': '待确认', // reviewed false, selfCareChanged unknown
      'tekun.care.03': '不适用',
      'tekun.care.04': '齐全',
    },
  },
  {
    title: '特困 集中供养',
    caseInput: { assistanceType: '特困', careMode: '集中供养' },
    docs: [],
    expect: { 'tekun.17': '不适用', 'tekun.19': '不适用', 'tekun.care.01': '不适用', 'tekun.care.05': '不适用' },
  },
  {
    title: '临时救助',
    caseInput: { assistanceType: '临时救助', facts: { accidentOrEmergency: false } },
    docs: [doc('linshi.01'), doc('linshi.09')],
    expect: {
      'linshi.01': '齐全',
      'linshi.14': '缺件',
      'linshi.16': '待确认', // amount unknown
      'linshi.09': '齐全', // not needed but filed
      'linshi.17': '不适用',
    },
  },
  {
    title: '临时救助 over 3000 without the 请示',
    caseInput: { assistanceType: '临时救助', facts: { amountOver3000: true, accidentOrEmergency: false } },
    docs: [],
    expect: { 'linshi.16': '缺件', 'linshi.09': '不适用' },
  },
  {
    title: '刚性支出',
    caseInput: { assistanceType: '刚性支出' },
    household: { hasStudents: false },
    docs: [doc('gangxing.08')],
    expect: { 'gangxing.08': '齐全', 'gangxing.09': '缺件', 'gangxing.13': '待确认', 'gangxing.14': '不适用' },
  },
];

describe('evaluateCase item statuses', () => {
  it.each(ROWS)('$title', (row) => {
    const result = evaluateCase(pack, row.caseInput, row.docs, row.household ?? {});
    const byCode = Object.fromEntries(result.items.map((i) => [i.code, i.status]));
    for (const [code, status] of Object.entries(row.expect)) expect([code, byCode[code]]).toEqual([code, status]);
  });
});

describe('evaluateCase case status', () => {
  it.each(['低保', '特困', '临时救助', '刚性支出'] as const)('%s: 齐全 when every needed item is on file', (type) => {
    const result = evaluateCase(pack, { assistanceType: type, facts: allFalse }, requiredDocs(type));
    expect(result.status).toBe('齐全');
    expect(result.missing).toEqual([]);
    expect(result.unconfirmed).toEqual([]);
  });

  it('待确认 when something awaits confirmation, 缺件 wins over it', () => {
    const docs = requiredDocs('低保').map((d) => (d.itemCode === 'dibao.04' ? { ...d, confirmed: false } : d));
    const pending = evaluateCase(pack, { assistanceType: '低保', facts: allFalse }, docs);
    expect(pending.status).toBe('待确认');
    expect(pending.unconfirmed).toEqual(['最低生活保障申请家庭经济状况诚信承诺书']);

    const missing = evaluateCase(pack, { assistanceType: '低保', facts: allFalse }, docs.slice(1));
    expect(missing.status).toBe('缺件');
    expect(missing.missing).toEqual(['铁岭市居民最低生活保障审核确认表']);
  });

  it('names missing items officially, in checklist order', () => {
    const result = evaluateCase(pack, { assistanceType: '临时救助', facts: allFalse }, []);
    expect(result.missing.slice(0, 3)).toEqual([
      '开原市申请临时救助审核确认表',
      '临时救助申请(个人家庭经济状况事项申报承诺)书',
      '临时救助家庭经济状况核查委托授权书',
    ]);
  });

  it('collects evidence from every document of an item', () => {
    const docs = [doc('dibao.03', true, 'a'), { ...doc('dibao.03', false, 'b'), pages: [7] }];
    const item = evaluateCase(pack, { assistanceType: '低保' }, docs).items.find((i) => i.code === 'dibao.03');
    expect(item?.status).toBe('齐全');
    expect(item?.evidence).toEqual([
      { documentId: 'a', pages: [1, 2], confirmed: true },
      { documentId: 'b', pages: [7], confirmed: false },
    ]);
  });

  it('explains unknown conditions with the fact label', () => {
    const item = evaluateCase(pack, { assistanceType: '低保' }, []).items.find((i) => i.code === 'dibao.13');
    expect(item?.needed).toBeNull();
    expect(item?.reason).toContain('有在校学生');
  });

  it('lets case facts win over household facts', () => {
    const result = evaluateCase(pack, { assistanceType: '低保', facts: { married: false } }, [], { married: true });
    expect(result.items.find((i) => i.code === 'dibao.10')?.status).toBe('不适用');
  });

  it('reports documents filed under codes this case does not use', () => {
    const result = evaluateCase(pack, { assistanceType: '特困' }, [
      doc('dibao.01', true, 'x'),
      doc('nonsense', true, 'y'),
    ]);
    expect(result.unmatchedDocuments).toEqual(['x', 'y']);
  });

  it('refuses an assistance type the pack has no list for', () => {
    const checklists = { ...pack.checklists };
    delete checklists.刚性支出;
    expect(() => evaluateCase({ ...pack, checklists }, { assistanceType: '刚性支出' }, [])).toThrow(
      '没有“刚性支出”的要件清单',
    );
  });
});

interface WaitingRow {
  title: string;
  facts: Facts;
  docs: CaseDocument[];
  waiting: string[];
  /** Item code → status and reason. */
  expect: Record<string, [ItemStatus, string]>;
  status: '齐全' | '缺件' | '待确认';
  missing: string[];
  waitingNames: string[];
}

const NAME = Object.fromEntries((pack.checklists.低保 ?? []).map((i) => [i.code, i.name]));
const allButOne = (code: string) => requiredDocs('低保').filter((d) => d.itemCode !== code);

/** An item a page in the review inbox could be is 待确认 (有待审页面), never 缺件; pages decide nothing else. */
const WAITING_ROWS: WaitingRow[] = [
  {
    title: 'the only missing item waits: 待确认, nothing missing',
    facts: allFalse,
    docs: allButOne('dibao.08'),
    waiting: ['dibao.08'],
    expect: { 'dibao.08': ['待确认', '有待审页面'] },
    status: '待确认',
    missing: [],
    waitingNames: [NAME['dibao.08'] as string],
  },
  {
    title: 'a page waiting for another item leaves the missing one missing',
    facts: allFalse,
    docs: allButOne('dibao.08'),
    waiting: ['dibao.09'],
    expect: { 'dibao.08': ['缺件', '必备材料未归档'], 'dibao.09': ['齐全', '已归档'] },
    status: '缺件',
    missing: [NAME['dibao.08'] as string],
    waitingNames: [],
  },
  {
    title: 'several candidates of one page: each is 待确认, other missing items stay 缺件',
    facts: allFalse,
    docs: [],
    waiting: ['dibao.01', 'dibao.02'],
    expect: { 'dibao.01': ['待确认', '有待审页面'], 'dibao.02': ['待确认', '有待审页面'], 'dibao.03': ['缺件', '必备材料未归档'] },
    status: '缺件',
    missing: requiredDocs('低保').map((d) => NAME[d.itemCode] as string).filter((n) => n !== NAME['dibao.01'] && n !== NAME['dibao.02']),
    waitingNames: [NAME['dibao.01'] as string, NAME['dibao.02'] as string],
  },
  {
    title: 'filed and confirmed wins over a waiting page',
    facts: allFalse,
    docs: requiredDocs('低保'),
    waiting: ['dibao.01'],
    expect: { 'dibao.01': ['齐全', '已归档'] },
    status: '齐全',
    missing: [],
    waitingNames: [],
  },
  {
    title: 'an unaccepted filed document keeps its own reason',
    facts: allFalse,
    docs: requiredDocs('低保').map((d) => (d.itemCode === 'dibao.04' ? { ...d, confirmed: false } : d)),
    waiting: ['dibao.04'],
    expect: { 'dibao.04': ['待确认', '已有文件，但分类尚未确认'] },
    status: '待确认',
    missing: [],
    waitingNames: [],
  },
  {
    title: 'a not-needed item stays 不适用 whatever waits',
    facts: allFalse,
    docs: requiredDocs('低保'),
    waiting: ['dibao.13', 'dibao.21'],
    expect: { 'dibao.13': ['不适用', '不满足条件“有在校学生”，无需提供'], 'dibao.21': ['不适用', '非必备材料，未提供'] },
    status: '齐全',
    missing: [],
    waitingNames: [],
  },
  {
    title: 'an item of unknown need is 待确认 already; the reason names the waiting page too',
    facts: { ...allFalse, hasStudents: null } as Facts,
    docs: requiredDocs('低保'),
    waiting: ['dibao.13'],
    expect: { 'dibao.13': ['待确认', '有待审页面；尚不清楚是否“有在校学生”，无法判断是否需要此材料，请补充家庭情况'] },
    status: '待确认',
    missing: [],
    waitingNames: [],
  },
  {
    title: 'codes of no list this case uses change nothing',
    facts: allFalse,
    docs: allButOne('dibao.08'),
    waiting: ['tekun.01', 'nonsense'],
    expect: { 'dibao.08': ['缺件', '必备材料未归档'] },
    status: '缺件',
    missing: [NAME['dibao.08'] as string],
    waitingNames: [],
  },
];

describe('evaluateCase with pages waiting in the review inbox', () => {
  it.each(WAITING_ROWS)('$title', (row) => {
    const result = evaluateCase(pack, { assistanceType: '低保', facts: row.facts }, row.docs, {}, row.waiting);
    const byCode = Object.fromEntries(result.items.map((i) => [i.code, [i.status, i.reason]]));
    for (const [code, expected] of Object.entries(row.expect)) expect([code, byCode[code]]).toEqual([code, expected]);
    expect(result.status).toBe(row.status);
    expect(result.missing).toEqual(row.missing);
    expect(result.waiting).toEqual(row.waitingNames);
    // Every waiting item is reported 待确认, so `unconfirmed` always holds it.
    for (const name of row.waitingNames) expect(result.unconfirmed).toContain(name);
    for (const name of result.missing) expect(result.unconfirmed).not.toContain(name);
  });

  it('shares a household\'s waiting items with every case that has the item', () => {
    const result = evaluateHousehold(pack, {
      facts: allFalse,
      waitingItems: ['dibao.08'],
      cases: [
        { case: { id: 'c1', assistanceType: '低保' }, documents: allButOne('dibao.08') },
        { case: { id: 'c2', assistanceType: '临时救助' }, documents: requiredDocs('临时救助') },
      ],
    });
    expect(result.cases.map((c) => [c.caseId, c.status, c.waiting])).toEqual([
      ['c1', '待确认', [NAME['dibao.08']]],
      ['c2', '齐全', []],
    ]);
    expect(result.status).toBe('待确认');
  });
});

describe('evaluateHousehold', () => {
  it('takes the worst case status and shares household facts', () => {
    const result = evaluateHousehold(pack, {
      facts: allFalse,
      cases: [
        { case: { id: 'c1', assistanceType: '低保' }, documents: requiredDocs('低保') },
        { case: { id: 'c2', assistanceType: '临时救助' }, documents: [] },
      ],
    });
    expect(result.cases.map((c) => [c.caseId, c.status])).toEqual([
      ['c1', '齐全'],
      ['c2', '缺件'],
    ]);
    expect(result.status).toBe('缺件');
  });

  it('is null without cases', () => {
    expect(evaluateHousehold(pack, { cases: [] }).status).toBeNull();
  });
});
