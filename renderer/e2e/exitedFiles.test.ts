import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive, type Archive } from '../../main/archive';
import { beijingDate } from '../../main/domain/beijingDate';
import { makeIdNumber } from '../../main/domain/idNumber';
import { createService } from '../../main/service';
import { householdIdOf, ingestSyntheticScans } from '../../main/testing/archives';
import { chromiumMissing, openInChromium, type BrowserSession, screenshotPath, SKIP_REASON, logIn, overflowing } from '../../main/testing/browser';
import { rosterCsv, tempDir, writeCsv } from '../../main/testing/fixtures';

/**
 * 整户退出 and the 退出档案 section in the app, at 1366×768:
 * a clerk exits a household from its own file (a date in the future is
 * refused in the dialog and changes nothing; then today's date, a reason and
 * one of its own pages as the 停止救助通知书), and finds it in 退出档案 with its
 * 保管期满. A file whose retention ended long ago (exited in 2020 under a
 * one-year retention setting) is held and released by the 管理员, appraised by
 * one 区级 account, approved by the 管理员 and another 区级 account, destroyed,
 * and its 销毁清册 is offered as a PDF.
 */

if (chromiumMissing) console.warn(SKIP_REASON);

const LIVE = { name: '郑淑芬', id: makeIdNumber('120116', '19570612', 71) };
const OLD = { name: '孙德福', id: makeIdNumber('120116', '19380304', 33) };
const PASSWORD = 'Hudang-2025!';
const masked = (id: string) => `${id.slice(0, 6)}********${id.slice(-4)}`;

