import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { openArchive } from '../main/archive';
import type { AssistanceType, HudangApi } from '../main/api/contract';
import { makeIdNumber } from '../main/domain/idNumber';
import { createService } from '../main/service';
import { rng, rosterCsv, syntheticName, writeCsv } from '../main/testing/fixtures';
import { benchDir, withJpegComment } from './lib';

/**
 * Synthetic archives at the sizes issue 10 names, built through the service
 * API (roster import, case dates and facts, 数字化成果登记 of every page with
 * its text), so the database holds what the real write path writes: audit
 * entries, search indexes, source files. Page images are tiny placeholders
 * made unique by a comment segment, so two million pages fit on the disk.
 * An archive is built once into bench/out/ and reused; a build that stopped
 * halfway carries on where it stopped (households with documents are done).
 */

export interface Scale {
  name: 'town' | 'district';
  towns: number;
  villagesPerTown: number;
  households: number;
  pagesPerHousehold: number;
}

export const TOWN: Scale = { name: 'town', towns: 1, villagesPerTown: 20, households: 3000, pagesPerHousehold: 40 };
export const DISTRICT: Scale = { name: 'district', towns: 17, villagesPerTown: 20, households: 50_000, pagesPerHousehold: 40 };

const TOWN_NAMES = '城南 城北 东丽 西营 南河 北辰 新立 金桥 华明 军粮 张贵 无瑕 万新 丰年 杨柳 大港 古林 太平 小站 葛沽'.split(' ');
const VILLAGE_NAMES = '红旗 东风 向阳 前进 胜利 建设 幸福 和平 友谊 光明 团结 新华 长青 永安 兴隆 富民 朝阳 民主 新兴 光荣'.split(' ');
const TYPES: AssistanceType[] = ['低保', '低保', '低保', '特困', '临时救助', '刚性支出'];
const REGIONS = ['120110', '120111', '120112', '120113', '120114', '120115', '120116'];
const FILLER = [
  '经入户调查核实，申请人家庭成员均无固定收入来源',
  '本人承诺所提供的家庭收入、财产等情况真实有效',
  '村（居）民委员会协助镇人民政府（街道办事处）开展调查',
  '家庭经济状况核对结果符合最低生活保障条件',
  '民主评议到会人数符合规定，评议结果在村务公开栏公示',
  '保障金按月通过社会化发放渠道足额发放到户',
  '申请人因病致贫，长期服药，需要家人照料',
  '房屋为自建砖混结构平房，无商品房和营业用房',
];

export function villageNamesOf(town: number, count: number): string[] {
  const prefix = TOWN_NAMES[town] ?? `第${town + 1}`;
  return Array.from({ length: count }, (_, v) => `${prefix}${VILLAGE_NAMES[v % VILLAGE_NAMES.length] ?? ''}${v >= VILLAGE_NAMES.length ? v : ''}${v % 4 === 3 ? '社区' : '村'}`);
}

interface PlannedHousehold {
  town: string;
  village: string;
  name: string;
  idNumber: string;
  type: AssistanceType;
}

/** The roster: households spread over towns and villages, invented names, unique valid-checksum IDs. */
export function plannedHouseholds(scale: Scale): PlannedHousehold[] {
  const next = rng(10);
  const villages = Array.from({ length: scale.towns }, (_, t) => villageNamesOf(t, scale.villagesPerTown));
  const seen = new Set<string>();
  const rows: PlannedHousehold[] = [];
  for (let i = 0; rows.length < scale.households; i++) {
    const birth = `${1935 + Math.floor(next() * 70)}${String(1 + Math.floor(next() * 12)).padStart(2, '0')}${String(1 + Math.floor(next() * 28)).padStart(2, '0')}`;
    const idNumber = makeIdNumber(REGIONS[i % REGIONS.length] ?? '120116', birth, Math.floor(next() * 999));
    if (seen.has(idNumber)) continue;
    seen.add(idNumber);
    const t = rows.length % scale.towns;
    const townVillages = villages[t] ?? [];
    rows.push({
      town: `${TOWN_NAMES[t] ?? t}镇`,
      village: townVillages[Math.floor(rows.length / scale.towns) % townVillages.length] ?? '',
      name: syntheticName(next),
      idNumber,
      type: TYPES[Math.floor(next() * TYPES.length)] ?? '低保',
    });
  }
  return rows;
}

function dates(next: () => number): Record<string, string> {
  const day = (base: number, plus: number) => new Date(base + plus * 86_400_000).toISOString().slice(0, 10);
  const applied = Date.UTC(2024, 0, 2) + Math.floor(next() * 900) * 86_400_000;
  const out: Record<string, string> = {
    appliedOn: day(applied, 0),
    acceptedOn: day(applied, 1),
    investigatedOn: day(applied, 6),
    publicityStart: day(applied, 10),
    publicityEnd: day(applied, 16),
    confirmedOn: day(applied, 25),
  };
  if (next() < 0.5) out.lastReviewOn = day(applied, 25 + 150 + Math.floor(next() * 200));
  return out;
}

