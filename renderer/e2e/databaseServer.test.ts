import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONNECTION_FILE, openArchive, type Archive } from '../../main/archive';
import { createService } from '../../main/service';
import { chromiumMissing, logIn, openInChromium, screenshotPath, SKIP_REASON, type BrowserSession } from '../../main/testing/browser';
import { householdCells, rosterCsv, syntheticHouseholds, tempDir, writeCsv } from '../../main/testing/fixtures';

/**
 * 设置's 数据库服务器 card in Chromium: everyone sees where the database is;
 * a 管理员 of an archive on this PC moves it onto a PostgreSQL server (a real
 * one in `npm run test:postgres`), a wrong address is caught before anything
 * is sent, and a 经办人 gets no such form.
 */

if (chromiumMissing) console.warn(SKIP_REASON);

const PASSWORD = 'Hudang-2025!';
const WAIT = { timeout: 15_000 };
const server = process.env.HUDANG_DB;
const onServer = !!server && /^postgres/i.test(server);

describe.skipIf(chromiumMissing)('设置: 数据库服务器', () => {
  let dir: string;
  let archive: Archive;
  let session: BrowserSession;

  beforeAll(async () => {
    dir = path.join(tempDir(), 'archive');
    // On this PC whatever HUDANG_DB says: the card is about moving such an archive.
    archive = await openArchive(dir, { db: false });
    const setup = createService({ archive, actor: 'test' });
    await setup.createUser({ username: 'admin1', displayName: '李管理', role: '管理员', password: PASSWORD });
    await setup.createUser({ username: 'clerk1', displayName: '张经办', role: '经办人', password: PASSWORD });
    await setup.importRoster({ path: writeCsv(path.join(dir, '..', 'roster.csv'), rosterCsv(syntheticHouseholds(2, ['红旗村']).map(householdCells))) });
    session = await openInChromium(archive, 'test');
  });
  afterAll(async () => {
    await session?.close();
    await archive?.close();
  });

  it('a 经办人 sees where the database is, and no form to move it', async () => {
    const page = await logIn(session, 'clerk1', PASSWORD, '#/settings');
    await expect.poll(() => page.getByTestId('database-where').textContent(), WAIT).toContain('hudang.db（本机）');
    expect(await page.getByRole('button', { name: '迁移到服务器' }).count()).toBe(0);
    await page.close();
  });

  it('a 管理员 is told a wrong address at once, and moves the archive onto the server with every row and page checked', async () => {
    const page = await logIn(session, 'admin1', PASSWORD, '#/settings');
    const card = page.locator('.database-server');
    await expect.poll(() => card.getByTestId('database-where').textContent(), WAIT).toContain('hudang.db（本机）');
    const address = card.getByLabel('服务器地址');
    const move = card.getByRole('button', { name: '迁移到服务器' });
    await address.fill('mysql://db.example/hudang');
    await expect.poll(() => card.getByRole('alert').textContent(), WAIT).toBe('地址应以 postgres:// 开头');
    expect(await move.isDisabled()).toBe(true);
    if (!onServer) return;
    const target = new URL(server ?? '');
    target.pathname = '/ui_migrated_*';
    await address.fill(target.toString());
    await move.click();
    await expect.poll(() => card.getByTestId('migrate-report').textContent(), { timeout: 60_000 }).toContain('迁移完成');
    expect(await card.getByTestId('migrate-report').textContent()).toContain('缺失 0，损坏 0');
    await page.screenshot({ path: screenshotPath('settings-database-migrated'), fullPage: true });
    expect(fs.existsSync(path.join(dir, CONNECTION_FILE))).toBe(true);
    const reopened = await openArchive(dir);
    try {
      expect(reopened.engine).toBe('postgres');
      expect(await createService({ archive: reopened, actor: 'test' }).listHouseholds({})).toHaveLength(2);
    } finally {
      await reopened.close();
    }
    await page.close();
  });
});
