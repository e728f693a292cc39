import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HudangApi, Role } from '../api/contract';
import { openArchive, type Archive } from '../archive';
import { createGuardedApi } from '../app/guard';
import { SessionStore } from '../auth/sessions';
import { makeIdNumber } from '../domain/idNumber';
import { createService } from '../service';
import { householdIdOf, placeholderPage } from '../testing/archives';
import { rosterCsv, tempDir, writeCsv } from '../testing/fixtures';

/** Putting pages right: move, split, merge, back to the inbox; audited, nothing deleted, refusals in Chinese. */

const A = { name: '王桂兰', id: makeIdNumber('120116', '19450512', 11) };
const B = { name: '李建国', id: makeIdNumber('120116', '19580302', 12) };
const C = { name: '赵秀英', id: makeIdNumber('120116', '19390817', 13) };
const VILLAGE = '红旗村';
const NAMES = { 'dibao.02': '最低生活保障待遇申请书', 'dibao.08': '最低生活保障入户调查表及入户照片', 'dibao.09': '居民家庭经济状况核对报告' };

let dir: string;
let archive: Archive;
let api: HudangApi;
let hh: { a: number; b: number; c: number };
/** Page ids per household and item, in order. */
let pages: Record<'a' | 'b' | 'c', Record<string, number[]>>;

async function register(householdId: number, docs: [string, string[]][]): Promise<Record<string, number[]>> {
  let shade = 100 + householdId * 20;
  const report = await api.registerDigitisedPages({
    householdId,
    documents: await Promise.all(docs.map(async ([itemCode, texts]) => ({ itemCode, pages: await Promise.all(texts.map(async (text) => ({ imageBase64: await placeholderPage(shade++), text }))) }))),
  });
  const out: Record<string, number[]> = {};
  for (const [i, [code]] of docs.entries()) {
    const rows = await archive.db.selectFrom('page').select('id').where('documentId', '=', report.documentIds[i] ?? 0).orderBy('positionInDocument').execute();
    out[code] = rows.map((r) => r.id);
  }
  return out;
}

const itemStatus = async (householdId: number, code: string) => (await api.getChecklist({ householdId }))[0]?.items.find((i) => i.code === code)?.status;
/** The 整改清单's data: what `check` calls missing, by official name. */
const missing = async (idNumber: string) => (await api.checkHouseholds({ village: VILLAGE })).find((r) => r.household === idNumber)?.missing ?? [];
const page = (id: number) => archive.db.selectFrom('page').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const audit = (entity: string, entityId: number) => api.listAudit({ entity, entityId: String(entityId) });
const counts = async () => ({
  pages: (await archive.db.selectFrom('page').select('id').execute()).length,
  documents: (await archive.db.selectFrom('document').select('id').execute()).length,
});

beforeEach(async () => {
  dir = tempDir();
  archive = await openArchive(path.join(dir, 'archive'));
  api = createService({ archive, actor: '经办人甲' });
  await api.importRoster({ path: writeCsv(path.join(dir, 'r.csv'), rosterCsv([[VILLAGE, A.name, A.id, '低保', '2'], [VILLAGE, B.name, B.id, '低保', '1'], [VILLAGE, C.name, C.id, '低保', '1']])) });
  hh = { a: await householdIdOf(api, A.id), b: await householdIdOf(api, B.id), c: await householdIdOf(api, C.id) };
  pages = {
    a: await register(hh.a, [
      ['dibao.02', ['最低生活保障申请书']],
      ['dibao.08', ['入户调查表 第1页', '入户调查表 第2页', '居民家庭经济状况核对报告']],
    ]),
    b: await register(hh.b, [['dibao.02', ['最低生活保障申请书']]]),
    c: await register(hh.c, [['dibao.02', ['最低生活保障申请书']], ['dibao.09', ['核对报告']]]),
  };
  // The third page of A's 入户调查表 was glued on as a continuation by the classifier: auto-filed, unsure title.
  await archive.db.updateTable('page').set({ review: 'auto', classification: 'dibao.08', confidence: 0.6, titleText: '居民家庭经济状况核对报告', assignedBy: 'folder' }).where('id', '=', pages.a['dibao.08']?.[2] ?? 0).execute();
});
afterEach(() => archive.close());

