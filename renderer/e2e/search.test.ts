import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive, type Archive } from '../../main/archive';
import { makeIdNumber } from '../../main/domain/idNumber';
import { createService } from '../../main/service';
import { householdIdOf, placeholderPage as pageImage } from '../../main/testing/archives';
import { chromiumMissing, openInChromium, type BrowserSession, screenshotPath, SKIP_REASON } from '../../main/testing/browser';
import { masked, rosterCsv, tempDir, writeCsv } from '../../main/testing/fixtures';

/** 全文检索 in the UI: find a page by words on it, see where it is filed (ID masked), open it in its household. */

if (chromiumMissing) console.warn(SKIP_REASON);

const HEAD = { name: '刘淑芬', id: makeIdNumber('120116', '19520214', 41) };
const OTHER = { name: '马振东', id: makeIdNumber('120116', '19610909', 42) };

describe.skipIf(chromiumMissing)('全文检索 screen', () => {
  let archive: Archive;
  let session: BrowserSession;
  let householdId: number;

  beforeAll(async () => {
    const dir = tempDir();
    archive = await openArchive(path.join(dir, 'archive'));
    const api = createService({ archive, actor: 'test' });
    await api.importRoster({ path: writeCsv(path.join(dir, 'r.csv'), rosterCsv([['红旗村', HEAD.name, HEAD.id, '低保', '2'], ['东风村', OTHER.name, OTHER.id, '低保', '1']])) });
    householdId = await householdIdOf(api, HEAD.id);
    await api.registerDigitisedPages({
      householdId,
      documents: [
        { itemCode: 'dibao.02', pages: [{ imageBase64: await pageImage(200), text: `最低生活保障申请书 申请人 ${HEAD.name} 身份证号 ${HEAD.id}` }] },
        {
          itemCode: 'dibao.03',
          pages: [
            { imageBase64: await pageImage(210), text: '家庭经济状况核对授权书 本人同意授权核对' },
            { imageBase64: await pageImage(211), text: '经入户调查核实，家中有一间砖混结构平房' },
          ],
        },
      ],
    });
    await api.registerDigitisedPages({
      householdId: await householdIdOf(api, OTHER.id),
      documents: [{ itemCode: 'dibao.02', pages: [{ imageBase64: await pageImage(220), text: '最低生活保障申请书 申请人马振东' }] }],
    });
    // A clerk moves 马振东's application into a document of its own: it has no 题名, like every document the classifier files.
    const [moved] = await api.searchPageText({ text: '申请人马振东' });
    const other = moved?.householdId ?? 0;
    await api.movePages({ pageIds: [moved?.pageId ?? 0], from: { householdId: other }, to: { householdId: other, itemCode: 'dibao.02', document: 'new' } });
    session = await openInChromium(archive, 'test');
  }, 120_000);

  afterAll(async () => {
    await session?.close();
    await archive?.close();
  });

  it('finds pages by their words, masks ID numbers and opens the page in its household', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(session.host.url);
    // The shortcut works once the app has drawn its navigation.
    await expect.poll(() => page.getByRole('navigation', { name: '主导航' }).count(), { timeout: 30_000 }).toBe(1);
    await page.keyboard.press('Alt+8');
    await expect.poll(() => page.locator('h1#search-title').count(), { timeout: 30_000 }).toBe(1);

    const box = page.getByRole('searchbox', { name: '检索页面文字' });
    await box.fill('最低生活保障');
    await box.press('Enter');
    await expect.poll(() => page.locator('.search-hits tbody tr').count(), { timeout: 30_000 }).toBe(2);
    const first = page.locator('.search-hits tbody tr', { hasText: HEAD.name });
    expect(await first.textContent()).toContain(masked(HEAD.id));
    expect(await page.locator('.search-hits').textContent()).not.toContain(HEAD.id);
    expect(await first.locator('mark').first().textContent()).toBe('最低生活保障');
    // A filed page's 文件 is its document's name, its item's where it has none: never 未归入文件.
    const files = page.locator('.search-hits tbody tr td:nth-child(4)');
    expect(await files.allTextContents()).toEqual(['最低生活保障待遇申请书', '最低生活保障待遇申请书']);
    await page.screenshot({ path: screenshotPath('10-search-filed') });
    expect(page.url()).toContain(`#/search/${encodeURIComponent('最低生活保障')}`);

    await box.fill('入户调查');
    await box.press('Enter');
    await expect.poll(() => page.locator('.search-hits tbody tr').count()).toBe(1);
    const overflow = await page.evaluate(() => [document.documentElement, ...document.querySelectorAll('.content')].filter((el) => el.scrollWidth > el.clientWidth + 1).length);
    expect(overflow).toBe(0);
    await page.screenshot({ path: screenshotPath('10-search') });
    await page.locator('.search-hits tbody tr button.link').click();
    await expect.poll(() => page.url()).toContain(`#/household/${householdId}/page/`);
    // The second page of the 授权书 is the one shown, not the file's first page.
    await expect.poll(() => page.locator('.household-viewer').textContent(), { timeout: 30_000 }).toContain('第 2 页');

    await page.goBack();
    await expect.poll(() => page.locator('.search-hits tbody tr').count()).toBe(1);
    await box.fill('没有这样的字');
    await box.press('Enter');
    await expect.poll(() => page.locator('.empty').textContent()).toContain('没有页面含有“没有这样的字”');
    await page.close();
  });
});
