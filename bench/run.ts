import { runCheckBench } from './check';

/**
 * `npm run bench`: every benchmark, each writing its section of
 * bench/RESULTS.md. Never part of `npm test`: timings belong here, not in tests.
 */
const benches: [string, () => Promise<string>][] = [['completeness check', runCheckBench]];

const only = process.argv.slice(2);
for (const [name, run] of benches) {
  if (only.length > 0 && !only.some((o) => name.includes(o))) continue;
  console.log(`\n=== ${name}`);
  console.log(await run());
}
