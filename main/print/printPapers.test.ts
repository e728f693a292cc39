import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HudangApi, PrintedPdf, ProgressEvent } from '../api/contract';
import { openArchive, type Archive } from '../archive';
import { createGuardedApi } from '../app/guard';
import { SessionStore } from '../auth/sessions';
import { makeIdNumber } from '../domain/idNumber';
import { createService } from '../service';
import { householdIdOf, placeholderPage } from '../testing/archives';
import { ROSTER_HEADER, rosterCsv, tempDir, writeCsv } from '../testing/fixtures';

/**
 * Printing from the app (issue 18): a village's or a selection's papers in
 * one PDF through printPapers, named by 档号 and 户主姓名; the town set after
 * the roster was imported is the one on the papers; only 经办人 and 管理员
 * print, and only their own 镇街's households.
 */

const WANG = makeIdNumber('120116', '19450512', 31);
const LI = makeIdNumber('120116', '19500101', 32);
const ZHAO = makeIdNumber('120116', '19610203', 33);
const OTHER = makeIdNumber('120116', '19700101', 34);
const PASSWORD = 'Hudang-2025!';

let dir: string;
let archive: Archive;
let api: HudangApi;
const events: ProgressEvent[] = [];
const ids: Record<string, number> = {};

const text = (pdf: PrintedPdf) => {
  const file = path.join(dir, 'out.pdf');
  fs.writeFileSync(file, Buffer.from(pdf.contentBase64, 'base64'));
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
};

beforeAll(async () => {
  dir = tempDir('hudang-print-');
  archive = await openArchive(path.join(dir, 'archive'));
  api = createService({ archive, actor: 'setup', onProgress: (e) => events.push(e) });
  // The roster comes before the town is set: 红旗村 lands under the placeholder town; 东风村 names another town itself.
  await api.importRoster({ path: writeCsv(path.join(dir, 'a.csv'), rosterCsv([['红旗村', '王桂兰', WANG, '低保', '2'], ['红旗村', '李建国', LI, '低保', '1'], ['红旗村', '赵秀英', ZHAO, '特困', '1']])) });
  await api.importRoster({ path: writeCsv(path.join(dir, 'b.csv'), rosterCsv([['红旗村', '钱多多', OTHER, '低保', '1', '北关镇']], [...ROSTER_HEADER, '镇(街道)'])) });
  await api.updateSettings({ fondsName: '城南镇人民政府', fondsCode: 'J012', town: '城南镇' });
  for (const [name, id] of [['wang', WANG], ['li', LI], ['zhao', ZHAO], ['other', OTHER]] as const) ids[name] = await householdIdOf(api, id);
  for (const [i, name] of (['wang', 'li', 'other'] as const).entries()) {
    await api.registerDigitisedPages({
      householdId: ids[name] ?? 0,
      documents: [{ itemCode: 'dibao.02', docDate: '2025-03-02', pages: [{ imageBase64: await placeholderPage(200 + i) }, { imageBase64: await placeholderPage(180 + i) }] }],
    });
  }
  for (const [username, role] of [['clerk', '经办人'], ['inspector', '检查员'], ['district', '区级']] as const) {
    await api.createUser({ username, displayName: username, role, password: PASSWORD });
  }
}, 120_000);

afterAll(async () => {
  await archive?.close();
});

async function loginAs(username: string): Promise<HudangApi> {
  const guarded = createGuardedApi({ archive, setupActor: 'setup', sessions: new SessionStore(), caller: { token: null } });
  await guarded.login({ username, password: PASSWORD });
  return guarded;
}

describe('the town on the papers', () => {
  it('moves the villages imported before the town was set under that town, so no paper says 未指定镇街', async () => {
    const villages = await api.listVillages({});
    expect(villages.map((v) => `${v.town}/${v.village}`).sort()).toEqual(['北关镇/红旗村', '城南镇/红旗村']);
    for (const kind of ['separators', 'rectification'] as const) {
      const t = text(await api.printPapers({ kind, village: '红旗村' }));
      expect(t).toContain('城南镇');
      expect(t).not.toContain('未指定镇街');
    }
    expect(text(await api.printPapers({ kind: 'cover', village: '红旗村' }))).toContain('城南镇红旗村王桂兰最低生活保障档案');
  });

  it('joins a village of the same name already under the town when the roster named the town for some rows only', async () => {
    const second = await openArchive(path.join(dir, 'second'));
    try {
      const local = createService({ archive: second, actor: 'setup' });
      await local.importRoster({ path: writeCsv(path.join(dir, 'c.csv'), rosterCsv([['红旗村', '王桂兰', WANG, '低保', '2']])) });
      await local.importRoster({ path: writeCsv(path.join(dir, 'd.csv'), rosterCsv([['红旗村', '李建国', LI, '低保', '1', '城南镇']], [...ROSTER_HEADER, '镇(街道)'])) });
      expect((await local.listVillages({})).map((v) => v.town).sort()).toEqual(['城南镇', '未指定镇街']);
      await local.updateSettings({ town: '城南镇' });
      // An older archive, where a village stayed under the placeholder after the town was set: any later save in 设置 repairs it.
      await second.db.insertInto('region').values({ parentId: null, level: '镇街', name: '未指定镇街', code: null }).execute();
      await local.importRoster({ path: writeCsv(path.join(dir, 'e.csv'), rosterCsv([['东风村', '赵秀英', ZHAO, '特困', '1']])) });
      await second.db.updateTable('region').set({ parentId: (await second.db.selectFrom('region').select('id').where('name', '=', '未指定镇街').executeTakeFirstOrThrow()).id }).where('name', '=', '东风村').execute();
      expect((await local.listVillages({})).map((v) => `${v.town}/${v.village}`).sort()).toEqual(['城南镇/红旗村', '未指定镇街/东风村']);
      await local.updateSettings({ scannerFolders: [] });
      expect(await local.listVillages({})).toMatchObject([
        { town: '城南镇', village: '东风村', households: 1 },
        { town: '城南镇', village: '红旗村', households: 2 },
      ]);
      const actions = await local.listAudit({ entity: 'region' });
      expect(actions.map((a) => a.action)).toContain('region.merge');
    } finally {
      await second.close();
    }
  });
});

