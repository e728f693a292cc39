import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the app's own files are: the project root in development and tests,
 * the packaged resources folder inside an installed app.
 */

let root: string | null = null;

/** The folder holding hudang's package.json, found by walking up from this file. */
export function projectRoot(): string {
  if (root) return root;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: string }).name === 'hudang') {
      root = dir;
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('找不到户档的安装目录（package.json）');
    dir = parent;
  }
}

/** resources/: checklist packs, policy texts, fonts. electron-builder copies it as extraResources. */
export function resourcesDir(): string {
  const packaged = (process as { resourcesPath?: string }).resourcesPath;
  if (packaged && fs.existsSync(path.join(packaged, 'resources', 'checklists'))) return path.join(packaged, 'resources');
  return path.join(projectRoot(), 'resources');
}

export function appVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}
