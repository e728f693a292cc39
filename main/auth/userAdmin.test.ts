import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HudangApi, Role } from '../api/contract';
import { API_METHODS } from '../api/schemas';
import { openArchive, type Archive } from '../archive';
import { verifyAuditChain } from '../db/audit';
import { makeIdNumber } from '../domain/idNumber';
import { mayCall, ROLES } from '../domain/roles';
import { householdIdOf, ingestSyntheticScans } from '../testing/archives';
import { runCli } from '../testing/cli';
import { rosterCsv, tempDir, writeCsv } from '../testing/fixtures';
import { createGuardedApi } from '../app/guard';
import { SessionStore } from './sessions';

/**
 * 用户与权限 (issue 18): a 管理员 lists users with their state and creation
 * time, adds one, resets a forgotten password, changes a role and disables an
 * account, all audited; nobody else may. whoami hands the UI the methods of
 * the caller's role, straight from the one role table. Role changes and
 * password resets cannot be used to get round the two-person destruction rule.
 */

let dir: string;
let archive: Archive;
let clock: Date;
const sessions = new SessionStore(() => clock.getTime());
const password = (username: string) => `${username}-密码123`;

function apiFor(): HudangApi {
  return createGuardedApi({ archive, setupActor: 'setup', sessions, caller: { token: null }, now: () => clock });
}

async function login(username: string, secret = password(username)): Promise<HudangApi> {
  const api = apiFor();
  await api.login({ username, password: secret });
  return api;
}

async function idOf(api: HudangApi, username: string): Promise<number> {
  const user = (await api.listUsers({})).find((u) => u.username === username);
  if (!user) throw new Error(`no user ${username}`);
  return user.id;
}

async function add(admin: HudangApi, users: [string, Role][]): Promise<void> {
  for (const [username, role] of users) await admin.createUser({ username, displayName: username, role, password: password(username) });
}

async function auditActions(): Promise<string[]> {
  return (await archive.db.selectFrom('auditLog').select('action').where('entity', '=', 'user').orderBy('id').execute()).map((r) => r.action);
}

beforeEach(async () => {
  clock = new Date('2025-06-01T08:00:00Z');
  dir = tempDir('hudang-users-');
  archive = await openArchive(path.join(dir, 'archive'));
  await apiFor().createUser({ username: 'admin', displayName: '赵管理', role: '管理员', password: password('admin') });
});
afterEach(() => archive.close());

