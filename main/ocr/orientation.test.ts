import { describe, expect, it } from 'vitest';
import { candidatePairs, decideOrientation, turnedReadsBetter } from './orientation';

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

describe('turnedReadsBetter', () => {
  it.each([
    { upright: 0.24, turned: 0.85, text: '诚信承诺书身份证号本人申请临时救助', expected: true },
    { upright: 0.44, turned: 0.81, text: '中国农业银行户名银行卡复印件', expected: true },
    { upright: 0.45, turned: 0.55, text: '中国农业银行户名银行卡复印件', expected: false },
    { upright: 0.5, turned: 0.9, text: '银行', expected: false },
    { upright: 0.3, turned: 0.4, text: '', expected: false },
  ])('upright $upright, turned $turned → $expected', ({ upright, turned, text, expected }) => {
    expect(turnedReadsBetter({ confidence: upright, text: '乱码' }, { confidence: turned, text })).toBe(expected);
  });
});
