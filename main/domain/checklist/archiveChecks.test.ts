import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runArchiveChecks, type ArchiveCheckOutcome } from './archiveChecks';
import type { CaseDocument, CaseInput, Facts } from './caseTypes';
import { parsePack } from './packSchema';

const pack = parsePack(
  JSON.parse(readFileSync(new URL('../../../resources/checklists/kaiyuan-tieling-2025.json', import.meta.url), 'utf8')),
);
const allFalse: Facts = Object.fromEntries(Object.keys(pack.facts).map((k) => [k, false]));
const requiredDocs: CaseDocument[] = (pack.checklists.低保 ?? [])
  .filter((i) => i.rule.kind === 'required')
  .map((i) => ({ id: i.code, itemCode: i.code, pages: [1], confirmed: true }));
const goodCase: CaseInput = {
  assistanceType: '低保',
  dates: {
    appliedOn: '2025-03-01',
    acceptedOn: '2025-03-03',
    investigatedOn: '2025-03-10',
    publicityStart: '2025-03-11',
    publicityEnd: '2025-03-17',
    confirmedOn: '2025-03-20',
  },
};

const results = (outcomes: ArchiveCheckOutcome[]) => Object.fromEntries(outcomes.map((o) => [o.no, o.result]));

describe('runArchiveChecks (附件7)', () => {
  it('passes every automated check of a clean file and leaves the rest to the inspector', () => {
    const out = runArchiveChecks(pack, {
      case: goodCase,
      documents: requiredDocs,
      householdFacts: allFalse,
      today: '2025-11-01',
    });
    expect(out).toHaveLength(16);
    expect(results(out)).toEqual({
      1: '人工检查',
      2: '通过',
      3: '通过',
      4: '人工检查',
      5: '人工检查',
      6: '人工检查',
      7: '人工检查',
      8: '人工检查',
      9: '人工检查',
      10: '人工检查',
      11: '人工检查',
      12: '人工检查',
      13: '通过',
      14: '人工检查',
      15: '通过',
      16: '通过',
    });
    expect(out.find((o) => o.no === 13)?.detail).toContain('下次复核应于 2026-03-20 前完成');
  });

  it('fails what is wrong and says why', () => {
    const broken: CaseInput = {
      assistanceType: '低保',
      facts: { caseByCaseDecision: true },
      dates: {
        ...goodCase.dates,
        investigatedOn: '2025-04-30',
        publicityStart: '2025-04-20',
        lastReviewOn: '2025-03-25',
      },
    };
    const out = runArchiveChecks(pack, {
      case: broken,
      documents: requiredDocs.slice(1),
      householdFacts: allFalse,
      today: '2026-04-01',
    });
    expect(results(out)).toMatchObject({ 2: '不通过', 3: '不通过', 13: '不通过', 15: '不通过', 16: '不通过' });
    const detail = (no: number) => out.find((o) => o.no === no)?.detail ?? '';
    expect(detail(2)).toContain('缺件：铁岭市居民最低生活保障审核确认表');
    expect(detail(3)).toContain('先后顺序颠倒');
    expect(detail(13)).toContain('复核已逾期');
    expect(detail(15)).toContain('乡镇(街道)“一事一议”相关材料：缺件');
    expect(detail(16)).toContain('已超过时限');
  });

  it('cannot decide without facts or dates', () => {
    const out = runArchiveChecks(pack, {
      case: { assistanceType: '低保' },
      documents: requiredDocs,
      today: '2025-11-01',
    });
    expect(results(out)).toMatchObject({ 2: '待确认', 3: '待确认', 15: '待确认', 16: '待确认' });
  });

  it('applies to 低保 only, as 附件7 does', () => {
    expect(runArchiveChecks(pack, { case: { assistanceType: '特困' }, documents: [], today: '2025-11-01' })).toEqual(
      [],
    );
  });
});