describe('moving pages', () => {
  it('moves one page to another item of the same household: a new document, the checklist and the 整改清单 follow, audited, the clerk’s reading learnt', async () => {
    const [, , report] = pages.a['dibao.08'] ?? [];
    expect(await itemStatus(hh.a, 'dibao.09')).toBe('缺件');
    expect(await missing(A.id)).toContain(NAMES['dibao.09']);
    const before = await counts();
    const samples = (await archive.db.selectFrom('classifierSample').selectAll().execute()).length;

    const result = await api.movePages({ pageIds: [report ?? 0], from: { householdId: hh.a }, to: { householdId: hh.a, itemCode: 'dibao.09' } });

    expect(await itemStatus(hh.a, 'dibao.09')).toBe('齐全');
    expect(await itemStatus(hh.a, 'dibao.08')).toBe('齐全');
    expect(await missing(A.id)).not.toContain(NAMES['dibao.09']);
    expect(await page(report ?? 0)).toMatchObject({ documentId: result.documentId, positionInDocument: 1, classification: 'dibao.09', confidence: 1, review: 'accepted', assignedBy: 'folder' });
    expect(await counts()).toEqual({ pages: before.pages, documents: before.documents + 1 });
    const learnt = await archive.db.selectFrom('classifierSample').selectAll().execute();
    expect(learnt).toHaveLength(samples + 1);
    expect(learnt.at(-1)).toMatchObject({ text: '居民家庭经济状况核对报告', itemCode: 'dibao.09' });
    expect((await audit('page', report ?? 0)).map((e) => e.action)).toContain('page.move');
    const entry = await archive.db.selectFrom('auditLog').selectAll().where('action', '=', 'page.move').executeTakeFirstOrThrow();
    expect(JSON.parse(entry.after ?? '{}')).toMatchObject({ householdId: hh.a, classification: 'dibao.09', documentId: result.documentId });
    expect(entry.actor).toBe('经办人甲');
  });

  it('moves a whole document to another household: the document row moves with its pages, both checklists follow', async () => {
    const [apply] = pages.a['dibao.02'] ?? [];
    const documentId = (await page(apply ?? 0)).documentId;
    await api.movePages({ pageIds: [apply ?? 0], from: { householdId: hh.a }, to: { householdId: hh.b, itemCode: 'dibao.02' } });
    expect(await page(apply ?? 0)).toMatchObject({ householdId: hh.b, documentId, assignedBy: 'clerk', review: 'accepted' });
    expect(await itemStatus(hh.a, 'dibao.02')).toBe('缺件');
    expect(await missing(A.id)).toContain(NAMES['dibao.02']);
    expect(await missing(B.id)).not.toContain(NAMES['dibao.02']);
    expect((await api.householdDocuments({ householdId: hh.b })).documents.filter((d) => d.itemCode === 'dibao.02')).toHaveLength(2);
    expect((await audit('document', documentId ?? 0)).map((e) => e.action)).toContain('document.refile');
  });

  it('moves a range across two documents into a new one; the emptied document stays as a row that counts for nothing', async () => {
    const [apply] = pages.a['dibao.02'] ?? [];
    const [first] = pages.a['dibao.08'] ?? [];
    const emptied = (await page(apply ?? 0)).documentId ?? 0;
    const before = await counts();
    const result = await api.movePages({ pageIds: [apply ?? 0, first ?? 0], from: { householdId: hh.a }, to: { householdId: hh.a, itemCode: 'dibao.02', document: 'new' } });
    expect(result.pages).toBe(2);
    expect((await page(first ?? 0)).positionInDocument).toBe(2);
    expect(await counts()).toEqual({ pages: before.pages, documents: before.documents + 1 });
    expect(await archive.db.selectFrom('document').select(['checklistItemCode', 'caseId']).where('id', '=', emptied).executeTakeFirstOrThrow()).toEqual({ checklistItemCode: null, caseId: null });
    // The 入户调查表 left behind closes up: its two remaining pages are 1 and 2.
    const rest = await archive.db.selectFrom('page').select('positionInDocument').where('id', 'in', (pages.a['dibao.08'] ?? []).slice(1)).orderBy('positionInDocument').execute();
    expect(rest.map((r) => r.positionInDocument)).toEqual([1, 2]);
    expect(await itemStatus(hh.a, 'dibao.02')).toBe('齐全');
  });

  it('appends pages to a named document of the same item, in the order given', async () => {
    const [, second, third] = pages.a['dibao.08'] ?? [];
    const split = await api.splitDocument({ householdId: hh.a, documentId: (await page(second ?? 0)).documentId ?? 0, atPageId: second ?? 0 });
    const target = (await page(pages.a['dibao.08']?.[0] ?? 0)).documentId ?? 0;
    await api.movePages({ pageIds: [third ?? 0, second ?? 0], from: { householdId: hh.a, documentId: split.documentId }, to: { householdId: hh.a, itemCode: 'dibao.08', document: target } });
    const order = await archive.db.selectFrom('page').select('id').where('documentId', '=', target).orderBy('positionInDocument').execute();
    expect(order.map((r) => r.id)).toEqual([pages.a['dibao.08']?.[0], third, second]);
    await expect(api.movePages({ pageIds: [third ?? 0], to: { householdId: hh.a, itemCode: 'dibao.02', document: target } })).rejects.toThrow(/不是“最低生活保障待遇申请书”/);
  });
});

