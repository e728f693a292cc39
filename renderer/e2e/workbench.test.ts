import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HudangApi } from '../../main/api/contract';
import { openArchive, type Archive } from '../../main/archive';
import { makeIdNumber } from '../../main/domain/idNumber';
import { startHost, type Host } from '../../main/host/server';
import { createService } from '../../main/service';
import { chromiumMissing, launchChromium, screenshotPath, SKIP_REASON } from '../../main/testing/browser';
import { masked, rosterCsv, tempDir, writeCsv } from '../../main/testing/fixtures';
import { renderFormPage } from '../../main/testing/scans';

/**
 * The clerk's day in a real browser against the browser host (watching a
 * scanner folder, OCR in the host) and a real archive: import the roster and
 * add a scanner folder in 设置, drop scans, correct the page the classifier did
 * not know with the keyboard only, and see the checklist mark turn from 缺 to ✓.
 * Every screen is photographed into test-output/screens/.
 */

if (chromiumMissing) console.warn(SKIP_REASON);

const WANG = { village: '红旗村', name: '王桂兰', id: makeIdNumber('120116', '19450512', 21), type: '低保' };
const ROSTER = [
  WANG,
  { village: '红旗村', name: '赵德胜', id: makeIdNumber('120116', '19380303', 22), type: '特困' },
  { village: '东风村', name: '孙秀英', id: makeIdNumber('120116', '19700707', 23), type: '临时救助' },
  { village: '东风村', name: '李建国', id: makeIdNumber('120116', '19620101', 24), type: '低保' },
  { village: '向阳社区', name: '刘春梅', id: makeIdNumber('120116', '19800808', 25), type: '刚性支出' },
  { village: '向阳社区', name: '陈志强', id: makeIdNumber('120116', '19551111', 26), type: '低保' },
];
/** A town's own form name: the classifier has never seen it, so the page waits in the inbox. */
const LOCAL_FORM = '城南镇困难群众救助申请审批单';
const OCR_WAIT = 150_000;

