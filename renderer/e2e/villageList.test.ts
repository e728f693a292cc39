import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HouseholdRow } from '../../main/api/contract';
import { openArchive, type Archive } from '../../main/archive';
import { createService } from '../../main/service';
import { chromiumMissing, openInChromium, type BrowserSession, screenshotPath, SKIP_REASON } from '../../main/testing/browser';
import { householdCells, rosterCsv, syntheticHouseholds, tempDir, writeCsv } from '../../main/testing/fixtures';

/** The village list stays smooth with 3,000 households: only the rows in view are in the DOM. */

if (chromiumMissing) console.warn(SKIP_REASON);

const VILLAGE = '幸福社区';
const COUNT = 3000;

describe.skipIf(chromiumMissing)('village list with 3,000 households', () => {
  let archive: Archive;
  let session: BrowserSession;
  let rows: HouseholdRow[];

  beforeAll(async () => {
    const dir = tempDir();
    archive = await openArchive(path.join(dir, 'archive'));
    const service = createService({ archive, actor: 'test' });
    const roster = writeCsv(
      path.join(dir, 'r.csv'),
      rosterCsv(syntheticHouseholds(COUNT, [VILLAGE], 7).map(householdCells)),
    );
    const report = await service.importRoster({ path: roster });
    expect(report.created).toBe(COUNT);
    rows = await service.listHouseholds({ village: VILLAGE, status: '在册' });
    session = await openInChromium(archive, 'test');
  }, 120_000);

  afterAll(async () => {
    await session?.close();
    await archive?.close();
  });

  it('renders far fewer rows than households, and scrolling to the end shows the last household', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(session.host.url);
    const t0 = Date.now();
    await page.evaluate((v) => {
      window.location.hash = `#/villages/${encodeURIComponent(v)}`;
    }, VILLAGE);
    await expect
      .poll(() => page.getByTestId('village-count').textContent(), { timeout: 30_000 })
      .toContain(`显示 ${COUNT} / ${COUNT} 户`);
    await expect
      .poll(() => page.locator('.vh-body .vh-row .vh-status .badge').count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    const loadMs = Date.now() - t0;

    const rendered = await page.locator('.vh-body .vh-row').count();
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(100);
    const first = rows[0];
    expect(await page.locator('.vh-body').textContent()).toContain(first?.name ?? '?');

    // Jump to the end: the last household is drawn, the first is gone, the DOM stays small.
    const last = rows[rows.length - 1];
    await page.locator('.vh-body').evaluate((el) => {
      el.scrollTop = el.scrollHeight;
    });
    await expect.poll(() => page.locator(`.vh-body [data-household="${last?.id}"]`).count()).toBe(1);
    expect(await page.locator(`.vh-body [data-household="${first?.id}"]`).count()).toBe(0);
    expect(await page.locator('.vh-body .vh-row').count()).toBeLessThan(100);
    const box = await page.locator(`.vh-body [data-household="${last?.id}"]`).boundingBox();
    const body = await page.locator('.vh-body').boundingBox();
    expect(box && body && box.y + box.height <= body.y + body.height + 1).toBe(true);
    await page.screenshot({ path: screenshotPath('07-village-3000') });

    // Scrolling through the whole list in steps keeps every frame small and quick.
    const t1 = Date.now();
    const frames = await page.locator('.vh-body').evaluate(async (el) => {
      el.scrollTop = 0;
      const counts: number[] = [];
      for (let top = 0; top < el.scrollHeight; top += el.clientHeight) {
        el.scrollTop = top;
        await new Promise((r) => requestAnimationFrame(() => r(null)));
        counts.push(el.querySelectorAll('.vh-row').length);
      }
      return counts;
    });
    const scrollMs = Date.now() - t1;
    expect(Math.max(...frames)).toBeLessThan(100);
    console.info(
      `3,000 households: list shown in ${loadMs} ms; ${frames.length} screens scrolled in ${scrollMs} ms; at most ${Math.max(...frames)} rows in the DOM`,
    );

    // Filtering and keyboard still work on the big list.
    await page.getByLabel('姓名/证号').fill(last?.name ?? '');
    await expect.poll(() => page.locator('.vh-body .vh-row').count()).toBe(1);
    await page.locator('.vtable').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.url()).toContain(`#/household/${last?.id}`);
  }, 90_000);
});