// A few fact patterns per type, so conditional items are decided (不适用 or required) rather than 待确认.
const FACT_PATTERNS: Record<string, boolean>[] = [
  { married: true, hasPropertyOrRent: false, hasSupporters: false, hasStudents: false, disabledOrUnableToWork: false, ruralWithLand: true, democraticReviewHeld: true, dispersedCare: true },
  { married: false, hasPropertyOrRent: true, hasSupporters: true, hasStudents: false, disabledOrUnableToWork: true, ruralWithLand: false, democraticReviewHeld: false, dispersedCare: false },
  { married: true, hasPropertyOrRent: false, hasSupporters: true, hasStudents: true, disabledOrUnableToWork: false, ruralWithLand: true, democraticReviewHeld: true, dispersedCare: true },
];

interface Progress {
  done: number;
  startedAt: number;
}

async function fileHousehold(api: HudangApi, h: { id: number; name: string; household: string; assistance: AssistanceType[] }, serial: number, base: Buffer, pagesPerHousehold: number, required: Map<string, [string, string][]>): Promise<void> {
  const next = rng(1000 + serial);
  const detail = await api.getHousehold({ id: h.id, fullId: true });
  const kase = detail?.cases[0];
  if (!kase) return;
  const pattern = serial % FACT_PATTERNS.length;
  await api.updateCase({ id: kase.id, dates: dates(next), facts: FACT_PATTERNS[pattern] ?? {}, archiveCode: null });
  const key = `${kase.assistance}/${pattern}`;
  if (!required.has(key)) {
    const [checklist] = await api.getChecklist({ householdId: h.id });
    required.set(key, (checklist?.items ?? []).filter((i) => i.status === '缺件' || i.status === '待确认').map((i) => [i.code, i.name]));
  }
  const items = required.get(key) ?? [];
  const names = new Map(items);
  let codes = items.map(([code]) => code);
  // About one household in six lacks one to three items.
  if (next() < 0.17) codes = codes.filter(() => next() > 0.2);
  if (codes.length === 0) return;
  const documents = codes.map((itemCode, d) => {
    const count = Math.floor(pagesPerHousehold / codes.length) + (d < pagesPerHousehold % codes.length ? 1 : 0);
    const pages = Array.from({ length: Math.max(1, count) }, (_, p) => ({
      imageBase64: withJpegComment(base, `${serial}/${d}/${p}`).toString('base64'),
      text: `${p === 0 ? (names.get(itemCode) ?? '') : '（续页）'}\n户主 ${h.name} 身份证号 ${h.household}\n${FILLER[Math.floor(next() * FILLER.length)]}。${FILLER[Math.floor(next() * FILLER.length)]}。第 ${p + 1} 页`,
    }));
    return { itemCode, pages };
  });
  await api.registerDigitisedPages({ householdId: h.id, documents });
}

/** Builds (or finishes building) the archive of `scale` and returns its data folder. */
export async function scaleArchive(scale: Scale, log: (line: string) => void = console.log): Promise<string> {
  const dataDir = path.join(benchDir, 'out', `scale-${scale.name}`);
  const marker = path.join(dataDir, 'generated.json');
  if (fs.existsSync(marker)) return dataDir;
  fs.mkdirSync(dataDir, { recursive: true });
  const archive = await openArchive(dataDir);
  const api = createService({ archive, actor: 'bench' });
  if ((await api.listVillages({})).length === 0) {
    await api.updateSettings({ district: '河西区', town: `${TOWN_NAMES[0]}镇`, fondsName: '河西区民政局', fondsCode: 'J012' });
    const header = ['镇(街道)', '村(社区)', '户主姓名', '身份证号', '救助类型', '保障人口'];
    const rows = plannedHouseholds(scale).map((h, i) => [h.town, h.village, h.name, h.idNumber, h.type, String(1 + (i % 4))]);
    const started = performance.now();
    const report = await api.importRoster({ path: writeCsv(path.join(dataDir, 'roster.csv'), rosterCsv(rows, header)) });
    log(`roster: ${JSON.stringify({ ...report, errors: report.errors.length })} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  const base = await sharp({ create: { width: 62, height: 88, channels: 3, background: { r: 235, g: 235, b: 235 } } }).jpeg({ quality: 50 }).toBuffer();
  const filed = new Set((await archive.db.selectFrom('document').select('householdId').distinct().execute()).map((r) => r.householdId));
  const households = await api.listHouseholds({ fullId: true });
  const required = new Map<string, [string, string][]>();
  const progress: Progress = { done: 0, startedAt: performance.now() };
  for (const [serial, h] of households.entries()) {
    if (filed.has(h.id)) continue;
    await fileHousehold(api, h, serial, base, scale.pagesPerHousehold, required);
    if (++progress.done % 1000 === 0) {
      const rate = progress.done / ((performance.now() - progress.startedAt) / 1000);
      log(`${scale.name}: ${progress.done + filed.size}/${households.length} households filed (${rate.toFixed(0)}/s)`);
    }
  }
  await archive.close();
  fs.writeFileSync(marker, JSON.stringify({ ...scale, builtAt: new Date().toISOString(), seconds: Math.round((performance.now() - progress.startedAt) / 1000) }, null, 2));
  return dataDir;
}

// `node --import tsx bench/generate.ts town|district` builds one archive ahead of the benchmarks.
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(benchDir, 'generate.ts')) {
  const which = process.argv[2] === 'district' ? DISTRICT : TOWN;
  console.log(await scaleArchive(which));
}
