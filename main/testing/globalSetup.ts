import path from 'node:path';
import { build } from 'vite';
import { projectRoot } from '../support/paths';

/** Builds the renderer once per test run, so host and browser tests see the current UI. */
export default async function setup(): Promise<void> {
  await build({ configFile: path.join(projectRoot(), 'renderer', 'vite.config.ts'), logLevel: 'warn' });
}
