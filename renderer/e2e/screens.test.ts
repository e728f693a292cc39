import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HudangApi } from '../../main/api/contract';
import { openArchive, type Archive } from '../../main/archive';
import type { FixtureHousehold } from '../../main/export/testFixture';
import { startHost } from '../../main/host/server';
import { createService } from '../../main/service';
import { placeholderPage } from '../../main/testing/archives';
import {
  chromiumMissing,
  englishText,
  launchChromium,
  logIn,
  openInChromium,
  overflowing,
  screenshotPath,
  SKIP_REASON,
  type BrowserSession,
} from '../../main/testing/browser';
import { tempDir } from '../../main/testing/fixtures';
import { exportTwoTowns, SECOND_TOWN, type TownExports } from '../../main/testing/townPackages';

/**
 * Every screen at 1366×768 in an en-US browser, photographed into
 * test-output/screens/51-*.png onwards for a person to look at: the town's
 * 经办人 and 管理员, the district's 区级 and the 检查员, each through every
 * menu entry and the main views behind them. On each screen nothing is wider
 * than the window, no English word is left for a clerk to read, nothing
 * still says it is loading, and no date is in the browser's own format.
 */

if (chromiumMissing) console.warn(SKIP_REASON);

const PASSWORD = 'Hudang-2025!';
const SEED = '2026年第四季度抽查';
/** Screens are numbered on from here, after the other browser tests' photographs. */
const FIRST_NUMBER = 51;

/** Containers a 1366 px window could cut off; text cut short on purpose (.ellipsis, with its full text as a tooltip) is not one. */
const BOXES = [
  '.content',
  '.screen',
  '.content .card',
  '.content form',
  '.content fieldset',
  '.content table',
  '.content .table-scroll',
  '.content [class*="-grid"]',
  '.content [class*="-layout"]',
  '.tab-body',
  '.dialog',
  '.print-preview-head',
  '.preview-dialog',
].join(', ');

/**
 * What is not the app's own words but data: key caps (Alt+1, Enter, Shift),
 * monospaced data (ID numbers, folder paths, printed file names with .pdf),
 * login names (.username) and scanned files' names (.filename, as the scanner
 * named them: 扫描1.jpg).
 */
const NOT_WORDS = 'kbd, .mono, .path, .username, .filename, script, style';

/** File formats by the names Windows and the business system give them (导入花名册: CSV 或 Excel); no other English is allowed. */
const FORMAT_NAMES = new Set(['CSV', 'Excel']);

