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

  it('exports every household into packages that verify, and says so in Chinese', async () => {
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
  }, 120_000);
});
