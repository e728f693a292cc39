import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive, type Archive } from '../../main/archive';
import { beijingDate } from '../../main/domain/beijingDate';
import { exportedTown, type FixtureHousehold } from '../../main/export/testFixture';
import { inspectPdf, pageText } from '../../main/output/pdfInspect';
import { createService } from '../../main/service';
import { chromiumMissing, openInChromium, type BrowserSession, screenshotPath, SKIP_REASON, overflowing } from '../../main/testing/browser';
import { tempDir } from '../../main/testing/fixtures';

/**
 * The inspector (检查员) in the app, at 1366×768 in an en-US browser: loads
 * a folder of town packages from the 交换文件夹, draws the 抽查 sample with an
 * 抽查编号, saves the 抽查报告 (a PDF and a workbook named by town and day,
 * holding the sampled households, numbers masked), previews it and prints
 * exactly the previewed pages, then opens a sampled household as its package
 * holds it: no control that edits, every 身份证号 masked.
 */

if (chromiumMissing) console.warn(SKIP_REASON);

const PASSWORD = 'Jiancha-2026!';
const SEED = '2026年第四季度抽查';
const SINCE = '2025-06-01';

describe.skipIf(chromiumMissing)('检查员: 抽查报告 saved, printed, and a sampled household opened read-only', () => {
  let dir: string;
  let exchange: string;
  let laptop: Archive;
  let session: BrowserSession;
  let households: FixtureHousehold[];
  let page: Page;
  let sampled: string[];
  const today = beijingDate(new Date());
  const chineseToday = `${today.slice(0, 4)}年${Number(today.slice(5, 7))}月${Number(today.slice(8))}日`;

  const overflow = () => overflowing(page, '.content, .inspect-result, .household-head, .household-grid, .paper-preview');

  /** English words a clerk would read: headings, labels, buttons, hints (not data cells, the user's own name, or the Alt key hints). */
  const englishWords = () =>
    page.evaluate(() => {
      const app = document.body.cloneNode(true) as HTMLElement;
      app.querySelectorAll('kbd, td, .topbar .user, .alerts, style, script').forEach((el) => el.remove());
      return (app.textContent ?? '').match(/[A-Za-z]{3,}/g) ?? [];
    });

  const fullIdsOnScreen = () => page.evaluate(() => document.body.innerText.match(/\d{17}[\dX]/g) ?? []);

  beforeAll(async () => {
    dir = tempDir('hudang-inspector-e2e-');
    ({ exchange, households } = await exportedTown(dir));
    laptop = await openArchive(path.join(dir, 'laptop'));
    const setup = createService({ archive: laptop, actor: 'setup' });
    await setup.updateSettings({ packageFolders: [path.join(dir, '交换')] });
    await setup.createUser({ username: 'inspector', displayName: '孙检查', role: '检查员', password: PASSWORD });
    sampled = (await setup.inspectPackages({ path: exchange, today, seed: SEED, since: SINCE })).sample.map(
      (s) => s.name,
    );
    session = await openInChromium(laptop, 'test');
    page = await session.browser.newPage({
      viewport: { width: 1366, height: 768 },
      locale: 'en-US',
      acceptDownloads: true,
    });
    await page.goto(session.host.url);
    await page.getByLabel('用户名').fill('inspector');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('navigation', { name: '主导航' }).waitFor({ timeout: 30_000 });
  }, 240_000);

  afterAll(async () => {
    await session?.close();
    await laptop?.close();
  });

  it('loads the packages and draws the sample: the report cites the notice and the share drawn, by its 抽查编号', async () => {
    expect(sampled).toHaveLength(1);
    await page.getByRole('link', { name: /离线检查/ }).click();
    await page.getByLabel('导出包目录').fill(exchange);
    await page.getByLabel('抽查编号').fill(SEED);
    await page.getByLabel('新确认起始日').fill(SINCE);
    await page.getByRole('button', { name: '开始检查' }).click();
    await expect
      .poll(() => page.getByTestId('inspect-summary').textContent(), { timeout: 90_000 })
      .toContain(`抽查编号“${SEED}”`);
    const summary = (await page.getByTestId('inspect-summary').textContent()) ?? '';
    expect(summary).toContain('共 6 个档案包');
    expect(summary).toContain('《天津市社会救助审核确认权限下放改革工作的意见》');
    expect(summary).toContain('从新确认的 3 户中抽查 1 户，占 33.3%');
    expect(summary).not.toMatch(/种子|sfc32|Fisher/);
    // The households drawn come first, each with a way into its file.
    const first = page.getByTestId('inspect-households').locator('tbody tr').first();
    expect(await first.locator('td').first().textContent()).toBe(sampled[0]);
    expect(await first.textContent()).toContain('抽中');
    expect(await fullIdsOnScreen()).toEqual([]);
    expect(await overflow()).toEqual([]);
    expect(await englishWords()).toEqual([]);
    await page.screenshot({ path: screenshotPath('18-inspect-report') });
  }, 120_000);

  it('saves the report as a PDF and a workbook named by town and day, holding the sampled household with its number masked', async () => {
    const [pdf] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '保存报告' }).click(),
    ]);
    expect(pdf.suggestedFilename()).toBe(`城南镇抽查报告（${chineseToday}）.pdf`);
    const pdfFile = path.join(dir, pdf.suggestedFilename());
    await pdf.saveAs(pdfFile);
    const text = pageText((await inspectPdf(fs.readFileSync(pdfFile))).pages.flat());
    expect(text).toContain('社会救助档案抽查报告');
    for (const name of sampled) expect(text).toContain(name);
    expect(text).toContain(`抽查编号：${SEED}`);
    expect(households.filter((h) => text.includes(h.idNumber))).toEqual([]);

    const [xlsx] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '保存表格' }).click(),
    ]);
    expect(xlsx.suggestedFilename()).toBe(`城南镇抽查报告（${chineseToday}）.xlsx`);
    const xlsxFile = path.join(dir, xlsx.suggestedFilename());
    await xlsx.saveAs(xlsxFile);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(xlsxFile);
    const rows = (book.getWorksheet('抽查名单')?.getSheetValues() ?? []).slice(2) as unknown[][];
    expect(rows.map((r) => r[4])).toEqual(sampled);
    const head = households.find((h) => h.name === sampled[0]);
    expect(rows[0]?.[5]).toBe(`${head?.idNumber.slice(0, 6)}********${head?.idNumber.slice(-4)}`);
  }, 120_000);

  it('shows every page of the report before printing, and prints exactly those pages', async () => {
    await page.evaluate(() => {
      const w = window as unknown as { printed: number };
      w.printed = 0;
      window.print = () => {
        w.printed++;
      };
    });
    await page.getByRole('button', { name: '打印报告' }).click();
    const preview = page.getByRole('dialog', { name: '打印预览' });
    await preview.waitFor({ timeout: 60_000 });
    const shown = await preview.locator('figure img').count();
    const pdfPages = (await inspectPdf(fs.readFileSync(path.join(dir, `城南镇抽查报告（${chineseToday}）.pdf`)))).pages
      .length;
    expect(shown).toBe(pdfPages);
    expect(await preview.textContent()).toContain(`共 ${pdfPages} 页`);
    await expect
      .poll(() =>
        preview
          .locator('figure img')
          .first()
          .evaluate((img: HTMLImageElement) => img.naturalWidth),
      )
      .toBeGreaterThan(1000);
    expect(await overflow()).toEqual([]);
    expect(await englishWords()).toEqual([]);
    await page.screenshot({ path: screenshotPath('18-inspect-print-preview') });

    // What the printer gets: the previewed pages, one a sheet, nothing of the window around them.
    const printed = await page.pdf({ preferCSSPageSize: true });
    const sheets = await inspectPdf(printed);
    expect(sheets.pages).toHaveLength(pdfPages);
    expect(sheets.pages.flat().join('')).toBe('');
    await preview.getByRole('button', { name: '打印', exact: true }).click();
    expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
    await preview.getByRole('button', { name: '关闭' }).click();
    await expect.poll(() => page.getByRole('dialog', { name: '打印预览' }).count()).toBe(0);
  }, 120_000);

  it('opens a sampled household as its package holds it: no control that edits, every number masked', async () => {
    const name = sampled[0] ?? '';
    const head = households.find((h) => h.name === name);
    await page.getByRole('button', { name: `查看${name}的户档` }).click();
    const file = page.getByRole('region', { name: `档案包中的户档：${name}` });
    await file.waitFor({ timeout: 60_000 });
    expect(await file.getByTestId('household-id').textContent()).toBe(
      `${head?.idNumber.slice(0, 6)}********${head?.idNumber.slice(-4)}`,
    );
    expect(await file.textContent()).toContain('只读');
    await expect.poll(() => file.locator('.checklist .item').count()).toBeGreaterThan(5);
    // The page shown is the package's own image.
    await expect
      .poll(() => file.locator('.viewer-image img').evaluate((img: HTMLImageElement) => img.naturalWidth), {
        timeout: 30_000,
      })
      .toBeGreaterThan(0);
    await expect
      .poll(() =>
        file
          .locator('.page-chip img')
          .first()
          .evaluate((img: HTMLImageElement) => img.naturalWidth),
      )
      .toBeGreaterThan(0);

    // Leafing through the pages: the second page of the first document, its own image.
    const firstImage = await file.locator('.viewer-image img').getAttribute('src');
    await file.locator('.doc-list li').first().locator('.page-chip').nth(1).click();
    await expect.poll(() => file.locator('.viewer-caption').textContent()).toContain('第 2 页');
    await expect
      .poll(async () => (await file.locator('.viewer-image img').getAttribute('src'))?.length ?? 0, { timeout: 30_000 })
      .toBeGreaterThan(100);
    expect(await file.locator('.viewer-image img').getAttribute('src')).not.toBe(firstImage);

    const editing = /保存|整户退出|记录|移到|拆分|合并|退回|导出|打印|删除|另成|同上页/;
    const noEditing = async () => {
      expect(await file.locator('input, textarea, select, [contenteditable="true"]').count()).toBe(0);
      const labels = await file
        .getByRole('button')
        .evaluateAll((buttons) =>
          buttons.map(
            (b) => `${b.textContent ?? ''} ${b.getAttribute('aria-label') ?? ''} ${b.getAttribute('title') ?? ''}`,
          ),
        );
      expect(labels.filter((l) => editing.test(l))).toEqual([]);
    };
    await noEditing();
    expect(await fullIdsOnScreen()).toEqual([]);
    expect(await overflow()).toEqual([]);
    expect(await englishWords()).toEqual([]);
    await page.screenshot({ path: screenshotPath('18-inspect-household') });

    await file.getByRole('tab', { name: '案卷信息' }).click();
    expect(await file.locator('.case-facts').first().textContent()).toMatch(/档号J012-/);
    await noEditing();
    expect(await overflow()).toEqual([]);
    expect(await englishWords()).toEqual([]);
    await page.screenshot({ path: screenshotPath('18-inspect-household-case') });
    await file.getByRole('tab', { name: '档案检查' }).click();
    await expect.poll(() => file.locator('.archive-point').count()).toBeGreaterThan(0);
    await noEditing();
    expect(await fullIdsOnScreen()).toEqual([]);
    expect(await overflow()).toEqual([]);
    await page.screenshot({ path: screenshotPath('18-inspect-household-checks') });

    await file.getByRole('button', { name: '返回抽查报告' }).click();
    expect(await page.getByTestId('inspect-summary').textContent()).toContain(`抽查编号“${SEED}”`);
  }, 120_000);
});
