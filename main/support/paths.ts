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

/** The path functions and realpath resolveInside uses; tests inject path.win32 to check Windows paths on Linux. */
export interface PathSystem {
  path: Pick<path.PlatformPath, 'resolve' | 'relative' | 'isAbsolute' | 'dirname' | 'basename' | 'join' | 'sep'>;
  /** Throws when the path does not exist. */
  realpath(p: string): string;
}

const nativePaths: PathSystem = { path, realpath: (p) => fs.realpathSync.native(p) };

function within(p: PathSystem['path'], root: string, target: string): boolean {
  const rel = p.relative(root, target);
  // Another drive or a UNC share comes back absolute from relative(); '..' leaves the root.
  return !p.isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${p.sep}`);
}

/** realpath of the deepest part that exists, with the rest appended: a folder about to be created is checked by its parent. */
function realpathOfExisting(fsys: PathSystem, target: string): string | null {
  const missing: string[] = [];
  for (let at = target; ; ) {
    try {
      return fsys.path.join(fsys.realpath(at), ...missing);
    } catch {
      const parent = fsys.path.dirname(at);
      if (parent === at) return null;
      missing.unshift(fsys.path.basename(at));
      at = parent;
    }
  }
}

/**
 * The one path check: `target` (relative to `root`, or absolute) resolved,
 * symbolic links and junctions followed, and returned only if it still lies
 * inside `root`; null otherwise. Refuses `..` escapes, other drives, UNC
 * shares and links that point out. The root itself must exist.
 */
export function resolveInside(root: string, target: string, fsys: PathSystem = nativePaths): string | null {
  if (target.includes('\0')) return null;
  const p = fsys.path;
  const lexicalRoot = p.resolve(root);
  const lexical = p.resolve(lexicalRoot, target);
  if (!within(p, lexicalRoot, lexical)) return null;
  let realRoot: string;
  try {
    realRoot = fsys.realpath(lexicalRoot);
  } catch {
    return null;
  }
  const real = realpathOfExisting(fsys, lexical);
  return real !== null && within(p, realRoot, real) ? real : null;
}
