import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BrowserWindow, app, ipcMain, net, protocol, session, type IpcMainInvokeEvent } from 'electron';
import { dispatch, toErrorBody } from '../api/dispatch';
import { openArchive, type Archive } from '../archive';
import { chooseNativeBinding } from '../db/nativeBinding';
import type { HudangApi, ProgressEvent } from '../api/contract';
import { startRuntime } from '../app/runtime';
import { projectRoot, resolveInside } from '../support/paths';

/**
 * The Electron main process, kept thin: one secure window, the app:// protocol
 * for the UI (never file://), and IPC handlers that validate the sender and
 * hand every call to the one service API.
 */

const SCHEME = 'hudang';
const APP_ORIGIN = `${SCHEME}://app`;
const CSP = "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; connect-src 'self'";
const here = path.dirname(fileURLToPath(import.meta.url));

protocol.registerSchemesAsPrivileged([{ scheme: SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

/** renderer/dist, inside app.asar once packaged (projectRoot finds the asar's package.json). */
function rendererDir(): string {
  return path.join(projectRoot(), 'renderer', 'dist');
}

/**
 * Serves the built renderer and page images (/blob/<sha256>). Files go
 * through the one path check the browser host uses (resolveInside: no `..`,
 * no other drive, no UNC share, no link out); images only while the window
 * is logged in (or the archive is still in set-up mode).
 */
function registerAppProtocol(archive: Archive, api: HudangApi): void {
  const root = rendererDir();
  session.defaultSession.protocol.handle(SCHEME, async (request) => {
    const url = new URL(request.url);
    const blob = /^\/blob\/([0-9a-f]{64})$/.exec(url.pathname);
    if (blob?.[1]) {
      if (!(await api.whoami({}))) return new Response('请先登录后再查看图像', { status: 403 });
      if (!(await archive.store.has(blob[1]))) return new Response('找不到图像', { status: 404 });
      return new Response(new Uint8Array(await archive.store.read(blob[1])), { headers: { 'Cache-Control': 'private, no-store' } });
    }
    let relative: string;
    try {
      relative = decodeURIComponent(url.pathname).replace(/^\/+/, '') || 'index.html';
    } catch {
      return new Response('地址无效', { status: 400 });
    }
    const target = resolveInside(root, relative);
    if (target === null) return new Response('拒绝访问', { status: 403 });
    const response = await net.fetch(pathToFileURL(target).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', CSP);
    return new Response(response.body, { status: response.status, headers });
  });
}

/** Only our own top-level page may call the API (Electron security checklist, item 17). */
function fromOurWindow(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame.parent === null && frame.url.startsWith(`${APP_ORIGIN}/`);
}

function registerIpc(api: HudangApi): void {
  ipcMain.handle('hudang:call', async (event, method: unknown, arg: unknown) => {
    if (!fromOurWindow(event)) return { error: '拒绝访问', code: 'forbidden' };
    try {
      return { result: await dispatch(api, String(method), arg) };
    } catch (error) {
      return toErrorBody(error);
    }
  });
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1366,
    height: 768,
    title: '户档',
    webPreferences: {
      preload: path.join(here, '..', 'preload', 'index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  window.webContents.on('will-navigate', (event, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
  });
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  void window.loadURL(`${APP_ORIGIN}/index.html`);
  return window;
}

async function start(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  await app.whenReady();
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  const nativeBinding = chooseNativeBinding({
    electronVersion: process.versions.electron,
    resourcesPath: app.isPackaged ? process.resourcesPath : undefined,
    projectRoot: app.isPackaged ? app.getAppPath() : projectRoot(),
  });
  const dataDir = process.env.HUDANG_DATA ?? path.join(app.getPath('userData'), 'archive');
  const archive = await openArchive(dataDir, nativeBinding ? { nativeBinding } : {});
  let window: BrowserWindow | null = null;
  const onProgress = (event: ProgressEvent) => window?.webContents.send('hudang:progress', event);
  const runtime = await startRuntime({ archive, actor: `desktop:${process.env.USERNAME ?? process.env.USER ?? 'user'}`, onProgress });
  // One window, one caller: a login through IPC keeps its session here in main, never in the page.
  const api = runtime.apiFor({ token: null });
  registerAppProtocol(archive, api);
  registerIpc(api);
  window = createWindow();
  app.on('second-instance', () => {
    if (!window || window.isDestroyed()) window = createWindow();
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('window-all-closed', () => {
    void runtime
      .close()
      .then(() => archive.close())
      .then(() => app.quit());
  });
}

void start();
