import { describe, expect, it } from 'vitest';
import { cleanOcrText } from './cleanText';

describe('cleanOcrText', () => {
  it('deletes the spaces tesseract puts between CJK characters', () => {
    expect(cleanOcrText('最 低 生 活 保 障 待 遇 申 请 书')).toBe('最低生活保障待遇申请书');
    expect(cleanOcrText('本 人 承 诺 ， 如 有 虚 假 。')).toBe('本人承诺，如有虚假。');
  });

  it('keeps spaces between Latin words and digits', () => {
    expect(cleanOcrText('Noto Sans CJK 王 桂 兰')).toBe('Noto Sans CJK 王桂兰');
    expect(cleanOcrText('联 系 电 话 ： 180 0000 3529')).toBe('联系电话:180 0000 3529');
  });

  it('normalises full-width digits, letters and colons for ID numbers', () => {
    expect(cleanOcrText('身份证号 ： １２０１１６１９４５０５１２０１８Ｘ')).toBe('身份证号:12011619450512018X');
    expect(cleanOcrText('申请人 :  王桂兰')).toBe('申请人:王桂兰');
  });

  it('collapses column padding, trims lines and drops empty ones', () => {
    expect(cleanOcrText('  编 号 :   2024   5747  \n\n\n  王 桂 兰      本 人 \n')).toBe('编号:2024 5747\n王桂兰本人');
  });
});