describe.skipIf(chromiumMissing)('the workbench in Chromium', () => {
  let dir: string;
  let scans: string;
  let archive: Archive;
  let host: Host;
  let browser: Browser;
  let page: Page;
  let service: HudangApi;
  let wangId = 0;
  const started = Date.now();
  const timings: string[] = [];
  const consoleErrors: string[] = [];
  const mark = (what: string) => timings.push(`${what}: ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const goto = async (hash: string) => {
    await page.evaluate((h) => {
      window.location.hash = h;
    }, hash);
  };
  const checklistStatus = (code: string) =>
    page.locator(`.checklist li[data-code="${code}"]`).getAttribute('data-status');

  beforeAll(async () => {
    dir = tempDir();
    scans = path.join(dir, 'scanner');
    fs.mkdirSync(scans);
    archive = await openArchive(path.join(dir, 'archive'));
    service = createService({ archive, actor: 'test' });
    host = await startHost({ archive, port: 0, actor: 'test', watch: true });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
        consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    await page.goto(host.url);
    mark('host and browser up');
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await archive?.close();
    console.info(`workbench e2e timings:\n  ${timings.join('\n  ')}`);
  });

  it('imports a roster through the file input in 设置 and shows every bad row with its row number', async () => {
    expect(page.url()).not.toContain('token=');
    await goto('#/settings');
    await page.getByLabel('镇(街道)').fill('城南镇');
    await page.getByRole('button', { name: '保存档案信息' }).click();
    await expect.poll(() => page.locator('.topbar').textContent()).toContain('城南镇');

    const rows = [
      ...ROSTER.map((h) => [h.village, h.name, h.id, h.type, '2']),
      ['东风村', '错号户', '12011619450512001X', '低保', '1'],
    ];
    const csv = writeCsv(path.join(dir, '花名册.csv'), rosterCsv(rows));
    await page.setInputFiles('input[type=file]', csv);
    const report = page.getByTestId('roster-report');
    await expect.poll(() => report.textContent(), { timeout: 20_000 }).toContain('新建 6 户');
    expect(await report.textContent()).toContain('第 8 行');
    wangId = (await service.listHouseholds({ query: WANG.name }))[0]?.id ?? 0;
    expect(wangId).toBeGreaterThan(0);
    mark('roster imported');
  });

  it('adds a scanner folder by typing its path', async () => {
    await page.getByLabel('新的扫描文件夹路径').fill(scans);
    await page.getByRole('button', { name: '添加扫描文件夹' }).click();
    await expect.poll(() => page.getByRole('list', { name: '已配置的扫描文件夹' }).textContent()).toContain(scans);
    expect(await page.locator('.settings').textContent()).toContain('打开用户与权限');
    // Saving one setting keeps the others (the town saved before).
    expect((await service.getSettings({})).town).toBe('城南镇');
    await expect.poll(() => page.locator('.topbar .subtitle').textContent()).toContain('城南镇');
    await page.screenshot({ path: screenshotPath('06-settings') });
  });

  it(
    'reads dropped scans; the unknown form waits in 收件箱 with its household from the folder name',
    async () => {
      // One household folder: a well-titled application (files itself) and the town's own form (waits).
      const folder = path.join(scans, WANG.village, `${WANG.name}_${WANG.id}`);
      fs.mkdirSync(folder, { recursive: true });
      fs.writeFileSync(
        path.join(folder, '申请书.jpg'),
        await renderFormPage({ title: '最低生活保障待遇申请书', applicant: WANG.name, idNumber: WANG.id, seed: 3 }),
      );
      fs.writeFileSync(
        path.join(folder, '审批单.jpg'),
        await renderFormPage({ title: LOCAL_FORM, applicant: WANG.name, idNumber: WANG.id, seed: 4 }),
      );
      mark('scans dropped');

      // While the scans are being read the 工作台 shows the job and its 识别速度.
      await goto('#/');
      await expect.poll(() => page.getByTestId('reading-speed').count(), { timeout: OCR_WAIT, interval: 500 }).toBe(1);
      expect(await page.getByTestId('reading-speed').textContent()).toMatch(/^识别速度：/);
      await page.screenshot({ path: screenshotPath('01-dashboard-reading') });
      mark('reading shown on the 工作台');

      await goto('#/inbox');
      const waiting = page.locator('.inbox-list li', { hasText: '审批单.jpg' });
      await expect.poll(() => waiting.count(), { timeout: OCR_WAIT, interval: 1000 }).toBe(1);
      mark('page in inbox');
      expect(await waiting.textContent()).toContain(WANG.name);
      // Before the correction the item is missing in the household's checklist.
      await goto(`#/household/${wangId}`);
      await expect.poll(() => checklistStatus('dibao.01'), { timeout: 10_000 }).toBe('缺件');
      expect(await page.locator('.checklist li[data-code="dibao.01"] .mark').textContent()).toBe('缺');
    },
    OCR_WAIT + 30_000,
  );

  it('files the waiting page with the keyboard only: select, / household, number key, Enter', async () => {
    await goto('#/inbox');
    await page.locator('.inbox-list li').first().waitFor();
    await page.locator('body').focus();
    // ↓ / j until the town's form is the selected page.
    for (let i = 0; i < 10; i++) {
      const selected = await page.locator('.inbox-list li[aria-selected="true"]').textContent();
      if (selected?.includes('审批单.jpg')) break;
      await page.keyboard.press(i % 2 ? 'j' : 'ArrowDown');
    }
    await expect.poll(() => page.locator('.inbox-list li[aria-selected="true"]').textContent()).toContain('审批单.jpg');
    await expect.poll(() => page.locator('.preview img').count(), { timeout: 10_000 }).toBe(1);

    // / focuses the household search; type, pick with Enter.
    await page.keyboard.press('/');
    await page.keyboard.type(WANG.name);
    await page.locator('.decision .picker-results li', { hasText: WANG.name }).waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('chosen-household').textContent()).toContain(masked(WANG.id));

    // The numbered list: press the number of 铁岭市居民最低生活保障审核确认表 (dibao.01).
    const item = page.locator('.candidates li[data-code="dibao.01"]');
    await item.waitFor();
    const key = (await item.locator('.key').textContent())?.trim() ?? '';
    expect(key).toMatch(/^[1-9]$/);
    await page.keyboard.press(key);
    await expect.poll(() => item.getAttribute('aria-selected')).toBe('true');
    await page.screenshot({ path: screenshotPath('02-inbox') });

    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.locator('.inbox-list li', { hasText: '审批单.jpg' }).count(), { timeout: 10_000 })
      .toBe(0);
    await expect.poll(() => page.locator('.done').first().textContent()).toContain('已归档');
    mark('page filed by keyboard');
  }, 60_000);

  it('shows the item ✓ in the household’s checklist, with the page in the viewer and masked ID', async () => {
    await goto(`#/household/${wangId}`);
    await expect.poll(() => checklistStatus('dibao.01'), { timeout: 10_000 }).toBe('齐全');
    expect(await page.locator('.checklist li[data-code="dibao.01"] .mark').textContent()).toBe('✓');
    expect(await page.getByTestId('household-id').textContent()).toBe(masked(WANG.id));
    // Open the corrected document from the checklist; the viewer shows it with its OCR text beside.
    await page.locator('.checklist li[data-code="dibao.01"] .item-name').click();
    await expect
      .poll(() => page.locator('.viewer-caption').textContent())
      .toContain('铁岭市居民最低生活保障审核确认表');
    await page
      .locator('.turn-box img')
      .evaluate((img: HTMLImageElement) => (img.complete ? null : new Promise((r) => (img.onload = r))));
    await expect.poll(() => page.locator('.ocr-text').textContent(), { timeout: 60_000 }).toContain('城南镇');
    // Free text (OCR, scanner paths) is masked too; only the page image itself shows the number.
    expect(await page.locator('.household').textContent()).not.toContain(WANG.id);
    await page.getByRole('button', { name: '放大' }).click();
    expect(await page.locator('.viewer-tools .zoom').textContent()).toBe('125%');
    await page.getByRole('button', { name: '适应宽度' }).click();
    await page.screenshot({ path: screenshotPath('03-household') });
    // The bound volume comes down as a PDF named after the household.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: '装订卷宗' }).click();
    expect((await download).suggestedFilename()).toMatch(/卷宗\.pdf$/);
  }, 90_000);

  it('edits a document’s catalogue data and a case’s dates and location', async () => {
    await page.locator('.doc-form').getByLabel('文号').fill('城南民〔2025〕12号');
    await page.getByRole('button', { name: '保存著录' }).click();
    await expect.poll(() => page.locator('.doc-form').textContent()).toContain('已保存');
    await page.getByRole('tab', { name: '案卷信息' }).click();
    await page.getByLabel('申请日期').fill('2025-03-18');
    await page.getByLabel('核对日期').fill('2025-03-25');
    await page.getByLabel('公示有无异议').selectOption('有异议');
    await page.getByLabel('民主评议').selectOption('已开展');
    await page.getByLabel('柜').fill('3');
    await page.getByRole('button', { name: '保存案卷信息' }).click();
    await expect.poll(() => page.locator('.case-form').textContent()).toContain('已保存');
    const [detail] = (await service.getHousehold({ id: wangId }))?.cases ?? [];
    expect(detail).toMatchObject({ appliedOn: '2025-03-18', verifiedOn: '2025-03-25', publicityObjections: true, deliberationHeld: true, cabinet: '3' });
    await page.getByRole('tab', { name: '家庭情况' }).click();
    await expect.poll(() => page.locator('.facts-table tbody tr').count()).toBeGreaterThan(5);
  });

  it('imports a year’s holiday notice in 设置 (the set-up user is a 管理员)', async () => {
    const year = ((await service.listHolidays({})).at(-1)?.year ?? 2026) + 1;
    await goto('#/settings');
    const card = page.locator('.holiday-calendar');
    await expect.poll(() => card.textContent()).toContain(`${year - 1} 年以后的工作日时限为“待确认”`);
    const notice = path.join(dir, '节假日安排.csv');
    fs.writeFileSync(notice, `日期,类型\n${year}-01-01,休\n${year}-02-08,休\n${year}-02-13,班\n`);
    await page.getByLabel('选择节假日安排文件').setInputFiles(notice);
    await expect.poll(() => page.getByTestId('holiday-report').textContent().catch(() => '')).toContain(`已导入 ${year} 年的节假日安排，共 3 天`);
    await expect.poll(() => card.textContent()).toContain(`已导入 ${year} 年（3 天`);
  });

  it('shows the 工作台 counts per village and the queue', async () => {
    await goto('#/');
    await expect.poll(() => page.locator('.village-counts tbody tr').count(), { timeout: 10_000 }).toBe(3);
    // 齐全比例 is a number beside each bar; with no job running there is no speed to show.
    expect(await page.getByTestId('complete-share').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/^\d+%$/)]));
    expect(await page.getByTestId('complete-share').count()).toBe(4);
    await expect.poll(() => page.getByTestId('reading-speed').count(), { timeout: 90_000 }).toBe(0);
    await page.screenshot({ path: screenshotPath('01-dashboard') });
    // The overdue tile leads to its list.
    await page.getByTestId('tile-overdue').click();
    await expect.poll(() => page.locator('#overdue-title').count()).toBe(1);
    await page.keyboard.press('Alt+1');
    await expect.poll(() => page.locator('#dashboard-title').count()).toBe(1);
  });

  it('lists a village’s households with statuses and filters', async () => {
    await page.keyboard.press('Alt+3');
    await expect.poll(() => page.locator('.village-nav a.active').textContent()).toBeTruthy();
    await goto(`#/villages/${encodeURIComponent('红旗村')}`);
    await expect.poll(() => page.getByTestId('village-count').textContent()).toContain('显示 2 / 2 户');
    await page.getByLabel('救助类别').selectOption('特困');
    await expect.poll(() => page.getByTestId('village-count').textContent()).toContain('显示 1 / 2 户');
    await page.getByLabel('救助类别').selectOption('');
    await expect.poll(() => page.locator('.vh-body .vh-row').count()).toBe(2);
    await page.screenshot({ path: screenshotPath('04-village') });
  });

  it('keeps exited households apart in 退出档案', async () => {
    const chen = ROSTER[5];
    const [row] = await service.listHouseholds({ query: chen?.name ?? '' });
    await service.exitHousehold({ householdId: row?.id ?? 0, exitedOn: '2024-06-30', reason: '收入超标' });
    await goto('#/exited');
    await expect.poll(() => page.locator('.exited-table tbody tr').count(), { timeout: 10_000 }).toBe(1);
    // The row can show before its exit details have loaded (a busy machine): wait for them.
    await expect.poll(() => page.locator('.exited-table').textContent(), { timeout: 10_000 }).toContain('收入超标');
    const text = await page.locator('.exited-table').textContent();
    expect(text).toContain('陈志强');
    expect(text).toContain('收入超标');
    expect(text).toContain(masked(chen?.id ?? ''));
    await page.screenshot({ path: screenshotPath('05-exited') });
    // And gone from the village's list of households on the rolls.
    await goto(`#/villages/${encodeURIComponent('向阳社区')}`);
    await expect.poll(() => page.getByTestId('village-count').textContent()).toContain('显示 1 / 1 户');
  });

  it('shows the service’s errors in plain Chinese in the alert region', async () => {
    await goto('#/household/999999');
    await expect.poll(() => page.locator('.screen').textContent()).toContain('找不到这一户');
    await goto('#/settings');
    await page.getByLabel('新的扫描文件夹路径').fill('x'.repeat(1200));
    await page.getByRole('button', { name: '添加扫描文件夹' }).click();
    await expect.poll(() => page.locator('.alerts .alert-error').first().textContent()).toMatch(/[\u4e00-\u9fff]/);
  });

  it('logged no script errors or React warnings along the way', () => {
    expect(consoleErrors).toEqual([]);
  });
});