describe.skipIf(chromiumMissing)('every screen at 1366×768', () => {
  let dir: string;
  let towns: TownExports;
  let town: Archive;
  let district: Archive;
  let townSession: BrowserSession;
  let districtSession: BrowserSession;
  let setup: HudangApi;
  const seen: string[] = [];

  const household = (key: string): FixtureHousehold => towns.firstHouseholds.find((h) => h.key === key) as FixtureHousehold;
  /** A main menu entry by its label (the link's name also holds its Alt key). */
  const menu = (page: Page, label: string) =>
    page
      .getByRole('navigation', { name: '主导航' })
      .getByRole('link', { name: new RegExp(`^${label.replace(/[()]/g, '\\$&')}`) });
  const go = (page: Page, hash: string) =>
    page.evaluate((h) => {
      window.location.hash = h;
    }, hash);

  /** Waits until nothing on screen says it is still loading, checks the screen, and photographs it. */
  async function look(page: Page, name: string): Promise<void> {
    await expect
      .poll(() => page.evaluate(() => document.body.innerText.match(/正在读取|正在更新|正在打开|正在生成预览|正在计算/g) ?? []), {
        timeout: 60_000,
        message: `${name}: still loading`,
      })
      .toEqual([]);
    expect(await overflowing(page, BOXES), `${name}: cut off`).toEqual([]);
    expect((await englishText(page, NOT_WORDS, 'body')).filter((word) => !FORMAT_NAMES.has(word)), `${name}: English`).toEqual([]);
    // Dates read 2025-08-03 or 2025年8月3日, never 8/3/2025 or Aug 3.
    expect(await page.evaluate(() => document.body.innerText.match(/\b\d{1,2}\/\d{1,2}\/\d{2,4}\b/g) ?? []), `${name}: dates`).toEqual([]);
    const file = `${FIRST_NUMBER + seen.length}-${name}`;
    await page.screenshot({ path: screenshotPath(file) });
    seen.push(file);
  }

  beforeAll(async () => {
    dir = tempDir('hudang-screens-');
    const exchange = path.join(dir, '交换');
    towns = await exportTwoTowns(dir, exchange);

    // 城南镇's own archive, as its clerk keeps using it after the export.
    town = await openArchive(path.join(dir, 'first', 'town'));
    setup = createService({ archive: town, actor: 'setup' });
    const scans = path.join(dir, '扫描件');
    fs.mkdirSync(scans);
    await setup.updateSettings({ scannerFolders: [scans], packageFolders: [exchange] });
    for (const [username, displayName, role] of [
      ['admin', '赵管理', '管理员'],
      ['clerk', '钱经办', '经办人'],
      ['inspector', '孙检查', '检查员'],
    ] as const) {
      await setup.createUser({ username, displayName, role, password: PASSWORD });
    }
    const host = await startHost({ archive: town, port: 0, actor: 'test', watch: true });
    const browser = await launchChromium();
    townSession = {
      host,
      browser,
      close: async () => {
        await browser.close();
        await host.close();
      },
    };
    // The fixture stored its scans without reading them: the watching host reads them now, and the screens show it idle.
    // (Reading a page after a clerk filed it sends it back to the inbox, so the clerk's confirmations below come after.)
    for (let waited = 0; ; waited += 2000) {
      const { queue } = await setup.dashboard({});
      if (queue.files + queue.pagesToRead === 0) break;
      if (waited > 240_000) throw new Error('the host did not finish reading the fixture’s scans');
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
    // The fixture filed its scans without a clerk confirming them; a clerk would have, except for 李建国's one document left 待确认.
    for (const key of ['A', 'B', 'C', 'F']) {
      const { id } = household(key);
      for (const d of (await setup.householdDocuments({ householdId: id })).documents) {
        if (d.itemCode && d.pages.length > 0) await setup.movePages({ pageIds: d.pages.map((p) => p.id), from: { householdId: id }, to: { householdId: id, itemCode: d.itemCode } });
      }
    }
    // A page back in the inbox, and a read page 全文检索 finds.
    const zhao = household('B');
    const docs = await setup.householdDocuments({ householdId: zhao.id });
    const first = docs.documents.find((d) => d.pages.length > 0)?.pages[0];
    if (first) await setup.unfilePages({ pageIds: [first.id], from: { householdId: zhao.id } });
    await setup.registerDigitisedPages({
      householdId: zhao.id,
      documents: [
        {
          itemCode: 'dibao.08',
          docDate: '2026-04-12',
          pages: [{ imageBase64: await placeholderPage(170), text: '最低生活保障入户调查表 被调查人 赵德胜 红旗村三组 入户调查时间 2026年4月12日' }],
        },
      ],
    });

    district = await openArchive(path.join(dir, 'district'));
    const districtSetup = createService({ archive: district, actor: 'setup' });
    await districtSetup.updateSettings({ district: '河西区', packageFolders: [exchange] });
    await districtSetup.createUser({ username: 'qu', displayName: '钱区级', role: '区级', password: PASSWORD });
    districtSession = await openInChromium(district, 'test');
  }, 300_000);

  afterAll(async () => {
    await townSession?.close();
    await districtSession?.close();
    await town?.close();
    await district?.close();
    console.info(`screens looked at (test-output/screens/):\n  ${seen.join('\n  ')}`);
  });

  it('the 经办人’s day: 工作台, 收件箱, 村(社区), a household’s four tabs, 整户退出, 退出档案, 全文检索, 打印, 设置', async () => {
    const login = await townSession.browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'en-US' });
    await login.goto(townSession.host.url);
    await login.getByRole('button', { name: '登录' }).waitFor();
    await look(login, 'login');
    await login.close();

    const page = await logIn(townSession, 'clerk', PASSWORD);
    await page.getByTestId('tile-inbox').filter({ hasText: /^\d+$/ }).waitFor();
    await look(page, 'clerk-dashboard');

    await menu(page, '收件箱').click();
    await page.locator('.inbox-list li').first().waitFor();
    await look(page, 'inbox');

    await menu(page, '村(社区)').click();
    await expect.poll(() => page.getByTestId('village-count').textContent(), { timeout: 30_000 }).toMatch(/^显示 \d+ \/ \d+ 户$/);
    await look(page, 'villages');

    const zhao = household('B');
    await go(page, `#/household/${zhao.id}`);
    await page.locator('.checklist').waitFor({ timeout: 30_000 });
    await look(page, 'household-checklist');
    await page.getByRole('tab', { name: '案卷信息' }).click();
    await look(page, 'household-case');
    await page.getByRole('tab', { name: '家庭情况' }).click();
    await page.locator('.facts-table').waitFor();
    await look(page, 'household-facts');
    await page.getByRole('tab', { name: '档案检查' }).click();
    await page.locator('.archive-point').first().waitFor({ timeout: 30_000 });
    await look(page, 'household-checks');
    await page.getByRole('tab', { name: '要件清单' }).click();
    await page.locator('.checklist').waitFor();
    await page.keyboard.press('h');
    await page.getByLabel('移到其他户搜索').waitFor();
    await look(page, 'household-move');
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: '整户退出', exact: true }).click();
    await page.getByRole('dialog', { name: '整户退出' }).waitFor();
    await look(page, 'exit-dialog');
    await page.getByRole('button', { name: '取消' }).click();

    await menu(page, '退出档案').click();
    await page.locator('.exited-detail').waitFor({ timeout: 30_000 });
    await look(page, 'exited');

    await menu(page, '全文检索').click();
    await page.getByLabel('检索页面文字').fill('入户调查');
    await page.getByRole('button', { name: '检索', exact: true }).click();
    await page.locator('.search-hits tbody tr').first().waitFor({ timeout: 30_000 });
    await look(page, 'search');

    await go(page, '#/overdue');
    await page.getByRole('heading', { name: '动态核查逾期名单' }).waitFor();
    await look(page, 'overdue');

    await menu(page, '打印').click();
    await page.getByLabel('村(社区)').selectOption('红旗村');
    await expect.poll(() => page.getByTestId('print-selection').textContent()).toMatch(/^全村 \d+ 户$/);
    await look(page, 'print');
    for (const [kind, name] of [
      ['卷皮、卷内目录和备考表', 'print-fronts-preview'],
      ['整改清单', 'print-rectification-preview'],
      ['盒脊标签', 'print-spine-preview'],
    ] as const) {
      await page.getByRole('radio', { name: kind, exact: true }).check();
      await page.getByRole('button', { name: '生成预览' }).click();
      await expect.poll(() => page.getByTestId('print-pages').textContent(), { timeout: 90_000 }).toMatch(/^共 \d+ 页$/);
      await look(page, name);
    }

    await menu(page, '设置').click();
    await page.getByRole('heading', { name: '扫描文件夹' }).waitFor();
    await look(page, 'clerk-settings');
    await page.close();
  }, 300_000);

  it('the 管理员: 工作台, 用户与权限, 按户导出 with its result, 退出档案, 设置', async () => {
    const page = await logIn(townSession, 'admin', PASSWORD);
    await page.getByTestId('tile-inbox').filter({ hasText: /^\d+$/ }).waitFor();
    await look(page, 'admin-dashboard');

    await menu(page, '用户与权限').click();
    await page.locator('[data-user="clerk"]').waitFor();
    await look(page, 'users');

    await menu(page, '按户导出').click();
    await look(page, 'export');
    await page.getByLabel('导出到目录').fill(path.join(dir, '导出'));
    await page.getByLabel('村(社区)（留空为全部）').fill('红旗村');
    await page.getByRole('button', { name: '开始导出' }).click();
    await page.getByTestId('export-summary').waitFor({ timeout: 120_000 });
    await look(page, 'export-done');

    await menu(page, '退出档案').click();
    await page.locator('.exited-detail').waitFor({ timeout: 30_000 });
    await look(page, 'admin-exited');

    await menu(page, '设置').click();
    await page.getByRole('heading', { name: '法定节假日' }).waitFor();
    await look(page, 'admin-settings');
    await page.close();
  }, 300_000);

  it('the 区级: 导入数据包 with its result, 工作台 with two towns’ 红旗村, 全区台账, a household read-only, 退出档案, 设置', async () => {
    const page = await logIn(districtSession, 'qu', PASSWORD);
    await menu(page, '导入数据包').click();
    for (const folder of [towns.first, towns.second, towns.tampered]) {
      await page.getByLabel('数据包文件夹路径').fill(folder);
      await page.getByRole('button', { name: '添加文件夹' }).click();
    }
    await expect.poll(() => page.locator('.folder-list li').count()).toBe(3);
    await look(page, 'district-import');
    await page.getByRole('button', { name: /开始导入/ }).click();
    await page.getByTestId('district-import-summary').waitFor({ timeout: 120_000 });
    await look(page, 'district-import-result');

    await menu(page, '工作台').click();
    const rows = page.locator('.village-counts tbody tr');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBeGreaterThan(3);
    // Two towns' 红旗村 are two rows, each with its town.
    expect(await page.locator(`.village-counts tr[data-village="城南镇/红旗村"] td`).first().textContent()).toBe('城南镇·红旗村');
    expect(await page.locator(`.village-counts tr[data-village="${SECOND_TOWN}/红旗村"] td`).first().textContent()).toBe(`${SECOND_TOWN}·红旗村`);
    expect(await page.locator('.village-counts tr[data-village="城南镇/东风村"] td').first().textContent()).toBe('东风村');
    await look(page, 'district-dashboard');

    await menu(page, '全区台账').click();
    await page.locator('tbody[data-town="城南镇"] tr.ledger-town').waitFor({ timeout: 30_000 });
    await look(page, 'ledger');
    await page.locator('tr[data-village="城南镇/东风村"] a').click();
    await expect.poll(() => page.locator('.ledger-households tbody tr').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await look(page, 'ledger-village');
    await page.locator('.ledger-households tbody tr a').first().click();
    await page.locator('.checklist').waitFor({ timeout: 30_000 });
    await look(page, 'district-household');

    // The village list keeps two towns' 红旗村 apart too.
    await menu(page, '村(社区)').click();
    await page.locator('.village-nav a', { hasText: `${SECOND_TOWN}·红旗村` }).click();
    await expect.poll(() => page.getByTestId('village-count').textContent(), { timeout: 30_000 }).toBe('显示 1 / 1 户');
    expect(await page.locator('.village-households h2').textContent()).toBe(`${SECOND_TOWN} · 红旗村`);
    await look(page, 'district-villages');

    await menu(page, '退出档案').click();
    await page.locator('.exited-detail').waitFor({ timeout: 30_000 });
    await look(page, 'district-exited');

    await menu(page, '设置').click();
    await page.getByRole('heading', { name: '交换文件夹' }).waitFor();
    await look(page, 'district-settings');
    await page.close();
  }, 300_000);

  it('the 检查员: 工作台, 离线检查 with the 抽查 report and its preview, a sampled household from its package, a town household read-only, a screen not for the role', async () => {
    const page = await logIn(townSession, 'inspector', PASSWORD);
    await page.getByTestId('tile-inbox').filter({ hasText: /^\d+$/ }).waitFor();
    await look(page, 'inspector-dashboard');

    await menu(page, '离线检查').click();
    await look(page, 'inspect');
    await page.getByLabel('导出包目录').fill(towns.first);
    await page.getByLabel('抽查编号').fill(SEED);
    await page.getByLabel('新确认起始日').fill('2025-06-01');
    await page.getByRole('button', { name: '开始检查' }).click();
    await expect.poll(() => page.getByTestId('inspect-summary').textContent(), { timeout: 90_000 }).toContain(`抽查编号“${SEED}”`);
    await look(page, 'inspect-report');

    await page.getByRole('button', { name: '打印报告' }).click();
    const preview = page.getByRole('dialog', { name: '打印预览' });
    await preview.waitFor({ timeout: 60_000 });
    await look(page, 'inspect-report-preview');
    await preview.getByRole('button', { name: '关闭' }).click();

    await page.getByRole('button', { name: /^查看.+的户档$/ }).first().click();
    const file = page.locator('.package-household');
    await file.locator('.checklist').waitFor({ timeout: 60_000 });
    await look(page, 'package-household');
    await file.getByRole('tab', { name: '案卷信息' }).click();
    await look(page, 'package-household-case');
    await file.getByRole('button', { name: '返回抽查报告' }).click();

    await go(page, `#/household/${household('D').id}`);
    await page.locator('.checklist').waitFor({ timeout: 30_000 });
    await look(page, 'inspector-household');

    await go(page, '#/print');
    await page.getByRole('heading', { name: '无权使用“打印”' }).waitFor({ timeout: 5_000 });
    await look(page, 'inspector-forbidden');
    await page.close();
  }, 300_000);
});
