import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive, type Archive } from '../../main/archive';
import { startHost, type Host } from '../../main/host/server';
import { createService } from '../../main/service';
import { chromiumMissing, launchChromium, screenshotPath, SKIP_REASON } from '../../main/testing/browser';
import { householdCells, rosterCsv, syntheticHouseholds, tempDir, writeCsv } from '../../main/testing/fixtures';

/** The workbench in a real browser against the browser host and a real archive. */

if (chromiumMissing) console.warn(SKIP_REASON);

describe.skipIf(chromiumMissing)('workbench in Chromium', () => {
  let archive: Archive;
  let host: Host;
  let browser: Browser;
  const households = syntheticHouseholds(60, ['红旗村', '东风村', '向阳社区'], 2);

  beforeAll(async () => {
    const dir = tempDir();
    archive = await openArchive(path.join(dir, 'archive'));
    const roster = writeCsv(path.join(dir, 'r.csv'), rosterCsv(households.map(householdCells)));
    await createService({ archive, actor: 'test' }).importRoster({ path: roster });
    host = await startHost({ archive, port: 0, actor: 'test' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await archive?.close();
  });

  it('lists villages and the chosen village’s households, with masked ID numbers', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(host.url);
    await expect.poll(() => page.locator('nav.villages button').count()).toBe(3);
    // The token leaves the address bar once read.
    expect(page.url()).not.toContain('token=');
    await page.getByRole('button', { name: /东风村/ }).click();
    const expected = households.filter((h) => h.village === '东风村');
    await expect.poll(() => page.locator('main.households tbody tr').count()).toBe(expected.length);
    await expect.poll(() => page.locator('main.households h2').textContent()).toBe(`东风村（${expected.length} 户）`);
    const firstId = expected[0]?.idNumber ?? '';
    const body = await page.locator('main.households').textContent();
    expect(body).toContain(`${firstId.slice(0, 6)}********${firstId.slice(-4)}`);
    expect(body).not.toContain(firstId);
    await page.screenshot({ path: screenshotPath('01-workbench-village-list') });
  });
});
