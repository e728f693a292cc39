import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Role } from '../roles';
import type { ArchiveCheckOutcome, ArchiveCheckResult } from './archiveChecks';
import { judgeArchiveChecks, runArchiveChecks, settleArchiveChecks } from './archiveChecks';
import { archiveCheckViews, combinedState, recordRefusal, type ArchiveCheckRecord, type ArchiveCheckState, type RecordedState } from './archiveCheckState';
import type { CaseInput } from './caseTypes';
import { parsePack } from './packSchema';

const pack = parsePack(JSON.parse(readFileSync(new URL('../../../resources/checklists/kaiyuan-tieling-2025.json', import.meta.url), 'utf8')));

const record = (point: number, state: RecordedState, role: Role, at: string, note: string | null = null): ArchiveCheckRecord => ({
  point,
  state,
  note,
  recordedBy: role === '检查员' ? '李检查' : '张经办',
  role,
  recordedAt: at,
});

describe('combinedState: a problem on either side is a problem', () => {
  const cases: [ArchiveCheckState, RecordedState | null, ArchiveCheckState][] = [
    ['ok', null, 'ok'],
    ['problem', null, 'problem'],
    ['unchecked', null, 'unchecked'],
    ['unchecked', 'ok', 'ok'],
    ['unchecked', 'problem', 'problem'],
    ['ok', 'problem', 'problem'],
    ['problem', 'ok', 'problem'],
    ['ok', 'ok', 'ok'],
  ];
  it.each(cases)('computed %s + recorded %s → %s', (computed, recorded, want) => {
    expect(combinedState(computed, recorded)).toBe(want);
  });
});

describe('archiveCheckViews', () => {
  const outcome = (no: number, mode: 'automated' | 'manual', result: ArchiveCheckResult): ArchiveCheckOutcome => ({ no, name: `第${no}项`, mode, result, detail: '引擎说明' });
  const cases: [string, ArchiveCheckOutcome, ArchiveCheckRecord[], ArchiveCheckState, RegExp][] = [
    ['通过 → ok', outcome(2, 'automated', '通过'), [], 'ok', /^引擎说明$/],
    ['不通过 → problem', outcome(3, 'automated', '不通过'), [], 'problem', /^引擎说明$/],
    ['待确认 → unchecked', outcome(16, 'automated', '待确认'), [], 'unchecked', /^引擎说明$/],
    ['人工检查 unrecorded → unchecked', outcome(4, 'manual', '人工检查'), [], 'unchecked', /^引擎说明$/],
    ['manual recorded ok', outcome(4, 'manual', '人工检查'), [record(4, 'ok', '经办人', '2026-12-01T02:00:00Z', '公示在村务公开栏')], 'ok', /^经办人 张经办 2026-12-01 记录：合格——公示在村务公开栏$/],
    ['the latest record wins', outcome(7, 'manual', '人工检查'), [record(7, 'problem', '检查员', '2026-12-02T02:00:00Z'), record(7, 'ok', '检查员', '2026-12-03T02:00:00Z')], 'ok', /2026-12-03 记录：合格/],
    ['a record never hides a computed failure', outcome(3, 'automated', '不通过'), [record(3, 'ok', '经办人', '2026-12-01T02:00:00Z')], 'problem', /^引擎说明；经办人 张经办 2026-12-01 记录：合格$/],
    ['an inspector finding on a computed pass', outcome(2, 'automated', '通过'), [record(2, 'problem', '检查员', '2026-12-01T17:00:00Z', '基础信息缺家庭住址')], 'problem', /2026-12-02 记录：有问题——基础信息缺家庭住址/],
  ];
  it.each(cases)('%s', (_name, o, records, state, detail) => {
    const [view] = archiveCheckViews(pack, [o], records);
    expect(view?.state).toBe(state);
    expect(view?.detail).toMatch(detail);
    expect(view?.code).toBe(`附件7-${o.no}`);
    expect(view?.history).toHaveLength(records.length);
  });

  it('keeps the history newest first', () => {
    const [view] = archiveCheckViews(pack, [outcome(5, 'manual', '人工检查')], [record(5, 'problem', '检查员', '2026-12-01T00:00:00Z'), record(5, 'problem', '经办人', '2026-12-04T00:00:00Z', '已补签')]);
    expect(view?.history.map((r) => r.role)).toEqual(['经办人', '检查员']);
    expect(view?.recorded?.note).toBe('已补签');
  });
});

describe('recordRefusal: an inspector’s finding is cleared by an inspector', () => {
  const finding = record(6, 'problem', '检查员', '2026-12-01T00:00:00Z');
  const clerkNote = record(6, 'problem', '经办人', '2026-12-01T00:00:00Z');
  const cases: [Role, ArchiveCheckRecord | null, RecordedState, boolean][] = [
    ['经办人', null, 'ok', true],
    ['经办人', null, 'problem', true],
    ['检查员', null, 'problem', true],
    ['经办人', finding, 'ok', false],
    ['管理员', finding, 'ok', false],
    ['经办人', finding, 'problem', true],
    ['检查员', finding, 'ok', true],
    ['经办人', clerkNote, 'ok', true],
    ['区级', null, 'ok', false],
  ];
  it.each(cases)('%s over %o recording %s → allowed %s', (role, latest, state, allowed) => {
    expect(recordRefusal(role, latest, state) === null).toBe(allowed);
  });
});

describe('settleArchiveChecks: remembered outcomes finished on the day', () => {
  const kase: CaseInput = { assistanceType: '低保', dates: { appliedOn: '2025-03-01', acceptedOn: '2025-03-03', investigatedOn: '2025-03-10', publicityStart: '2025-03-11', publicityEnd: '2025-03-17', confirmedOn: '2025-03-20' } };
  const pending = judgeArchiveChecks(pack, { case: kase, documents: [] });
  const cases: [string, string, string | null, string, RegExp][] = [
    ['before the review is due', '2026-03-20', null, '不通过', /下次复核应于 2026-03-20 前完成/],
    ['the day after it is due', '2026-03-21', null, '不通过', /复核已逾期/],
    ['closed: no review due', '2026-06-01', '2026-01-01', '不通过', /^(?!.*复核已逾期)/],
  ];
  it.each(cases)('%s', (_name, today, closedOn, _result, detail) => {
    const point13 = settleArchiveChecks(pending, today, closedOn).find((o) => o.no === 13);
    expect(point13?.detail).toMatch(detail);
    // The same answer runArchiveChecks gives in one step.
    expect(point13).toEqual(runArchiveChecks(pack, { case: { ...kase, closedOn }, documents: [], today }).find((o) => o.no === 13));
  });
});
