import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive, type Archive } from '../../main/archive';
import { createService } from '../../main/service';
import { chromiumMissing, openInChromium, screenshotPath, SKIP_REASON, type BrowserSession } from '../../main/testing/browser';
import { tempDir } from '../../main/testing/fixtures';

/**
 * 设置's 保管期限 card in Chromium: a 管理员 sees and changes the retention
 * years and where they count from; a 经办人 sees the same values and cannot
 * change them.
 */

if (chromiumMissing) console.warn(SKIP_REASON);

const PASSWORD = 'Hudang-2025!';
/** The machine is shared: give the page time to load before calling it wrong. */
const WAIT = { timeout: 15_000 };

describe.skipIf(chromiumMissing)('设置: 保管期限', () => {
  let archive: Archive;
  let session: BrowserSession;

  const openAs = async (username: string): Promise<Page> => {
    const context = await session.browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await page.goto(session.host.url);
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await expect.poll(() => page.locator('#dashboard-title').count(), WAIT).toBe(1);
    await page.evaluate(() => {
      window.location.hash = '#/settings';
    });
    await expect.poll(() => page.locator('.retention-settings').count(), WAIT).toBe(1);
    return page;
  };
  const current = (page: Page) => page.getByTestId('retention-current').textContent();

  beforeAll(async () => {
    archive = await openArchive(path.join(tempDir(), 'archive'));
    const setup = createService({ archive, actor: 'test' });
    await setup.createUser({ username: 'admin1', displayName: '李管理', role: '管理员', password: PASSWORD });
    await setup.createUser({ username: 'clerk1', displayName: '张经办', role: '经办人', password: PASSWORD });
    session = await openInChromium(archive, 'test');
  });
  afterAll(async () => {
    await session?.close();
    await archive?.close();
  });

  it('a 管理员 changes the years and the start, and the archive keeps them', async () => {
    const page = await openAs('admin1');
    const card = page.locator('.retention-settings');
    await expect.poll(() => current(page), WAIT).toBe('保管期限 30 年，自退出次年1月1日起算。');
    const years = card.getByLabel('保管期限（年）');
    const save = card.getByRole('button', { name: '保存保管期限' });
    expect(await save.isDisabled()).toBe(true);
    await years.fill('0');
    await expect.poll(() => card.getByRole('alert').textContent()).toContain('保管期限应为 1 至 100 之间的整数');
    expect(await save.isDisabled()).toBe(true);
    await years.fill('50');
    await card.getByLabel('起算').selectOption({ label: '退出之日' });
    await save.click();
    await expect.poll(() => current(page), WAIT).toBe('保管期限 50 年，自退出之日起算。');
    expect(await card.locator('.ok').textContent()).toBe('已保存');
    expect(await createService({ archive, actor: 'test' }).getSettings({})).toMatchObject({ retentionYears: 50, retentionStart: 'exitDate' });
    await page.screenshot({ path: screenshotPath('settings-retention-admin'), fullPage: true });
    await page.context().close();
  });

  it('a 经办人 sees the retention but cannot change it', async () => {
    await createService({ archive, actor: 'test' }).updateSettings({ retentionYears: 50, retentionStart: 'exitDate' });
    const page = await openAs('clerk1');
    const card = page.locator('.retention-settings');
    await expect.poll(() => current(page), WAIT).toBe('保管期限 50 年，自退出之日起算。');
    expect(await card.textContent()).toContain('只有管理员可以修改');
    expect(await card.locator('input, select, button').count()).toBe(0);
    await page.screenshot({ path: screenshotPath('settings-retention-clerk'), fullPage: true });
    await page.context().close();
  });
});
