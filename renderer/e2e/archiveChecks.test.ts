import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckRow } from '../../main/api/contract';
import { openArchive, type Archive } from '../../main/archive';
import { makeIdNumber } from '../../main/domain/idNumber';
import { createService } from '../../main/service';
import { householdIdOf } from '../../main/testing/archives';
import { chromiumMissing, openInChromium, type BrowserSession, screenshotPath, SKIP_REASON, logIn, overflowing } from '../../main/testing/browser';
import { runCli } from '../../main/testing/cli';
import { rosterCsv, tempDir, writeCsv } from '../../main/testing/fixtures';

/**
 * 档案管理检查（附件7）in 户档案: a clerk opens a household, sees the sixteen
 * points, records a manual one as 有问题 with a note from the keyboard, and
 * sees it with who recorded it; `check --json` then has that point as
 * "problem". A 区级 account sees the same points read-only. 1366×768, no
 * horizontal overflow.
 */

if (chromiumMissing) console.warn(SKIP_REASON);

const HEAD = { name: '郑淑芬', id: makeIdNumber('120116', '19570612', 71) };
const PASSWORD = 'Hudang-2025!';
const PUBLICITY = '开展审核公示时,公示内容、地点、时间符合规定';
const NOTE = '公示未张贴在村务公开栏';

describe.skipIf(chromiumMissing)('档案管理检查 in 户档案', () => {
  let dir: string;
  let archive: Archive;
  let session: BrowserSession;
  let householdId: number;

  const point = (page: Page, no: number) => page.locator(`.archive-point[data-code="附件7-${no}"]`);

  /** Logged in, at the household's 档案检查 tab. */
  async function logInAtChecks(username: string): Promise<Page> {
    const page = await logIn(session, username, PASSWORD, `#/household/${householdId}`);
    await page.getByRole('tab', { name: '档案检查' }).click();
    await page.locator('.archive-point').first().waitFor({ timeout: 30_000 });
    return page;
  }

  /** Nothing on the screen is wider than the window. */
  const overflow = (page: Page) => overflowing(page, '.tab-body, .archive-checks');

  beforeAll(async () => {
    dir = tempDir();
    archive = await openArchive(path.join(dir, 'archive'));
    const api = createService({ archive, actor: 'setup' });
    await api.importRoster({ path: writeCsv(path.join(dir, 'r.csv'), rosterCsv([['红旗村', HEAD.name, HEAD.id, '低保', '2']])) });
    householdId = await householdIdOf(api, HEAD.id);
    for (const [username, role] of [['admin', '管理员'], ['clerk1', '经办人'], ['district1', '区级']] as const) {
      await api.createUser({ username, displayName: username, role, password: PASSWORD });
    }
    session = await openInChromium(archive, 'test');
  }, 120_000);

  afterAll(async () => {
    await session?.close();
    await archive?.close();
  });

  it('lists the sixteen points and records a manual one as 有问题 with a note, keyboard only', async () => {
    const page = await logInAtChecks('clerk1');
    await expect.poll(() => page.locator('.archive-point').count()).toBe(16);
    expect(await page.getByRole('heading', { name: '档案管理检查（附件7）' }).count()).toBe(1);
    expect(await point(page, 4).locator('.item-name').textContent()).toBe(PUBLICITY);
    expect(await point(page, 4).locator('.badge').textContent()).toBe('未检查');
    // Nothing is filed yet: the completeness point (2) is computed as a problem.
    expect(await point(page, 2).locator('.badge').textContent()).toBe('有问题');
    expect(await overflow(page)).toEqual([]);

    await page.getByRole('button', { name: '记录第 4 项检查结果' }).focus();
    await page.keyboard.press('Enter');
    const form = page.getByRole('form', { name: `记录第 4 项：${PUBLICITY}` });
    await form.waitFor();
    // The first choice (合格) has the focus; the arrow key moves to 有问题, Tab to the note.
    await page.keyboard.press('ArrowDown');
    expect(await form.getByRole('radio', { name: '有问题' }).isChecked()).toBe(true);
    await page.keyboard.press('Tab');
    await page.keyboard.type(NOTE);
    expect(await overflow(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('30-archive-check-record') });
    await page.keyboard.press('Control+Enter');

    await expect.poll(() => point(page, 4).getAttribute('data-state'), { timeout: 15_000 }).toBe('problem');
    expect(await point(page, 4).locator('.badge').textContent()).toBe('有问题');
    expect(await point(page, 4).locator('.point-detail').textContent()).toMatch(new RegExp(`^经办人 clerk1 \\d{4}-\\d{2}-\\d{2} 记录：有问题——${NOTE}$`));
    expect(await page.getByRole('status').filter({ hasText: '已记录' }).textContent()).toBe(`已记录低保案卷第 4 项：有问题——${NOTE}`);
    // Focus is back on the point's own button, the form is gone.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('记录第 4 项检查结果');
    expect(await page.locator('.record-form').count()).toBe(0);
    await point(page, 4).locator('summary').click();
    expect(await point(page, 4).locator('.point-history li').textContent()).toMatch(new RegExp(`^经办人 clerk1 \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} 有问题：${NOTE}$`));
    await page.screenshot({ path: screenshotPath('31-archive-checks') });

    const cli = await runCli(['--data', archive.dataDir, '--user', 'clerk1', 'check', '--json'], { HUDANG_PASSWORD: PASSWORD });
    expect(cli.stderr).toBe('');
    const rows = JSON.parse(cli.stdout) as CheckRow[];
    expect(rows.find((r) => r.household === HEAD.id)?.archiveChecks.find((p) => p.code === '附件7-4')).toMatchObject({
      name: PUBLICITY,
      state: 'problem',
      detail: expect.stringContaining(`记录：有问题——${NOTE}`),
    });
    await page.close();
  }, 90_000);

  it('shows a 区级 account the points read-only', async () => {
    const page = await logInAtChecks('district1');
    await expect.poll(() => page.locator('.archive-point').count()).toBe(16);
    expect(await point(page, 4).locator('.badge').textContent()).toBe('有问题');
    expect(await page.locator('.record-point').count()).toBe(0);
    expect(await overflow(page)).toEqual([]);
    await page.close();
  }, 60_000);
});
