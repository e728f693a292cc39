import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HudangApi, Role } from '../api/contract';
import { openArchive, type Archive } from '../archive';
import { createGuardedApi } from '../app/guard';
import { SessionStore } from '../auth/sessions';
import { makeIdNumber } from '../domain/idNumber';
import { DEFAULT_TOWN } from '../settings/settings';
import { masked, rosterCsv, tempDir, writeCsv } from '../testing/fixtures';
import { exportTwoTowns, SECOND_TOWN, type TownExports } from '../testing/townPackages';

/**
 * 区级导入 of several chosen folders in one run and the 全区台账, through the
 * guarded API as the app calls it: two real town exports and a tampered
 * package, each refusal with its kind; the 台账 per 镇街 and village (the
 * same village name in two 镇街 stays apart); only 区级 and 管理员 may call
 * these, and a 区级 names paths inside the 交换文件夹 only.
 */

let dir: string;
let exchange: string;
let towns: TownExports;
let district: Archive;
let sessions: SessionStore;
const PASSWORD = 'Hudang-2025!';

async function login(username: string): Promise<HudangApi> {
  const api = createGuardedApi({ archive: district, setupActor: 'setup', sessions, caller: { token: null } });
  await api.login({ username, password: PASSWORD });
  return api;
}

beforeAll(async () => {
  dir = tempDir('hudang-ledger-');
  exchange = path.join(dir, '交换');
  towns = await exportTwoTowns(dir, exchange);
  district = await openArchive(path.join(dir, 'district'));
  sessions = new SessionStore();
  const setup = createGuardedApi({ archive: district, setupActor: 'setup', sessions, caller: { token: null } });
  await setup.createUser({ username: 'admin', displayName: 'admin', role: '管理员', password: PASSWORD });
  const admin = await login('admin');
  for (const [username, role] of [['qu', '区级'], ['clerk', '经办人'], ['inspector', '检查员']] as [string, Role][]) {
    await admin.createUser({ username, displayName: username, role, password: PASSWORD });
  }
  await admin.updateSettings({ packageFolders: [exchange] });
}, 180_000);

afterAll(async () => {
  await district?.close();
});

