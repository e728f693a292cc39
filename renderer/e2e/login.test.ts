import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive, type Archive } from '../../main/archive';
import { createService } from '../../main/service';
import { chromiumMissing, openInChromium, type BrowserSession, SKIP_REASON } from '../../main/testing/browser';
import { tempDir } from '../../main/testing/fixtures';

/** Once the archive has users, the workbench asks who is working before showing anything. */

if (chromiumMissing) console.warn(SKIP_REASON);

describe.skipIf(chromiumMissing)('login', () => {
  let archive: Archive;
  let session: BrowserSession;

  beforeAll(async () => {
    archive = await openArchive(path.join(tempDir(), 'archive'));
    await createService({ archive, actor: 'test' }).createUser({
      username: 'clerk1',
      displayName: '张经办',
      role: '经办人',
      password: 'Hudang-2025!',
    });
    session = await openInChromium(archive, 'test');
  });
  afterAll(async () => {
    await session?.close();
    await archive?.close();
  });

  it('shows the login form, says why a wrong password fails, and opens the workbench for the right one', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(session.host.url);
    await page.getByLabel('用户名').fill('clerk1');
    await page.getByLabel('密码').fill('wrong-password');
    await page.getByRole('button', { name: '登录' }).click();
    await expect.poll(() => page.locator('.alert-error').first().textContent()).toMatch(/[\u4e00-\u9fff]/);
    await page.getByLabel('密码').fill('Hudang-2025!');
    await page.getByRole('button', { name: '登录' }).click();
    await expect.poll(() => page.locator('.topbar .user').textContent()).toContain('张经办（经办人）');
    await expect.poll(() => page.locator('#dashboard-title').count()).toBe(1);
    await page.getByRole('button', { name: '退出登录' }).click();
    await expect.poll(() => page.getByRole('button', { name: '登录' }).count()).toBe(1);
  });
});
