import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openArchive } from '../main/archive';
import { loadBuiltinPacks } from '../main/checklist/packs';
import { caseItems, type Pack } from '../main/domain/checklist';
import { createService } from '../main/service';
import { resourcesDir, projectRoot } from '../main/support/paths';
import { householdCells, rosterCsv, syntheticHouseholds, writeCsv } from '../main/testing/fixtures';
import { machineLine, median, peakRssMiB, timeCommand, timeRuns, writeSection } from './lib';

/**
 * Issue 4's target: `check --json` over a 2,000-household archive in under 1 s.
 * The archive is built through the service API (roster import, facts, filed
 * documents), not raw SQL, so the real write path makes it.
 */

const HOUSEHOLDS = 2000;

async function buildArchive(dataDir: string): Promise<void> {
  const archive = await openArchive(dataDir);
  const api = createService({ archive, actor: 'bench' });
  const [pack] = (await loadBuiltinPacks(resourcesDir())) as [Pack];
  const roster = writeCsv(path.join(dataDir, 'roster.csv'), rosterCsv(syntheticHouseholds(HOUSEHOLDS, ['红旗村', '东风村', '向阳社区', '前进村', '胜利村'], 9).map(householdCells)));
  await api.importRoster({ path: roster });
  const households = await api.listHouseholds({ fullId: true });
  let filed = 0;
  for (const [n, h] of households.entries()) {
    if (n % 3 === 0) await api.updateHousehold({ id: h.id, facts: { married: false, hasStudents: n % 2 === 0 } });
    const items = caseItems(pack, h.assistance[0] ?? '低保');
    // Files between a third and all of the required items, so statuses vary.
    for (const item of items.filter((i, k) => i.rule.kind === 'required' && k % 3 <= n % 3)) {
      await api.fileDocument({ householdId: h.id, itemCode: item.code });
      filed++;
    }
  }
  console.log(`built ${households.length} households, ${filed} documents`);
  await archive.close();
}

export async function runCheckBench(): Promise<string> {
  const dataDir = path.join(os.tmpdir(), `hudang-bench-check-${HOUSEHOLDS}`);
  if (!fs.existsSync(path.join(dataDir, 'hudang.db'))) await buildArchive(dataDir);

  const archive = await openArchive(dataDir);
  const api = createService({ archive, actor: 'bench' });
  await api.checkHouseholds({}); // warm: registers packs, fills caches
  const inProcess = await timeRuns(5, () => api.checkHouseholds({}));
  const rows = (await api.checkHouseholds({})).length;
  await archive.close();

  const cli = [1, 2, 3].map(() => timeCommand(process.execPath, ['bin/hudang.js', '--data', dataDir, 'check', '--json'], projectRoot()).ms);
  const startup = [1, 2, 3].map(() => timeCommand(process.execPath, ['bin/hudang.js', '--help'], projectRoot()).ms);

  const body = [
    `Machine: ${machineLine()}`,
    '',
    `Archive: ${HOUSEHOLDS} households, ${rows} cases, built through the service API.`,
    '',
    '| measure | median | target |',
    '| --- | --- | --- |',
    `| completeness + timeline + review of every case, in process | ${median(inProcess).toFixed(0)} ms | < 1000 ms |`,
    `| \`hudang check --json\` end to end (process start, open, check, print) | ${median(cli).toFixed(0)} ms | < 1000 ms |`,
    `| of which process start-up (\`--help\`) | ${median(startup).toFixed(0)} ms | |`,
    `| peak RSS of the in-process run | ${peakRssMiB().toFixed(0)} MiB | |`,
  ].join('\n');
  writeSection('## Completeness check (issue 4)', body);
  return body;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await runCheckBench());
}
