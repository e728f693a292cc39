import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HudangApi } from '../api/contract';
import { openArchive, type Archive } from '../archive';
import { archiveFolder, KEY_FILE, readArchiveKey, type ArchiveKey } from '../export/archiveKey';
import { MANIFEST_SM3, manifestText, parseManifest, hashFile, TAG_MANIFEST } from '../export/bagit';
import { describeVerify } from '../cli/exportCommands';
import { exportPackages } from '../export/exportPackages';
import { SIGNATURE_FILE, signatureText, generateKeyPair, fingerprint } from '../export/signing';
import { buildTownFixture, FIXED_NOW, resealPackage, type TownFixture } from '../export/testFixture';
import { verifyPath } from '../export/verify';
import { createService } from '../service';
import { tempDir } from '../testing/fixtures';
import { ACCEPT_ACTION, RECORD_ACTION } from './townKeys';

/**
 * Finding 10 of issue 16: a package re-bagged with forged metadata and
 * recomputed manifests passed `verify` and was imported. Now every package
 * is signed with its archive's SM2 key over the tag manifest; the district
 * records a town's key at its first import and from then on refuses that
 * town's packages unsigned or signed by another key — whether the forger
 * left the old signature, signed with a key of their own, renamed the town
 * or changed its code. Each refusal leaves the district archive exactly as
 * it was. Real archives, real packages, real files.
 */

let dir: string;
let town: TownFixture;
let townKey: ArchiveKey;
let exported: string;
let district: Archive;
let districtApi: HudangApi;
const audit = { actor: '区级:测试', now: FIXED_NOW };

const TABLES = ['region', 'household', 'member', 'assistanceCase', 'document', 'page', 'sourceFile', 'householdExit', 'setting', 'checklistPack', 'auditLog', 'townKey'] as const;

/** Every row of every archive table and every blob name: "unchanged" means all of it. */
async function snapshot(archive: Archive): Promise<string> {
  const tables: Record<string, unknown[]> = {};
  for (const table of TABLES) tables[table] = await archive.db.selectFrom(table).selectAll().execute();
  const blobs = fs.readdirSync(archive.storeDir, { recursive: true, encoding: 'utf8' }).filter((p) => /[0-9a-f]{64}$/.test(p)).sort();
  return JSON.stringify({ tables, blobs });
}

const packageA = () => {
  const a = town.households.find((h) => h.key === 'A');
  return `红旗村_王桂兰_${a?.idNumber.slice(-6)}`;
};

/** A copy of one package of the genuine export, changed as `change` says, alone in its own folder. */
async function copyOf(name: string, change: (pkg: string) => void | Promise<void>, which = packageA()): Promise<string> {
  const pkg = path.join(dir, 'forged', name, which);
  fs.cpSync(path.join(exported, which), pkg, { recursive: true });
  await change(pkg);
  return pkg;
}

/** What the forger wants the district to believe: another address, the 低保 confirmed years earlier. */
function forgeMetadata(pkg: string, extra: (m: { source: { town: string; townCode: string | null } }) => void = () => undefined): void {
  const file = path.join(pkg, 'data', 'metadata.json');
  const m = JSON.parse(fs.readFileSync(file, 'utf8')) as { household: { address: string | null }; cases: { confirmedOn: string | null }[]; source: { town: string; townCode: string | null } };
  m.household.address = '伪造地址 1 号';
  for (const c of m.cases) c.confirmedOn = '2020-01-01';
  extra(m);
  fs.writeFileSync(file, `${JSON.stringify(m, null, 2)}\n`);
}

/** Imports into the district and checks the package was refused for `reason` and nothing in the district changed. */
async function expectRefused(pkg: string, reason: RegExp): Promise<void> {
  const before = await snapshot(district);
  const report = await districtApi.importPackages({ path: pkg });
  expect(report).toMatchObject({ imported: 0, updated: 0, unchanged: 0, refused: 1 });
  expect(report.packages[0]?.reason).toMatch(reason);
  expect(await snapshot(district)).toBe(before);
}

