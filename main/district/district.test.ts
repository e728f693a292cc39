import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive, type Archive } from '../archive';
import { checkHouseholds } from '../checklist/checkArchive';
import { sha256Of } from '../store/blobStore';
import { fsck } from '../integrity/fsck';
import { hashFile, manifestText, parseManifest } from '../export/bagit';
import { exportPackages } from '../export/exportPackages';
import { readArchiveKey } from '../export/archiveKey';
import { buildTownFixture, FIXED_NOW, resealPackage, type TownFixture } from '../export/testFixture';
import type { ProblemKind } from '../export/types';
import { verifyPath } from '../export/verify';
import { resourcesDir } from '../support/paths';
import { tempDir } from '../testing/fixtures';
import { importPackages } from './importPackages';

/**
 * District consolidation with real archives: a town's export imported into
 * an empty district archive answers `check` exactly as the town did;
 * importing again writes nothing; tampered, escaping and masked packages
 * are refused whole, and nothing lands outside the district archive.
 */

let dir: string;
let town: TownFixture;
let exported: string;
const audit = { actor: '区级:测试', now: FIXED_NOW };

/**
 * The town judges by its own pack: the built-in one with the optional last 低保 item made
 * required. The district must take the pack from the packages, not its own default.
 */
async function useTownPack(): Promise<void> {
  const builtin = JSON.parse(fs.readFileSync(path.join(resourcesDir(), 'checklists', 'kaiyuan-tieling-2025.json'), 'utf8')) as { id: string; version: string; title: string; checklists: Record<string, { rule: { kind: string } }[]> };
  const last = builtin.checklists['低保']?.at(-1);
  if (last) last.rule = { kind: 'required' };
  const file = path.join(dir, 'town-pack.json');
  fs.writeFileSync(file, JSON.stringify({ ...builtin, id: 'chengnan-town', version: '2026.1', title: '城南镇核查清单' }, null, 2));
  await town.api.importPack({ path: file });
  await town.api.usePack({ key: 'chengnan-town@2026.1', town: '城南镇' });
}

beforeAll(async () => {
  dir = tempDir('hudang-district-');
  town = await buildTownFixture(dir);
  await useTownPack();
  exported = path.join(dir, 'export');
  await exportPackages({ db: town.archive.db, store: town.archive.store, audit }, { outDir: exported, idMasking: 'full' });
});

afterAll(async () => {
  await town?.archive.close();
});

const TABLES = ['region', 'household', 'member', 'assistanceCase', 'document', 'page', 'sourceFile', 'householdExit', 'setting', 'checklistPack', 'auditLog'] as const;

