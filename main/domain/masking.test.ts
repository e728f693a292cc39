import { describe, expect, it } from 'vitest';
import { makeIdNumber } from './idNumber';
import { maskDeep, maskIdNumber, maskText } from './masking';

/** Every form an ID or mobile number takes in OCR text, notes and paths is masked, and nothing else moves. */

const id = makeIdNumber('120101', '19900101', 123); // 120101199001011234-like, valid
const head = id.slice(0, 6);
const tail = id.slice(-4);
const fullWidth = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)).replace(/X/g, 'Ｘ');

describe('maskIdNumber', () => {
  it.each([
    ['120116195603120414', '120116********0414'],
    ['120116560312041', '120116*****2041'],
    ['12345', '*****'],
  ])('%s → %s', (input, masked) => expect(maskIdNumber(input)).toBe(masked));
});

describe('maskText', () => {
  it.each([
    ['18 digits', `户主身份证号${id}，住址`, `户主身份证号${head}********${tail}，住址`],
    ['18 digits with X', '身份证：11010519491231002X。', '身份证：110105********002X。'],
    ['18 digits with a lower-case x beside letters', 'ID11010519491231002xabc', 'ID110105********002xabc'],
    ['15 digits (legacy)', '旧证 120116560312041 已换', '旧证 120116*****2041 已换'],
    ['4-4-4-4-2 spaced', '1201 0119 9001 0112 34', '1201 01** **** **12 34'],
    ['6-8-4 spaced', '120101 19900101 1234', '120101 ******** 1234'],
    ['6-8-4 with hyphens', '120101-19900101-1234', '120101-********-1234'],
    ['one digit per box', '1 2 0 1 0 1 1 9 9 0 0 1 0 1 1 2 3 4', '1 2 0 1 0 1 * * * * * * * * 1 2 3 4'],
    ['beside a row number', '1 120101199001011234 低保', '1 120101********1234 低保'],
    ['in a scanner path', 'D:\\扫描\\王桂兰_120101199001011234\\申请书.jpg', 'D:\\扫描\\王桂兰_120101********1234\\申请书.jpg'],
    ['mobile', '电话13812345678', '电话138****5678'],
    ['mobile 3-4-4', '电话 138 1234 5678', '电话 138 **** 5678'],
    ['mobile +86', '+86 138-1234-5678', '+86 138-****-5678'],
    ['mobile with an unspaced 86', '8613812345678', '86138****5678'],
  ])('%s', (_name, text, masked) => expect(maskText(text)).toBe(masked));

  it('masks full-width forms the same way', () => {
    const masked = maskText(`号码：${fullWidth('11010519491231002X')}，手机${fullWidth('13812345678')}`);
    expect(masked).toBe(`号码：${fullWidth('110105')}********${fullWidth('002X')}，手机${fullWidth('138')}****${fullWidth('5678')}`);
  });

  it('keeps the text length character for character, so positions found in the original still fit', () => {
    const text = `甲 ${id} 乙 1201 0119 9001 0112 34 丙 13812345678 丁 ${fullWidth(id)}`;
    const masked = maskText(text);
    expect(masked).toHaveLength(text.length);
    expect([...masked].filter((c, i) => c !== text[i]).every((c) => c === '*')).toBe(true);
  });

  it.each([
    ['a date', '2026-01-01'],
    ['a landline', '022-23456789'],
    ['an amount', '人均月收入 1234.56 元'],
    ['a 16-digit number', '1234567890123456'],
    ['a 19-digit number', '6222021234567890123'],
    ['a document number', '津民发〔2021〕12号'],
  ])('leaves %s alone', (_name, text) => expect(maskText(text)).toBe(text));

  it('leaves mobiles visible when asked to', () => {
    expect(maskText(`13812345678 ${id}`, { phones: false })).toBe(`13812345678 ${head}********${tail}`);
  });
});

describe('maskDeep', () => {
  it('masks every string of an answer but never a content hash or a base64 payload', () => {
    const sha = `${'ab'.repeat(4)}13812345678${'c'.repeat(45)}`;
    const answer = { rows: [{ household: id, note: `电话13812345678` }], image: sha, contentBase64: 'MTM4MTIzNDU2Nzg=13812345678', count: 3 };
    expect(maskDeep(answer)).toEqual({ rows: [{ household: `${head}********${tail}`, note: '电话138****5678' }], image: sha, contentBase64: answer.contentBase64, count: 3 });
  });
});
