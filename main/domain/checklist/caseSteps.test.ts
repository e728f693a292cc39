import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runArchiveChecks } from './archiveChecks';
import type { CaseDocument, CaseInput, Facts } from './caseTypes';
import { evaluateCase, type ItemStatus } from './completeness';
import { parsePack } from './packSchema';
import { reviewSchedule } from './review';
import { reviewRecordChecks } from './reviewRecords';
import { caseTimeline, checkTimeline, orderFields, settleTimeline, type TimelineCheck } from './timeline';

/** The case steps of issue 17: amount, 急难, 核对 date, objections and 民主评议, 不予确认, each review's records. */

const pack = parsePack(JSON.parse(readFileSync(new URL('../../../resources/checklists/kaiyuan-tieling-2025.json', import.meta.url), 'utf8')));

const itemStatus = (input: CaseInput, code: string, docs: CaseDocument[] = [], facts: Facts = {}) => {
  const item = evaluateCase(pack, input, docs, facts).items.find((i) => i.code === code);
  if (!item) throw new Error(`no item ${code}`);
  return item;
};
const doc = (itemCode: string, datedOn: string | null, confirmed = true): CaseDocument => ({ id: `${itemCode}@${datedOn}`, itemCode, pages: [1], confirmed, datedOn });
const find = (rows: TimelineCheck[], start: string) => rows.find((r) => r.check.startsWith(start));

describe('临时救助 amount decides 乡镇(街道)临时救助工作请示、报告(3000元以上) (linshi.16)', () => {
  const rows: [string, number | null, boolean | null, ItemStatus][] = [
    ['exactly 3000 (以上 includes 3000)', 3000, null, '缺件'],
    ['above 3000', 5200.5, null, '缺件'],
    ['just under 3000', 2999.99, null, '不适用'],
    ['nothing paid', 0, null, '不适用'],
    ['the amount wins over a ticked box', 2000, true, '不适用'],
    ['the amount wins over an unticked box', 3000, false, '缺件'],
    ['no amount: the ticked box as before', null, true, '缺件'],
    ['no amount: the unticked box as before', null, false, '不适用'],
    ['no amount, no box: 待确认 as before', null, null, '待确认'],
  ];
  it.each(rows)('%s', (_label, amount, stated, status) => {
    const result = itemStatus({ assistanceType: '临时救助', amount, facts: stated === null ? {} : { amountOver3000: stated } }, 'linshi.16');
    expect(result.status).toBe(status);
    if (amount !== null) expect(result.reason).toContain(`救助金额 ${amount} 元`);
  });
});

