import { runCheckBench } from './check';
import { runExportBench } from './export';
import { runFilingBench } from './filing';
import { runHouseholdBench } from './household';
import { runIngestBench } from './ingest';
import { runOcrBench } from './ocr';
import { runScaleBench } from './scale';
import { runVolumeBench } from './volume';

/**
 * `npm run bench`: every benchmark, each writing its section of
 * bench/RESULTS.md. Never part of `npm test`: timings belong here, not in
 * tests. `npm run bench -- ocr` runs only the benchmarks whose name matches.
 */
const benches: [string, () => Promise<string>][] = [
  ['completeness check', runCheckBench],
  ['ocr', runOcrBench],
  ['bound volume', runVolumeBench],
  ['export', runExportBench],
  ['open household', runHouseholdBench],
  ['scale', runScaleBench],
  ['ingest', runIngestBench],
  // Family filter, size and seed through HUDANG_FILING_FAMILIES / _HOUSEHOLDS / _SEED (see bench/filing.ts).
  ['filing', () => runFilingBench([])],
];

const only = process.argv.slice(2);
for (const [name, run] of benches) {
  if (only.length > 0 && !only.some((o) => name.includes(o))) continue;
  console.log(`\n=== ${name}`);
  console.log(await run());
}
