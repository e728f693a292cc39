#!/usr/bin/env node
// The `hudang` command (also `npm run hudang`). Runs the CLI from one bundled
// file, rebuilt with esbuild whenever a source file is newer: loading hundreds
// of small modules through a TypeScript loader costs ~1 s per call, the
// bundle ~0.2 s, and scripts call hudang often.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const bundle = path.join(root, 'dist', 'cli', 'hudang.mjs');
// Worker threads (main/support/workerPool.ts) load their own bundles from beside the CLI's: export, and judging remembered completeness answers.
const WORKERS = ['main/export/exportWorker.ts', 'main/checklist/judgeWorker.ts'];
const workerBundle = (entry) => path.join(root, 'dist', 'cli', `${path.basename(entry, '.ts')}.mjs`);
const SOURCES = ['main', 'migrations'];
// Native, heavy or optional packages stay outside the bundle and load from node_modules.
const EXTERNAL = [
  'better-sqlite3', 'sharp', 'tesseract.js', 'pdfjs-dist', 'vite', 'electron', 'exceljs', 'chokidar',
  'zxing-wasm', 'pdf-lib', '@electron/rebuild', 'esbuild', '@napi-rs/canvas', 'yauzl',
  // Loaded only for an archive whose blobs are in object storage.
  '@aws-sdk/client-s3',
];

function newestSource(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

function isStale() {
  if (!fs.existsSync(bundle) || WORKERS.some((w) => !fs.existsSync(workerBundle(w)))) return true;
  const built = fs.statSync(bundle).mtimeMs;
  const pkg = fs.statSync(path.join(root, 'package.json')).mtimeMs;
  return pkg > built || SOURCES.some((s) => newestSource(path.join(root, s)) > built);
}

async function build() {
  const esbuild = await import('esbuild');
  // Build beside the target and rename: concurrent calls never see half a file.
  const make = async (entry, outfile) => {
    const temp = `${outfile}.${process.pid}.tmp`;
    await esbuild.build({
      entryPoints: [path.join(root, ...entry.split('/'))],
      outfile: temp,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      external: EXTERNAL,
      logLevel: 'warning',
      banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    });
    return () => fs.renameSync(temp, outfile);
  };
  const placeWorkers = await Promise.all(WORKERS.map((w) => make(w, workerBundle(w))));
  const placeCli = await make('main/cli/run.ts', bundle);
  // The workers first: a CLI bundle in place always finds its workers beside it.
  for (const place of placeWorkers) place();
  placeCli();
}

if (isStale()) await build();
await import(pathToFileURL(bundle).href);
