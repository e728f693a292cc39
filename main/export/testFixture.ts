import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { HudangApi } from '../api/contract';
import { openArchive, type Archive } from '../archive';
import { makeIdNumber } from '../domain/idNumber';
import { createService } from '../service';
import { rosterCsv, writeCsv } from '../testing/fixtures';
import { BAG_INFO, hashFile, hashFileBoth, MANIFEST, MANIFEST_SM3, manifestText, parseManifest, payloadOxum, TAG_MANIFEST, type FileEntry } from './bagit';
import { exportPackages } from './exportPackages';
import { SIGNATURE_FILE, signatureText, type KeyPair } from './signing';

/**
 * A small town archive for the export, inspector and district tests: six
 * synthetic households in two villages of 城南镇, with scanned pages (ingested
 * without OCR, then filed by hand), complete and incomplete files, an
 * unconfirmed document, two cases in one household and an exited household.
 * Nobody here is real.
 */

export const TODAY = '2026-11-23';
export const FIXED_NOW = () => new Date(`${TODAY}T08:00:00.000Z`);

export interface FixtureHousehold {
  key: string;
  village: string;
  name: string;
  idNumber: string;
  types: string;
  id: number;
}

export interface TownFixture {
  archive: Archive;
  api: HudangApi;
  households: FixtureHousehold[];
}

const SPECS = [
  { key: 'A', village: '红旗村', name: '王桂兰', birth: '19450512', types: '低保', pages: 3 },
  { key: 'B', village: '红旗村', name: '赵德胜', birth: '19380303', types: '低保、临时救助', pages: 2 },
  { key: 'C', village: '红旗村', name: '孙秀英', birth: '19500707', types: '特困', pages: 1 },
  { key: 'D', village: '东风村', name: '李建国', birth: '19620210', types: '低保', pages: 2 },
  { key: 'E', village: '东风村', name: '周春梅', birth: '19781111', types: '临时救助', pages: 0 },
  { key: 'F', village: '东风村', name: '吴志强', birth: '19551020', types: '刚性支出', pages: 1 },
] as const;

const NO_FACTS = { married: false, hasPropertyOrRent: false, disabledOrUnableToWork: false, hasStudents: false, hasSupporters: false, democraticReviewHeld: false, paymentChanged: false, caseByCaseDecision: false, ruralWithLand: false, staffRelative: false };