describe('用户与权限 for the 管理员', () => {
  it('adds a 经办人, resets its forgotten password, changes its role and disables it; each takes effect at its next call', async () => {
    clock = new Date('2025-06-02T01:30:00Z');
    const admin = await login('admin');
    const created = await admin.createUser({ username: 'clerk', displayName: '钱经办', role: '经办人', password: password('clerk') });
    expect(created).toMatchObject({ username: 'clerk', displayName: '钱经办', role: '经办人', disabled: false, locked: false, createdAt: '2025-06-02T01:30:00.000Z' });

    const clerk = await login('clerk');
    // Five wrong guesses lock the account; the administrator's reset opens it again with a new password.
    for (let i = 0; i < 5; i++) await expect(apiFor().login({ username: 'clerk', password: 'wrong-guess-1' })).rejects.toThrow(/用户名或密码错误|已锁定/);
    expect((await admin.listUsers({})).find((u) => u.username === 'clerk')?.locked).toBe(true);
    await admin.resetUserPassword({ id: created.id, password: 'Neu-密码456' });
    expect((await admin.listUsers({})).find((u) => u.username === 'clerk')?.locked).toBe(false);
    await expect(apiFor().login({ username: 'clerk', password: password('clerk') })).rejects.toThrow('用户名或密码错误');
    const again = await login('clerk', 'Neu-密码456');
    await expect(admin.resetUserPassword({ id: created.id, password: '123' })).rejects.toThrow(/密码/);

    // A role change applies at the session's next call: the clerk, now an inspector, may no longer file.
    expect((await again.whoami({}))?.methods).toContain('ingest');
    await admin.setUserRole({ id: created.id, role: '检查员' });
    expect(await again.whoami({})).toMatchObject({ username: 'clerk', role: '检查员' });
    expect((await again.whoami({}))?.methods).not.toContain('ingest');
    await expect(again.ingest({ paths: [dir] })).rejects.toThrow('当前角色（检查员）无权执行此操作');

    await admin.setUserDisabled({ id: created.id, disabled: true });
    await expect(clerk.listVillages({})).rejects.toThrow(/已被停用|请先登录/);
    await expect(apiFor().login({ username: 'clerk', password: 'Neu-密码456' })).rejects.toThrow('该用户已停用');
    expect((await admin.listUsers({})).find((u) => u.username === 'clerk')).toMatchObject({ role: '检查员', disabled: true });

    expect(await auditActions()).toEqual(expect.arrayContaining(['user.create', 'user.password', 'user.role', 'user.disable']));
    expect((await verifyAuditChain(archive.db)).problems).toEqual([]);
  });

  it('lets only a 管理员 manage users, and says why in Chinese', async () => {
    const admin = await login('admin');
    await add(admin, [['clerk', '经办人'], ['district', '区级'], ['inspector', '检查员']]);
    const adminId = await idOf(admin, 'admin');
    for (const username of ['clerk', 'district', 'inspector']) {
      const api = await login(username);
      const role = (await api.whoami({}))?.role;
      await expect(api.listUsers({})).rejects.toThrow(`当前角色（${role}）无权执行此操作`);
      await expect(api.createUser({ username: 'x2', displayName: 'x', role: '管理员', password: 'Hudang-2025!' })).rejects.toThrow('无权');
      await expect(api.resetUserPassword({ id: adminId, password: 'Hudang-2025!' })).rejects.toThrow('无权');
      await expect(api.setUserRole({ id: adminId, role: '检查员' })).rejects.toThrow('无权');
      await expect(api.setUserDisabled({ id: adminId, disabled: true })).rejects.toThrow('无权');
    }
    expect((await admin.listUsers({})).find((u) => u.username === 'admin')).toMatchObject({ role: '管理员', disabled: false });
    expect((await admin.listUsers({})).map((u) => u.username)).not.toContain('x2');
  });

  it('never leaves the archive without a 管理员 who can log in', async () => {
    const admin = await login('admin');
    const adminId = await idOf(admin, 'admin');
    await expect(admin.setUserDisabled({ id: adminId, disabled: true })).rejects.toThrow('不能停用自己的账户');
    await expect(admin.setUserRole({ id: adminId, role: '经办人' })).rejects.toThrow('不能更改自己的角色');
    await add(admin, [['admin2', '管理员']]);
    const admin2 = await login('admin2');
    await admin2.setUserDisabled({ id: adminId, disabled: true });
    // admin2 is now the only administrator who can log in: admin, although disabled, does not count.
    await expect((await login('admin2')).setUserRole({ id: await idOf(admin2, 'admin2'), role: '区级' })).rejects.toThrow('不能更改自己的角色');
    await admin2.setUserDisabled({ id: adminId, disabled: false });
    await admin2.setUserRole({ id: adminId, role: '区级' });
    await expect((await login('admin')).setUserRole({ id: await idOf(admin2, 'admin2'), role: '经办人' })).rejects.toThrow('无权');
    await add(admin2, [['admin3', '管理员']]);
    await admin2.setUserRole({ id: await idOf(admin2, 'admin3'), role: '经办人' });
    expect((await admin2.listAccountChanges({}))[0]).toMatchObject({ action: 'user.role', username: 'admin3', role: '经办人', actor: 'admin2' });
    await admin2.setUserDisabled({ id: await idOf(admin2, 'admin3'), disabled: true });
    // Both the demotion and the disabling of an administrator show to the other administrators.
    const changes = await admin2.listAccountChanges({});
    expect(changes.filter((c) => c.username === 'admin').map((c) => c.action)).toEqual(['user.role', 'user.enable', 'user.disable', 'user.create']);
    expect((await admin2.listUsers({})).map((u) => [u.username, u.role])).toEqual([
      ['admin', '区级'],
      ['admin2', '管理员'],
      ['admin3', '经办人'],
    ]);
  });

  it('hands each role its methods from the one role table through whoami', async () => {
    const admin = await login('admin');
    await add(admin, [['clerk', '经办人'], ['district', '区级'], ['inspector', '检查员']]);
    for (const [username, role] of [['admin', '管理员'], ['clerk', '经办人'], ['district', '区级'], ['inspector', '检查员']] as const) {
      const me = await (await login(username)).whoami({});
      expect(me?.role).toBe(role);
      expect(me?.methods).toEqual(API_METHODS.filter((m) => mayCall(role, m)));
    }
    expect(ROLES).toHaveLength(4);
    expect(await apiFor().whoami({})).toBeNull();
  });
});