describe.skipIf(chromiumMissing)('整户退出 and 退出档案', () => {
  let dir: string;
  let archive: Archive;
  let session: BrowserSession;
  let liveId: number;
  let oldExitId: number;


  /** Nothing on the screen is wider than the window. */
  const overflow = (page: Page) => overflowing(page, '.content, .exited-layout, .exited-detail, .dialog, .household-head');

  async function openOldFile(page: Page): Promise<void> {
    await page.locator(`tr[data-exit="${oldExitId}"]`).click();
    await page.getByRole('complementary', { name: `退出档案：${OLD.name}` }).waitFor({ timeout: 30_000 });
  }

  beforeAll(async () => {
    dir = tempDir();
    archive = await openArchive(path.join(dir, 'archive'));
    // The old file: exited in 2020 under a one-year retention, so its 保管期满 is long past.
    let clock = new Date('2020-03-01T02:00:00Z');
    const then = createService({ archive, actor: 'setup', now: () => clock });
    await then.updateSettings({ retentionYears: 1, retentionStart: 'exitDate' });
    await then.importRoster({ path: writeCsv(path.join(dir, 'old.csv'), rosterCsv([['红旗村', OLD.name, OLD.id, '低保', '1']])) });
    const oldId = await householdIdOf(then, OLD.id);
    oldExitId = (await then.exitHousehold({ householdId: oldId, exitedOn: '2020-03-01', reason: '死亡' })).exitId;
    clock = new Date();
    const api = createService({ archive, actor: 'setup' });
    await api.updateSettings({ retentionYears: 30, retentionStart: 'nextJanuary' });
    await api.importRoster({ path: writeCsv(path.join(dir, 'r.csv'), rosterCsv([['红旗村', LIVE.name, LIVE.id, '低保', '2']])) });
    liveId = await householdIdOf(api, LIVE.id);
    const pageIds = await ingestSyntheticScans(api, archive, dir, [
      { dpi: 72, seed: 1, table: false },
      { dpi: 72, seed: 2, table: false },
    ]);
    await api.fileDocument({ householdId: liveId, itemCode: 'dibao.02', pageIds: pageIds.slice(0, 1) });
    await api.fileDocument({ householdId: liveId, itemCode: 'dibao.03', pageIds: pageIds.slice(1) });
    for (const [username, role] of [['admin', '管理员'], ['clerk1', '经办人'], ['district1', '区级'], ['district2', '区级']] as const) {
      await api.createUser({ username, displayName: username, role, password: PASSWORD });
    }
    session = await openInChromium(archive, 'test');
  }, 180_000);

  afterAll(async () => {
    await session?.close();
    await archive?.close();
  });

  it('exits a household from its own file; it is then listed in 退出档案 with its 保管期满', async () => {
    const page = await logIn(session, 'clerk1', PASSWORD, `#/household/${liveId}`);
    await page.getByRole('button', { name: '整户退出', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: '整户退出' });
    await dialog.waitFor();
    const today = beijingDate(new Date());
    expect(await dialog.getByLabel('退出日期').inputValue()).toBe(today);
    // Only this household's own pages are offered for the notice: its two.
    await expect.poll(() => dialog.locator('.notice-page').count(), { timeout: 15_000 }).toBe(2);

    // A date in the future: the service's refusal shows in the dialog, and nothing changes.
    const future = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`;
    await dialog.getByLabel('退出日期').fill(future);
    await dialog.getByLabel('退出原因').fill('收入超标');
    await dialog.getByRole('button', { name: '确认整户退出' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent(), { timeout: 15_000 }).toContain(`退出日期 ${future} 晚于今天`);
    const service = createService({ archive, actor: 'test' });
    expect((await service.getHousehold({ id: liveId }))?.status).toBe('在册');

    await dialog.getByLabel('退出日期').fill(today);
    const notice = dialog.locator('.notice-page input').nth(1);
    await notice.check();
    expect(await dialog.getByText('已选 1 页').count()).toBe(1);
    expect(await overflow(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('40-household-exit') });
    await dialog.getByRole('button', { name: '确认整户退出' }).click();

    const until = `${Number(today.slice(0, 4)) + 30}-12-31`;
    const head = page.locator('.household-head');
    await expect.poll(() => head.textContent(), { timeout: 15_000 }).toContain(`保管期满 ${until}`);
    expect(await head.textContent()).toContain(`${today} 整户退出（收入超标）`);
    expect(await page.getByRole('button', { name: '整户退出', exact: true }).count()).toBe(0);
    expect(await overflow(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('41-household-exited') });
    // The ticked page is now the 停止救助通知书 of the exited file.
    const docs = await service.householdDocuments({ householdId: liveId });
    expect(docs.documents.find((d) => d.title === '停止救助通知书')?.pages).toHaveLength(1);

    await page.getByRole('link', { name: /退出档案/ }).click();
    const row = page.locator('.exited-table tbody tr').filter({ hasText: LIVE.name });
    await row.waitFor({ timeout: 15_000 });
    expect(await row.locator('td').allTextContents()).toEqual([LIVE.name, masked(LIVE.id), '红旗村', today, '收入超标', until, '—', '保管中']);
    // A clerk may not hold, appraise or destroy: read only.
    await row.click();
    await page.getByRole('complementary', { name: `退出档案：${LIVE.name}` }).waitFor();
    expect(await page.locator('.read-only-note').count()).toBe(1);
    expect(await overflow(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('42-exited-files') });
    await page.close();
  }, 120_000);

  it('holds and releases, appraises, takes two approvals, destroys and offers the 销毁清册', async () => {
    // 管理员: a legal hold with its reason blocks everything else until released.
    const admin = await logIn(session, 'admin', PASSWORD, '#/exited');
    await openOldFile(admin);
    await admin.getByLabel('保全原因（必填）').fill('涉及信访案件，待结案');
    await admin.getByRole('button', { name: '设置法律保全' }).click();
    const oldRow = admin.locator(`tr[data-exit="${oldExitId}"]`);
    await expect.poll(() => oldRow.locator('td').nth(7).textContent(), { timeout: 15_000 }).toBe('法律保全（冻结）');
    expect(await admin.getByRole('form', { name: '提出鉴定' }).count()).toBe(0);
    await admin.getByLabel('解除原因').fill('案件已结');
    await admin.getByRole('button', { name: '解除法律保全' }).click();
    await expect.poll(() => oldRow.locator('td').nth(7).textContent(), { timeout: 15_000 }).toBe('保管期满，待鉴定');
    await admin.close();

    // 区级 (the appraiser).
    const appraiser = await logIn(session, 'district2', PASSWORD, '#/exited');
    await openOldFile(appraiser);
    await appraiser.getByLabel('鉴定意见').fill('保管期满，经鉴定无继续保存价值，同意销毁');
    await appraiser.getByRole('button', { name: '提交鉴定' }).click();
    await expect.poll(() => appraiser.locator('.appraisal').getAttribute('data-status'), { timeout: 15_000 }).toBe('open');
    // The appraiser may not approve their own appraisal.
    expect(await appraiser.getByRole('button', { name: '批准销毁' }).count()).toBe(0);
    expect(await overflow(appraiser)).toEqual([]);
    await appraiser.screenshot({ path: screenshotPath('43-exited-appraisal') });
    await appraiser.close();

    // One 管理员 and one other 区级 approve.
    for (const username of ['admin', 'district1']) {
      const approver = await logIn(session, username, PASSWORD, '#/exited');
      await openOldFile(approver);
      await approver.getByRole('button', { name: '批准销毁' }).click();
      await expect.poll(() => approver.locator('.approvals').textContent(), { timeout: 15_000 }).toContain(`已批准：${username}`);
      if (username === 'district1') {
        // A district account may not destroy; the approvals are complete.
        expect(await approver.getByRole('button', { name: '执行销毁……' }).count()).toBe(0);
        await approver.screenshot({ path: screenshotPath('44-exited-approved') });
      }
      await approver.close();
    }

    // 管理员 destroys, after confirming, and saves the 销毁清册.
    const destroyer = await logIn(session, 'admin', PASSWORD, '#/exited');
    await openOldFile(destroyer);
    await destroyer.getByRole('button', { name: '执行销毁……' }).click();
    expect(await destroyer.getByRole('group', { name: '确认销毁' }).textContent()).toContain('不能恢复');
    await destroyer.getByRole('button', { name: '确认销毁' }).click();
    const save = destroyer.getByRole('button', { name: '保存销毁清册（PDF）' });
    await save.waitFor({ timeout: 30_000 });
    const today = beijingDate(new Date());
    expect(await destroyer.locator(`tr[data-exit="${oldExitId}"] td`).nth(7).textContent()).toBe(`已于 ${today} 销毁`);
    const [download] = await Promise.all([destroyer.waitForEvent('download'), save.click()]);
    const register = (await createService({ archive, actor: 'test' }).listDestructionRegister({}))[0];
    expect(download.suggestedFilename()).toBe(`销毁清册-${register?.id}-${OLD.name}.pdf`);
    expect(register?.summary.approvers).toEqual(['admin', 'district1']);
    expect(await overflow(destroyer)).toEqual([]);
    await destroyer.screenshot({ path: screenshotPath('45-exited-destroyed') });
    await destroyer.close();
  }, 180_000);
});