describe('printPapers', () => {
  it('prints every household’s 卷皮, 卷内目录 and 备考表 of the own town’s village in one PDF, with progress', async () => {
    events.length = 0;
    const pdf = await api.printPapers({ kind: 'fronts', village: '红旗村' });
    expect(pdf.fileName).toBe('红旗村 卷皮、卷内目录和备考表.pdf');
    // Two volumes with pages (赵秀英 has nothing filed): cover, catalogue and remarks each.
    expect(pdf.pages).toBe(6);
    const t = text(pdf);
    expect(t).toContain('王桂兰');
    expect(t).toContain('李建国');
    expect(t).toContain('卷内备考表');
    // 钱多多's 红旗村 is in 北关镇: not this archive's town.
    expect(t).not.toContain('钱多多');
    expect(events.filter((e) => e.task === '打印').map((e) => `${e.done}/${e.total}`)).toEqual(['1/3', '2/3', '3/3']);
  });

  it('prints a selection, named by its first household, and one household by its 档号 and 户主姓名', async () => {
    const two = await api.printPapers({ kind: 'rectification', village: '红旗村', householdIds: [ids.li ?? 0, ids.zhao ?? 0] });
    expect(two.fileName).toBe('红旗村 李建国等2户 整改清单.pdf');
    const t = text(two);
    expect(t).toContain('本村(社区)共检查2户');
    expect(t).toContain('赵秀英');
    expect(t).not.toContain('王桂兰');
    const one = await api.printPapers({ kind: 'catalogue', village: '红旗村', householdIds: [ids.wang ?? 0] });
    const [detail] = (await api.getHousehold({ id: ids.wang ?? 0 }))?.cases ?? [];
    expect(detail?.archiveCode).toMatch(/^J012-DB-/);
    expect(one.fileName).toBe(`${detail?.archiveCode} 王桂兰 卷内目录.pdf`);
    // The household view's buttons (printPdf) name their files the same way.
    expect((await api.printPdf({ kind: 'cover', householdId: ids.wang ?? 0 })).fileName).toBe(`${detail?.archiveCode} 王桂兰 卷皮.pdf`);
  });

  it('prints the spine and cabinet labels of the boxes a selection is in, numbered over the village', async () => {
    const spine = await api.printPapers({ kind: 'spine', village: '红旗村', householdIds: [ids.zhao ?? 0] });
    expect(spine.fileName).toBe('赵秀英 盒脊标签.pdf');
    const t = text(spine);
    expect(t).toContain('特困');
    expect(t).not.toContain('最低生活保障');
    const cabinet = text(await api.printPapers({ kind: 'cabinet', village: '红旗村' }));
    expect(cabinet).toContain('城南镇人民政府社会救助档案');
    expect(cabinet).toContain('0001—0002');
  });

  it('refuses households that are not in the village or not of the own town', async () => {
    await expect(api.printPapers({ kind: 'separators', village: '红旗村', householdIds: [ids.other ?? 0] })).rejects.toThrow('只能打印本镇街（城南镇）的户档');
    await expect(api.printPapers({ kind: 'separators', village: '东风村', householdIds: [ids.wang ?? 0] })).rejects.toThrow('所选的户不都在“东风村”');
    await expect(api.printPdf({ kind: 'volume', householdId: ids.other ?? 0 })).rejects.toThrow('只能打印本镇街');
  });

  it('lets a 经办人 print and refuses the 检查员 and the 区级', async () => {
    const clerk = await loginAs('clerk');
    expect((await clerk.printPapers({ kind: 'separators', village: '红旗村' })).fileName).toBe('红旗村 扫描分隔页.pdf');
    await expect(clerk.printPapers({ kind: 'separators', village: '红旗村', householdIds: [ids.other ?? 0] })).rejects.toThrow('只能打印本镇街');
    for (const username of ['inspector', 'district']) {
      const other = await loginAs(username);
      await expect(other.printPapers({ kind: 'rectification', village: '红旗村' })).rejects.toThrow(/无权执行此操作/);
    }
  });
});