beforeAll(async () => {
  dir = tempDir('hudang-forgery-');
  town = await buildTownFixture(dir);
  exported = path.join(dir, 'export');
  await exportPackages({ db: town.archive.db, store: town.archive.store, audit: { actor: '经办人:测试', now: FIXED_NOW } }, { outDir: exported, idMasking: 'full' });
  townKey = readArchiveKey(town.archive.dataDir) as ArchiveKey;
  district = await openArchive(path.join(dir, 'district'));
  districtApi = createService({ archive: district, actor: audit.actor, now: FIXED_NOW });
});

afterAll(async () => {
  await town?.archive.close();
  await district?.close();
});

describe('genuine packages', () => {
  it("are signed with the town archive's own key, which lives beside its database and never in it", async () => {
    expect(townKey.fingerprint).toMatch(/^[0-9A-F]{4}(-[0-9A-F]{4}){4}$/);
    expect(fs.existsSync(path.join(town.archive.dataDir, KEY_FILE))).toBe(true);
    const created = await town.archive.db.selectFrom('auditLog').select('after').where('action', '=', 'package.key.create').execute();
    expect(created.map((e) => JSON.parse(e.after ?? '{}') as { fingerprint: string })).toEqual([expect.objectContaining({ fingerprint: townKey.fingerprint })]);
    expect(JSON.stringify(await town.archive.db.selectFrom('auditLog').selectAll().execute())).not.toContain(townKey.privateKey);
    expect((await town.api.packageKeys({})).own).toEqual({ publicKey: townKey.publicKey, fingerprint: townKey.fingerprint, createdAt: townKey.createdAt });
  });

  it('verify with the signer shown: the town and its fingerprint, as its own key in the town archive', async () => {
    const offline = await verifyPath(exported);
    expect(offline.ok).toBe(true);
    expect(offline.packages.map((p) => p.signer)).toEqual(offline.packages.map(() => ({ publicKey: townKey.publicKey, fingerprint: townKey.fingerprint, town: '城南镇', townCode: null, trust: 'unrecorded' })));
    const atTown = await town.api.verifyPackages({ path: exported });
    expect(atTown.ok).toBe(true);
    expect(atTown.packages.every((p) => p.signer?.trust === 'own')).toBe(true);
    expect(describeVerify(atTown)).toContain(`签名：城南镇，指纹 ${townKey.fingerprint}（本档案库的密钥）`);
  });

  it("import, and the district records the town's key at the first one (audited, with its fingerprint)", async () => {
    const report = await districtApi.importPackages({ path: exported });
    expect(report).toMatchObject({ imported: 6, refused: 0 });
    expect(report.packages.filter((p) => p.keyRecorded)).toHaveLength(1);
    expect(report.packages.every((p) => p.signer?.fingerprint === townKey.fingerprint)).toBe(true);
    const keys = await districtApi.packageKeys({});
    expect(keys.towns).toEqual([expect.objectContaining({ town: '城南镇', publicKey: townKey.publicKey, fingerprint: townKey.fingerprint, how: '首次导入', retiredAt: null })]);
    const recorded = await district.db.selectFrom('auditLog').select('after').where('action', '=', RECORD_ACTION).execute();
    expect(recorded.map((e) => JSON.parse(e.after ?? '{}') as { fingerprint: string })).toEqual([expect.objectContaining({ town: '城南镇', fingerprint: townKey.fingerprint })]);
    const again = await districtApi.verifyPackages({ path: exported });
    expect(again.ok).toBe(true);
    expect(again.packages.every((p) => p.signer?.trust === 'recorded')).toBe(true);
    expect(await districtApi.importPackages({ path: exported })).toMatchObject({ unchanged: 6, refused: 0 });
  });
});

