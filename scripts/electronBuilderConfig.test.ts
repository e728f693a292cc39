import fs from 'node:fs';
import path from 'node:path';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../main/support/paths';

/** electron-builder.yml is complete and valid, though packaging itself needs the Electron binary. */

const root = projectRoot();

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own schema validation', async () => {
    const config = await getConfig(root, path.join(root, 'electron-builder.yml'), null);
    await expect(validateConfiguration(config, { isEnabled: false, add: () => undefined } as never)).resolves.toBeUndefined();
  });

  it('targets Windows NSIS x64 and Linux deb + AppImage on x64 and arm64', async () => {
    const config = await getConfig(root, path.join(root, 'electron-builder.yml'), null);
    expect(config.win?.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.linux?.target).toEqual([
      { target: 'deb', arch: ['x64', 'arm64'] },
      { target: 'AppImage', arch: ['x64', 'arm64'] },
    ]);
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['**/*.node', '**/node_modules/sharp/**/*']));
  });

  it('ships every resource folder it names', async () => {
    const config = await getConfig(root, path.join(root, 'electron-builder.yml'), null);
    for (const entry of config.extraResources as { from: string }[]) {
      expect(fs.existsSync(path.join(root, entry.from)), entry.from).toBe(true);
    }
  });
});
