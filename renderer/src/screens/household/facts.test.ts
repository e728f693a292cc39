import { describe, expect, it } from 'vitest';
import type { CaseChecklist, FactKeyView } from '../../../../main/api/contract';
import { factsHoldingItems, factState } from './facts';

const withReasons = (...items: [CaseChecklist['items'][number]['status'], string][]): CaseChecklist => ({
  caseId: 1,
  assistance: '低保',
  pack: 'p',
  status: '待确认',
  items: items.map(([status, reason], i) => ({ list: '低保', code: `x.${i}`, no: i + 1, name: `要件${i}`, status, reason, evidence: [] })),
  timeline: [],
  nextReview: null,
  reviewDetail: null,
});

const fact = (key: string, label: string, value: boolean | null): FactKeyView => ({ key, label, kind: 'stated', derivedFrom: null, value });

describe('the 家庭情况 panel’s facts', () => {
  it('names each stated value as the clerk chose it', () => {
    expect([true, false, null, undefined].map(factState)).toEqual(['是', '否', '不清楚', '不清楚']);
  });

  it('finds the unknown facts that keep an item 待确认, by their quoted label, labels with quotes of their own too', () => {
    const checklists = [
      withReasons(
        ['待确认', '尚不清楚是否“有在校学生”，无法判断是否需要此材料，请补充家庭情况'],
        ['待确认', '尚不清楚是否“经“一事一议”集体研究”，无法判断'],
        ['不适用', '不满足条件“有法定赡养、抚养、扶养义务人”，无需提供'],
      ),
    ];
    const facts = [
      fact('hasStudents', '有在校学生', null),
      fact('caseByCaseDecision', '经“一事一议”集体研究', null),
      fact('hasSupporters', '有法定赡养、抚养、扶养义务人', null),
      fact('married', '已婚或离异/有婚姻变动', true),
    ];
    expect([...factsHoldingItems(checklists, facts)]).toEqual(['hasStudents', 'caseByCaseDecision']);
  });
});
