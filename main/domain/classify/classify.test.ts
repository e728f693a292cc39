import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { caseItems, parsePack } from '../checklist';
import { AUTO_FILE_CONFIDENCE, classifyPage, trainModel } from '.';

const pack = parsePack(JSON.parse(fs.readFileSync(path.join(__dirname, '../../../resources/checklists/kaiyuan-tieling-2025.json'), 'utf8')));
const dibao = caseItems(pack, '低保');
const all = (['低保', '特困', '临时救助', '刚性支出'] as const).flatMap((t) => caseItems(pack, t));
const name = (code: string | undefined) => all.find((i) => i.code === code)?.name;

describe('classifyPage by title', () => {
  it.each([
    ['the official name as title', '最低生活保障待遇申请书', '最低生活保障待遇申请书', true],
    ['OCR spaces and a header line', '开原市民政局\n居 民 家 庭 经 济 状 况 核 对 委 托 授 权 书', '居民家庭经济状况核对委托授权书', true],
    ['a title word alias', '居民户口簿', '申请家庭户口簿、身份证复印件', true],
    ['a marriage certificate', '结婚证', '婚姻状况材料(结婚证、离婚证及协议、法院判决等)', true],
  ])('%s', (_n, title, expected, filed) => {
    const result = classifyPage({ titleText: title, photo: false }, dibao, null);
    expect(name(result?.itemCode)).toBe(expected);
    expect((result?.confidence ?? 0) >= AUTO_FILE_CONFIDENCE).toBe(filed);
  });

  it('leaves a title shared by several assistance types below the auto-file line until the household is known', () => {
    const open = classifyPage({ titleText: '入户调查表', photo: false }, all, null);
    expect(open?.confidence).toBeLessThan(AUTO_FILE_CONFIDENCE);
    const known = classifyPage({ titleText: '入户调查表', photo: false }, caseItems(pack, '特困'), null);
    expect(known?.confidence).toBeGreaterThanOrEqual(AUTO_FILE_CONFIDENCE);
  });

  it('suggests, but does not file, a title word read with one wrong character', () => {
    const result = classifyPage({ titleText: '居民户口秒', photo: false }, dibao, null);
    expect(name(result?.itemCode)).toBe('申请家庭户口簿、身份证复印件');
    expect(result?.confidence).toBeLessThan(AUTO_FILE_CONFIDENCE);
  });

  it('returns nothing for a page without a title (a continuation page)', () => {
    expect(classifyPage({ titleText: '', photo: false }, dibao, null)).toBeNull();
    expect(classifyPage({ titleText: '三、家庭成员收入情况如下', photo: false }, dibao, null)).toBeNull();
    const body = '二、家庭收入情况家庭成员工资性收入:无固定工作，偶有零工收入。转移性收入:残疾人两项补贴每月一百二十元。';
    expect(classifyPage({ titleText: body, photo: false }, caseItems(pack, '特困'), null)).toBeNull();
  });

  it('suggests 入户照片 for a photo, for a clerk to confirm', () => {
    const result = classifyPage({ titleText: '', photo: true }, dibao, null);
    expect(name(result?.itemCode)).toBe('最低生活保障入户调查表及入户照片');
    expect(result?.confidence).toBeLessThan(AUTO_FILE_CONFIDENCE);
  });
});

describe('learning from corrections', () => {
  const localTitle = '城南镇困难群众救助申请审批单';
  const target = dibao[0]?.code ?? '';

  it('knows nothing of a town’s own form title at first', () => {
    expect(classifyPage({ titleText: localTitle, photo: false }, dibao, trainModel([]))).toBeNull();
  });

  it('suggests the corrected item after one correction, and files it after two', () => {
    const once = classifyPage({ titleText: localTitle, photo: false }, dibao, trainModel([{ text: localTitle, itemCode: target }]));
    expect(once?.itemCode).toBe(target);
    expect(once?.confidence).toBeLessThan(AUTO_FILE_CONFIDENCE);
    const twice = classifyPage(
      { titleText: `${localTitle}（2025）`, photo: false },
      dibao,
      trainModel([{ text: localTitle, itemCode: target }, { text: '城南镇困难群众救助申请审批单', itemCode: target }, { text: '入户调查记录', itemCode: 'dibao.08' }]),
    );
    expect(twice?.itemCode).toBe(target);
    expect(twice?.confidence).toBeGreaterThanOrEqual(AUTO_FILE_CONFIDENCE);
  });
});
