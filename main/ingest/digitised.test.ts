import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HudangApi } from '../api/contract';
import { openArchive, type Archive } from '../archive';
import { makeIdNumber } from '../domain/idNumber';
import { createService } from '../service';
import { householdIdOf, placeholderPage as pageImage } from '../testing/archives';
import { runCli } from '../testing/cli';
import { rosterCsv, tempDir, writeCsv } from '../testing/fixtures';

/**
 * 数字化成果登记 and 全文检索: pages digitised elsewhere are filed in one call
 * (all or nothing), count on the checklist, and are found by their text.
 */

const HEAD = { name: '刘淑芬', id: makeIdNumber('120116', '19520214', 31) };
const OTHER = { name: '马振东', id: makeIdNumber('120116', '19610909', 32) };

let dir: string;
let archive: Archive;
let api: HudangApi;
let householdId: number;


beforeAll(async () => {
  dir = tempDir();
  archive = await openArchive(path.join(dir, 'archive'));
  api = createService({ archive, actor: 'test' });
  await api.importRoster({ path: writeCsv(path.join(dir, 'r.csv'), rosterCsv([['红旗村', HEAD.name, HEAD.id, '低保', '2'], ['红旗村', OTHER.name, OTHER.id, '低保', '1']])) });
  householdId = await householdIdOf(api, HEAD.id);
});

afterAll(async () => {
  await archive.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('registerDigitisedPages', () => {
  it('files pages under checklist items, with their text, in one call', async () => {
    const report = await api.registerDigitisedPages({
      householdId,
      documents: [
        { itemCode: 'dibao.02', pages: [{ imageBase64: await pageImage(200), text: `最低生活保障申请书\n申请人 ${HEAD.name} 身份证号 ${HEAD.id} 家住红旗村三组` }] },
        { itemCode: 'dibao.03', pages: [{ imageBase64: await pageImage(210), text: '家庭经济状况核对授权书 本人同意授权核对' }, { imageBase64: await pageImage(211) }] },
      ],
    });
    expect(report.pages).toBe(3);
    const docs = await api.householdDocuments({ householdId });
    const filed = docs.documents.filter((d) => d.itemCode === 'dibao.03');
    expect(filed[0]?.pages.length).toBe(2);
    const checklist = await api.getChecklist({ householdId });
    expect(checklist[0]?.items.find((i) => i.code === 'dibao.02')?.status).toBe('齐全');
    expect(await api.fsck({})).toMatchObject({ missing: [], corrupt: [] });
  });

  it('writes nothing when one page of the batch is bad, and says which', async () => {
    const before = (await api.householdDocuments({ householdId })).documents.length;
    const call = api.registerDigitisedPages({
      householdId,
      documents: [{ itemCode: 'dibao.04', pages: [{ imageBase64: await pageImage(120) }, { imageBase64: Buffer.from('不是图像').toString('base64') }] }],
    });
    await expect(call).rejects.toThrow('第 1 件第 2 页：页面图像须为 JPEG 或 PNG');
    expect((await api.householdDocuments({ householdId })).documents.length).toBe(before);
  });

  it('refuses a page already in the archive and an item the household has no case for', async () => {
    await expect(api.registerDigitisedPages({ householdId, documents: [{ itemCode: 'dibao.05', pages: [{ imageBase64: await pageImage(200) }] }] })).rejects.toThrow('与档案中已有的页面内容相同');
    await expect(api.registerDigitisedPages({ householdId, documents: [{ itemCode: 'tekun.02', pages: [{ imageBase64: await pageImage(90) }] }] })).rejects.toThrow('没有在办的特困案卷');
  });
});

describe('searchPageText', () => {
  it('finds a page by a phrase of its text, with household, document and snippet; IDs masked by default', async () => {
    const [hit, ...rest] = await api.searchPageText({ text: '核对授权' });
    expect(rest).toEqual([]);
    expect(hit).toMatchObject({ householdId, name: HEAD.name, village: '红旗村', itemCode: 'dibao.03' });
    expect(hit?.household).toBe(`${HEAD.id.slice(0, 6)}********${HEAD.id.slice(14)}`);
    expect(hit?.snippet).toContain('核对授权书');
  });

  it('finds an ID number read on a page, and two-character words without the index', async () => {
    expect((await api.searchPageText({ text: HEAD.id.slice(6, 14) })).map((h) => h.name)).toEqual([HEAD.name]);
    expect((await api.searchPageText({ text: '三组' })).map((h) => h.itemCode)).toEqual(['dibao.02']);
    expect(await api.searchPageText({ text: '没有这段文字的页面' })).toEqual([]);
  });

  it('treats FTS syntax in the query as text', async () => {
    expect(await api.searchPageText({ text: '"授权 OR 核对' })).toEqual([]);
    expect(await api.searchPageText({ text: 'AND 申请' })).toEqual([]);
  });

  it('indexes text read later by OCR, replacing what was there', async () => {
    const [hit] = await api.searchPageText({ text: '核对授权' });
    await archive.db.updateTable('page').set({ ocrText: '家庭经济状况核对授权书（补充识别）' }).where('id', '=', hit?.pageId ?? 0).execute();
    expect((await api.searchPageText({ text: '补充识别' })).map((h) => h.pageId)).toEqual([hit?.pageId]);
    expect(await api.searchPageText({ text: '本人同意' })).toEqual([]);
  });

  it('`hudang search` prints the pages with masked IDs, and JSON with --json', async () => {
    const data = path.join(dir, 'archive');
    const text = await runCli(['--data', data, 'search', '三组']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('红旗村');
    expect(text.stdout).toContain(`${HEAD.id.slice(0, 6)}********${HEAD.id.slice(14)}`);
    expect(text.stdout).not.toContain(HEAD.id);
    const json = await runCli(['--data', data, 'search', '三组', '--json']);
    expect((JSON.parse(json.stdout) as { itemCode: string }[]).map((h) => h.itemCode)).toEqual(['dibao.02']);
    const short = await runCli(['--data', data, 'search', '组']);
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('至少 2 个字');
  });

  it('names the document of a filed page that has no 题名 by its item, and none for a page back in the inbox', async () => {
    const [hit] = await api.searchPageText({ text: '三组' });
    expect(hit?.document).toBe('最低生活保障待遇申请书');
    // A document made by a move (as by the classifier) has no 题名 of its own.
    const move = await api.movePages({ pageIds: [hit?.pageId ?? 0], from: { householdId }, to: { householdId, itemCode: 'dibao.02', document: 'new' } });
    expect((await archive.db.selectFrom('document').select('title').where('id', '=', move.documentId).executeTakeFirst())?.title).toBeNull();
    expect((await api.searchPageText({ text: '三组' }))[0]).toMatchObject({ document: '最低生活保障待遇申请书', itemCode: 'dibao.02' });
    await api.unfilePages({ pageIds: [hit?.pageId ?? 0], from: { householdId } });
    expect((await api.searchPageText({ text: '三组' }))[0]).toMatchObject({ householdId, document: null, itemCode: null });
  });
});
