import path from 'node:path';
import { addMonths, isIsoDate } from '../domain/checklist';
import { packageDirs, verifyPackageDir } from '../export/verify';
import { UserError } from '../support/errors';
import { inspectHousehold, POPULATION_TYPES } from './findings';
import { drawSample, newSeed, SAMPLE_METHOD, SAMPLE_PERCENT, sampleSize } from './sample';
import { townSummaries, villageSummaries } from './summary';
import type { InspectedHousehold, InspectionReport, InspectOptions, SampledHousehold, SampleRule, UnreadablePackage } from './types';
import { writeInspectionFiles } from './files';

/**
 * The inspector (检查员): opens a folder of export packages with no town
 * database, checks their fixity, judges every household again with the
 * checklist pack recorded in its package, and draws the 抽查 sample of
 * newly confirmed households (天津 2021 意见 四(四): 不低于30%) from a
 * recorded seed.
 */

export const SAMPLE_BASIS = '《天津市社会救助审核确认权限下放改革工作的意见》四(四)：对新申请的低保、特困和低收入家庭按照不低于30%的比例入户抽查。';

interface Loaded {
  households: InspectedHousehold[];
  unreadable: UnreadablePackage[];
  /** Sort keys of the population order, by package. */
  keys: Map<string, string>;
  packagesOk: number;
}

async function loadPackages(target: string, window: { since: string; today: string }, masking: InspectOptions['idMasking'] & string): Promise<Loaded> {
  const loaded: Loaded = { households: [], unreadable: [], keys: new Map(), packagesOk: 0 };
  for (const dir of await packageDirs(target)) {
    const { check, metadata } = await verifyPackageDir(dir);
    if (check.ok) loaded.packagesOk++;
    if (!metadata) {
      loaded.unreadable.push({ package: check.package, problems: check.problems });
      continue;
    }
    loaded.households.push(inspectHousehold(metadata, check, window, masking));
    loaded.keys.set(check.package, `${metadata.household.idNumber}\u0000${metadata.household.headName}\u0000${check.package}`);
  }
  return loaded;
}

function sampledRow(h: InspectedHousehold): SampledHousehold {
  const newly = h.cases.filter((c) => c.newlyConfirmed);
  return {
    package: h.package,
    town: h.town,
    village: h.village,
    name: h.name,
    household: h.household,
    assistance: newly.map((c) => c.assistance),
    confirmedOn: newly.map((c) => c.confirmedOn ?? '').sort()[0] ?? null,
    findings: h.findings.length,
  };
}

function windowOf(options: InspectOptions): { since: string; today: string } {
  if (!isIsoDate(options.today)) throw new UserError(`检查日期格式应为 YYYY-MM-DD：${options.today}`);
  const since = options.since ?? addMonths(options.today, -12);
  if (!isIsoDate(since)) throw new UserError(`起始日期格式应为 YYYY-MM-DD：${since}`);
  return { since, today: options.today };
}

const byArea = (a: { town: string; village: string; name: string; package: string }, b: typeof a) =>
  `${a.town}\u0000${a.village}\u0000${a.name}\u0000${a.package}` < `${b.town}\u0000${b.village}\u0000${b.name}\u0000${b.package}` ? -1 : 1;

export async function inspectPath(target: string, options: InspectOptions): Promise<InspectionReport> {
  const window = windowOf(options);
  const masking = options.idMasking ?? 'masked';
  const loaded = await loadPackages(target, window, masking);
  const keyOf = (h: InspectedHousehold) => loaded.keys.get(h.package) ?? h.package;
  const population = loaded.households.filter((h) => h.newlyConfirmed).sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  const seed = options.seed ?? newSeed();
  const size = sampleSize(population.length);
  for (const h of drawSample(population, size, seed)) h.sampled = true;
  const households = loaded.households.sort(byArea);
  const rule: SampleRule = { basis: SAMPLE_BASIS, percent: SAMPLE_PERCENT, rounding: '向上取整', types: [...POPULATION_TYPES], ...window, population: population.length, size, seed, seedGenerated: options.seed === undefined, method: SAMPLE_METHOD };
  const report: InspectionReport = {
    path: path.resolve(target),
    inspectedOn: window.today,
    idMasking: masking,
    rule,
    packages: loaded.households.length + loaded.unreadable.length,
    packagesOk: loaded.packagesOk,
    households,
    sample: households.filter((h) => h.sampled).map(sampledRow),
    towns: townSummaries(households),
    villages: villageSummaries(households),
    unreadable: loaded.unreadable,
    files: null,
  };
  if (options.outDir) report.files = await writeInspectionFiles(report, options.outDir);
  return report;
}
