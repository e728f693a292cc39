import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../main/support/paths';
import { tempDir } from '../main/testing/fixtures';

/** `npm start` on a machine without the Electron binary: one clear line, then the same UI in the browser host. */

const root = projectRoot();
const electronInstalled = fs.existsSync(path.join(root, 'node_modules', 'electron', 'path.txt'));

function firstLine(stream: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve) => readline.createInterface({ input: stream }).once('line', resolve));
}

describe.skipIf(electronInstalled)('npm start without an Electron binary', () => {
  it('says so in one line and serves the UI on a loopback URL', async () => {
    const child = spawn('npm', ['start', '--silent'], {
      cwd: root,
      detached: true,
      env: { ...process.env, HUDANG_DATA: tempDir(), HUDANG_NO_ELECTRON_DOWNLOAD: '1' },
    });
    try {
      const [notice, url] = await Promise.all([firstLine(child.stderr), firstLine(child.stdout)]);
      expect(notice).toMatch(/^未安装 Electron 程序文件.*改为在本机浏览器中运行户档/);
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+$/);
      const page = await fetch(url);
      expect(await page.text()).toContain('<title>户档</title>');
    } finally {
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
    }
  });
});
