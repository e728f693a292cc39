import { describe, expect, it } from 'vitest';
import type { CaseChecklist } from '../../../../main/api/contract';
import { factStatesFromReasons } from './facts';

const withReasons = (...reasons: string[]): CaseChecklist => ({
  caseId: 1,
  assistance: '低保',
  pack: 'p',
  status: '待确认',
  items: reasons.map((reason, i) => ({
    list: '低保',
    code: `x.${i}`,
    no: i + 1,
    name: `要件${i}`,
    status: '待确认',
    reason,
    evidence: [],
  })),
  timeline: [],
  nextReview: null,
  reviewDetail: null,
});

describe('fact states read from checklist reasons', () => {
  it('reads unknown, false and negated conditions with one fact', () => {
    const states = factStatesFromReasons([
      withReasons(
        '尚不清楚是否“有在校学生”，无法判断是否需要此材料，请补充家庭情况',
        '不满足条件“有法定赡养、抚养、扶养义务人”，无需提供',
        '不满足条件非“因意外事件申请救助”，无需提供',
      ),
    ]);
    expect(states.get('有在校学生')).toBe('不清楚');
    expect(states.get('有法定赡养、抚养、扶养义务人')).toBe('否');
    expect(states.get('因意外事件申请救助')).toBe('是');
  });

  it('keeps labels that quote words themselves, and skips compound conditions', () => {
    const states = factStatesFromReasons([
      withReasons(
        '不满足条件“经“一事一议”集体研究”，无需提供',
        '尚不清楚是否(“有在校学生”或“有残疾或丧失劳动能力成员”)，无法判断',
      ),
    ]);
    expect(states.get('经“一事一议”集体研究')).toBe('否');
    expect(states.has('有在校学生')).toBe(false);
  });
});
