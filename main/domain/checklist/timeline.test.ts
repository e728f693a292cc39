import { readFileSync } from 'node:fs';
import chineseDays from 'chinese-days';
import { describe, expect, it } from 'vitest';
import type { CaseDates } from './caseTypes';
import { parsePack } from './packSchema';
import { checkTimeline, statusWithTimeline, type TimelineCheck } from './timeline';
import { coveredYears, isWorkday, workCalendar, type HolidayDay, type WorkCalendar } from './workdays';

const pack = parsePack(
  JSON.parse(readFileSync(new URL('../../../resources/checklists/kaiyuan-tieling-2025.json', import.meta.url), 'utf8')),
);

const run = (dates: CaseDates, type: '低保' | '临时救助' = '低保') =>
  checkTimeline(pack, { assistanceType: type, dates });
const byKind = (checks: TimelineCheck[], kind: TimelineCheck['kind']) => checks.filter((c) => c.kind === kind);

describe('calendar facts this file relies on', () => {
  // Holiday-table days, straight from chinese-days (these lookups are time-zone safe).
  it.each([
    ['2025-09-28', true], // Sunday, 调休 working day before National Day
    ['2025-10-11', true], // Saturday, 调休 working day after National Day
    ['2025-10-01', false],
    ['2025-10-08', false],
  ])('chinese-days: %s work=%s', (date, work) => {
    expect(chineseDays.getDayDetail(date).work).toBe(work);
  });

  // Our wrapper also gets ordinary weekends right in every time zone.
  it.each([
    ['2025-09-27', false], // ordinary Saturday
    ['2025-09-28', true],
    ['2025-10-09', true],
    ['2025-10-12', false],
  ])('isWorkday(%s) = %s', (date, work) => {
    expect(isWorkday(date)).toBe(work);
  });
});

describe('order 申请 ≤ 受理 ≤ 调查 ≤ 公示开始 ≤ 公示结束 ≤ 确认', () => {
  const full: CaseDates = {
    appliedOn: '2025-03-01',
    acceptedOn: '2025-03-03',
    investigatedOn: '2025-03-10',
    publicityStart: '2025-03-11',
    publicityEnd: '2025-03-17',
    confirmedOn: '2025-03-20',
  };

  it('passes a clean file, including equal dates on the boundary', () => {
    const checks = run({ ...full, investigatedOn: '2025-03-03' });
    expect(byKind(checks, 'order')).toHaveLength(5);
    expect(checks.every((c) => c.ok)).toBe(true);
  });

  it.each([
    ['acceptedOn', '2025-02-28', '时间顺序：申请不晚于受理'],
    ['investigatedOn', '2025-03-02', '时间顺序：受理不晚于调查核实'],
    ['publicityStart', '2025-03-09', '时间顺序：调查核实不晚于公示开始'],
    ['confirmedOn', '2025-03-16', '时间顺序：公示结束不晚于确认'],
  ] as const)('fails when %s is one day too early', (field, value, check) => {
    const failed = byKind(run({ ...full, [field]: value }), 'order').filter((c) => !c.ok);
    expect(failed.map((c) => c.check)).toContain(check);
  });

  it('compares across a gap so a missing middle date hides nothing', () => {
    const checks = byKind(run({ acceptedOn: '2025-03-10', publicityStart: '2025-03-09' }), 'order');
    expect(checks).toEqual([expect.objectContaining({ check: '时间顺序：受理不晚于公示开始', ok: false })]);
    expect(checks[0]?.detail).toBe(
      '受理日期 2025-03-10（来源：案件登记）晚于公示开始日期 2025-03-09（来源：案件登记），先后顺序颠倒',
    );
  });

  it('names where each date came from', () => {
    const checks = checkTimeline(pack, {
      assistanceType: '低保',
      dates: { acceptedOn: '2025-03-03', investigatedOn: '2025-03-10' },
      dateSources: { acceptedOn: '受理通知单第1页' },
    });
    expect(checks[0]?.detail).toContain('受理日期 2025-03-03（来源：受理通知单第1页）');
    expect(checks[0]?.detail).toContain('调查核实日期 2025-03-10（来源：案件登记）');
  });
});

