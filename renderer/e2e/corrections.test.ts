import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HudangApi } from '../../main/api/contract';
import { openArchive, type Archive } from '../../main/archive';
import { makeIdNumber } from '../../main/domain/idNumber';
import { createService } from '../../main/service';
import { householdIdOf, placeholderPage } from '../../main/testing/archives';
import {
  chromiumMissing,
  openInChromium,
  type BrowserSession,
  screenshotPath,
  SKIP_REASON,
} from '../../main/testing/browser';
import { masked, rosterCsv, tempDir, writeCsv } from '../../main/testing/fixtures';

/**
 * Putting pages right in 户档案 and 收件箱, keyboard first: a page to another
 * item, a document split, a page to another household, a page back to the
 * inbox and filed again from its suggestions. After each, the household's
 * checklist and the 整改清单's source (check's missing items) follow, and the
 * audit log has the move.
 */

if (chromiumMissing) console.warn(SKIP_REASON);

const A = { name: '韩桂兰', id: makeIdNumber('120116', '19480315', 51) };
const B = { name: '冯振东', id: makeIdNumber('120116', '19600822', 52) };
const VILLAGE = '红旗村';
const REPORT = '居民家庭经济状况核对报告';
const APPLY = '最低生活保障待遇申请书';
const SURVEY = '最低生活保障入户调查表及入户照片';

