import { describe, expect, it } from 'vitest';
import { fileName, maskId, maskIdsInText, sharedNames } from './format';

describe('display helpers', () => {
  it('masks ID numbers 6+4, alone and inside text', () => {
    expect(maskId('12011619450512022X')).toBe('120116********022X');
    expect(maskIdsInText('/扫描/王桂兰_12011619450512022X/申请书.jpg')).toBe(
      '/扫描/王桂兰_120116********022X/申请书.jpg',
    );
    expect(maskIdsInText('身份证号：120116194505120214，电话 13000003105')).toBe(
      '身份证号：120116********0214，电话 13000003105',
    );
  });

  it('names scanned files, ZIP members too', () => {
    expect(fileName('/a/b/王桂兰.zip!/户口簿.jpg')).toBe('户口簿.jpg');
    expect(fileName('C:\\扫描\\scan0001.pdf')).toBe('scan0001.pdf');
  });
});

describe('sharedNames', () => {
  it('names the villages that more than one town has', () => {
    expect([...sharedNames([{ village: '红旗村' }, { village: '东风村' }, { village: '红旗村' }])]).toEqual(['红旗村']);
  });
});
