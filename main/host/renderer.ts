import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../support/paths';

/** The built renderer (renderer/dist), built with Vite on first use if it is missing. */
export async function ensureRendererBuilt(): Promise<string> {
  const root = projectRoot();
  const distDir = path.join(root, 'renderer', 'dist');
  if (fs.existsSync(path.join(distDir, 'index.html'))) return distDir;
  process.stderr.write('首次启动：正在构建界面，请稍候……\n');
  const { build } = await import('vite');
  await build({ configFile: path.join(root, 'renderer', 'vite.config.ts'), logLevel: 'warn' });
  return distDir;
}
