import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CONNECTION_FILE, openArchive } from '../main/archive';
import { markAllStale } from '../main/checklist/caseCheckCache';
import { migrateArchive } from '../main/integrity/migrate';
import { projectRoot } from '../main/support/paths';
import { createService } from '../main/service';
import { DISTRICT, TOWN, scaleArchive, type Scale } from './generate';
import { benchDir, machineLine, median, peakRssMiB, readSection, timeCommand, writeSection } from './lib';

/**
 * Issue 10: the archive at town and district size (bench/generate.ts), the
 * answers a clerk, a district officer or an inspector waits for, timed through
 * the service API in one process: full completeness check, opening a
 * household, the dashboard, a village's list, and search by 身份证号, name and
 * page text. Medians of several runs after one warm-up. Each archive is
 * measured on SQLite and, moved there by `hudang migrate`, on PostgreSQL
 * (issue 20), side by side.
 */

type Engine = 'sqlite' | 'postgres';

/**
 * The benchmarks' own PostgreSQL cluster (bench/out/pg, started by
 * .ci/postgres), with fsync back on and the memory a small server would be
 * given; its database for this scale is filled once, by `hudang migrate`
 * from the SQLite archive. The folder stays SQLite's: each engine is opened
 * by naming it.
 */
async function serverFor(scale: Scale, dataDir: string): Promise<{ url: string; note: string }> {
  const started = spawnSync(path.join(projectRoot(), '.ci', 'postgres'), ['start'], {
    encoding: 'utf8',
    env: { ...process.env, HUDANG_PG_DIR: path.join(benchDir, 'out', 'pg'), HUDANG_PG_PORT: '55433', HUDANG_PG_OPTS: '-c fsync=on -c synchronous_commit=on -c shared_buffers=2GB -c effective_cache_size=8GB -c work_mem=64MB' },
  });
  if (started.status !== 0) throw new Error(`PostgreSQL did not start: ${started.stderr}`);
  const url = new URL(started.stdout.trim());
  url.pathname = `/bench_${scale.name}`;
  const marker = path.join(dataDir, 'migrated-pg.json');
  if (!fs.existsSync(marker)) {
    spawnSync('psql', [started.stdout.trim(), '-c', `drop database if exists bench_${scale.name}`], { encoding: 'utf8' });
    const archive = await openArchive(dataDir, { db: false });
    const report = await migrateArchive(archive, { actor: 'bench', now: () => new Date() }, url.toString());
    await archive.close();
    fs.rmSync(path.join(dataDir, CONNECTION_FILE));
    fs.writeFileSync(marker, JSON.stringify({ seconds: report.seconds, rows: report.rows, blobs: report.blobs.checked }, null, 2));
  }
  const moved = JSON.parse(fs.readFileSync(marker, 'utf8')) as { seconds: number; rows: number; blobs: number };
  return { url: url.toString(), note: `Moved onto PostgreSQL by \`hudang migrate\` in ${moved.seconds.toFixed(0)} s (${moved.rows} rows counted and digested on both sides, ${moved.blobs} page images re-hashed).` };
}

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

async function measure(scale: Scale, engine: Engine): Promise<Measured> {
  const dataDir = await scaleArchive(scale);
  const server = engine === 'postgres' ? await serverFor(scale, dataDir) : null;
  const dbArgs = server ? ['--db', server.url] : [];
  const notes = [...(server ? [server.note] : []), await firstCheckInNewProcess(scale, dataDir, server?.url ?? false)];
  const archive = await openArchive(dataDir, { db: server?.url ?? false });
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
  const cli = timeCommand(process.execPath, ['bin/hudang.js', '--data', dataDir, ...dbArgs, 'check', '--json'], projectRoot());
  notes.push(`\`hudang check --json\` end to end, answers remembered (new process: open, read, print ${(cli.stdout.length / 2 ** 20).toFixed(0)} MiB of JSON): ${(cli.ms / 1000).toFixed(1)} s.`);
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
  await archive.close();
  return { rows, counts, notes, peakRss: peakRssMiB() };
}

/** What a clerk meets after an upgrade: every answer stale, a new CLI process, its worker loaded from the bundle. */
async function firstCheckInNewProcess(scale: Scale, dataDir: string, db: string | false): Promise<string> {
  const archive = await openArchive(dataDir, { db });
  await markAllStale(archive.db);
  await archive.close();
  const cli = timeCommand(process.execPath, ['bin/hudang.js', '--data', dataDir, ...(db ? ['--db', db] : []), 'check', '--json'], projectRoot());
  return `\`hudang check --json\` end to end with every answer stale (first run after an upgrade: new process, every case judged, worker thread started): ${(cli.ms / 1000).toFixed(1)} s at ${scale.name} size.`;
}

