import { describe, expect, it } from 'vitest';
import { candidatePairs, decideOrientation } from './orientation';

describe('decideOrientation', () => {
  it('keeps the rotation whose band reads with clearly higher confidence', () => {
    const result = decideOrientation([
      { rotation: 0, confidence: 0.12, text: '梁倡串战申临' },
      { rotation: 180, confidence: 0.93, text: '最低生活保障待遇申请书' },
    ]);
    expect(result).toEqual({ rotation: 180, certainty: 1 });
  });

  it('is less certain when the confidences are close', () => {
    const result = decideOrientation([
      { rotation: 90, confidence: 0.6, text: '家庭经济状况' },
      { rotation: 270, confidence: 0.5, text: '家庭经济状况' },
    ]);
    expect(result?.rotation).toBe(90);
    expect(result?.certainty).toBeLessThan(0.5);
  });

  it('gives no answer for bands without readable text', () => {
    expect(
      decideOrientation([
        { rotation: 0, confidence: 0, text: '' },
        { rotation: 180, confidence: 0.3, text: '一 、' },
      ]),
    ).toBeUndefined();
    expect(decideOrientation([{ rotation: 0, confidence: 0.9, text: '。' }])).toBeUndefined();
  });

  it('tries sideways rotations first for landscape images', () => {
    expect(candidatePairs(2339, 1654)[0]).toEqual([90, 270]);
    expect(candidatePairs(1654, 2339)).toEqual([[0, 180]]);
  });
});
