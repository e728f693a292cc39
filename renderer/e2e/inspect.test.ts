import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive, type Archive } from '../../main/archive';
import { makeIdNumber } from '../../main/domain/idNumber';
import { createService } from '../../main/service';
import { chromiumMissing, openInChromium, type BrowserSession, screenshotPath, SKIP_REASON } from '../../main/testing/browser';
import { rosterCsv, tempDir, writeCsv } from '../../main/testing/fixtures';
import { householdIdOf, ingestSyntheticScans } from '../../main/testing/archives';

/** The inspector's read-only screen, on a laptop archive that holds no town data. */

if (chromiumMissing) console.warn(SKIP_REASON);

describe.skipIf(chromiumMissing)('离线检查 in Chromium', () => {
  let laptop: Archive;
  let session: BrowserSession;
  let packages: string;

  beforeAll(async () => {
    const dir = tempDir();
    const town = await openArchive(path.join(dir, 'town'));
    const api = createService({ archive: town, actor: '经办人' });
    const ids = [makeIdNumber('120116', '19450512', 71), makeIdNumber('120116', '19500101', 72)];
    await api.importRoster({ path: writeCsv(path.join(dir, 'r.csv'), rosterCsv([['红旗村', '王桂兰', ids[0] ?? '', '低保', '2'], ['红旗村', '李建国', ids[1] ?? '', '低保', '1']])) });
    const pageIds = await ingestSyntheticScans(api, town, dir, [{ dpi: 72, seed: 5, table: false }]);
    for (const id of ids) {
      const householdId = await householdIdOf(api, id);
      const [c] = (await api.getHousehold({ id: householdId }))?.cases ?? [];
      await api.updateCase({ id: c?.id ?? 0, dates: { acceptedOn: '2026-03-02', confirmedOn: '2026-03-20' } });
      if (id === ids[0]) await api.fileDocument({ householdId, itemCode: 'dibao.02', pageIds });
    }
    packages = path.join(dir, 'packages');
    await api.exportPackages({ outDir: packages, idMasking: 'full' });
    await town.close();
    laptop = await openArchive(path.join(dir, 'laptop'));
    session = await openInChromium(laptop, 'inspector');
  }, 120_000);
  afterAll(async () => {
    await session?.close();
    await laptop?.close();
  });

  it('opens a folder of packages and shows the sample and findings by official item name', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    await page.goto(session.host.url);
    await page.getByRole('link', { name: /离线检查/ }).click();
    await page.getByLabel('导出包目录').fill(packages);
    await page.getByLabel('抽查编号').fill('2026-复核');
    await page.getByRole('button', { name: '开始检查' }).click();
    await expect.poll(() => page.getByTestId('inspect-summary').textContent(), { timeout: 60_000 }).toContain('抽查编号“2026-复核”');
    const summary = (await page.getByTestId('inspect-summary').textContent()) ?? '';
    expect(summary).toContain('共 2 个档案包');
    expect(summary).toContain('抽查 1 户');
    const table = (await page.getByTestId('inspect-households').textContent()) ?? '';
    expect(table).toContain('缺件：铁岭市居民最低生活保障审核确认表');
    expect(table).not.toMatch(/\d{17}[\dX]/);
    await page.screenshot({ path: screenshotPath('08-inspect') });
  }, 120_000);
});