describe('finding 10: forged packages', () => {
  it('re-bagged with forged metadata and every manifest recomputed fail verify (signature) and are refused, the district unchanged', async () => {
    const pkg = await copyOf('rebagged', async (p) => {
      forgeMetadata(p);
      await resealPackage(p, null);
    });
    const report = await verifyPath(pkg);
    expect(report.ok).toBe(false);
    // Both payload manifests, Payload-Oxum and the tag manifest agree with the forged files: only the signature gives it away.
    expect(report.packages[0]?.problems).toEqual([expect.objectContaining({ kind: '签名无效', file: SIGNATURE_FILE, detail: expect.stringContaining('签名与 tagmanifest-sha256.txt 不符') })]);
    expect(report.packages[0]?.signer).toBeNull();
    await expectRefused(pkg, /校验未通过（签名无效），整包未导入：签名与 tagmanifest-sha256\.txt 不符/);
  });

  it('re-signed with a key of their own show that key, fail verify where the town key is known, and are refused', async () => {
    const forger = generateKeyPair();
    const pkg = await copyOf('resigned', async (p) => {
      forgeMetadata(p);
      await resealPackage(p, forger);
    });
    const offline = await verifyPath(pkg);
    expect(offline.packages[0]?.signer).toMatchObject({ fingerprint: fingerprint(forger.publicKey), trust: 'unrecorded' });
    expect(offline.packages[0]?.signer?.fingerprint).not.toBe(townKey.fingerprint);
    const atDistrict = await districtApi.verifyPackages({ path: pkg });
    expect(atDistrict.ok).toBe(false);
    expect(atDistrict.packages[0]?.signer).toMatchObject({ fingerprint: fingerprint(forger.publicKey), trust: 'mismatch' });
    expect(atDistrict.packages[0]?.problems).toEqual([expect.objectContaining({ kind: '签名无效', detail: expect.stringContaining(`不是已登记的城南镇密钥（指纹 ${townKey.fingerprint}）`) })]);
    await expectRefused(pkg, /签名密钥（指纹 .*）不是已登记的城南镇密钥/);
  });

  it('claiming another town, or another town code, with a key of their own are refused too', async () => {
    const renamed = await copyOf('renamed', async (p) => {
      forgeMetadata(p, (m) => {
        m.source.town = '城北镇';
      });
      await resealPackage(p, generateKeyPair());
    });
    await expectRefused(renamed, /该户在区级档案中属于城南镇，此包却来自城北镇/);
    const recoded = await copyOf('recoded', async (p) => {
      forgeMetadata(p, (m) => {
        m.source.townCode = '999999999';
      });
      await resealPackage(p, generateKeyPair());
    });
    await expectRefused(recoded, /不是已登记的城南镇密钥/);
  });

  it("a genuine package of the town re-signed with another key is refused", async () => {
    const other = generateKeyPair();
    const pkg = await copyOf('other-key', (p) => {
      fs.writeFileSync(path.join(p, SIGNATURE_FILE), signatureText(fs.readFileSync(path.join(p, TAG_MANIFEST)), other));
    });
    expect((await verifyPath(pkg)).ok).toBe(true);
    await expectRefused(pkg, /不是已登记的城南镇密钥/);
  });

  it('an unsigned package of the old layout is refused once the town key is known (a fresh district still takes it)', async () => {
    const pkg = await copyOf('unsigned', async (p) => {
      fs.rmSync(path.join(p, SIGNATURE_FILE));
      fs.rmSync(path.join(p, MANIFEST_SM3));
      const tags = parseManifest(fs.readFileSync(path.join(p, TAG_MANIFEST), 'utf8')).lines.filter((l) => l.path !== MANIFEST_SM3);
      const entries = await Promise.all(tags.map(async (t) => ({ path: t.path, ...(await hashFile(path.join(p, t.path))) })));
      fs.writeFileSync(path.join(p, TAG_MANIFEST), manifestText(entries));
    });
    const offline = await verifyPath(pkg);
    expect(offline).toMatchObject({ ok: true, packages: [{ signer: null }] });
    expect(describeVerify(offline)).toContain('未签名或签名无效');
    const atDistrict = await districtApi.verifyPackages({ path: pkg });
    expect(atDistrict.packages[0]?.problems).toEqual([expect.objectContaining({ kind: '签名无效', detail: expect.stringContaining('此包未签名，而城南镇的导出签名密钥已登记') })]);
    await expectRefused(pkg, /此包未签名，而城南镇的导出签名密钥已登记/);

    const fresh = await openArchive(path.join(dir, 'district-before-keys'));
    const report = await createService({ archive: fresh, actor: audit.actor, now: FIXED_NOW }).importPackages({ path: pkg });
    expect(report).toMatchObject({ imported: 1, refused: 0 });
    expect(await fresh.db.selectFrom('townKey').selectAll().execute()).toEqual([]);
    await fresh.close();
  });

  it('a first import that sees two keys for one town records neither and imports none of its packages', async () => {
    const batch = path.join(dir, 'two-keys');
    fs.cpSync(exported, batch, { recursive: true });
    await resealPackage(path.join(batch, packageA()), generateKeyPair());
    const fresh = await openArchive(path.join(dir, 'district-two-keys'));
    const report = await createService({ archive: fresh, actor: audit.actor, now: FIXED_NOW }).importPackages({ path: batch });
    expect(report).toMatchObject({ imported: 0, refused: 6 });
    expect(report.packages.every((p) => /由 2 个不同的密钥签名.*均未导入/.test(p.reason ?? ''))).toBe(true);
    expect(await fresh.db.selectFrom('townKey').selectAll().execute()).toEqual([]);
    expect(await fresh.db.selectFrom('household').selectAll().execute()).toEqual([]);
    await fresh.close();
  });
});