describe('日期缺失 only for confirmed cases', () => {
  it('reports missing dates of a confirmed 低保 case', () => {
    const [missing] = byKind(run({ acceptedOn: '2025-03-03', confirmedOn: '2025-03-30' }), 'missing');
    expect(missing).toMatchObject({ check: '日期缺失', ok: false });
    expect(missing?.detail).toContain('申请日期、调查核实日期、公示开始日期、公示结束日期');
  });

  it('stays quiet for an open case', () => {
    expect(byKind(run({ acceptedOn: '2025-03-03' }), 'missing')).toEqual([]);
  });

  it('does not ask a 临时救助 case for publicity dates', () => {
    const dates = {
      appliedOn: '2025-03-01',
      acceptedOn: '2025-03-01',
      investigatedOn: '2025-03-02',
      confirmedOn: '2025-03-03',
    };
    expect(byKind(run(dates, '临时救助'), 'missing')).toEqual([]);
    expect(byKind(run(dates, '低保'), 'missing')).toHaveLength(1);
  });
});

describe('公示期 ≥ 7 days, both ends counted', () => {
  it.each([
    ['2025-01-01', '2025-01-07', true, 7],
    ['2025-01-01', '2025-01-06', false, 6],
    ['2025-09-28', '2025-10-04', true, 7], // calendar days: holidays count
    ['2024-02-26', '2024-03-03', true, 7], // leap day inside
  ])('%s → %s ok=%s', (start, end, ok, days) => {
    const [check] = byKind(run({ publicityStart: start, publicityEnd: end }), 'publicity');
    expect(check?.ok).toBe(ok);
    expect(check?.check).toBe('公示期不少于7天');
    expect(check?.detail).toContain(`共 ${days} 天`);
  });

  it('leaves an inverted period to the order check', () => {
    const checks = run({ publicityStart: '2025-01-07', publicityEnd: '2025-01-01' });
    expect(byKind(checks, 'publicity')).toEqual([]);
    expect(byKind(checks, 'order')[0]?.ok).toBe(false);
  });
});

describe('调查核实 within 15 working days of 受理 (受理当日不计)', () => {
  it.each([
    // Plain weeks: 15th working day after Mon 2025-03-03 is Mon 2025-03-24.
    ['2025-03-03', '2025-03-24', true],
    ['2025-03-03', '2025-03-25', false],
    // 调休 Sunday 2025-09-28 counts as a working day: deadline Fri 10-10, not Sat 10-11.
    ['2025-09-12', '2025-10-10', true],
    ['2025-09-12', '2025-10-11', false],
    // National Day week 10-01..08 does not count; 调休 Saturday 10-11 does.
    ['2025-09-30', '2025-10-28', true],
    ['2025-09-30', '2025-10-29', false],
    ['2025-09-22', '2025-10-17', true],
    ['2025-09-22', '2025-10-20', false],
  ])('受理 %s, 调查 %s → ok=%s', (acceptedOn, investigatedOn, ok) => {
    const [check] = byKind(run({ acceptedOn, investigatedOn }), 'workingDays');
    expect(check?.check).toBe('调查核实时限：受理后15个工作日内');
    expect(check?.ok).toBe(ok);
    expect(check?.detail).toContain(`受理日期 ${acceptedOn}（来源：案件登记）`);
    expect(check?.detail).not.toContain('注意');
  });

  it('states the deadline and the working-day count', () => {
    const [check] = byKind(run({ acceptedOn: '2025-09-12', investigatedOn: '2025-10-11' }), 'workingDays');
    expect(check?.detail).toContain('后第 15 个工作日为 2025-10-10');
    expect(check?.detail).toContain('是受理后第 16 个工作日，已超过时限');
  });

});

