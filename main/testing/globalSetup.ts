import path from 'node:path';
import { build } from 'vite';
import { projectRoot } from '../support/paths';

/** Builds the renderer once per test run, so host and browser tests see the current UI. */
export default async function setup(): Promise<void> {
  // vitest sets NODE_ENV=test, which would give the host a development React build to serve.
  const mode = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: path.join(projectRoot(), 'renderer', 'vite.config.ts'), logLevel: 'warn', mode: 'production' });
  } finally {
    process.env.NODE_ENV = mode;
  }
}