describe('district import and 台账', () => {
  it('refuses the other roles the district import and the 台账', async () => {
    for (const username of ['clerk', 'inspector']) {
      const api = await login(username);
      await expect(api.importTownPackages({ paths: [towns.first] })).rejects.toThrow(/无权执行此操作/);
      await expect(api.districtLedger({})).rejects.toThrow(/无权执行此操作/);
      await expect(api.ledgerHouseholds({ town: '城南镇', village: '红旗村' })).rejects.toThrow(/无权执行此操作/);
      await expect(api.importPackages({ path: towns.first })).rejects.toThrow(/无权执行此操作/);
      await expect(api.acceptTownKey({ path: towns.first, fingerprint: '00' })).rejects.toThrow(/无权执行此操作/);
    }
  });

  it('lets a 区级 name packages inside the 交换文件夹 only, and writes nothing for a path outside', async () => {
    const qu = await login('qu');
    const outside = path.join(dir, 'first', 'town');
    await expect(qu.importTownPackages({ paths: [towns.first, outside] })).rejects.toThrow(/只能使用交换文件夹中的档案包/);
    await expect(qu.importPackages({ path: `${exchange}/../first` })).rejects.toThrow(/只能使用交换文件夹中的档案包/);
    await expect(qu.acceptTownKey({ path: outside, fingerprint: '00' })).rejects.toThrow(/只能使用交换文件夹中的档案包/);
    expect((await qu.districtLedger({})).total.households).toBe(0);
  });

  it('imports two towns in one run, refusing the tampered package and the household that belongs to another 镇街', async () => {
    const qu = await login('qu');
    const report = await qu.importTownPackages({ paths: [towns.first, towns.second, towns.tampered] });
    expect(report.paths).toHaveLength(3);
    expect(report).toMatchObject({ imported: 8, updated: 0, unchanged: 0, refused: 2 });
    const refused = report.packages.filter((p) => p.outcome === 'refused');
    expect(refused.map((p) => `${p.town} ${p.refusedFor}`).sort()).toEqual([`${SECOND_TOWN} conflict`, `${SECOND_TOWN} verification`]);
    expect(refused.find((p) => p.refusedFor === 'conflict')?.name).toBe('赵德胜');
    expect(refused.find((p) => p.refusedFor === 'conflict')?.reason).toContain('该户在区级档案中属于城南镇，此包却来自杨柳青镇');
    expect(refused.find((p) => p.refusedFor === 'verification')?.reason).toMatch(/校验未通过/);
    // The report is shown and printed: numbers masked.
    for (const p of report.packages) expect(p.household).toMatch(/^\d{6}\*{8}[\dX]{4}$/);

    const again = await qu.importTownPackages({ paths: [towns.second, towns.first] });
    expect(again).toMatchObject({ imported: 0, updated: 0, unchanged: 8, refused: 1 });
  });

  it('shows the 台账 per 镇街 and village, the same village name apart in each 镇街', async () => {
    const qu = await login('qu');
    const ledger = await qu.districtLedger({});
    expect(ledger.towns.map((t) => [t.town, t.villages.map((v) => v.village)])).toEqual([
      ['城南镇', ['东风村', '红旗村']],
      [SECOND_TOWN, ['红旗村', '新华社区']],
    ]);
    const [first, second] = ledger.towns;
    expect(first).toMatchObject({ households: 6, active: 5, exited: 1 });
    expect((first?.complete ?? 0) + (first?.missing ?? 0) + (first?.unconfirmed ?? 0)).toBe(5);
    expect(first?.unconfirmed).toBeGreaterThan(0);
    expect(second).toMatchObject({ households: 2, active: 2, exited: 0, complete: 0, missing: 2 });
    expect(ledger.total).toMatchObject({ households: 8, active: 7, exited: 1 });
    for (const t of ledger.towns) expect(t.lastImport).toMatch(/^\d{4}-\d{2}-\d{2}T/);

    const hongqi = await qu.ledgerHouseholds({ town: SECOND_TOWN, village: '红旗村' });
    expect(hongqi.map((h) => [h.name, h.status, h.check, h.assistance])).toEqual([['陈玉珍', '在册', '缺件', ['低保']]]);
    const dongfeng = await qu.ledgerHouseholds({ town: '城南镇', village: '东风村' });
    expect(dongfeng.map((h) => h.name)).toEqual(['李建国', '周春梅', '吴志强']);
    expect(dongfeng.find((h) => h.name === '吴志强')).toMatchObject({ status: '整户退出', check: null });
    const li = towns.firstHouseholds.find((h) => h.name === '李建国');
    expect(dongfeng[0]?.household).toBe(masked(li?.idNumber ?? ''));
  });

  it('does not take 未指定镇街 for the district archive’s own 镇街 when a town is set in 设置', async () => {
    // Households filed under the placeholder (here from a roster; in a district, packages of a town that never named
    // itself) stay apart: saving settings must not fold another town's files into one named town.
    const admin = await login('admin');
    const roster = writeCsv(path.join(dir, 'r.csv'), rosterCsv([['无名村', '孙无名', makeIdNumber('120116', '19500101', 31), '低保', '1', '']], ['村(社区)', '户主姓名', '身份证号', '救助类型', '保障人口', '供养方式']));
    await admin.importRoster({ path: roster });
    await admin.updateSettings({ town: '城南镇' });
    await admin.updateSettings({ fondsName: '某区民政局' });
    const towns = (await admin.districtLedger({})).towns.map((t) => [t.town, t.villages.map((v) => v.village)]);
    expect(towns).toContainEqual([DEFAULT_TOWN, ['无名村']]);
    expect(towns.find(([t]) => t === '城南镇')?.[1]).not.toContain('无名村');
  });
});
