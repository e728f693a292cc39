import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../testing/fixtures';
import { resolveInside, type PathSystem } from './paths';

/**
 * The one path check behind hudang://, the browser host and the package
 * folders: nothing it returns lies outside its root, on Windows or Linux.
 */

/** Windows paths on any machine: path.win32, and a realpath that knows which folders exist and where a junction points. */
function windows(existing: string[], junctions: Record<string, string> = {}): PathSystem {
  const known = new Set(existing.map((p) => p.toLowerCase()));
  return {
    path: path.win32,
    realpath: (p) => {
      const resolved = path.win32.resolve(p);
      for (const [link, to] of Object.entries(junctions)) {
        if (resolved.toLowerCase() === link.toLowerCase() || resolved.toLowerCase().startsWith(`${link.toLowerCase()}\\`)) return to + resolved.slice(link.length);
      }
      if (!known.has(resolved.toLowerCase())) throw new Error(`ENOENT: ${p}`);
      return resolved;
    },
  };
}

describe('resolveInside on Windows paths (path.win32)', () => {
  const root = 'C:\\Program Files\\户档\\renderer\\dist';
  const fsys = windows([root, `${root}\\index.html`, `${root}\\assets`, 'C:\\', 'D:\\', 'E:\\导出'], { 'E:\\导出\\链接': 'C:\\Windows' });

  it.each([
    ['index.html', `${root}\\index.html`],
    ['assets\\app.js', `${root}\\assets\\app.js`],
    ['assets/app.js', `${root}\\assets\\app.js`],
    ['ASSETS\\x.css', `${root}\\assets\\x.css`],
  ])('serves %s inside the root', (target, expected) => {
    expect(resolveInside(root, target, fsys)?.toLowerCase()).toBe(expected.toLowerCase());
  });

  it.each([
    ['a UNC share', '\\\\server\\share\\secret.txt'],
    ['a UNC share with forward slashes', '//server/share/secret.txt'],
    ['a device path', '\\\\?\\C:\\Windows\\win.ini'],
    ['another drive', 'D:\\secret.txt'],
    ['another drive, forward slashes', 'D:/secret.txt'],
    ['a drive-relative path', 'D:secret.txt'],
    ['the same drive, absolute', 'C:\\Windows\\win.ini'],
    ['a root-relative path', '\\Windows\\win.ini'],
    ['a .. escape', '..\\..\\..\\Windows\\win.ini'],
    ['a .. escape with forward slashes', '../../secret'],
    ['a .. escape after a real folder', 'assets\\..\\..\\secret'],
    ['a sibling sharing the prefix', '..\\dist-old\\index.html'],
    ['a NUL byte', 'index.html\0.png'],
  ])('refuses %s', (_name, target) => {
    expect(resolveInside(root, target, fsys)).toBeNull();
  });

  it('refuses a junction that points outside the root, and a root that does not exist', () => {
    expect(resolveInside('E:\\导出', '链接\\win.ini', fsys)).toBeNull();
    expect(resolveInside('E:\\导出', '城南镇\\抽查报告', fsys)).toBe('E:\\导出\\城南镇\\抽查报告');
    expect(resolveInside('F:\\不存在', 'x', fsys)).toBeNull();
  });
});

describe('resolveInside on this machine', () => {
  it('follows symbolic links and refuses those that point out, even for a folder not made yet', () => {
    const dir = tempDir('hudang-paths-');
    const root = path.join(dir, 'root');
    fs.mkdirSync(path.join(root, 'inside'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'outside'));
    fs.symlinkSync(path.join(dir, 'outside'), path.join(root, 'link'));
    fs.symlinkSync(path.join(root, 'inside'), path.join(root, 'alias'));
    const realRoot = fs.realpathSync(root);
    expect(resolveInside(root, 'inside/new/report')).toBe(path.join(realRoot, 'inside', 'new', 'report'));
    expect(resolveInside(root, 'alias/x')).toBe(path.join(realRoot, 'inside', 'x'));
    expect(resolveInside(root, 'link')).toBeNull();
    expect(resolveInside(root, 'link/new/report')).toBeNull();
    expect(resolveInside(root, path.join(dir, 'outside'))).toBeNull();
    expect(resolveInside(root, '/etc/passwd')).toBeNull();
    expect(resolveInside(root, '../outside')).toBeNull();
    expect(resolveInside(root, path.join(root, 'inside'))).toBe(path.join(realRoot, 'inside'));
    expect(resolveInside(root, '.')).toBe(realRoot);
  });
});
