import path from 'node:path';
import { openArchive } from '../main/archive';
import { markAllStale } from '../main/checklist/caseCheckCache';
import { projectRoot } from '../main/support/paths';
import { createService } from '../main/service';
import { DISTRICT, TOWN, scaleArchive, type Scale } from './generate';
import { machineLine, median, peakRssMiB, timeCommand, writeSection } from './lib';

/**
 * Issue 10: the archive at town and district size (bench/generate.ts), the
 * answers a clerk, a district officer or an inspector waits for, timed through
 * the service API in one process: full completeness check, opening a
 * household, the dashboard, a village's list, and search by 身份证号, name and
 * page text. Medians of several runs after one warm-up.
 */

interface Row {
  measure: string;
  times: number[];
  target?: number;
}

const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));

interface Measured {
  rows: Row[];
  counts: string;
  notes: string[];
  peakRss: number;
}

async function measure(scale: Scale, full: boolean): Promise<Measured> {
  const dataDir = await scaleArchive(scale);
  const notes = [await firstCheckInNewProcess(scale, dataDir)];
  const archive = await openArchive(dataDir);
  const api = createService({ archive, actor: 'bench' });
  const households = await api.listHouseholds({ fullId: true });
  const sample = [0.1, 0.35, 0.6, 0.85].map((f) => households[Math.floor(households.length * f)]).filter((h) => h !== undefined);
  const pick = (i: number) => sample[i % sample.length] ?? households[0];
  const [pages, documents] = await Promise.all(['page', 'document'].map(async (t) => Number((await archive.db.selectFrom(t as 'page').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)));
  const counts = `${households.length} households, ${documents} documents, ${pages} pages`;
  const rows: Row[] = [];
  // A work that returns a number reports its own time (to leave set-up out of it).
  const run = async (measureName: string, runs: number, work: (i: number) => Promise<unknown>, target?: number) => {
    await work(0);
    const times: number[] = [];
    for (let i = 1; i <= runs; i++) {
      const start = performance.now();
      const own = await work(i);
      times.push(typeof own === 'number' ? own : performance.now() - start);
    }
    rows.push({ measure: measureName, times, ...(target !== undefined ? { target } : {}) });
  };
  const target = scale.name === 'town' ? 1000 : 10_000;
  // Cold: every household marked stale (first open of an upgraded archive, a new pack for all towns), so every case is judged.
  await run('completeness check of every household, every answer judged again (all marked stale; marking not timed)', 3, async () => {
    await markAllStale(archive.db);
    const start = performance.now();
    await api.checkHouseholds({});
    return performance.now() - start;
  }, target);
  await run('completeness check of every household, remembered answers (`checkHouseholds`)', 3, () => api.checkHouseholds({}), target);
  await run('completeness check of every household right after a change (a case\'s 复核日期 edited; edit not timed)', 3, async (i) => {
    await api.updateCase({ id: (await api.getHousehold({ id: pick(i)?.id ?? 1 }))?.cases[0]?.id ?? 1, dates: { lastReviewOn: `2026-0${1 + (i % 9)}-16` } });
    const start = performance.now();
    await api.checkHouseholds({});
    return performance.now() - start;
  }, target);
  const cli = timeCommand(process.execPath, ['bin/hudang.js', '--data', dataDir, 'check', '--json'], projectRoot());
  notes.push(`\`hudang check --json\` end to end, answers remembered (new process: open, read, print ${(cli.stdout.length / 2 ** 20).toFixed(0)} MiB of JSON): ${(cli.ms / 1000).toFixed(1)} s.`);
  if (full) {
    await run('open a household: household, checklist, documents and pages', 9, (i) => {
      const id = pick(i)?.id ?? 1;
      return Promise.all([api.getHousehold({ id }), api.getChecklist({ householdId: id }), api.householdDocuments({ householdId: id })]);
    }, 50);
    await run('dashboard counts (`dashboard`), archive unchanged since the last view', 9, () => api.dashboard({}), 300);
    const caseIds = await Promise.all(sample.map(async (h) => (await api.getHousehold({ id: h?.id ?? 1 }))?.cases[0]?.id ?? 1));
    await run('dashboard counts right after a change (a case\'s 复核日期 edited before each run; edit not timed)', 3, async (i) => {
      await api.updateCase({ id: caseIds[i % caseIds.length] ?? 1, dates: { lastReviewOn: `2026-0${1 + (i % 9)}-15` } });
      const start = performance.now();
      await api.dashboard({});
      return performance.now() - start;
    });
    await run('village list page: its households and their check answers', 5, (i) => {
      const village = pick(i)?.village ?? '';
      return Promise.all([api.listHouseholds({ village, status: '在册' }), api.checkHouseholds({ village })]);
    });
    await run('search by full 身份证号', 9, (i) => api.listHouseholds({ query: pick(i)?.household ?? '' }), 20);
    await run('search by 户主姓名', 9, (i) => api.listHouseholds({ query: pick(i)?.name ?? '' }));
    await run('search page text, a 3-character name with the household (`searchPageText`)', 9, (i) => api.searchPageText({ text: `户主 ${pick(i)?.name ?? ''}` }), 300);
    await run('search page text, a phrase on many pages', 9, (i) => api.searchPageText({ text: ['核对结果符合', '社会化发放', '砖混结构'][i % 3] ?? '' }), 300);
    await run('search page text, an ID number fragment (8 digits)', 9, (i) => api.searchPageText({ text: (pick(i)?.household ?? '').slice(6, 14) }), 300);
  }
  await archive.close();
  return { rows, counts, notes, peakRss: peakRssMiB() };
}

/** What a clerk meets after an upgrade: every answer stale, a new CLI process, its worker loaded from the bundle. */
async function firstCheckInNewProcess(scale: Scale, dataDir: string): Promise<string> {
  const archive = await openArchive(dataDir);
  await markAllStale(archive.db);
  await archive.close();
  const cli = timeCommand(process.execPath, ['bin/hudang.js', '--data', dataDir, 'check', '--json'], projectRoot());
  return `\`hudang check --json\` end to end with every answer stale (first run after an upgrade: new process, every case judged, worker thread started): ${(cli.ms / 1000).toFixed(1)} s at ${scale.name} size.`;
}

function table(rows: Row[]): string {
  const lines = rows.map((r) => {
    const m = median(r.times);
    const verdict = r.target === undefined ? '' : m < r.target ? 'holds' : '**missed**';
    return `| ${r.measure} | ${ms(m)} ms | ${r.times.map(ms).join(', ')} | ${r.target === undefined ? '' : `< ${r.target} ms`} | ${verdict} |`;
  });
  return ['| measure | median | runs (ms) | target | |', '| --- | --- | --- | --- | --- |', ...lines].join('\n');
}

/** Each scale in its own process, so each peak RSS is that archive's alone. */
function measureApart(scale: Scale['name']): Measured {
  const run = timeCommand(process.execPath, ['--import', 'tsx', 'bench/scale.ts', scale], projectRoot());
  return JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as Measured;
}

export async function runScaleBench(): Promise<string> {
  // The archives are built (once) here, so the child processes only measure.
  await scaleArchive(TOWN);
  await scaleArchive(DISTRICT);
  const town = measureApart('town');
  const district = measureApart('district');
  const body = `Machine: ${machineLine()}

Archives from bench/generate.ts, built through the service API (roster import; case dates and facts; 数字化成果登记 of every page with about 100 characters of recognised text; one household in six lacks items). Page images are tiny placeholder JPEGs. Timed in one process through the service API, one warm-up run first. Completeness answers are remembered per case and judged again only for households whose data changed (triggers of migration 0007 mark them); the cold rows mark every household stale first.

Town: ${town.counts}.

${table(town.rows)}

${town.notes.join('\n')}

Peak RSS of the process measuring the town: ${town.peakRss.toFixed(0)} MiB.

District (17 towns, 340 villages): ${district.counts}.

${table(district.rows)}

${district.notes.join('\n')}

Peak RSS of the process measuring the district (every measure above, in one process): ${district.peakRss.toFixed(0)} MiB (target < 1536 MiB).`;
  writeSection('## Scale: town and district (issue 10)', body);
  return body;
}

// `node --import tsx bench/scale.ts town|district` measures one scale and prints its results as JSON (last line).
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(projectRoot(), 'bench', 'scale.ts')) {
  const which = process.argv[2] === 'district' ? DISTRICT : TOWN;
  console.log(JSON.stringify(await measure(which, which === DISTRICT)));
}
