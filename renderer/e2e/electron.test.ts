import fs from 'node:fs';
import path from 'node:path';
import { _electron as electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../main/support/paths';
import { tempDir } from '../../main/testing/fixtures';

/**
 * The desktop shell itself, through Playwright's Electron launcher. The
 * Electron binary cannot be downloaded on the machines this project is built
 * on, so this runs only where one is installed; everything else about the
 * UI is tested in Chromium against the browser host.
 */

const root = projectRoot();
const binaryInstalled = fs.existsSync(path.join(root, 'node_modules', 'electron', 'path.txt'));
if (!binaryInstalled) console.warn('未安装 Electron 程序文件（node_modules/electron/path.txt 不存在）：Electron 窗口测试已跳过；界面测试在 Chromium 中运行。');

describe.skipIf(!binaryInstalled)('Electron window', () => {
  it('opens the workbench in a sandboxed window whose bridge offers only the API', async () => {
    const { spawnSync } = await import('node:child_process');
    spawnSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: 'inherit' });
    const app = await electron.launch({ args: [root], env: { ...process.env, HUDANG_DATA: tempDir() } });
    try {
      const window = await app.firstWindow();
      expect(await window.title()).toBe('户档');
      const exposed = await window.evaluate(() => Object.keys((window as unknown as { hudang: object }).hudang).sort());
      expect(exposed).toContain('listHouseholds');
      expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    } finally {
      await app.close();
    }
  });
});
