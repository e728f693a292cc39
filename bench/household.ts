import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openArchive } from '../main/archive';
import { makeIdNumber } from '../main/domain/idNumber';
import { startHost } from '../main/host/server';
import { createService } from '../main/service';
import { chromiumMissing, launchChromium } from '../main/testing/browser';
import { rosterCsv, writeCsv } from '../main/testing/fixtures';
import { machineLine, median, timeRuns, writeSection } from './lib';
import { householdIdOf, ingestSyntheticScans } from '../main/testing/archives';

/**
 * Issue 6's target: opening a household with 60 pages shows its checklist in
 * under 200 ms on the browser host. Measured twice: the three API calls the
 * 户档案 screen makes, over HTTP; and in Chromium, from the hash change to the
 * checklist on screen.
 */

const PAGES = 60;

async function buildArchive(dataDir: string): Promise<number> {
  const archive = await openArchive(dataDir);
  const api = createService({ archive, actor: 'bench' });
  const id = makeIdNumber('120116', '19450512', 81);
  await api.importRoster({ path: writeCsv(path.join(dataDir, 'r.csv'), rosterCsv([['红旗村', '王桂兰', id, '低保', '2']])) });
  const pages = await ingestSyntheticScans(api, archive, dataDir, Array.from({ length: PAGES }, (_, i) => ({ dpi: 150, seed: 200 + i, table: false })));
  const householdId = await householdIdOf(api, id);
  const codes = ['dibao.01', 'dibao.02', 'dibao.03', 'dibao.04', 'dibao.05', 'dibao.06', 'dibao.08', 'dibao.09', 'dibao.15', 'dibao.17'];
  for (const [n, code] of codes.entries()) {
    await api.fileDocument({ householdId, itemCode: code, pageIds: pages.slice(n * 6, n * 6 + 6) });
  }
  await archive.close();
  return householdId;
}

export async function runHouseholdBench(): Promise<string> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hudang-bench-household-'));
  const householdId = await buildArchive(dataDir);
  const archive = await openArchive(dataDir);
  const host = await startHost({ archive, port: 0, actor: 'bench' });
  const token = new URL(host.url).searchParams.get('token') ?? '';
  const call = (method: string, body: unknown) =>
    fetch(new URL(`/api/${method}`, host.url), { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Hudang-Token': token }, body: JSON.stringify(body) }).then((r) => r.json());
  const open = () => Promise.all([call('getHousehold', { id: householdId }), call('getChecklist', { householdId }), call('householdDocuments', { householdId })]);
  await open();
  const apiTimes = await timeRuns(10, open);

  let uiTimes: number[] = [];
  if (!chromiumMissing) {
    const browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(host.url);
    await page.waitForSelector('nav');
    for (let i = 0; i < 6; i++) {
      await page.evaluate(() => (window.location.hash = '#/'));
      await page.waitForSelector('.screen');
      const start = Date.now();
      await page.evaluate((id) => (window.location.hash = `#/household/${id}`), householdId);
      await page.waitForSelector('.checklist');
      uiTimes.push(Date.now() - start);
    }
    uiTimes = uiTimes.slice(1); // the first load also fetches the code of the screen
    await browser.close();
  }
  await host.close();
  await archive.close();
  const body = [
    `Machine: ${machineLine()}`,
    '',
    `One household, one 低保 case, ${PAGES} scanned pages in 10 documents.`,
    '',
    '| measure | median | target |',
    '| --- | --- | --- |',
    `| the 户档案 screen's three API calls over HTTP (household, checklist, documents) | ${median(apiTimes).toFixed(0)} ms | < 200 ms |`,
    uiTimes.length > 0 ? `| in Chromium: hash change → checklist on screen | ${median(uiTimes).toFixed(0)} ms | < 200 ms |` : '| in Chromium | not measured: /usr/bin/chromium missing | |',
  ].join('\n');
  writeSection('## Open a household (issue 6)', body);
  return body;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await runHouseholdBench());
}