async function rowCounts(archive: Archive): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES) counts[table] = Number((await archive.db.selectFrom(table).select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return counts;
}

/** Every path under a folder, for "nothing was written here" checks. */
function listing(root: string): string[] {
  return fs.readdirSync(root, { recursive: true, encoding: 'utf8' }).sort();
}

function storeBlobs(archive: Archive): string[] {
  return listing(archive.storeDir).filter((p) => /[0-9a-f]{64}$/.test(p));
}

describe('importPackages into an empty district archive', () => {
  let district: Archive;

  beforeAll(async () => {
    district = await openArchive(path.join(dir, 'district'));
  });
  afterAll(async () => {
    await district?.close();
  });

  it('imports every household and then gives the same check answers as the town', async () => {
    const report = await importPackages({ db: district.db, store: district.store, audit }, exported);
    expect(report).toMatchObject({ imported: 6, updated: 0, unchanged: 0, refused: 0 });
    const townRows = await checkHouseholds(town.archive.db, audit, {});
    const districtRows = await checkHouseholds(district.db, audit, {});
    expect(districtRows).toEqual(townRows);
    expect(townRows.some((r) => r.status === '齐全')).toBe(false);
    expect(townRows.some((r) => r.status === '缺件')).toBe(true);
  });

  it('judges the town by the pack its packages carry, not by the district default', async () => {
    const packs = await district.db.selectFrom('checklistPack').select(['key', 'origin']).orderBy('key').execute();
    expect(packs).toEqual([
      { key: 'chengnan-town@2026.1', origin: 'imported' },
      { key: 'kaiyuan-tieling-2025@2025.1', origin: 'builtin' },
    ]);
    const setting = await district.db.selectFrom('setting').select('value').where('key', '=', 'packByTown').executeTakeFirstOrThrow();
    expect(JSON.parse(setting.value)).toEqual({ 城南镇: 'chengnan-town@2026.1' });
    const missing = (await checkHouseholds(district.db, audit, {})).find((r) => r.name === '王桂兰')?.missing;
    expect(missing).toEqual(['其他材料']);
  });

  it('brings the pages, originals and exits along, every blob in the district store', async () => {
    const townPages = await town.archive.db.selectFrom('page').select(['imageSha256', 'sourceSha256', 'pageIndex']).where('householdId', 'is not', null).orderBy('imageSha256').execute();
    const districtPages = await district.db.selectFrom('page').select(['imageSha256', 'sourceSha256', 'pageIndex']).orderBy('imageSha256').execute();
    expect(districtPages).toEqual(townPages);
    expect(await fsck(district.db, district.store)).toMatchObject({ missing: [], corrupt: [] });
    const exits = await district.db.selectFrom('householdExit').selectAll().execute();
    expect(exits.map((e) => e.reason)).toEqual(['收入超标']);
    const regions = await district.db.selectFrom('region').select(['level', 'name']).orderBy('id').execute();
    expect(regions).toEqual([
      { level: '区', name: '河西区' },
      { level: '镇街', name: '城南镇' },
      { level: '村社区', name: '东风村' },
      { level: '村社区', name: '红旗村' },
    ]);
    const entries = await district.db.selectFrom('auditLog').select('action').where('action', '=', 'district.import').execute();
    expect(entries).toHaveLength(6);
  });

  it('is idempotent: importing the same packages again changes nothing and writes no rows', async () => {
    const before = await rowCounts(district);
    const blobs = storeBlobs(district);
    const report = await importPackages({ db: district.db, store: district.store, audit }, exported);
    expect(report).toMatchObject({ imported: 0, updated: 0, unchanged: 6, refused: 0 });
    expect(await rowCounts(district)).toEqual(before);
    expect(storeBlobs(district)).toEqual(blobs);
  });

  it('updates a household whose town file changed, and only that one', async () => {
    const a = town.households.find((h) => h.key === 'B');
    await town.api.fileDocument({ householdId: a?.id ?? 0, itemCode: 'dibao.03' });
    await exportPackages({ db: town.archive.db, store: town.archive.store, audit }, { outDir: exported, idMasking: 'full' });
    const report = await importPackages({ db: district.db, store: district.store, audit }, exported);
    expect(report).toMatchObject({ imported: 0, updated: 1, unchanged: 5, refused: 0 });
    expect(await checkHouseholds(district.db, audit, {})).toEqual(await checkHouseholds(town.archive.db, audit, {}));
  });
});

describe('refusing bad packages', () => {
  const target = () => town.households.find((h) => h.key === 'A');
  const packageOf = (root: string) => path.join(root, `红旗村_王桂兰_${target()?.idNumber.slice(-6)}`);

  /** A fresh copy of the export with one package tampered with. */
  function tampered(name: string, change: (pkg: string) => void): string {
    const root = path.join(dir, 'tampered', name, 'export');
    fs.cpSync(exported, root, { recursive: true });
    change(packageOf(root));
    return root;
  }

  /** Rewrites the manifest with `edit` and re-signs it in the tag manifest, so only the edit itself is wrong. */
  async function editManifest(pkg: string, edit: (text: string) => string): Promise<void> {
    const manifest = path.join(pkg, 'manifest-sha256.txt');
    fs.writeFileSync(manifest, edit(fs.readFileSync(manifest, 'utf8')));
    const tags = parseManifest(fs.readFileSync(path.join(pkg, 'tagmanifest-sha256.txt'), 'utf8')).lines;
    const entries = await Promise.all(tags.map(async (t) => ({ path: t.path, ...(await hashFile(path.join(pkg, t.path))) })));
    fs.writeFileSync(path.join(pkg, 'tagmanifest-sha256.txt'), manifestText(entries));
  }

  const cases: [string, ProblemKind, string, (pkg: string) => void | Promise<void>][] = [
    ['flipped byte in a page', '校验值不符', 'data/pages/01_低保/0002.jpg', (pkg) => {
      const file = path.join(pkg, 'data/pages/01_低保/0002.jpg');
      const bytes = fs.readFileSync(file);
      bytes[bytes.length >> 1] = (bytes[bytes.length >> 1] ?? 0) ^ 0xff;
      fs.writeFileSync(file, bytes);
    }],
    ['missing file', '文件缺失', 'data/originals/扫描1.jpg', (pkg) => fs.rmSync(path.join(pkg, 'data/originals/扫描1.jpg'))],
    ['extra file', '多余文件', 'data/pages/01_低保/0004.jpg', (pkg) => fs.copyFileSync(path.join(pkg, 'data/pages/01_低保/0001.jpg'), path.join(pkg, 'data/pages/01_低保/0004.jpg'))],
    ['edited metadata.json', '校验值不符', 'data/metadata.json', (pkg) => {
      const file = path.join(pkg, 'data/metadata.json');
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"status": "齐全"', '"status": "缺件"').replace('王桂兰', '王桂芝'));
    }],
    ['symlink leading out of the package', '路径越界', 'data/originals/扫描1.jpg', (pkg) => {
      const outside = path.join(pkg, '..', '..', 'outside.jpg');
      fs.copyFileSync(path.join(pkg, 'data/originals/扫描1.jpg'), outside);
      fs.rmSync(path.join(pkg, 'data/originals/扫描1.jpg'));
      fs.symlinkSync(outside, path.join(pkg, 'data/originals/扫描1.jpg'));
    }],
    ['zip-slip path in the manifest', '路径越界', '../evil', (pkg) =>
      editManifest(pkg, (text) => `${text}${sha256Of(Buffer.from('evil'))}  ../evil\n${sha256Of(Buffer.from('evil'))}  data/../../../evil2\n`)],
  ];

  for (const [name, kind, file, change] of cases) {
    it(`detects the ${name} (${kind}) and refuses the package, writing nothing anywhere`, async () => {
      const root = path.join(dir, 'tampered', name.replace(/\W+/g, '-'));
      const exportCopy = path.join(root, 'export');
      fs.mkdirSync(root, { recursive: true });
      fs.cpSync(exported, exportCopy, { recursive: true });
      await change(packageOf(exportCopy));
      const report = await verifyPath(exportCopy);
      const bad = report.packages.find((p) => !p.ok);
      expect(report.ok).toBe(false);
      expect(report.packages.filter((p) => !p.ok)).toHaveLength(1);
      expect(bad?.problems).toContainEqual(expect.objectContaining({ kind, file }));

      const district = await openArchive(path.join(root, 'district'));
      const outside = listing(path.dirname(root));
      const result = await importPackages({ db: district.db, store: district.store, audit }, exportCopy);
      const refused = result.packages.find((p) => p.outcome === 'refused');
      expect(refused?.package).toBe(path.basename(packageOf(exportCopy)));
      expect(refused?.reason).toContain(kind);
      expect(result.imported).toBe(5);
      const names = await district.db.selectFrom('household').select('headName').execute();
      expect(names.map((n) => n.headName)).not.toContain('王桂兰');
      const blobs = new Set(storeBlobs(district).map((p) => path.basename(p)));
      const tamperedPages = fs.readdirSync(path.join(packageOf(exportCopy), 'data/pages/01_低保'));
      for (const page of tamperedPages) expect(blobs.has((await hashFile(path.join(packageOf(exportCopy), 'data/pages/01_低保', page))).sha256)).toBe(false);
      await district.close();
      // Outside the district archive, the parent folder holds exactly what it held before.
      expect(listing(path.dirname(root)).filter((p) => !p.startsWith(`${path.basename(root)}/district`) && p !== `${path.basename(root)}/district`)).toEqual(outside.filter((p) => !p.startsWith(`${path.basename(root)}/district`) && p !== `${path.basename(root)}/district`));
      expect(fs.existsSync(path.join(root, 'evil'))).toBe(false);
      expect(fs.existsSync(path.join(dir, 'evil2'))).toBe(false);
    });
  }

  it('names metadata.json that does not match its schema (元数据无效), even with matching checksums', async () => {
    const root = tampered('invalid-metadata', () => undefined);
    const pkg = packageOf(root);
    const file = path.join(pkg, 'data/metadata.json');
    const m = JSON.parse(fs.readFileSync(file, 'utf8')) as { cases: { assistanceType: string }[] };
    if (m.cases[0]) m.cases[0].assistanceType = '低收入';
    fs.writeFileSync(file, JSON.stringify(m));
    const { sha256, size } = await hashFile(file);
    await editManifest(pkg, (text) => text.replace(/^[0-9a-f]{64} {2}data\/metadata\.json$/m, `${sha256}  data/metadata.json`));
    const info = path.join(pkg, 'bag-info.txt');
    const oxum = /Payload-Oxum: (\d+)\.(\d+)/.exec(fs.readFileSync(info, 'utf8'));
    const oldSize = fs.statSync(path.join(packageOf(exported), 'data/metadata.json')).size;
    fs.writeFileSync(info, fs.readFileSync(info, 'utf8').replace(/Payload-Oxum: .*/, `Payload-Oxum: ${Number(oxum?.[1]) - oldSize + size}.${oxum?.[2]}`));
    await editManifest(pkg, (text) => text);
    // Sealed again as the town itself would (its SM3 manifest and its own key's signature), so only the schema is wrong.
    await resealPackage(pkg, readArchiveKey(town.archive.dataDir));
    const report = await verifyPath(pkg);
    expect(report.packages[0]?.problems).toEqual([expect.objectContaining({ kind: '元数据无效', file: 'data/metadata.json' })]);
    expect(report.packages[0]?.problems[0]?.detail).toContain('cases[0].assistanceType');
  });

  it('refuses a masked (公示) package: households are matched by full ID number', async () => {
    const masked = path.join(dir, 'masked');
    await exportPackages({ db: town.archive.db, store: town.archive.store, audit }, { outDir: masked, idMasking: 'masked', scope: { village: '红旗村' } });
    const district = await openArchive(path.join(dir, 'district-masked'));
    const report = await importPackages({ db: district.db, store: district.store, audit }, masked);
    expect(report.refused).toBe(3);
    expect(report.packages.every((p) => p.reason?.includes('脱敏'))).toBe(true);
    expect(await district.db.selectFrom('household').selectAll().execute()).toEqual([]);
    await district.close();
  });
});
