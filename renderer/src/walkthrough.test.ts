import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../main/support/paths';
import { NAV_ITEMS } from './lib/menu';

/**
 * The README's walkthrough "乡镇档案员的一天" names menus, buttons and fields
 * in 「」 exactly as the screen shows them. Each such name must be in the
 * window's own code, and every menu entry must be in the walkthrough, so the
 * README cannot drift from the UI.
 */

const root = projectRoot();
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');

function walkthrough(): string {
  const start = readme.indexOf('## 乡镇档案员的一天');
  const end = readme.indexOf('\n## ', start + 1);
  return start < 0 ? '' : readme.slice(start, end < 0 ? undefined : end);
}

/** The renderer's source text, tests left out. */
function rendererSource(): string {
  const dir = path.join(root, 'renderer', 'src');
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file))
    .map((file) => fs.readFileSync(path.join(dir, file), 'utf8'))
    .join('\n');
}

describe('README walkthrough 乡镇档案员的一天', () => {
  const section = walkthrough();
  const quoted = [...new Set([...section.matchAll(/「([^」]+)」/g)].map((m) => m[1] ?? ''))];

  it('is there and names the screen’s words in 「」', () => {
    expect(section.length).toBeGreaterThan(1000);
    expect(quoted.length).toBeGreaterThan(50);
  });

  it('names only words the window shows', () => {
    const source = rendererSource();
    expect(quoted.filter((name) => !source.includes(name))).toEqual([]);
  });

  it('takes the reader through every menu entry', () => {
    expect(NAV_ITEMS.map((item) => item.label).filter((label) => !quoted.includes(label))).toEqual([]);
  });
});
