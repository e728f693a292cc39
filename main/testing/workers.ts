import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { projectRoot } from '../support/paths';

/**
 * Builds a worker thread's bundle as `npm run build:main` does (ESM, packages
 * external) into its own folder under test-output, so a test can load the
 * worker the way the desktop app does. `near` is the URL of a module beside
 * it, as workerPool expects; `remove()` deletes the folder.
 */
export async function bundleWorker(name: string, source: string): Promise<{ near: string; remove(): void }> {
  const out = path.join(projectRoot(), 'test-output', `${name}-${process.pid}`);
  fs.rmSync(out, { recursive: true, force: true });
  await build({ entryPoints: [path.join(projectRoot(), source)], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: path.join(out, `${name}.js`), logLevel: 'warning' });
  return { near: pathToFileURL(path.join(out, 'main.js')).href, remove: () => fs.rmSync(out, { recursive: true, force: true }) };
}