describe('split, merge and back to the inbox', () => {
  it('splits a document at a page and merges it back', async () => {
    const ids = pages.a['dibao.08'] ?? [];
    const documentId = (await page(ids[0] ?? 0)).documentId ?? 0;
    const split = await api.splitDocument({ householdId: hh.a, documentId, atPageId: ids[1] ?? 0 });
    expect(await page(ids[1] ?? 0)).toMatchObject({ documentId: split.documentId, positionInDocument: 1 });
    expect(await page(ids[2] ?? 0)).toMatchObject({ documentId: split.documentId, positionInDocument: 2 });
    expect((await api.householdDocuments({ householdId: hh.a })).documents.filter((d) => d.itemCode === 'dibao.08').map((d) => d.pages.length)).toEqual([1, 2]);
    expect((await audit('document', documentId)).map((e) => e.action)).toContain('document.split');
    await expect(api.splitDocument({ householdId: hh.a, documentId, atPageId: ids[0] ?? 0 })).rejects.toThrow('从第一页拆分不会产生新文件');

    await api.mergeDocuments({ householdId: hh.a, documentIds: [documentId, split.documentId] });
    const order = await archive.db.selectFrom('page').select(['id', 'positionInDocument']).where('documentId', '=', documentId).orderBy('positionInDocument').execute();
    expect(order.map((r) => r.id)).toEqual(ids);
    expect(await archive.db.selectFrom('document').select('checklistItemCode').where('id', '=', split.documentId).executeTakeFirstOrThrow()).toEqual({ checklistItemCode: null });
    expect(await itemStatus(hh.a, 'dibao.08')).toBe('齐全');
    const applyDoc = (await page(pages.a['dibao.02']?.[0] ?? 0)).documentId ?? 0;
    await expect(api.mergeDocuments({ householdId: hh.a, documentIds: [documentId, applyDoc] })).rejects.toThrow('只能合并同一户、同一要件的文件');
  });

  it('sends a page back to the inbox: out of its document, waiting, under its household; the checklist no longer counts it', async () => {
    const [apply] = pages.a['dibao.02'] ?? [];
    const before = await counts();
    expect(await api.unfilePages({ pageIds: [apply ?? 0], from: { householdId: hh.a } })).toEqual({ pages: 1 });
    expect(await page(apply ?? 0)).toMatchObject({ householdId: hh.a, documentId: null, positionInDocument: null, review: 'pending' });
    expect(await counts()).toEqual(before);
    expect(await itemStatus(hh.a, 'dibao.02')).not.toBe('齐全');
    // Missing, or 待确认 while the page waits (issue 15 item 6): either way no longer complete on the 整改清单's source.
    const row = (await api.checkHouseholds({ village: VILLAGE })).find((r) => r.household === A.id);
    expect([...(row?.missing ?? []), ...(row?.unconfirmed ?? [])]).toContain(NAMES['dibao.02']);
    const inbox = await api.listInbox({});
    expect(inbox.find((p) => p.pageId === apply)).toMatchObject({ householdId: hh.a, householdName: A.name });
    expect((await audit('page', apply ?? 0)).map((e) => e.action)).toContain('page.unfile');

    // The inbox's own decision still files it (reviewPage), and the item is complete again.
    await api.reviewPage({ pageId: apply ?? 0, householdId: hh.a, itemCode: 'dibao.02' });
    expect(await page(apply ?? 0)).toMatchObject({ review: 'accepted', classification: 'dibao.02', confidence: 1 });
    expect(await itemStatus(hh.a, 'dibao.02')).toBe('齐全');
    expect(await missing(A.id)).not.toContain(NAMES['dibao.02']);
    expect((await api.listInbox({})).some((p) => p.pageId === apply)).toBe(false);
  });

  it('shows every suggestion of a waiting page by item name, and lists pages with id and review', async () => {
    const [apply] = pages.a['dibao.02'] ?? [];
    const suggestions = [
      { itemCode: 'dibao.09', confidence: 0.92, source: 'title', reason: '标题像核对报告' },
      { itemCode: 'dibao.08', confidence: 0.71, source: 'text', reason: '全文像入户调查表' },
    ];
    await api.unfilePages({ pageIds: [apply ?? 0] , from: { householdId: hh.a } });
    await archive.db.updateTable('page').set({ suggestions: JSON.stringify(suggestions) }).where('id', '=', apply ?? 0).execute();
    const waiting = (await api.listInbox({})).find((p) => p.pageId === apply);
    expect(waiting?.suggestions).toEqual([
      { ...suggestions[0], itemName: NAMES['dibao.09'] },
      { ...suggestions[1], itemName: NAMES['dibao.08'] },
    ]);
    const rows = await api.listPages({});
    expect(rows.find((r) => r.id === apply)).toMatchObject({ id: apply, review: 'pending', household: A.id });
    expect(rows.find((r) => r.id === pages.b['dibao.02']?.[0])).toMatchObject({ review: 'accepted' });
  });
});

