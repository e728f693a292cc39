import { PDFDocument } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { embedChineseFonts, fontPaths, textWidth, wrapText } from './fonts';
import type { EmbeddedFonts } from './fonts';

/** Font loading and Chinese line breaking (by character width; no spaces needed). */

let fonts: EmbeddedFonts;

beforeAll(async () => {
  fonts = await embedChineseFonts(await PDFDocument.create());
});

describe('fonts', () => {
  it('finds the Noto Sans SC files in node_modules, or in a given folder', () => {
    expect(fontPaths().regular).toMatch(/NotoSansSC_400Regular\.ttf$/);
    expect(fontPaths('/opt/hudang/resources/fonts').bold).toBe('/opt/hudang/resources/fonts/NotoSansSC_700Bold.ttf');
  });

  it('says in Chinese when a font file is missing', async () => {
    await expect(embedChineseFonts(await PDFDocument.create(), '/nonexistent')).rejects.toThrow('找不到中文字体文件');
  });

  it('measures CJK as one em per character', () => {
    expect(textWidth(fonts.regular, '最低生活保障', 10)).toBeCloseTo(60, 0);
    expect(textWidth(fonts.regular, '0123', 10)).toBeLessThan(30);
  });

  it.each([
    [
      'breaks Chinese anywhere',
      '城南镇红旗村王桂兰最低生活保障档案',
      50,
      ['城南镇红旗', '村王桂兰最', '低生活保障', '档案'],
    ],
    ['keeps digit runs together', '身份证号120116194505120173', 100, ['身份证号', '120116194505120173']],
    [
      'hangs closing punctuation instead of starting a line with it',
      '申请书、审核表。确认',
      30,
      ['申请书、', '审核表。', '确认'],
    ],
    ['keeps an opening bracket with what follows', '房产证明（复印件）', 50, ['房产证明', '（复印件）']],
    ['honours explicit line breaks', '1. 申请书\n2. 审核表', 200, ['1. 申请书', '2. 审核表']],
    ['splits a word longer than the line', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 60, null],
  ])('%s', (_name, text, widthPt, expected) => {
    const lines = wrapText(fonts.regular, text, 10, widthPt);
    if (expected) expect(lines).toEqual(expected);
    expect(lines.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
    // Only hanging punctuation may pass the width.
    for (const line of lines)
      expect(textWidth(fonts.regular, line.replace(/[、。，）]$/, ''), 10)).toBeLessThanOrEqual(widthPt + 0.01);
  });
});
