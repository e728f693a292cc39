import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Role } from '../roles';
import { runArchiveChecks, type ArchiveCheckInput } from './archiveChecks';
import { archiveCheckLabel, archiveCheckViews, type ArchiveCheckRecord, type ArchiveCheckView } from './archiveCheckState';
import type { CaseDocument, CaseInput, Facts } from './caseTypes';
import { parsePack } from './packSchema';

/**
 * Each of the sixteen 附件7 points of the built-in pack, one row each: an
 * automated point with a file that passes and one that fails (and why), a
 * manual point unchecked, then recorded 合格, then recorded 有问题, as the
 * 户档 view, `checks` and `check --json` show it.
 */

const pack = parsePack(JSON.parse(readFileSync(new URL('../../../resources/checklists/kaiyuan-tieling-2025.json', import.meta.url), 'utf8')));
const allFalse: Facts = Object.fromEntries(Object.keys(pack.facts).map((k) => [k, false]));
const filed = (codes: string[]): CaseDocument[] => codes.map((code) => ({ id: code, itemCode: code, pages: [1], confirmed: true }));
const required = (pack.checklists.低保 ?? []).filter((i) => i.rule.kind === 'required').map((i) => i.code);
const dates = { appliedOn: '2025-03-01', acceptedOn: '2025-03-03', investigatedOn: '2025-03-10', publicityStart: '2025-03-11', publicityEnd: '2025-03-17', confirmedOn: '2025-03-20' };

/** A clean 低保 file: every required item filed, every fact known and false, dates in order and in time. */
const clean: ArchiveCheckInput = { case: { assistanceType: '低保', dates }, documents: filed(required), householdFacts: allFalse, today: '2025-11-01' };
const withCase = (c: Partial<CaseInput>, rest: Partial<ArchiveCheckInput> = {}): ArchiveCheckInput => ({ ...clean, ...rest, case: { ...clean.case, ...c } });

interface Automated {
  no: number;
  pass: ArchiveCheckInput;
  fail: ArchiveCheckInput;
  /** What the failing file's detail says. */
  why: RegExp;
  /** Other points the same fault fails too. */
  alsoFails?: number[];
}

const AUTOMATED: Automated[] = [
  { no: 2, pass: clean, fail: { ...clean, documents: filed(required.filter((c) => c !== 'dibao.09')) }, why: /缺件：居民家庭经济状况核对报告/ },
  { no: 3, pass: clean, fail: withCase({ dates: { ...dates, investigatedOn: '2025-03-12' } }), why: /先后顺序颠倒/ },
  // The yearly 动态复核 is due a year after confirmation; a day past it the point fails.
  { no: 13, pass: clean, fail: { ...clean, today: '2026-03-21' }, why: /复核已逾期/ },
  { no: 15, pass: clean, fail: withCase({ facts: { caseByCaseDecision: true } }), why: /乡镇\(街道\)“一事一议”相关材料：缺件/, alsoFails: [2] },
  {
    no: 16,
    pass: clean,
    // Still in order, but the investigation came more than 15 working days after acceptance.
    fail: withCase({ dates: { ...dates, investigatedOn: '2025-04-30', publicityStart: '2025-05-06', publicityEnd: '2025-05-12', confirmedOn: '2025-05-15' } }),
    why: /已超过时限/,
  },
];

const MANUAL = [1, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14];

const point = (input: ArchiveCheckInput, no: number, records: ArchiveCheckRecord[] = []): ArchiveCheckView => {
  const view = archiveCheckViews(pack, runArchiveChecks(pack, input), records).find((v) => v.no === no);
  if (!view) throw new Error(`no point ${no}`);
  return view;
};
const record = (no: number, state: 'ok' | 'problem', role: Role, note: string | null): ArchiveCheckRecord => ({
  point: no,
  state,
  note,
  recordedBy: role === '检查员' ? '李检查' : '张经办',
  role,
  recordedAt: '2026-12-05T01:30:00.000Z',
});

describe('the table covers every point of the built-in 附件7', () => {
  it('sixteen points: five the data decides, eleven a person records', () => {
    const items = pack.archiveChecks?.items ?? [];
    expect(items.map((c) => c.no)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    expect(items.filter((c) => c.mode === 'automated').map((c) => c.no)).toEqual(AUTOMATED.map((r) => r.no));
    expect(items.filter((c) => c.mode === 'manual').map((c) => c.no)).toEqual(MANUAL);
  });
});

describe.each(AUTOMATED)('附件7 第 $no 项 (computed)', ({ no, pass, fail, why, alsoFails = [] }) => {
  const name = pack.archiveChecks?.items.find((c) => c.no === no)?.name;

  it('passes a file that meets it', () => {
    const view = point(pass, no);
    expect(view).toMatchObject({ code: `附件7-${no}`, name, mode: 'automated', state: 'ok', recorded: null });
    expect(archiveCheckLabel(view)).toBe('通过');
  });

  it('fails a file that does not, saying why', () => {
    const view = point(fail, no);
    expect(view.state).toBe('problem');
    expect(view.detail).toMatch(why);
    expect(archiveCheckLabel(view)).toBe('有问题');
  });

  it('fails no other computed point of the clean file (but the ones the same fault breaks)', () => {
    const failing = (input: ArchiveCheckInput) => archiveCheckViews(pack, runArchiveChecks(pack, input), []).filter((v) => v.state === 'problem').map((v) => v.no);
    expect(failing(pass)).toEqual([]);
    // A missing 一事一议 material (15) is a missing item of the file (2) as well.
    expect(failing(fail)).toEqual([no, ...alsoFails].sort((a, b) => a - b));
  });
});

describe.each(MANUAL.map((no) => ({ no })))('附件7 第 $no 项 (recorded by a person)', ({ no }) => {
  const name = pack.archiveChecks?.items.find((c) => c.no === no)?.name;

  it('is 未检查 until someone records it', () => {
    const view = point(clean, no);
    expect(view).toMatchObject({ code: `附件7-${no}`, name, mode: 'manual', state: 'unchecked', recorded: null, history: [] });
    expect(archiveCheckLabel(view)).toBe('未检查');
  });

  it('is 通过 once recorded 合格, naming who and when', () => {
    const view = point(clean, no, [record(no, 'ok', '经办人', null)]);
    expect(view.state).toBe('ok');
    expect(view.detail).toBe('经办人 张经办 2026-12-05 记录：合格');
    expect(archiveCheckLabel(view)).toBe('通过');
  });

  it('is 有问题 once recorded so, with the note, the earlier record kept as history', () => {
    const view = point(clean, no, [record(no, 'ok', '经办人', null), { ...record(no, 'problem', '检查员', '签字不全'), recordedAt: '2026-12-05T02:00:00.000Z' }]);
    expect(view.state).toBe('problem');
    expect(view.detail).toBe('检查员 李检查 2026-12-05 记录：有问题——签字不全');
    expect(view.history.map((r) => r.state)).toEqual(['problem', 'ok']);
    expect(archiveCheckLabel(view)).toBe('有问题');
  });
});