describe('refusals', () => {
  it('refuses pages that are not in the household or document the call names', async () => {
    const [bPage] = pages.b['dibao.02'] ?? [];
    await expect(api.movePages({ pageIds: [bPage ?? 0], from: { householdId: hh.a }, to: { householdId: hh.a, itemCode: 'dibao.02' } })).rejects.toThrow(`页面 ${bPage} 不属于所选的户`);
    await expect(api.unfilePages({ pageIds: [bPage ?? 0], from: { householdId: hh.a } })).rejects.toThrow(`页面 ${bPage} 不属于所选的户`);
    const aDoc = (await page(pages.a['dibao.08']?.[0] ?? 0)).documentId ?? 0;
    await expect(api.movePages({ pageIds: [pages.a['dibao.02']?.[0] ?? 0], from: { householdId: hh.a, documentId: aDoc }, to: { householdId: hh.a, itemCode: 'dibao.09' } })).rejects.toThrow('不在所选文件中');
    await expect(api.splitDocument({ householdId: hh.b, documentId: aDoc, atPageId: pages.a['dibao.08']?.[1] ?? 0 })).rejects.toThrow(`文件 ${aDoc} 不属于该户`);
    await expect(api.mergeDocuments({ householdId: hh.b, documentIds: [(await page(bPage ?? 0)).documentId ?? 0, aDoc] })).rejects.toThrow(`文件 ${aDoc} 不属于该户`);
    await expect(api.movePages({ pageIds: [bPage ?? 0], from: { householdId: hh.b }, to: { householdId: hh.b, itemCode: 'dibao.08', document: aDoc } })).rejects.toThrow('不属于目标户');
    await expect(api.movePages({ pageIds: [999_999], to: { householdId: hh.a, itemCode: 'dibao.02' } })).rejects.toThrow('找不到页面（编号 999999）');
    // Nothing moved.
    expect((await page(bPage ?? 0)).householdId).toBe(hh.b);
  });

  it('keeps an exited file apart: its pages move only in a call about it, and never out of it under a legal hold', async () => {
    const [cApply] = pages.c['dibao.02'] ?? [];
    const [cReport] = pages.c['dibao.09'] ?? [];
    const exit = await api.exitHousehold({ householdId: hh.c, exitedOn: '2025-05-20', reason: '收入超标' });
    // From another household's screen, or by the CLI naming another household: refused.
    await expect(api.movePages({ pageIds: [cApply ?? 0], to: { householdId: hh.a, itemCode: 'dibao.02' } })).rejects.toThrow(`页面 ${cApply} 属于已整户退出的档案，只能在该户的档案中调整`);
    await expect(api.unfilePages({ pageIds: [cApply ?? 0] })).rejects.toThrow('已整户退出的档案');
    // No page of another household is filed into an exited file.
    await expect(api.movePages({ pageIds: [pages.b['dibao.02']?.[0] ?? 0], from: { householdId: hh.b }, to: { householdId: hh.c, itemCode: 'dibao.08' } })).rejects.toThrow('该户已整户退出，不能把其他档案的页面归入其退出档案');
    // Within the exited file itself, a correction is allowed.
    await api.movePages({ pageIds: [cReport ?? 0], from: { householdId: hh.c }, to: { householdId: hh.c, itemCode: 'dibao.08' } });
    expect(await page(cReport ?? 0)).toMatchObject({ householdId: hh.c, classification: 'dibao.08' });

    await api.setLegalHold({ exitId: exit.exitId, hold: true, reason: '信访复查' });
    await expect(api.movePages({ pageIds: [cApply ?? 0], from: { householdId: hh.c }, to: { householdId: hh.a, itemCode: 'dibao.02' } })).rejects.toThrow('处于法律保全（冻结）中，页面不能移出该档案');
    await expect(api.unfilePages({ pageIds: [cApply ?? 0], from: { householdId: hh.c } })).rejects.toThrow('法律保全（冻结）');
    const cDoc = (await page(cApply ?? 0)).documentId ?? 0;
    const reportDoc = (await page(cReport ?? 0)).documentId ?? 0;
    await expect(api.mergeDocuments({ householdId: hh.c, documentIds: [cDoc, reportDoc] })).rejects.toThrow();
    expect(await page(cApply ?? 0)).toMatchObject({ householdId: hh.c, documentId: cDoc });
  });

  it('checks the caller’s role: inspectors and district staff may not move pages', async () => {
    const sessions = new SessionStore();
    const as = () => createGuardedApi({ archive, setupActor: 'setup', sessions, caller: { token: null } });
    await as().createUser({ username: 'admin', displayName: 'admin', role: '管理员', password: 'admin-密码123' });
    const admin = as();
    await admin.login({ username: 'admin', password: 'admin-密码123' });
    const users: [string, Role][] = [['clerk', '经办人'], ['inspector', '检查员'], ['district', '区级']];
    for (const [username, role] of users) await admin.createUser({ username, displayName: username, role, password: `${username}-密码123` });
    const login = async (username: string) => {
      const client = as();
      await client.login({ username, password: `${username}-密码123` });
      return client;
    };
    const [apply] = pages.a['dibao.02'] ?? [];
    const move = { pageIds: [apply ?? 0], from: { householdId: hh.a }, to: { householdId: hh.b, itemCode: 'dibao.02' } };
    for (const username of ['inspector', 'district']) {
      const client = await login(username);
      await expect(client.movePages(move)).rejects.toThrow(/当前角色（(检查员|区级)）无权执行此操作/);
      await expect(client.unfilePages({ pageIds: [apply ?? 0] })).rejects.toThrow(/无权执行此操作/);
      await expect(client.splitDocument({ householdId: hh.a, documentId: 1, atPageId: apply ?? 0 })).rejects.toThrow(/无权执行此操作/);
      await expect(client.mergeDocuments({ householdId: hh.a, documentIds: [1, 2] })).rejects.toThrow(/无权执行此操作/);
    }
    expect((await page(apply ?? 0)).householdId).toBe(hh.a);
    const clerk = await login('clerk');
    await clerk.movePages(move);
    expect((await page(apply ?? 0)).householdId).toBe(hh.b);
    expect((await audit('page', apply ?? 0))[0]).toMatchObject({ action: 'page.move', actor: 'clerk' });
  });
});
