import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { main as cli } from '../main/cli/index';
import { BINDING_FILE, ELECTRON_NATIVE_DIR } from '../main/db/nativeBinding';
import { projectRoot } from '../main/support/paths';

/**
 * `npm start`: the desktop app when an Electron binary is installed (fetching
 * it once with electron's own installer where the network allows), otherwise
 * the same UI in the local browser host, said in one line.
 */

const root = projectRoot();
const require = createRequire(import.meta.url);

function electronBinary(): string | null {
  try {
    const binary = require('electron') as unknown as string;
    return fs.existsSync(binary) ? binary : null;
  } catch {
    return null; // electron's index.js throws when its binary was never downloaded
  }
}

function tryDownloadElectron(): void {
  if (process.env.HUDANG_NO_ELECTRON_DOWNLOAD) return;
  spawnSync(process.execPath, [require.resolve('electron/install.js')], { stdio: 'ignore', timeout: 120_000 });
}

function electronVersion(): string {
  return (JSON.parse(fs.readFileSync(require.resolve('electron/package.json'), 'utf8')) as { version: string }).version;
}

/** better-sqlite3 built for Electron's ABI in its own folder, leaving node_modules' Node build alone. */
async function ensureElectronSqlite(version: string): Promise<void> {
  const target = path.join(root, ELECTRON_NATIVE_DIR, version, BINDING_FILE);
  if (fs.existsSync(target)) return;
  const work = path.join(root, ELECTRON_NATIVE_DIR, version, 'work');
  const moduleDir = path.join(work, 'node_modules', 'better-sqlite3');
  fs.rmSync(work, { recursive: true, force: true });
  fs.cpSync(path.join(root, 'node_modules', 'better-sqlite3'), moduleDir, {
    recursive: true,
    filter: (src) => !src.includes(`${path.sep}build${path.sep}`),
  });
  fs.writeFileSync(path.join(work, 'package.json'), JSON.stringify({ name: 'native-work', dependencies: { 'better-sqlite3': '*' } }));
  const { rebuild } = await import('@electron/rebuild');
  await rebuild({ buildPath: work, electronVersion: version, onlyModules: ['better-sqlite3'], force: true });
  fs.copyFileSync(path.join(moduleDir, 'build', 'Release', BINDING_FILE), target);
}

async function startDesktop(binary: string): Promise<void> {
  spawnSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  await ensureElectronSqlite(electronVersion());
  const child = spawn(binary, [root], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
}

async function startBrowserHost(): Promise<void> {
  process.stderr.write('未安装 Electron 程序文件（本机无法下载），改为在本机浏览器中运行户档：请打开下面的地址。\n');
  const dataArgs = process.env.HUDANG_DATA ? ['--data', process.env.HUDANG_DATA] : [];
  const code = await cli([...dataArgs, 'serve', '--port', process.env.HUDANG_PORT ?? '0']);
  if (code !== 0) process.exit(code);
}

if (!electronBinary()) tryDownloadElectron();
const binary = electronBinary();
await (binary ? startDesktop(binary) : startBrowserHost());