/** The same measures on both engines, one row each. */
function table(sqlite: Row[], postgres: Row[]): string {
  const verdict = (r: Row | undefined) => (r?.target === undefined ? '' : median(r.times) < r.target ? 'holds' : '**missed**');
  const lines = sqlite.map((r, i) => {
    const p = postgres[i];
    const runs = (x: Row | undefined) => (x ? x.times.map(ms).join(', ') : '');
    return `| ${r.measure} | ${ms(median(r.times))} ms | ${p ? `${ms(median(p.times))} ms` : ''} | ${r.target === undefined ? '' : `< ${r.target} ms`} | ${verdict(r)} | ${verdict(p)} | ${runs(r)} | ${runs(p)} |`;
  });
  return ['| measure | SQLite | PostgreSQL | target | SQLite | PostgreSQL | SQLite runs (ms) | PostgreSQL runs (ms) |', '| --- | --- | --- | --- | --- | --- | --- | --- |', ...lines].join('\n');
}

/** Each scale and engine in its own process, so each peak RSS is that archive's alone. */
function measureApart(scale: Scale['name'], engine: Engine): Measured {
  const run = timeCommand(process.execPath, ['--import', 'tsx', 'bench/scale.ts', scale, engine], projectRoot());
  return JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as Measured;
}

function section(name: string, sqlite: Measured, postgres: Measured): string {
  return `${sqlite.counts}.

${table(sqlite.rows, postgres.rows)}

SQLite: ${sqlite.notes.join(' ')}

PostgreSQL: ${postgres.notes.join(' ')}

Peak RSS of the process measuring the ${name} (every measure above, in one process): SQLite ${sqlite.peakRss.toFixed(0)} MiB, PostgreSQL ${postgres.peakRss.toFixed(0)} MiB.`;
}

const HEADING = '## Scale: town and district (issue 10)';

/**
 * Both scales on both engines. HUDANG_SCALES=town measures the town alone
 * (the district archive takes an hour to build) and keeps the district's
 * part of the section as it stood, saying so.
 */
export async function runScaleBench(): Promise<string> {
  const townOnly = process.env.HUDANG_SCALES === 'town';
  // The archives are built (once) here, so the child processes only measure.
  await scaleArchive(TOWN);
  if (!townOnly) await scaleArchive(DISTRICT);
  const town = { sqlite: measureApart('town', 'sqlite'), postgres: measureApart('town', 'postgres') };
  let districtPart: string;
  if (townOnly) {
    const previous = readSection(HEADING) ?? '';
    const at = previous.indexOf('District (');
    districtPart = `District: not measured in this run (HUDANG_SCALES=town). As it stood before:\n\n${at < 0 ? '(no earlier result)' : previous.slice(at)}`;
  } else {
    const district = { sqlite: measureApart('district', 'sqlite'), postgres: measureApart('district', 'postgres') };
    districtPart = `District (17 towns, 340 villages, target for peak RSS < 1536 MiB): ${section('district', district.sqlite, district.postgres)}`;
  }
  const body = `Machine: ${machineLine()}

Archives from bench/generate.ts, built through the service API (roster import; case dates and facts; 数字化成果登记 of every page with about 100 characters of recognised text; one household in six lacks items). Page images are tiny placeholder JPEGs. Timed in one process through the service API, one warm-up run first. Completeness answers are remembered per case and judged again only for households whose data changed (triggers mark them); the cold rows mark every household stale first.

PostgreSQL (issue 20): Debian's PostgreSQL 15 on the same machine (client and server share its 2 cores), a cluster of its own in bench/out/pg with fsync on, shared_buffers 2 GB, effective_cache_size 8 GB, work_mem 64 MB; each archive moved there from its SQLite file by \`hudang migrate\` and measured through the same service API over a local TCP connection.

Town: ${section('town', town.sqlite, town.postgres)}

${districtPart}`;
  writeSection(HEADING, body);
  return body;
}

// `node --import tsx bench/scale.ts town|district` measures one scale and prints its results as JSON (last line).
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(projectRoot(), 'bench', 'scale.ts')) {
  const which = process.argv[2] === 'district' ? DISTRICT : TOWN;
  console.log(JSON.stringify(await measure(which, process.argv[3] === 'postgres' ? 'postgres' : 'sqlite')));
}