/** A year neither chinese-days nor an imported table knows: never late, 待确认 with the reason; once imported, judged again. */
describe('working days in a year the calendar does not know', () => {
  const last = coveredYears().at(-1) ?? 2026;
  const unknown = last + 1;
  // A made-up notice for the first unknown year: 1 Jan off, 春节 Mon 8 – Fri 12 Feb off, Sat 13 Feb worked.
  const y = String(unknown);
  const table: HolidayDay[] = [
    { date: `${y}-01-01`, kind: '休' },
    ...[8, 9, 10, 11, 12].map((d) => ({ date: `${y}-02-${String(d).padStart(2, '0')}`, kind: '休' as const })),
    { date: `${y}-02-13`, kind: '班' },
  ];
  const imported = workCalendar(table);
  const timed = (acceptedOn: string, investigatedOn: string, calendar?: WorkCalendar) =>
    byKind(checkTimeline(pack, { assistanceType: '低保', dates: { acceptedOn, investigatedOn }, ...(calendar ? { calendar } : {}) }), 'workingDays')[0];

  it.each([
    // Inside the unknown year: in time or hopelessly late by plain counting, it is 待确认 all the same.
    [`${y}-03-01`, `${y}-03-05`],
    [`${y}-03-01`, `${y}-09-30`],
    // From the last known December into the unknown January.
    [`${last}-12-20`, `${y}-01-20`],
  ])('受理 %s, 调查 %s: 待确认, never late', (acceptedOn, investigatedOn) => {
    const check = timed(acceptedOn, investigatedOn);
    expect(check?.ok).toBeNull();
    expect(check?.detail).toMatch(new RegExp(`^待确认：${unknown}年的法定节假日安排尚未导入`));
    expect(check?.detail).not.toContain('已超过时限');
  });

  it('is decided by the known days alone where they suffice', () => {
    // Done within the known December: in time, wherever the deadline would fall.
    expect(timed(`${last}-12-24`, `${last}-12-30`)?.ok).toBe(true);
    // Already late before the unknown year begins.
    const late = timed(`${last}-11-02`, `${y}-01-10`);
    expect(late?.ok).toBe(false);
    expect(late?.detail).toContain('已超过时限');
  });

  it.each([
    // Plain weeks in March: the 15th working day after Mon 03-01 is Mon 03-22.
    [`${y}-03-01`, `${y}-03-22`, true],
    [`${y}-03-01`, `${y}-03-23`, false],
    // 春节 week 02-08..12 does not count, 调休 Saturday 02-13 does: from Fri 01-29 the 15th is Thu 02-25.
    [`${y}-01-29`, `${y}-02-25`, true],
    [`${y}-01-29`, `${y}-02-26`, false],
  ])('with the year imported, 受理 %s, 调查 %s → ok=%s', (acceptedOn, investigatedOn, ok) => {
    const check = timed(acceptedOn, investigatedOn, imported);
    expect(check?.ok).toBe(ok);
    expect(check?.detail).not.toContain('待确认');
  });

  it('makes a complete case 待确认, and only a complete one', () => {
    const pending = [{ ok: null }];
    expect(statusWithTimeline('齐全', pending)).toBe('待确认');
    expect(statusWithTimeline('缺件', pending)).toBe('缺件');
    expect(statusWithTimeline('齐全', [{ ok: false }])).toBe('齐全');
  });
});

describe('bad input', () => {
  it('reports an impossible date instead of guessing', () => {
    const checks = run({ acceptedOn: '2025-02-30', investigatedOn: '2025-03-10' });
    expect(byKind(checks, 'format')).toEqual([
      expect.objectContaining({ ok: false, detail: expect.stringContaining('受理日期“2025-02-30”不是有效日期') }),
    ]);
    expect(byKind(checks, 'workingDays')).toEqual([]);
  });

  it('returns nothing for a case without dates', () => {
    expect(run({})).toEqual([]);
  });
});