describe('急难型先行救助: confirmation first, the 补齐 within 15 working days of it', () => {
  // 2026-03-02 is a Monday; March 2026 has no holidays: the 15th working day after is 2026-03-23.
  const aided = { appliedOn: '2026-03-02', acceptedOn: '2026-03-02', confirmedOn: '2026-03-02' };
  const emergency = (dates: CaseInput['dates'], type: CaseInput['assistanceType'] = '临时救助'): CaseInput => ({ assistanceType: type, emergency: true, dates });
  const CATCH_UP = '急难型先行救助补齐';

  const rows: [string, CaseInput, string | undefined, boolean | null, string][] = [
    ['investigated in time', emergency({ ...aided, investigatedOn: '2026-03-20' }), undefined, true, '在时限内'],
    ['investigated on the last day', emergency({ ...aided, investigatedOn: '2026-03-23' }), undefined, true, '2026-03-23'],
    ['investigated late', emergency({ ...aided, investigatedOn: '2026-03-24' }), undefined, false, '已超过时限'],
    ['investigated before the aid: nothing to catch up', emergency({ ...aided, investigatedOn: '2026-03-02' }), undefined, true, '无需补齐'],
    ['not yet investigated, not yet due', emergency(aided), '2026-03-10', null, '应于该日前补齐'],
    ['not yet investigated on the due day', emergency(aided), '2026-03-23', null, '2026-03-23'],
    ['not investigated and past due', emergency(aided), '2026-03-24', false, '至今未登记调查核实日期'],
  ];
  it.each(rows)('%s', (_label, input, today, ok, detail) => {
    const timeline = checkTimeline(pack, input, today);
    expect(find(timeline, CATCH_UP)).toMatchObject({ ok, detail: expect.stringContaining(detail) });
    // Confirmation before investigation is the point of 急难: never 先后顺序颠倒, and the investigation is not 日期缺失.
    expect(timeline.filter((t) => t.kind === 'order' && t.ok === false)).toEqual([]);
    expect(timeline.filter((t) => t.kind === 'missing')).toEqual([]);
  });

  it('judged on no day (remembered answers), an open 补齐 keeps its day and settles on any later one', () => {
    const row = find(checkTimeline(pack, emergency(aided)), CATCH_UP);
    expect(row).toMatchObject({ ok: null, pending: { dueOn: '2026-03-23' } });
    expect(settleTimeline([row as TimelineCheck], '2026-03-23')[0]).toMatchObject({ ok: null });
    expect(settleTimeline([row as TimelineCheck], '2026-03-24')[0]).toMatchObject({ ok: false, detail: expect.stringContaining('已超过补齐时限') });
    expect(settleTimeline([row as TimelineCheck], '2026-03-24')[0]).not.toHaveProperty('pending');
  });

  it.each([
    ['an ordinary 临时救助', { assistanceType: '临时救助', dates: { ...aided, investigatedOn: '2026-03-10' } } as CaseInput],
    ['急难 ticked on a 低保 case (临时救助 only)', emergency({ ...aided, investigatedOn: '2026-03-10' }, '低保')],
  ])('%s confirmed before its investigation is still 先后顺序颠倒', (_label, input) => {
    const timeline = checkTimeline(pack, input, '2026-04-01');
    expect(timeline.find((t) => t.kind === 'order' && t.ok === false)?.detail).toContain('先后顺序颠倒');
    expect(find(timeline, CATCH_UP)).toBeUndefined();
  });

  it('an 急难 case in a year whose holidays are not imported is 待确认, never late, whatever the day', () => {
    const input = emergency({ appliedOn: '2099-03-02', acceptedOn: '2099-03-02', confirmedOn: '2099-03-02' });
    for (const today of ['2099-03-03', '2099-12-31']) {
      expect(find(checkTimeline(pack, input, today), CATCH_UP)).toMatchObject({ ok: null, detail: expect.stringContaining('2099年的法定节假日安排尚未导入') });
    }
    const done = checkTimeline(pack, { ...input, dates: { ...input.dates, investigatedOn: '2099-03-20' } }, '2099-12-31');
    expect(find(done, CATCH_UP)?.ok).toBeNull();
  });
});

describe('核对 date in 附件7 三 order: 受理、核对、审核(调查核实)、公示、确认', () => {
  it('goes after 受理 and before 调查核实 in the pack that does not place it', () => {
    expect(orderFields(pack, { assistanceType: '低保' })).toEqual(['appliedOn', 'acceptedOn', 'verifiedOn', 'investigatedOn', 'publicityStart', 'publicityEnd', 'confirmedOn']);
  });

  const base = { appliedOn: '2026-03-01', acceptedOn: '2026-03-02', investigatedOn: '2026-03-10' };
  const rows: [string, string | null, Record<string, boolean>][] = [
    ['in order', '2026-03-05', { '时间顺序：受理不晚于核对': true, '时间顺序：核对不晚于调查核实': true }],
    ['same day as 受理', '2026-03-02', { '时间顺序：受理不晚于核对': true }],
    ['before 受理', '2026-03-01', { '时间顺序：受理不晚于核对': false, '时间顺序：核对不晚于调查核实': true }],
    ['after the investigation', '2026-03-12', { '时间顺序：受理不晚于核对': true, '时间顺序：核对不晚于调查核实': false }],
  ];
  it.each(rows)('%s', (_label, verifiedOn, expected) => {
    const timeline = checkTimeline(pack, { assistanceType: '低保', dates: { ...base, verifiedOn } }, '2026-06-01');
    for (const [check, ok] of Object.entries(expected)) expect(timeline.find((t) => t.check === check)?.ok).toBe(ok);
  });

  it('a case without a 核对 date is judged as before (受理 then 调查核实), and not 日期缺失 for it', () => {
    const timeline = checkTimeline(pack, { assistanceType: '低保', dates: { ...base, publicityStart: '2026-03-11', publicityEnd: '2026-03-17', confirmedOn: '2026-03-20' } }, '2026-06-01');
    expect(timeline.find((t) => t.check === '时间顺序：受理不晚于调查核实')?.ok).toBe(true);
    expect(timeline.some((t) => t.check.includes('核对'))).toBe(false);
    expect(timeline.filter((t) => t.ok === false)).toEqual([]);
  });
});

