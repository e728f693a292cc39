import { describe, expect, it } from 'vitest';
import { beijingDate } from './beijingDate';
import { pageRefusal, type PageDestination, type PagePlace } from './pageOwnership';
import { exitDateProblem } from './retention';

/** The one ownership rule and the exit-date rule, case by case. */

const live = (householdId: number | null, waiting = false): PagePlace => ({ id: 7, householdId, waiting, exitId: null, held: false });
const exited = (held: boolean): PagePlace => ({ id: 7, householdId: 3, waiting: false, exitId: 30, held });
const liveFile = (householdId: number): PageDestination => ({ kind: 'file', householdId, exitId: null, held: false });

describe('pageRefusal', () => {
  it('files inbox pages anywhere, and a household’s own pages within it', () => {
    expect(pageRefusal(live(null, true), { to: liveFile(1) })).toBeNull();
    expect(pageRefusal(live(1), { to: liveFile(1) })).toBeNull();
    // A waiting page's household is only a suggestion: the inbox's decision may differ.
    expect(pageRefusal(live(2, true), { to: liveFile(1) })).toBeNull();
  });

  it('moves a filed page to another household only when the call names where it is', () => {
    expect(pageRefusal(live(2), { to: liveFile(1) })).toMatch('已归入另一户的档案');
    expect(pageRefusal(live(2), { from: 2, to: liveFile(1) })).toBeNull();
  });

  it('keeps an exited file closed: its pages move only in a call about it, none comes in, none leaves a held one', () => {
    expect(pageRefusal(exited(false), { to: liveFile(1) })).toMatch('属于已整户退出的档案');
    expect(pageRefusal(exited(false), { from: 3, to: liveFile(1) })).toBeNull();
    expect(pageRefusal(exited(false), { to: { kind: 'inbox' } })).toMatch('属于已整户退出的档案');
    expect(pageRefusal(exited(true), { from: 3, to: liveFile(1) })).toMatch('法律保全（冻结）中，页面不能移出该档案');
    expect(pageRefusal(exited(true), { from: 3, to: { kind: 'inbox' } })).toMatch('不能退回收件箱');
    expect(pageRefusal(exited(true), { from: 3, to: { kind: 'reshape', householdId: 3 } })).toMatch('不能拆分或合并');
    // Within its own exited file a correction stands, held or not.
    expect(pageRefusal(exited(true), { to: { kind: 'file', householdId: 3, exitId: 30, held: true } })).toBeNull();
    expect(pageRefusal(live(1), { from: 1, to: { kind: 'file', householdId: 3, exitId: 30, held: false } })).toMatch('不能把其他档案的页面归入其退出档案');
    expect(pageRefusal(exited(false), { from: 3, to: { kind: 'file', householdId: 3, exitId: 31, held: false } })).toMatch('不能把其他档案的页面归入其退出档案');
  });

  it('takes into an exit’s notice only the household’s own live pages and inbox pages with no household', () => {
    const notice: PageDestination = { kind: 'exitNotice', householdId: 1 };
    expect(pageRefusal(live(1), { to: notice })).toBeNull();
    expect(pageRefusal(live(null, true), { to: notice })).toBeNull();
    expect(pageRefusal(live(2), { to: notice })).toMatch('不能作为本户的停止救助通知书');
    expect(pageRefusal(live(2, true), { to: notice })).toMatch('不能作为本户的停止救助通知书');
    expect(pageRefusal({ ...exited(false), householdId: 1 }, { to: notice })).toMatch('属于已整户退出的档案');
  });
});

describe('exit dates', () => {
  it('goes by the Beijing calendar', () => {
    expect(beijingDate(new Date('2026-06-01T15:59:59Z'))).toBe('2026-06-01');
    expect(beijingDate(new Date('2026-06-01T16:00:00Z'))).toBe('2026-06-02');
    expect(beijingDate(new Date('2026-12-31T17:00:00Z'))).toBe('2027-01-01');
  });

  it('refuses dates that are not real, in the future, before a floor, or already past retention', () => {
    const today = '2026-06-01';
    expect(exitDateProblem('2026-02-30', today, [])).toMatch('不是有效日期');
    expect(exitDateProblem('2026-06-02', today, [])).toMatch('晚于今天（2026-06-01）');
    expect(exitDateProblem('2026-06-01', today, [])).toBeNull();
    const floors = [
      { date: '2019-03-01', what: '最早的记录（低保案卷的申请日期）' },
      { date: '2024-05-20', what: '上一次整户退出的日期' },
    ];
    expect(exitDateProblem('2018-01-01', today, floors)).toMatch('早于该户上一次整户退出的日期（2024-05-20）');
    expect(exitDateProblem('2024-05-20', today, floors)).toBeNull();
    expect(exitDateProblem('1980-01-01', today, [])).toMatch('登记时就已期满（2010-12-31）');
    expect(exitDateProblem('1996-01-01', today, [])).toBeNull();
    expect(exitDateProblem('1996-01-01', today, [], { years: 10, start: 'exitDate' })).toMatch('按保管期限 10 年');
  });
});