describe.skipIf(chromiumMissing)('page corrections', () => {
  let archive: Archive;
  let session: BrowserSession;
  let api: HudangApi;
  let page: Page;
  let a: number;
  let b: number;
  let apply: number;
  let survey: number[];

  const status = (code: string) => page.locator(`.checklist li[data-code="${code}"]`).getAttribute('data-status');
  const missing = async (idNumber: string) =>
    (await api.checkHouseholds({ village: VILLAGE })).find((r) => r.household === idNumber)?.missing ?? [];
  const actions = async (pageId: number) =>
    (await api.listAudit({ entity: 'page', entityId: String(pageId) })).map((e) => e.action);
  const chip = (pageId: number) => page.locator(`.page-chip[data-page="${pageId}"]`);
  const openHousehold = async (id: number) => {
    await page.evaluate((hash) => {
      window.location.hash = hash;
    }, `#/household/${id}`);
    await page.locator('.doc-list').waitFor({ timeout: 30_000 });
    await page.locator('.checklist').waitFor();
  };

  beforeAll(async () => {
    const dir = tempDir();
    archive = await openArchive(path.join(dir, 'archive'));
    api = createService({ archive, actor: 'test' });
    await api.importRoster({
      path: writeCsv(
        path.join(dir, 'r.csv'),
        rosterCsv([
          [VILLAGE, A.name, A.id, '低保', '2'],
          [VILLAGE, B.name, B.id, '低保', '1'],
        ]),
      ),
    });
    a = await householdIdOf(api, A.id);
    b = await householdIdOf(api, B.id);
    const report = await api.registerDigitisedPages({
      householdId: a,
      documents: [
        { itemCode: 'dibao.02', pages: [{ imageBase64: await placeholderPage(180), text: '最低生活保障申请书' }] },
        {
          itemCode: 'dibao.08',
          pages: [
            { imageBase64: await placeholderPage(190), text: '入户调查表 第1页' },
            { imageBase64: await placeholderPage(191), text: '入户调查表 第2页' },
            { imageBase64: await placeholderPage(192), text: '居民家庭经济状况核对报告' },
          ],
        },
      ],
    });
    const idsOf = async (documentId: number) =>
      (
        await archive.db
          .selectFrom('page')
          .select('id')
          .where('documentId', '=', documentId)
          .orderBy('positionInDocument')
          .execute()
      ).map((r) => r.id);
    [apply] = (await idsOf(report.documentIds[0] ?? 0)) as [number];
    survey = await idsOf(report.documentIds[1] ?? 0);
    // What filing thought of the glued-on third page: two opinions that disagree.
    await archive.db
      .updateTable('page')
      .set({
        titleText: REPORT,
        suggestions: JSON.stringify([
          { itemCode: 'dibao.09', confidence: 0.92, source: 'title', reason: '标题与核对报告相符' },
          { itemCode: 'dibao.08', confidence: 0.71, source: 'text', reason: '全文与入户调查表相近' },
        ]),
      })
      .where('id', '=', survey[2] ?? 0)
      .execute();
    session = await openInChromium(archive, 'test');
    page = await session.browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(session.host.url);
    await page.getByRole('navigation', { name: '主导航' }).waitFor({ timeout: 30_000 });
  }, 120_000);

  afterAll(async () => {
    await session?.close();
    await archive?.close();
  });

  it('moves a page to another item with its checklist number', async () => {
    await openHousehold(a);
    expect(await status('dibao.09')).toBe('缺件');
    expect(await missing(A.id)).toContain(REPORT);
    const report = survey[2] ?? 0;
    await chip(report).click();
    await expect.poll(() => page.locator('.correction-summary').textContent()).toContain('第 3 页');
    // The checklist shows each item's key; 核对报告 is item 9 of the 低保 list.
    expect(await page.locator('.checklist li[data-code="dibao.09"] .move-here').textContent()).toBe('9');
    await page.screenshot({ path: screenshotPath('20-household-corrections') });
    await page.keyboard.press('9');
    await expect.poll(() => status('dibao.09'), { timeout: 15_000 }).toBe('齐全');
    await expect.poll(() => page.locator('.correction .done').textContent()).toContain(`移到“${REPORT}”`);
    expect(await status('dibao.08')).toBe('齐全');
    expect(await missing(A.id)).not.toContain(REPORT);
    expect(await actions(report)).toContain('page.move');
  }, 60_000);

  it('splits a document at the selected page', async () => {
    const [, second] = survey;
    await chip(second ?? 0).click();
    await page.keyboard.press('x');
    await expect.poll(() => page.locator('.doc-list > li', { hasText: SURVEY }).count(), { timeout: 15_000 }).toBe(2);
    expect(await status('dibao.08')).toBe('齐全');
    expect(await missing(A.id)).not.toContain(SURVEY);
    const split = await api.listAudit({ entity: 'document' });
    expect(split.map((e) => e.action)).toContain('document.split');
    // "Same item as the previous page" puts it back: = continues the document before it.
    await chip(second ?? 0).click();
    await expect
      .poll(() => page.locator('.correction-actions button', { hasText: '同上页' }).textContent())
      .toContain(SURVEY);
    await page.keyboard.press('=');
    await expect.poll(() => page.locator('.doc-list > li', { hasText: SURVEY }).count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => page.locator('.doc-list > li', { hasText: SURVEY }).locator('.page-chip').count()).toBe(2);
  }, 60_000);

  it('moves a page to another household found by name, with ID numbers masked', async () => {
    expect(await missing(B.id)).toContain(APPLY);
    await chip(apply).click();
    await page.keyboard.press('h');
    await page.getByRole('combobox', { name: '移到其他户搜索' }).fill(B.name);
    const option = page.locator('.elsewhere .picker-results li', { hasText: B.name });
    await option.waitFor();
    expect(await option.textContent()).toContain(masked(B.id));
    await page.keyboard.press('Enter');
    await page.locator('.elsewhere-items li[data-code="dibao.02"]').waitFor();
    await page.screenshot({ path: screenshotPath('21-move-to-household') });
    await page.keyboard.press('2');
    await expect.poll(() => status('dibao.02'), { timeout: 15_000 }).toBe('缺件');
    await expect.poll(() => page.locator('.correction .done').textContent()).toContain(`移到 ${B.name}`);
    expect(await missing(A.id)).toContain(APPLY);
    expect(await missing(B.id)).not.toContain(APPLY);
    expect(await chip(apply).count()).toBe(0);
    const moved = await archive.db
      .selectFrom('auditLog')
      .select(['action', 'after'])
      .where('entity', '=', 'page')
      .where('entityId', '=', String(apply))
      .execute();
    expect(
      moved.map((e) => [e.action, (JSON.parse(e.after ?? '{}') as { householdId: number }).householdId]),
    ).toContainEqual(['page.move', b]);
  }, 60_000);

  it('sends a page back to the inbox, where both opinions show and picking one files it again', async () => {
    const report = survey[2] ?? 0;
    await chip(report).click();
    await page.keyboard.press('u');
    await expect
      .poll(() => page.locator('.doc-list li[data-document="unfiled"] .page-chip').count(), { timeout: 15_000 })
      .toBe(1);
    await expect.poll(() => status('dibao.09')).not.toBe('齐全');
    const row = (await api.checkHouseholds({ village: VILLAGE })).find((r) => r.household === A.id);
    expect([...(row?.missing ?? []), ...(row?.unconfirmed ?? [])]).toContain(REPORT);
    expect(await actions(report)).toContain('page.unfile');

    await page.keyboard.press('Alt+2');
    await page.locator('h1#inbox-title').waitFor();
    const waiting = page.locator(`.inbox-list li[data-page-id="${report}"]`);
    await waiting.waitFor({ timeout: 30_000 });
    expect(await waiting.locator('.inbox-opinions').textContent()).toBe(`标题：${REPORT} 92% · 全文：${SURVEY} 71%`);
    await waiting.click();
    const opinions = page.getByTestId('suggestions');
    await expect.poll(() => opinions.locator('button').count()).toBe(2);
    await page.screenshot({ path: screenshotPath('22-inbox-suggestions') });
    await opinions.locator('button', { hasText: `标题：${REPORT}` }).click();
    await expect
      .poll(() => page.locator(`.inbox-list li[data-page-id="${report}"]`).count(), { timeout: 15_000 })
      .toBe(0);
    expect((await api.getChecklist({ householdId: a }))[0]?.items.find((i) => i.code === 'dibao.09')?.status).toBe(
      '齐全',
    );
    expect(await missing(A.id)).not.toContain(REPORT);
    expect(await actions(report)).toContain('page.review');
  }, 60_000);

  it('offers no corrections to an inspector, whose role may not make them', async () => {
    await api.createUser({ username: 'inspector1', displayName: '刘检查', role: '检查员', password: 'Hudang-2025!' });
    const tab = await session.browser.newPage({ viewport: { width: 1366, height: 768 } });
    await tab.goto(session.host.url);
    await tab.getByLabel('用户名').fill('inspector1');
    await tab.getByLabel('密码').fill('Hudang-2025!');
    await tab.getByRole('button', { name: '登录' }).click();
    await tab.getByRole('navigation', { name: '主导航' }).waitFor({ timeout: 30_000 });
    await tab.evaluate((hash) => {
      window.location.hash = hash;
    }, `#/household/${a}`);
    await tab.locator('.doc-list .page-chip').first().click();
    await tab.locator('.household-viewer img').first().waitFor();
    // The image loads: its URL carries this tab's session, which the host now requires.
    await expect
      .poll(() => tab.locator('.household-viewer img').first().evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBeGreaterThan(0);
    expect(await tab.locator('.correction').count()).toBe(0);
    expect(await tab.locator('.move-here').count()).toBe(0);
    const before = await archive.db
      .selectFrom('page')
      .select(['id', 'documentId', 'householdId'])
      .orderBy('id')
      .execute();
    await tab.keyboard.press('3');
    await tab.keyboard.press('u');
    await tab.waitForTimeout(1000);
    expect(
      await archive.db.selectFrom('page').select(['id', 'documentId', 'householdId']).orderBy('id').execute(),
    ).toEqual(before);
    await tab.close();
  }, 60_000);
});
