import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import type { Archive } from '../archive';
import { startHost, type Host } from '../host/server';
import { projectRoot } from '../support/paths';

/**
 * Debian's Chromium driven by playwright-core (never a downloaded browser).
 * .ci/run installs it; where it is missing, browser tests skip and say why.
 */

export const CHROMIUM = process.env.HUDANG_CHROMIUM ?? '/usr/bin/chromium';
export const chromiumMissing = !fs.existsSync(CHROMIUM);
export const SKIP_REASON = `未找到 ${CHROMIUM}：浏览器测试已跳过（apt-get install chromium 后再运行）`;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

/** The browser host for an archive on a free loopback port, and Chromium to drive it. */
export interface BrowserSession {
  host: Host;
  browser: Browser;
  /** Ends Chromium and the host; the archive stays the caller's to close. */
  close(): Promise<void>;
}

export async function openInChromium(archive: Archive, actor: string): Promise<BrowserSession> {
  const host = await startHost({ archive, port: 0, actor });
  const browser = await launchChromium();
  return {
    host,
    browser,
    close: async () => {
      await browser.close();
      await host.close();
    },
  };
}

export function screenshotPath(name: string): string {
  const dir = path.join(projectRoot(), 'test-output', 'screens');
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, `${name}.png`);
}
