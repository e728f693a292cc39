import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive, type Archive } from '../../main/archive';
import { createService } from '../../main/service';
import { chromiumMissing, openInChromium, type BrowserSession, screenshotPath, SKIP_REASON, logIn, overflowing, englishText, menuEntries } from '../../main/testing/browser';
import { tempDir } from '../../main/testing/fixtures';
import { exportTwoTowns, SECOND_TOWN, type TownExports } from '../../main/testing/townPackages';

/**
 * The district officer (区级) in the app, at 1366×768: two towns' packages,
 * made by the real export into the 交换文件夹, and a tampered copy of one
 * package are chosen by folder on 导入数据包 and imported in one run with
 * progress; the result table says what was imported, that the tampered
 * package was refused and why, and that a household already in the other
 * 镇街 is a conflict. 全区台账 then shows both 镇街 and their villages (the
 * same village name apart in each), and opens a household read-only. A
 * 经办人 sees neither menu entry and is told why at once when sent there.
 */

if (chromiumMissing) console.warn(SKIP_REASON);

const PASSWORD = 'Hudang-2025!';

describe.skipIf(chromiumMissing)('区级: 导入数据包 and 全区台账', () => {
  let dir: string;
  let towns: TownExports;
  let archive: Archive;
  let session: BrowserSession;


  /** Nothing on the screen is wider than the window. */
  const overflow = (page: Page) => overflowing(page, '.content, .district-import-form, .district-result, .ledger-layout, .ledger-households, .household-grid');

  /** English words in the screen's own text (not the data in table cells, folder paths, the Alt key hints or the user's name). */
  const englishWords = (page: Page) => englishText(page, 'kbd, td, .folder-list, .path, .topbar .user');

  beforeAll(async () => {
    dir = tempDir('hudang-district-ui-');
    const exchange = path.join(dir, '交换');
    towns = await exportTwoTowns(dir, exchange);
    archive = await openArchive(path.join(dir, 'district'));
    const setup = createService({ archive, actor: 'setup' });
    await setup.updateSettings({ district: '河西区', packageFolders: [exchange] });
    for (const [username, displayName, role] of [
      ['admin', '赵管理', '管理员'],
      ['qu', '钱区级', '区级'],
      ['clerk', '孙经办', '经办人'],
    ] as const) {
      await setup.createUser({ username, displayName, role, password: PASSWORD });
    }
    session = await openInChromium(archive, 'test');
  }, 240_000);

  afterAll(async () => {
    await session?.close();
    await archive?.close();
  });

  it('keeps 导入数据包 and 全区台账 from a 经办人 and says why when sent there, and shows them to the 管理员', async () => {
    const clerk = await logIn(session, 'clerk', PASSWORD);
    const entries = await menuEntries(clerk);
    expect(entries).not.toContain('导入数据包');
    expect(entries).not.toContain('全区台账');
    for (const [hash, name] of [
      ['#/district-import', '导入数据包'],
      ['#/ledger', '全区台账'],
    ] as const) {
      await clerk.evaluate((h) => {
        window.location.hash = h;
      }, hash);
      await clerk.getByRole('heading', { name: `无权使用“${name}”` }).waitFor({ timeout: 5_000 });
      expect(await clerk.locator('.content').textContent()).toContain('当前角色（经办人）');
    }
    await clerk.close();

    // The 管理员 may do what the 区级 may: both entries, after the others (Alt+1…9 keep their screens).
    const admin = await logIn(session, 'admin', PASSWORD);
    expect((await menuEntries(admin)).slice(-3)).toEqual(['用户与权限', '导入数据包', '全区台账']);
    await admin.getByRole('link', { name: /全区台账/ }).click();
    await admin.getByText('区级档案中还没有户档。').waitFor();
    expect(await overflow(admin)).toEqual([]);
    expect(await englishWords(admin)).toEqual([]);
    await admin.screenshot({ path: screenshotPath('18-district-ledger-empty') });
    await admin.close();
  }, 60_000);

  it('imports two towns and a tampered package in one run, and shows what happened to each package', async () => {
    const page = await logIn(session, 'qu', PASSWORD);
    expect(await menuEntries(page)).toEqual(['工作台', '村(社区)', '退出档案', '设置', '按户导出', '离线检查', '全文检索', '导入数据包', '全区台账']);
    await page.getByRole('link', { name: /导入数据包/ }).click();
    await page.getByRole('heading', { name: '导入数据包', level: 1 }).waitFor();
    for (const folder of [towns.first, towns.second, towns.tampered]) {
      await page.getByLabel('数据包文件夹路径').fill(folder);
      await page.getByRole('button', { name: '添加文件夹' }).click();
    }
    await expect.poll(() => page.locator('.folder-list li').count()).toBe(3);
    expect(await overflow(page)).toEqual([]);
    expect(await englishWords(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('18-district-import-chosen') });

    // The progress bar the service's events drive: remember what it showed while the import ran.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { progressSeen: string[] }).progressSeen = seen;
      new MutationObserver(() => {
        const bar = document.querySelector('[aria-label="导入进度"]');
        if (bar) seen.push(`${bar.getAttribute('aria-valuenow')}/${bar.getAttribute('aria-valuemax')}`);
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await page.getByRole('button', { name: /开始导入/ }).click();
    const summary = page.getByTestId('district-import-summary');
    await summary.waitFor({ timeout: 60_000 });
    expect(await summary.textContent()).toBe('共 10 个数据包：新导入 8，更新 0，未变 0，拒绝 2（其中冲突 1）。');
    const seen = await page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen);
    expect(seen.some((s) => /\/(10|9)$/.test(s)), seen.join(' ')).toBe(true);

    const conflict = page.locator('tr[data-outcome="conflict"]');
    expect(await conflict.count()).toBe(1);
    expect(await conflict.textContent()).toContain('冲突');
    expect(await conflict.textContent()).toContain('该户在区级档案中属于城南镇，此包却来自杨柳青镇');
    const refused = page.locator('tr[data-outcome="refused"]');
    expect(await refused.count()).toBe(1);
    expect(await refused.textContent()).toMatch(/拒绝.*校验未通过.*整包未导入/);
    // Refusals come first; each 镇街's first package tells the officer to compare the key's fingerprint.
    expect(await page.locator('.district-result-table tbody tr').first().getAttribute('data-outcome')).not.toBe('imported');
    expect(await page.locator('tr[data-outcome="imported"]').count()).toBe(8);
    expect(await page.locator('.district-result-table').textContent()).toContain('首次登记杨柳青镇的签名密钥');
    // Numbers are masked in the table.
    expect(await page.locator('.district-result-table').textContent()).not.toMatch(/\d{17}[\dX]/);
    expect(await overflow(page)).toEqual([]);
    expect(await englishWords(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('18-district-import-result'), fullPage: true });
    await page.close();
  }, 120_000);

  it('shows both 镇街 in 全区台账 and opens a household of a village read-only', async () => {
    const page = await logIn(session, 'qu', PASSWORD);
    await page.getByRole('link', { name: /全区台账/ }).click();
    await page.getByRole('heading', { name: '全区台账', level: 1 }).waitFor();
    const first = page.locator('tbody[data-town="城南镇"] tr.ledger-town');
    const second = page.locator(`tbody[data-town="${SECOND_TOWN}"] tr.ledger-town`);
    await first.waitFor({ timeout: 30_000 });
    // 户数, 在册, 整户退出 of each 镇街.
    expect((await first.locator('td.num').allTextContents()).slice(0, 3)).toEqual(['6', '5', '1']);
    expect((await second.locator('td.num').allTextContents()).slice(0, 6)).toEqual(['2', '2', '0', '0', '2', '0']);
    expect(await first.locator('td').last().textContent()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    // 红旗村 is in both 镇街 and each keeps its own row.
    expect(await page.locator('tr[data-village="城南镇/红旗村"]').count()).toBe(1);
    expect(await page.locator(`tr[data-village="${SECOND_TOWN}/红旗村"]`).count()).toBe(1);
    expect((await page.locator('tfoot td.num').allTextContents()).slice(0, 3)).toEqual(['8', '7', '1']);
    expect(await overflow(page)).toEqual([]);
    expect(await englishWords(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('18-district-ledger') });

    await page.locator(`tr[data-village="${SECOND_TOWN}/红旗村"] a`).click();
    const households = page.locator('.ledger-households');
    await expect.poll(() => households.locator('tbody tr').count(), { timeout: 15_000 }).toBe(1);
    expect(await households.locator('tbody tr').textContent()).toMatch(/陈玉珍120111\*{8}\d{3}[\dX]低保缺件/);
    await page.locator(`tr[data-village="城南镇/东风村"] a`).click();
    await expect.poll(() => households.locator('h2').textContent()).toBe('城南镇 · 东风村');
    await expect.poll(() => households.locator('tbody tr').count()).toBe(3);
    expect(await households.textContent()).toContain('整户退出');
    expect(await overflow(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('18-district-ledger-village') });

    await households.getByRole('link', { name: '李建国' }).click();
    await page.getByRole('region', { name: '户档案：李建国' }).waitFor({ timeout: 30_000 });
    expect(await page.getByRole('button', { name: '整户退出', exact: true }).count()).toBe(0);
    await page.getByRole('tab', { name: '案卷信息' }).click();
    await page.getByText('当前角色只能查看此户档案，不能修改。').waitFor();
    expect(await page.getByLabel('申请日期').isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: '保存案卷信息' }).isDisabled()).toBe(true);
    expect(await overflow(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('18-district-household') });
    await page.close();
  }, 120_000);
});
