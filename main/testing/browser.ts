import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
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

/**
 * A fresh 1366×768 window logged in as this user, then at `hash` if given.
 * The browser speaks English, so any Chinese on screen is the app's own
 * (dates and numbers do not follow the browser's language).
 */
export async function logIn(session: BrowserSession, username: string, password: string, hash?: string): Promise<Page> {
  const page = await session.browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'en-US' });
  await page.goto(session.host.url);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('navigation', { name: '主导航' }).waitFor({ timeout: 30_000 });
  if (hash) await page.evaluate((h) => (window.location.hash = h), hash);
  return page;
}

/** The main menu's entries, in order. */
export const menuEntries = (page: Page) => page.locator('nav.nav li a span').allTextContents();

/** The page and the elements matching `selectors` that are wider than their box (by class name): what a 1366 px screen would cut off. */
export function overflowing(page: Page, selectors: string): Promise<string[]> {
  return page.evaluate(
    (s) =>
      [document.documentElement, ...document.querySelectorAll(s)].filter((el) => el.scrollWidth > el.clientWidth + 1).map((el) => el.className || el.tagName),
    selectors,
  );
}

/** English words in the text a clerk reads under `root`, leaving out `skip` (data cells, paths, the user's own name, Alt key hints). */
export function englishText(page: Page, skip: string, root = '.app'): Promise<string[]> {
  return page.evaluate(
    ([r, s]) => {
      const app = document.querySelector(r)?.cloneNode(true) as HTMLElement | undefined;
      app?.querySelectorAll(s).forEach((el) => el.remove());
      return (app?.textContent ?? '').match(/[A-Za-z]{3,}/g) ?? [];
    },
    [root, skip] as const,
  );
}
