import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { resourcesDir } from '../support/paths';

const require = createRequire(import.meta.url);

/**
 * Folder with chi_sim.traineddata.gz inside the @tesseract.js-data/chi_sim
 * package: read from disk, never fetched.
 *
 * The package's default folder (4.0.0) holds the legacy + LSTM model
 * (44 MB unpacked). Its sibling 4.0.0_best_int is the LSTM-only model that
 * tesseract.js itself picks for OEM 1: 2.5 MB, so workers start faster and
 * stay smaller, and it gives upside-down text clearly lower confidence,
 * which orientation detection relies on (measured: ~10 vs ~50).
 */
export function chiSimLangPath(): string {
  // An installed app ships the data outside app.asar (electron-builder.yml extraResources → resources/tessdata).
  const packaged = path.join(resourcesDir(), 'tessdata');
  if (fs.existsSync(path.join(packaged, 'chi_sim.traineddata.gz'))) return packaged;
  const pkg = require('@tesseract.js-data/chi_sim') as { langPath: string };
  const lstmOnly = path.join(path.dirname(pkg.langPath), '4.0.0_best_int');
  return fs.existsSync(path.join(lstmOnly, 'chi_sim.traineddata.gz')) ? lstmOnly : pkg.langPath;
}
