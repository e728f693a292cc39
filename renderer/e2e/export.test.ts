import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive, type Archive } from '../../main/archive';
import { makeIdNumber } from '../../main/domain/idNumber';
import { verifyPath } from '../../main/export';
import { createService } from '../../main/service';
import { chromiumMissing, openInChromium, type BrowserSession, screenshotPath, SKIP_REASON } from '../../main/testing/browser';
import { rosterCsv, tempDir, writeCsv } from '../../main/testing/fixtures';
import { householdIdOf, ingestSyntheticScans } from '../../main/testing/archives';

/** 按户导出 from the UI, with progress, into packages that verify. */

if (chromiumMissing) console.warn(SKIP_REASON);

describe.skipIf(chromiumMissing)('按户导出 in Chromium', () => {
  let archive: Archive;
  let session: BrowserSession;
  let dir: string;

  beforeAll(async () => {
    dir = tempDir();
    archive = await openArchive(path.join(dir, 'town'));
    const api = createService({ archive, actor: '区级' });
    const ids = [makeIdNumber('120116', '19450512', 91), makeIdNumber('120116', '19500101', 92)];
    await api.importRoster({ path: writeCsv(path.join(dir, 'r.csv'), rosterCsv([['红旗村', '王桂兰', ids[0] ?? '', '低保', '2'], ['东风村', '李建国', ids[1] ?? '', '低保', '1']])) });
    const pageIds = await ingestSyntheticScans(api, archive, dir, [{ dpi: 72, seed: 9, table: false }]);
    await api.fileDocument({ householdId: await householdIdOf(api, ids[0] ?? ''), itemCode: 'dibao.02', pageIds });
    session = await openInChromium(archive, '区级');
  }, 120_000);
  afterAll(async () => {
    await session?.close();
    await archive?.close();
  });

  it('warns before exporting a village that does not exist, naming the villages there are, and writes nothing', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    await page.goto(session.host.url);
    await page.getByRole('link', { name: /按户导出/ }).click();
    expect(await page.getByLabel('导出到目录').getAttribute('placeholder')).toBe('例如 E:\\区民政局\\城南镇');
    const out = path.join(dir, 'typo');
    await page.getByLabel('导出到目录').fill(out);
    await page.getByLabel('村(社区)（留空为全部）').fill('红旗付');
    await page.getByRole('button', { name: '开始导出' }).click();
    const warning = page.getByTestId('village-warning');
    await expect.poll(() => warning.textContent().catch(() => ''), { timeout: 10_000 }).toContain('没有名为“红旗付”的村(社区)');
    expect(await warning.textContent()).toContain('本档案中的村(社区)有：');
    expect(await warning.textContent()).toMatch(/红旗村、东风村|东风村、红旗村/);
    expect(fs.existsSync(out)).toBe(false);
    await page.screenshot({ path: screenshotPath('09-export-village-warning') });

    // Corrected, the one village is exported and the warning is gone.
    await page.getByLabel('村(社区)（留空为全部）').fill('红旗村');
    expect(await warning.count()).toBe(0);
    await page.getByRole('button', { name: '开始导出' }).click();
    await expect.poll(() => page.getByTestId('export-summary').textContent().catch(() => ''), { timeout: 60_000 }).toContain('范围内 1 户');
    await page.close();
  }, 120_000);

  it('exports every household into packages that verify, and says so in Chinese; the 工作台 meanwhile shows the export without a 识别速度', async () => {
    // A second window stays on the 工作台 while the first exports.
    const board = await session.browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    await board.goto(session.host.url);
    await expect.poll(() => board.locator('.village-counts tbody tr').count(), { timeout: 30_000 }).toBe(2);
    // 齐全比例 is a number beside the bar, for each village and the total: nothing is complete yet.
    expect(await board.getByTestId('complete-share').allTextContents()).toEqual(['0%', '0%', '0%']);
    expect(await board.locator('.queue').textContent()).not.toContain('识别速度');

    const page = await session.browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    await page.goto(session.host.url);
    await page.getByRole('link', { name: /按户导出/ }).click();
    const out = path.join(dir, 'out');
    await page.getByLabel('导出到目录').fill(out);
    await page.getByRole('button', { name: '开始导出' }).click();
    await expect.poll(() => page.getByTestId('export-summary').textContent().catch(() => ''), { timeout: 60_000 }).toContain('导出完成');
    expect(await page.getByTestId('export-summary').textContent()).toContain('新写入 2');
    expect((await verifyPath(out)).ok).toBe(true);
    await page.screenshot({ path: screenshotPath('09-export') });

    await expect.poll(() => board.locator('.queue').textContent(), { timeout: 15_000 }).toContain('按户导出');
    expect(await board.locator('.queue').textContent()).not.toContain('识别速度');
    await board.screenshot({ path: screenshotPath('01-dashboard-after-export') });
  }, 120_000);
});
