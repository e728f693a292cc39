import { describe, expect, it } from 'vitest';
import type { ArchiveCheckPointView, ArchiveCheckRecordView } from '../../../../main/api/contract';
import { describeRecorded, pointLabel, recordedTime, summary, type PointLabel } from './archiveCheckLabels';

describe('pointLabel: the four words the 户档 view shows', () => {
  const cases: [ArchiveCheckPointView['state'], ArchiveCheckPointView['mode'], PointLabel][] = [
    ['ok', 'automated', '通过'],
    ['ok', 'manual', '通过'],
    ['problem', 'automated', '有问题'],
    ['problem', 'manual', '有问题'],
    ['unchecked', 'automated', '待确认'],
    ['unchecked', 'manual', '未检查'],
  ];
  it.each(cases)('%s %s → %s', (state, mode, label) => {
    expect(pointLabel({ state, mode })).toBe(label);
  });

  it('counts them per case', () => {
    expect(summary([{ state: 'ok', mode: 'automated' }, { state: 'unchecked', mode: 'manual' }, { state: 'unchecked', mode: 'manual' }])).toBe('通过 1 · 有问题 0 · 待确认 0 · 未检查 2');
  });
});

describe('recorded time in Beijing', () => {
  it('is the next day after 16:00 UTC', () => {
    expect(recordedTime('2026-12-04T23:30:00.000Z')).toBe('2026-12-05 07:30');
  });

  it('names role, recorder, time, result and note', () => {
    const r: ArchiveCheckRecordView = { point: 4, state: 'problem', note: '公示地点不在村务公开栏', recordedBy: '李检查', role: '检查员', recordedAt: '2026-12-05T01:30:00Z' };
    expect(describeRecorded(r)).toBe('检查员 李检查 2026-12-05 09:30 有问题：公示地点不在村务公开栏');
    expect(describeRecorded({ ...r, state: 'ok', note: null })).toBe('检查员 李检查 2026-12-05 09:30 合格');
  });
});
