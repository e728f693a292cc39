import { describe, expect, it } from 'vitest';
import type { CaseChecklist, ChecklistItemView } from '../../../../main/api/contract';
import { rankCandidates, titleSimilarity } from './candidates';

const item = (code: string, no: number, name: string, status: ChecklistItemView['status']): ChecklistItemView => ({
  list: '低保',
  code,
  no,
  name,
  status,
  reason: '',
  evidence: [],
});

const dibao: CaseChecklist = {
  caseId: 1,
  assistance: '低保',
  pack: 'p',
  status: '缺件',
  items: [
    item('dibao.01', 1, '铁岭市居民最低生活保障审核确认表', '缺件'),
    item('dibao.02', 2, '最低生活保障待遇申请书', '齐全'),
    item('dibao.03', 3, '申请家庭户口簿、身份证复印件', '缺件'),
    item('dibao.09', 9, '民主评议记录', '不适用'),
  ],
  timeline: [],
  nextReview: null,
  reviewDetail: null,
};

describe('inbox candidates', () => {
  it('puts the suggestion first and items that do not apply last', () => {
    const codes = rankCandidates([dibao], 'dibao.03', null).map((c) => c.code);
    expect(codes).toEqual(['dibao.03', 'dibao.01', 'dibao.02', 'dibao.09']);
  });

  it('prefers items whose names share words with the page title', () => {
    const codes = rankCandidates([dibao], null, '居民户口簿').map((c) => c.code);
    expect(codes[0]).toBe('dibao.03');
  });

  it('missing items come before complete ones, in official order', () => {
    const codes = rankCandidates([dibao], null, null).map((c) => c.code);
    expect(codes).toEqual(['dibao.01', 'dibao.03', 'dibao.02', 'dibao.09']);
  });

  it('measures title similarity on CJK bigrams', () => {
    expect(titleSimilarity('最低生活保障待遇申请书', '最低生活保障待遇申请书')).toBe(1);
    expect(titleSimilarity('', '申请书')).toBe(0);
  });
});