describe('objections to the 公示 make 民主评议 mandatory (附件3 五): 最低生活保障申请人家庭经济状况民主评议会记录', () => {
  const rows: [string, boolean | null, boolean | null, boolean | null, boolean, ItemStatus, string][] = [
    // label, objections, deliberation held, stated fact, record filed, status, reason contains
    ['objections, 民主评议 not recorded', true, null, null, false, '缺件', '公示有异议，必须进行民主评议'],
    ['objections, recorded as not held: flagged', true, false, null, false, '缺件', '登记为未开展民主评议'],
    ['objections, held, record filed', true, true, null, true, '齐全', '已归档'],
    ['objections override an unticked box', true, null, false, false, '缺件', '公示有异议'],
    ['no objections, held', false, true, null, false, '缺件', '登记为已开展民主评议'],
    ['no objections, not held', false, false, null, false, '不适用', '登记为未开展民主评议'],
    ['no objections, nothing recorded: 待确认 as before', false, null, null, false, '待确认', '尚不清楚'],
    ['nothing recorded, ticked box: as before', null, null, true, false, '缺件', '必备材料未归档'],
  ];
  it.each(rows)('%s', (_label, objections, held, stated, filed, status, reason) => {
    const input: CaseInput = { assistanceType: '低保', publicityObjections: objections, deliberationHeld: held, facts: stated === null ? {} : { democraticReviewHeld: stated } };
    const item = itemStatus(input, 'dibao.15', filed ? [doc('dibao.15', '2026-03-15')] : []);
    expect(item.status).toBe(status);
    expect(item.reason).toContain(reason);
  });

  it.each([
    ['特困', 'tekun.15'],
    ['刚性支出', 'gangxing.19'],
  ] as const)('the same for %s (%s)', (type, code) => {
    expect(itemStatus({ assistanceType: type, publicityObjections: true }, code).status).toBe('缺件');
  });
});

describe('不予确认', () => {
  const decided = { appliedOn: '2026-03-01', acceptedOn: '2026-03-02', investigatedOn: '2026-03-10', confirmedOn: '2026-03-20' };
  const rows: [string, CaseInput['outcome'], boolean, string | null][] = [
    // label, outcome, 公示 dates required, next review
    ['确认: 公示 dates needed, reviewed a year on', '确认', true, '2027-03-20'],
    ['no outcome recorded: as before', null, true, '2027-03-20'],
    ['不予确认: never publicised, never reviewed', '不予确认', false, null],
  ];
  it.each(rows)('%s', (_label, outcome, publicityRequired, next) => {
    const input: CaseInput = { assistanceType: '低保', outcome, dates: decided };
    const missing = checkTimeline(pack, input, '2026-06-01').find((t) => t.kind === 'missing');
    expect(missing?.detail.includes('公示开始日期') ?? false).toBe(publicityRequired);
    expect(reviewSchedule(pack, input, {}, '2026-06-01')?.dueOn ?? null).toBe(next);
  });

  it("needs the pack's notice of the result (申请最低生活保障确认结果告知书); the pack has no separate 不予确认通知书", () => {
    expect(itemStatus({ assistanceType: '低保', outcome: '不予确认', dates: decided }, 'dibao.16').status).toBe('缺件');
    const names = Object.values(pack.checklists).flatMap((list) => (list ?? []).map((i) => i.name));
    expect(names.filter((n) => n.includes('不予'))).toEqual([]);
  });
});

