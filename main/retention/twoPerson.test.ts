import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HudangApi, Role } from '../api/contract';
import { openArchive, type Archive } from '../archive';
import { createGuardedApi } from '../app/guard';
import { SessionStore } from '../auth/sessions';
import { makeIdNumber } from '../domain/idNumber';
import { refreshVolumes } from '../export/volumeKeeper';
import { stagePool } from '../export/writePackage';
import { createService } from '../service';
import { householdIdOf, ingestSyntheticScans } from '../testing/archives';
import { runCli } from '../testing/cli';
import { rosterCsv, tempDir, writeCsv } from '../testing/fixtures';

/**
 * Finding 3: one person met the two-person rule. A 管理员 made a second
 * 管理员 account and approved twice, and the appraiser could approve too.
 * Now a destruction needs one 管理员 and one 区级 account, both older than
 * the appraisal, neither the appraiser; and every new privileged account
 * shows to the other administrators.
 */

let dir: string;
let archive: Archive;
let clock: Date;
const sessions = new SessionStore(() => clock.getTime());
const idNumber = makeIdNumber('120116', '19400101', 1);

async function login(username: string): Promise<HudangApi> {
  const api = createGuardedApi({ archive, setupActor: 'setup', sessions, caller: { token: null }, now: () => clock });
  await api.login({ username, password: `${username}-密码123` });
  return api;
}

async function addUsers(admin: HudangApi, users: [string, Role][]): Promise<void> {
  for (const [username, role] of users) await admin.createUser({ username, displayName: username, role, password: `${username}-密码123` });
}

async function pagesOf(householdId: number): Promise<number> {
  return (await archive.db.selectFrom('page').select('id').where('householdId', '=', householdId).execute()).length;
}

let householdId: number;
let exitId: number;

beforeEach(async () => {
  clock = new Date('2025-06-01T08:00:00Z');
  dir = tempDir();
  archive = await openArchive(path.join(dir, 'archive'));
  const setup = createGuardedApi({ archive, setupActor: 'setup', sessions, caller: { token: null }, now: () => clock });
  await setup.importRoster({ path: writeCsv(path.join(dir, 'r.csv'), rosterCsv([['红旗村', '王桂兰', idNumber, '低保', '1']])) });
  householdId = await householdIdOf(setup, idNumber);
  const pageIds = await ingestSyntheticScans(setup, archive, dir, [{ dpi: 72, seed: 1, table: false }, { dpi: 72, seed: 2, table: false }]);
  await setup.fileDocument({ householdId, itemCode: 'dibao.02', pageIds });
  await setup.createUser({ username: 'admin', displayName: 'admin', role: '管理员', password: 'admin-密码123' });
  const admin = await login('admin');
  exitId = (await admin.exitHousehold({ householdId, exitedOn: '2025-06-01', reason: '死亡' })).exitId;
});
afterEach(() => archive.close());

/** Thirty years on: retention has ended. */
function retentionOver(): void {
  clock = new Date('2056-01-02T09:00:00Z');
}