function shift(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Key dates of a case confirmed on `confirmedOn`, in a plausible order. */
function caseDates(confirmedOn: string) {
  const appliedOn = shift(confirmedOn, -30);
  return { appliedOn, acceptedOn: shift(appliedOn, 1), investigatedOn: shift(appliedOn, 8), publicityStart: shift(appliedOn, 12), publicityEnd: shift(appliedOn, 18), confirmedOn };
}

/** A small, distinct scan: a tinted page with a few grey bars so each file has its own bytes. */
async function scan(seed: number): Promise<Buffer> {
  const bars = Array.from({ length: 6 }, (_, i) => `<rect x="30" y="${60 + i * 50 + (seed % 7) * 3}" width="${120 + ((seed * 37 + i * 53) % 130)}" height="12" fill="#444"/>`).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="424"><rect width="300" height="424" fill="rgb(${250 - (seed % 9)},250,245)"/>${bars}</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer();
}

async function writeScans(dir: string, ids: string[]): Promise<Map<string, string[]>> {
  const files = new Map<string, string[]>();
  let seed = 1;
  for (const [i, s] of SPECS.entries()) {
    const id = ids[i] ?? '';
    const folder = path.join(dir, s.village, `${s.name}_${id}`);
    fs.mkdirSync(folder, { recursive: true });
    const list: string[] = [];
    for (let p = 1; p <= s.pages; p++) {
      const file = path.join(folder, `扫描${p}.jpg`);
      fs.writeFileSync(file, await scan(seed * 10 + p));
      list.push(file);
    }
    files.set(s.key, list);
    seed++;
  }
  return files;
}

async function pageIdsOf(api: HudangApi, archive: Archive, files: string[]): Promise<number[]> {
  const rows = await archive.db.selectFrom('page').select(['id', 'sourcePath']).where('sourcePath', 'in', files.length > 0 ? files.map((f) => path.resolve(f)) : ['']).orderBy('sourcePath').execute();
  return rows.map((r) => r.id);
}

export async function buildTownFixture(dir: string): Promise<TownFixture> {
  const archive = await openArchive(path.join(dir, 'town'));
  const api = createService({ archive, actor: '经办人:测试', now: FIXED_NOW });
  await api.updateSettings({ district: '河西区', town: '城南镇', fondsName: '城南镇人民政府', fondsCode: 'J012' });
  const ids = SPECS.map((s, i) => makeIdNumber('120116', s.birth, (i + 1) * 11));
  const roster = SPECS.map((s, i) => [s.village, s.name, ids[i] ?? '', s.types, '1', s.types === '特困' ? '分散供养' : '']);
  await api.importRoster({ path: writeCsv(path.join(dir, 'roster.csv'), rosterCsv(roster, ['村(社区)', '户主姓名', '身份证号', '救助类型', '保障人口', '供养方式'])) });
  const scans = await writeScans(path.join(dir, 'scans'), ids);
  await api.ingest({ paths: [path.join(dir, 'scans')], ocr: false });
  const listed = await api.listHouseholds({ fullId: true });
  const households = SPECS.map((s, i) => ({ key: s.key, village: s.village, name: s.name, idNumber: ids[i] ?? '', types: s.types, id: listed.find((h) => h.household === ids[i])?.id ?? 0 }));
  const byKey = (k: string) => households.find((h) => h.key === k) as FixtureHousehold;
  const pages = async (k: string) => pageIdsOf(api, archive, scans.get(k) ?? []);
  await fileA(api, byKey('A').id, await pages('A'));
  await fileB(api, byKey('B').id, await pages('B'));
  await fileC(api, byKey('C').id, await pages('C'));
  await fileD(api, byKey('D').id, await pages('D'));
  await fileE(api, byKey('E').id);
  await fileF(api, byKey('F').id, await pages('F'));
  return { archive, api, households };
}

async function caseOf(api: HudangApi, householdId: number, type: string): Promise<number> {
  const detail = await api.getHousehold({ id: householdId });
  return detail?.cases.find((c) => c.assistance === type)?.id ?? 0;
}

const DIBAO_REQUIRED = ['dibao.01', 'dibao.02', 'dibao.03', 'dibao.04', 'dibao.05', 'dibao.06', 'dibao.07', 'dibao.08', 'dibao.09', 'dibao.16', 'dibao.17'];

/** A: 低保, complete; the application and the 户口簿 scanned, the rest on paper. */
async function fileA(api: HudangApi, id: number, pageIds: number[]): Promise<void> {
  await api.updateHousehold({ id, facts: NO_FACTS });
  await api.updateCase({ id: await caseOf(api, id, '低保'), dates: caseDates('2026-03-10'), archiveCode: 'J012-DB-001-0001', cabinet: '1', box: '3' });
  await api.fileDocument({ householdId: id, itemCode: 'dibao.02', pageIds: pageIds.slice(0, 2), docDate: '2026-02-08', responsible: '王桂兰' });
  await api.fileDocument({ householdId: id, itemCode: 'dibao.03', pageIds: pageIds.slice(2) });
  for (const code of DIBAO_REQUIRED.filter((c) => c !== 'dibao.02' && c !== 'dibao.03')) await api.fileDocument({ householdId: id, itemCode: code });
}

/** B: 低保 confirmed long ago with items missing, plus a 临时救助 case. */
async function fileB(api: HudangApi, id: number, pageIds: number[]): Promise<void> {
  await api.updateCase({ id: await caseOf(api, id, '低保'), dates: caseDates('2023-04-01'), archiveCode: 'J012-DB-001-0002' });
  await api.updateCase({ id: await caseOf(api, id, '临时救助'), dates: { appliedOn: '2026-05-02', acceptedOn: '2026-05-03', investigatedOn: '2026-05-08', confirmedOn: '2026-05-20' } });
  await api.fileDocument({ householdId: id, itemCode: 'dibao.01', pageIds: pageIds.slice(0, 1) });
  await api.fileDocument({ householdId: id, itemCode: 'dibao.02' });
  await api.fileDocument({ householdId: id, itemCode: 'linshi.01', pageIds: pageIds.slice(1) });
}

/** C: 特困 分散供养, newly confirmed, one scanned application only. */
async function fileC(api: HudangApi, id: number, pageIds: number[]): Promise<void> {
  await api.updateCase({ id: await caseOf(api, id, '特困'), dates: caseDates('2026-05-20'), archiveCode: 'J012-TK-001-0001' });
  await api.fileDocument({ householdId: id, itemCode: 'tekun.02', pageIds });
}

/** D: 低保, complete except one document a clerk has not confirmed (待确认). */
async function fileD(api: HudangApi, id: number, pageIds: number[]): Promise<void> {
  await api.updateHousehold({ id, facts: NO_FACTS });
  await api.updateCase({ id: await caseOf(api, id, '低保'), dates: caseDates('2026-01-15'), archiveCode: 'J012-DB-002-0001' });
  await api.fileDocument({ householdId: id, itemCode: 'dibao.01', pageIds, confirmed: false });
  for (const code of DIBAO_REQUIRED.filter((c) => c !== 'dibao.01')) await api.fileDocument({ householdId: id, itemCode: code });
}

/** E: 临时救助 only (not in the 30% sampling population). */
async function fileE(api: HudangApi, id: number): Promise<void> {
  await api.updateCase({ id: await caseOf(api, id, '临时救助'), dates: { appliedOn: '2026-05-25', acceptedOn: '2026-05-26', investigatedOn: '2026-05-28', confirmedOn: '2026-06-01' } });
  await api.fileDocument({ householdId: id, itemCode: 'linshi.01' });
}

/** F: 刚性支出, newly confirmed, then the whole household exited (整户退出). */
async function fileF(api: HudangApi, id: number, pageIds: number[]): Promise<void> {
  await api.updateCase({ id: await caseOf(api, id, '刚性支出'), dates: caseDates('2026-02-01'), archiveCode: 'J012-GX-002-0001' });
  await api.fileDocument({ householdId: id, itemCode: 'gangxing.01', pageIds });
  await api.exitHousehold({ householdId: id, exitedOn: '2026-09-30', reason: '收入超标' });
}

/** Files under a package's data/, '/'-separated, in no particular order. */
function payloadFiles(pkg: string): string[] {
  return fs
    .readdirSync(path.join(pkg, 'data'), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(pkg, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}

/**
 * What someone re-bagging a package does, as BagIt tools do it: both payload
 * manifests and Payload-Oxum recomputed from the files under data/, the tag
 * manifest over the tag files it lists and, given a key, a new signature
 * (hudang-signature.txt). Without a key the old signature is left as it was.
 * Used by tests to forge packages the way an attacker would.
 */
export async function resealPackage(pkg: string, key: KeyPair | null): Promise<void> {
  const payload: FileEntry[] = [];
  for (const file of payloadFiles(pkg)) payload.push({ path: file, ...(await hashFileBoth(path.join(pkg, ...file.split('/')))) });
  fs.writeFileSync(path.join(pkg, MANIFEST), manifestText(payload));
  fs.writeFileSync(path.join(pkg, MANIFEST_SM3), manifestText(payload, 'sm3'));
  const info = path.join(pkg, BAG_INFO);
  fs.writeFileSync(info, fs.readFileSync(info, 'utf8').replace(/^Payload-Oxum: .*$/m, `Payload-Oxum: ${payloadOxum(payload)}`));
  const listed = parseManifest(fs.readFileSync(path.join(pkg, TAG_MANIFEST), 'utf8')).lines.map((l) => l.path);
  const names = [...new Set([...listed, MANIFEST_SM3])].filter((name) => fs.existsSync(path.join(pkg, name)));
  const tags = await Promise.all(names.map(async (name) => ({ path: name, ...(await hashFile(path.join(pkg, name))) })));
  const tagManifest = manifestText(tags);
  fs.writeFileSync(path.join(pkg, TAG_MANIFEST), tagManifest);
  if (key) fs.writeFileSync(path.join(pkg, SIGNATURE_FILE), signatureText(tagManifest, key));
}

/** The fixture town exported with full numbers into `交换/城南镇2026` under `dir`, its archive closed: what an inspector is handed. */
export async function exportedTown(dir: string): Promise<{ exchange: string; households: FixtureHousehold[] }> {
  const town = await buildTownFixture(dir);
  const exchange = path.join(dir, '交换', '城南镇2026');
  await exportPackages({ db: town.archive.db, store: town.archive.store, audit: { actor: '经办人:测试', now: FIXED_NOW } }, { outDir: exchange, idMasking: 'full' });
  await town.archive.close();
  return { exchange, households: town.households };
}
