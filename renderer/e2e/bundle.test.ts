import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../main/support/paths';

/** The built renderer runs in a sandboxed window: no Node built-ins, no Electron IPC of its own. */

describe('renderer bundle', () => {
  const assets = path.join(projectRoot(), 'renderer', 'dist', 'assets');
  const scripts = fs.existsSync(assets) ? fs.readdirSync(assets).filter((f) => f.endsWith('.js')) : [];

  it('was built (vitest globalSetup builds it)', () => {
    expect(scripts.length).toBeGreaterThan(0);
  });

  it('contains no Node built-ins and no ipcRenderer', () => {
    for (const file of scripts) {
      const code = fs.readFileSync(path.join(assets, file), 'utf8');
      expect(code, file).not.toMatch(
        /require\(\s*["'](node:)?(fs|path|os|child_process|crypto|http|net|worker_threads|electron)["']\s*\)/,
      );
      expect(code, file).not.toMatch(/(from|import)\s*\(?\s*["']node:/);
      expect(code, file).not.toMatch(/["']node:[a-z_/]+["']/);
      expect(code, file).not.toContain('ipcRenderer');
    }
  });
});