describe('each review: the pack review record and a new 居民家庭经济状况核对报告 (天津通知(三))', () => {
  const reviewed = (type: CaseInput['assistanceType'], extra: Partial<CaseInput> = {}): CaseInput => ({
    assistanceType: type,
    dates: { confirmedOn: '2025-03-01', lastReviewOn: '2026-05-10' },
    ...extra,
  });
  const rows: [string, CaseInput, CaseDocument[], boolean | null | 'none', string][] = [
    ['nothing filed after the review', reviewed('低保'), [], false, '《最低生活保障对象动态管理记录》复核后未归档'],
    ['record filed, but the 核对报告 is the old one', reviewed('低保'), [doc('dibao.18', '2026-05-12'), doc('dibao.09', '2025-02-20')], false, '《居民家庭经济状况核对报告》复核后未归档'],
    ['both filed on the review day', reviewed('低保'), [doc('dibao.18', '2026-05-10'), doc('dibao.09', '2026-05-10')], true, '已归档（2026-05-10）'],
    ['both filed after it', reviewed('低保'), [doc('dibao.18', '2026-05-20'), doc('dibao.09', '2026-05-15')], true, '已归档'],
    ['the new 核对报告 not yet accepted', reviewed('低保'), [doc('dibao.18', '2026-05-20'), doc('dibao.09', '2026-05-15', false)], null, '分类尚未确认'],
    ['特困: the pack has no review record, the 核对报告 is asked for', reviewed('特困'), [], false, '《居民家庭经济状况核对报告》复核后未归档'],
    ['刚性支出 with its new 核对报告', reviewed('刚性支出'), [doc('gangxing.07', '2026-06-01')], true, '已归档'],
    ['临时救助 is not reviewed', reviewed('临时救助'), [], 'none', ''],
    ['不予确认 is not reviewed', reviewed('低保', { outcome: '不予确认' }), [], 'none', ''],
    ['before the first review', { assistanceType: '低保', dates: { confirmedOn: '2025-03-01' } }, [], 'none', ''],
  ];
  it.each(rows)('%s', (_label, input, docs, ok, detail) => {
    const rowsOut = reviewRecordChecks(pack, input, docs);
    if (ok === 'none') return expect(rowsOut).toEqual([]);
    expect(rowsOut).toHaveLength(1);
    expect(rowsOut[0]).toMatchObject({ kind: 'review', ok, detail: expect.stringContaining(detail) });
    // The case's timeline carries it.
    expect(caseTimeline(pack, input, docs, '2026-07-01').filter((t) => t.kind === 'review')).toEqual(rowsOut);
  });

  it.each([
    ['records of the review missing', [doc('dibao.18', '2025-06-01')], '不通过'],
    ['both filed after the review', [doc('dibao.18', '2026-05-20'), doc('dibao.09', '2026-05-15')], '通过'],
  ] as const)('附件7 第13项 (动态复核记录要件齐全) follows: %s', (_label, docs, result) => {
    const point = runArchiveChecks(pack, { case: reviewed('低保'), documents: [...docs], today: '2026-07-01' }).find((c) => c.no === 13);
    expect(point?.result).toBe(result);
  });

  it('names only the 核对报告 for 特困 (no 定期核查表 on its list)', () => {
    expect(reviewRecordChecks(pack, reviewed('特困'), [])[0]?.check).toBe('定期核查材料：每次复核后归档《居民家庭经济状况核对报告》');
  });
});

describe('a 2027 case, with no 2027 holidays imported, is never reported late', () => {
  const dates2027 = { appliedOn: '2027-03-01', acceptedOn: '2027-03-02', verifiedOn: '2027-03-04', publicityStart: '2027-05-10', publicityEnd: '2027-05-16', confirmedOn: '2027-05-20' };
  it.each([
    ['investigated a week after 受理', { ...dates2027, investigatedOn: '2027-03-09' }, false],
    ['investigated two months after 受理 (late in any calendar, but its days are unknown)', { ...dates2027, investigatedOn: '2027-05-06' }, false],
    ['an 急难 case aided on 受理, not yet investigated', { appliedOn: '2027-03-01', acceptedOn: '2027-03-02', confirmedOn: '2027-03-02' }, true],
  ] as const)('%s', (_label, dates, emergency) => {
    const input: CaseInput = { assistanceType: emergency ? '临时救助' : '低保', emergency, dates };
    const timeline = checkTimeline(pack, input, '2027-12-31');
    expect(timeline.filter((t) => t.ok === false)).toEqual([]);
    expect(timeline.filter((t) => t.ok === null).map((t) => t.detail).join()).toContain('2027年的法定节假日安排尚未导入');
  });
});