describe('two people means two people', () => {
  it('refuses the appraiser as approver, and accounts made after the appraisal', async () => {
    await addUsers(await login('admin'), [['district', '区级']]);
    retentionOver();
    const admin = await login('admin');
    const appraisal = await admin.createAppraisal({ exitId, opinion: '保管期满，经鉴定无继续保存价值' });
    await expect(admin.approveAppraisal({ appraisalId: appraisal.id })).rejects.toThrow(/鉴定人不能批准自己建立的鉴定/);
    // The attack: the same administrator makes a second administrator (and a district account) and approves with them.
    await addUsers(admin, [['admin2', '管理员'], ['district2', '区级']]);
    await expect((await login('admin2')).approveAppraisal({ appraisalId: appraisal.id })).rejects.toThrow(/在鉴定建立之后才创建的，不能批准/);
    await expect((await login('district2')).approveAppraisal({ appraisalId: appraisal.id })).rejects.toThrow(/在鉴定建立之后才创建的/);
    await (await login('district')).approveAppraisal({ appraisalId: appraisal.id });
    await expect(admin.executeDestruction({ appraisalId: appraisal.id })).rejects.toThrow(/需要两名不同的用户批准后才能销毁：一名管理员、一名区级用户/);
    // Nothing lost: the pages and the audit chain are whole.
    expect(await pagesOf(householdId)).toBe(2);
    expect((await admin.listRetention({})).find((r) => r.exitId === exitId)?.destroyedOn).toBeNull();
    expect((await createService({ archive, actor: 't', now: () => clock }).verifyAudit({})).problems).toEqual([]);
  });

  it('refuses two administrator accounts; a town administrator and a district account, neither the appraiser, may destroy', async () => {
    await addUsers(await login('admin'), [['admin2', '管理员'], ['district', '区级'], ['district2', '区级']]);
    retentionOver();
    const appraisal = await (await login('district2')).createAppraisal({ exitId, opinion: '保管期满' });
    const admin = await login('admin');
    await admin.approveAppraisal({ appraisalId: appraisal.id });
    await expect((await login('admin2')).approveAppraisal({ appraisalId: appraisal.id })).rejects.toThrow(/已有一名管理员批准；还需要一名区级批准/);
    await expect(admin.executeDestruction({ appraisalId: appraisal.id })).rejects.toThrow(/需要两名不同的用户批准/);
    expect(await pagesOf(householdId)).toBe(2);

    await (await login('district')).approveAppraisal({ appraisalId: appraisal.id });
    // The bound volume kept in the store binds the pages: it is destroyed with them.
    await refreshVolumes({ db: archive.db, store: archive.store, audit: { actor: 't', now: () => clock } }, { pool: stagePool(0) });
    const volumes = await archive.db.selectFrom('volumeBlob').select('sha256').where('householdId', '=', householdId).execute();
    expect(volumes.length).toBe(1);
    expect(await archive.store.has(volumes[0]?.sha256 ?? '')).toBe(true);
    const record = await admin.executeDestruction({ appraisalId: appraisal.id });
    expect(record.summary).toMatchObject({ pages: 2, approvers: ['admin', 'district'] });
    expect(await pagesOf(householdId)).toBe(0);
    expect(await archive.store.has(volumes[0]?.sha256 ?? '')).toBe(false);
    expect(await archive.db.selectFrom('volumeBlob').selectAll().where('householdId', '=', householdId).execute()).toEqual([]);
    expect((await createService({ archive, actor: 't', now: () => clock }).verifyAudit({})).problems).toEqual([]);
  });

  it('no longer counts an approver disabled before the destruction', async () => {
    await addUsers(await login('admin'), [['district', '区级'], ['district2', '区级']]);
    retentionOver();
    const appraisal = await (await login('district2')).createAppraisal({ exitId, opinion: '保管期满' });
    const admin = await login('admin');
    await admin.approveAppraisal({ appraisalId: appraisal.id });
    await (await login('district')).approveAppraisal({ appraisalId: appraisal.id });
    const district = (await admin.listUsers({})).find((u) => u.username === 'district');
    await admin.setUserDisabled({ id: district?.id ?? 0, disabled: true });
    await expect(admin.executeDestruction({ appraisalId: appraisal.id })).rejects.toThrow(/目前有效批准 1 名/);
    expect(await pagesOf(householdId)).toBe(2);
  });
});

describe('privileged accounts are shown to the other administrators', () => {
  it('lists who made, disabled and enabled which 管理员 and 区级 account, to 管理员 and 区级 only', async () => {
    const admin = await login('admin');
    await addUsers(admin, [['district', '区级'], ['clerk', '经办人'], ['shadow', '管理员']]);
    const shadow = (await admin.listUsers({})).find((u) => u.username === 'shadow');
    await admin.setUserDisabled({ id: shadow?.id ?? 0, disabled: true });
    await admin.setUserDisabled({ id: shadow?.id ?? 0, disabled: false });
    const seen = await (await login('district')).listAccountChanges({});
    expect(seen.map((c) => [c.actor, c.action, c.username, c.role])).toEqual([
      ['admin', 'user.enable', 'shadow', '管理员'],
      ['admin', 'user.disable', 'shadow', '管理员'],
      ['admin', 'user.create', 'shadow', '管理员'],
      ['admin', 'user.create', 'district', '区级'],
      ['setup', 'user.create', 'admin', '管理员'],
    ]);
    await expect((await login('clerk')).listAccountChanges({})).rejects.toThrow(/无权/);
    const cli = await runCli(['--data', archive.dataDir, '--user', 'district', 'users', 'changes'], { HUDANG_PASSWORD: 'district-密码123' });
    expect(cli.code).toBe(0);
    expect(cli.stdout).toMatch(/admin\s+创建\s+shadow\s+管理员/);
  });
});