describe('account changes cannot make a second approver of a destruction', () => {
  async function appraisalReady(): Promise<{ admin: HudangApi; appraisalId: number }> {
    const setup = await login('admin');
    const idNumber = makeIdNumber('120116', '19400101', 5);
    await setup.importRoster({ path: writeCsv(path.join(dir, 'r.csv'), rosterCsv([['红旗村', '孙玉兰', idNumber, '低保', '1']])) });
    const householdId = await householdIdOf(setup, idNumber);
    const pageIds = await ingestSyntheticScans(setup, archive, dir, [{ dpi: 72, seed: 3, table: false }]);
    await setup.fileDocument({ householdId, itemCode: 'dibao.02', pageIds });
    await add(setup, [['appraiser', '区级'], ['oldclerk', '经办人'], ['district', '区级']]);
    const exitId = (await setup.exitHousehold({ householdId, exitedOn: '2025-06-01', reason: '死亡' })).exitId;
    clock = new Date('2056-01-02T09:00:00Z');
    const appraisal = await (await login('appraiser')).createAppraisal({ exitId, opinion: '保管期满，无继续保存价值' });
    const admin = await login('admin');
    await admin.approveAppraisal({ appraisalId: appraisal.id });
    return { admin, appraisalId: appraisal.id };
  }

  it('refuses an old clerk account made 区级 after the appraisal, and a 区级 account whose password another person reset after it', async () => {
    const { admin, appraisalId } = await appraisalReady();
    clock = new Date('2056-01-02T09:10:00Z');
    await admin.setUserRole({ id: await idOf(admin, 'oldclerk'), role: '区级' });
    await expect((await login('oldclerk')).approveAppraisal({ appraisalId })).rejects.toThrow('角色或密码是在鉴定建立之后由他人设置的');
    await admin.resetUserPassword({ id: await idOf(admin, 'district'), password: 'Reset-密码789' });
    await expect((await login('district', 'Reset-密码789')).approveAppraisal({ appraisalId })).rejects.toThrow('角色或密码是在鉴定建立之后由他人设置的');
    await expect(admin.executeDestruction({ appraisalId })).rejects.toThrow(/需要两名不同的用户批准/);
  });

  it('still counts a 区级 account that changed its own password after the appraisal', async () => {
    const { admin, appraisalId } = await appraisalReady();
    clock = new Date('2056-01-02T09:10:00Z');
    const district = await login('district');
    await district.changePassword({ oldPassword: password('district'), newPassword: 'Mein-密码000' });
    await district.approveAppraisal({ appraisalId });
    expect((await admin.executeDestruction({ appraisalId })).summary.approvers).toEqual(['admin', 'district']);
  });
});

describe('users from the command line', () => {
  it('users password and users role change an account; users lists its creation date', async () => {
    const data = archive.dataDir;
    await add(await login('admin'), [['clerk', '经办人']]);
    const as = { HUDANG_PASSWORD: password('admin') };
    const id = String(await idOf(await login('admin'), 'clerk'));
    const reset = await runCli(['--data', data, '--user', 'admin', 'users', 'password', id], { ...as, HUDANG_NEW_PASSWORD: 'Cli-密码2025' });
    expect(reset.stderr).toBe('');
    expect(reset.stdout).toContain('已重设密码');
    const role = await runCli(['--data', data, '--user', 'admin', 'users', 'role', id, '--role', '检查员'], as);
    expect(role.stdout).toContain('已改为检查员');
    const list = await runCli(['--data', data, '--user', 'admin', 'users', '--json'], as);
    expect(JSON.parse(list.stdout)).toEqual(expect.arrayContaining([expect.objectContaining({ username: 'clerk', role: '检查员', createdAt: expect.any(String) })]));
    const table = await runCli(['--data', data, '--user', 'admin', 'users'], as);
    expect(table.stdout).toContain('创建日期');
    const self = await runCli(['--data', data, '--user', 'clerk', 'users', 'role', id, '--role', '管理员'], { HUDANG_PASSWORD: 'Cli-密码2025' });
    expect(self.code).toBe(1);
    expect(self.stderr).toContain('当前角色（检查员）无权执行此操作');
  });
});