describe('a town that changes its key', () => {
  it('is refused until the district accepts the new key with its fingerprint (audited); then the old key is refused', async () => {
    // The town loses its key file: its next export makes a new key and signs every package with it.
    fs.rmSync(path.join(archiveFolder(town.archive.store), KEY_FILE));
    const renewed = path.join(dir, 'renewed');
    await exportPackages({ db: town.archive.db, store: town.archive.store, audit: { actor: '经办人:测试', now: FIXED_NOW } }, { outDir: renewed, idMasking: 'full' });
    const newKey = readArchiveKey(town.archive.dataDir) as ArchiveKey;
    expect(newKey.publicKey).not.toBe(townKey.publicKey);
    const before = await snapshot(district);
    expect(await districtApi.importPackages({ path: renewed })).toMatchObject({ refused: 6 });
    expect(await snapshot(district)).toBe(before);

    const one = path.join(renewed, packageA());
    await expect(districtApi.acceptTownKey({ path: one, fingerprint: townKey.fingerprint })).rejects.toThrow(/输入的指纹与包内签名密钥的指纹（.*）不同/);
    const forged = await copyOf('forged-for-accept', async (p) => {
      forgeMetadata(p);
      await resealPackage(p, null);
    }, packageA());
    await expect(districtApi.acceptTownKey({ path: forged, fingerprint: townKey.fingerprint })).rejects.toThrow(/没有有效的签名/);
    expect(await snapshot(district)).toBe(before);

    const accepted = await districtApi.acceptTownKey({ path: one, fingerprint: newKey.fingerprint.toLowerCase().replace(/-/g, ' ') });
    expect(accepted).toMatchObject({ town: '城南镇', fingerprint: newKey.fingerprint, how: '区级确认', recordedBy: audit.actor });
    const entry = await district.db.selectFrom('auditLog').select(['before', 'after']).where('action', '=', ACCEPT_ACTION).executeTakeFirstOrThrow();
    expect(JSON.parse(entry.before ?? '{}')).toEqual({ fingerprints: [townKey.fingerprint] });
    expect(JSON.parse(entry.after ?? '{}')).toMatchObject({ fingerprint: newKey.fingerprint });
    const keys = (await districtApi.packageKeys({})).towns;
    expect(keys.map((k) => [k.fingerprint, k.retiredAt === null])).toEqual([
      [newKey.fingerprint, true],
      [townKey.fingerprint, false],
    ]);

    expect(await districtApi.importPackages({ path: renewed })).toMatchObject({ refused: 0 });
    const old = await districtApi.importPackages({ path: exported });
    expect(old.refused).toBe(6);
    expect(old.packages[0]?.reason).toContain(`不是已登记的城南镇密钥（指纹 ${newKey.fingerprint}）`);
  });

  it('keeps recorded keys: no row can be deleted or its key rewritten behind the service', async () => {
    await expect(sql`DELETE FROM town_key`.execute(district.db)).rejects.toThrow(/已登记的镇街签名密钥不得删除/);
    await expect(sql`UPDATE town_key SET public_key = 'x'`.execute(district.db)).rejects.toThrow(/不得修改/);
    await expect(sql`UPDATE town_key SET retired_at = NULL WHERE retired_at IS NOT NULL`.execute(district.db)).rejects.toThrow(/不得修改/);
    expect(await district.db.selectFrom('townKey').selectAll().execute()).toHaveLength(2);
  });
});
