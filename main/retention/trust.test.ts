import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiMethod, HudangApi, Role } from '../api/contract';
import { API_METHODS } from '../api/schemas';
import { openArchive, type Archive } from '../archive';
import { createGuardedApi, type CallerRef } from '../app/guard';
import { SessionStore } from '../auth/sessions';
import { makeIdNumber } from '../domain/idNumber';
import { rosterCsv, tempDir, writeCsv } from '../testing/fixtures';
import { householdIdOf, ingestSyntheticScans } from '../testing/archives';
import { otherClient } from '../testing/otherClient';

/** Exit, retention, deletion refused, destruction by appraisal, legal hold, roles. */

let dir: string;
let archive: Archive;
let clock: Date;
const sessions = new SessionStore(() => clock.getTime());
const ids = [makeIdNumber('120116', '19400101', 1), makeIdNumber('120116', '19500101', 2)];

function apiAs(caller: CallerRef = { token: null }): HudangApi {
  return createGuardedApi({ archive, setupActor: 'setup', sessions, caller, now: () => clock });
}

async function login(username: string): Promise<HudangApi> {
  const api = apiAs();
  await api.login({ username, password: `${username}-密码123` });
  return api;
}

beforeEach(async () => {
  clock = new Date('2025-06-01T08:00:00Z');
  dir = tempDir();
  archive = await openArchive(path.join(dir, 'archive'));
  const setup = apiAs();
  await setup.importRoster({ path: writeCsv(path.join(dir, 'r.csv'), rosterCsv([['红旗村', '王桂兰', ids[0] ?? '', '低保', '1'], ['红旗村', '李建国', ids[1] ?? '', '特困', '1']])) });
  const pageIds = await ingestSyntheticScans(setup, archive, dir, [{ dpi: 72, seed: 1, table: false }]);
  await setup.fileDocument({ householdId: await householdIdOf(setup, ids[0] ?? ''), itemCode: 'dibao.02', pageIds });
  // The first user ends set-up mode; from then on even creating users needs an administrator's login.
  await setup.createUser({ username: 'admin', displayName: 'admin', role: '管理员', password: 'admin-密码123' });
  await expect(setup.createUser({ username: 'x', displayName: 'x', role: '管理员', password: 'xxxxxxxx1' })).rejects.toThrow(/请先登录/);
  const admin = await login('admin');
  for (const [username, role] of [['clerk', '经办人'], ['district', '区级'], ['inspector', '检查员'], ['admin2', '管理员']] as [string, Role][]) {
    await admin.createUser({ username, displayName: username, role, password: `${username}-密码123` });
  }
});
afterEach(() => archive.close());

describe('exit and retention', () => {
  it('moves an exited household apart, keeps every page, and dates its retention', async () => {
    const clerk = await login('clerk');
    const id = await householdIdOf(clerk, ids[0] ?? '');
    const pagesBefore = await archive.db.selectFrom('page').select('id').execute();
    const row = await clerk.exitHousehold({ householdId: id, exitedOn: '2025-05-20', reason: '收入超标' });
    expect(row).toMatchObject({ exitedOn: '2025-05-20', reason: '收入超标', retentionStart: '2026-01-01', retentionUntil: '2055-12-31', cabinet: '整户退出档案专柜', legalHold: false });
    expect((await clerk.getHousehold({ id }))?.status).toBe('整户退出');
    expect((await clerk.getHousehold({ id }))?.cases.every((c) => c.closedOn === '2025-05-20')).toBe(true);
    expect(await archive.db.selectFrom('page').select('id').execute()).toEqual(pagesBefore);
    expect(await clerk.listRetention({ withinMonths: 12 })).toEqual([]);
    clock = new Date('2055-03-01T00:00:00Z');
    expect((await (await login('clerk')).listRetention({ withinMonths: 12 })).map((r) => r.exitId)).toEqual([row.exitId]);
  });

  it('links a household that applies again to its exited file, which stays apart', async () => {
    const setup = await login('admin');
    const id = await householdIdOf(setup, ids[0] ?? '');
    const row = await setup.exitHousehold({ householdId: id, exitedOn: '2025-05-20', reason: '迁出' });
    await setup.importRoster({ path: writeCsv(path.join(dir, 'again.csv'), rosterCsv([['红旗村', '王桂兰', ids[0] ?? '', '低保', '1']])) });
    const household = await setup.getHousehold({ id });
    // An exit stands (issue 16): the household stays 整户退出; the re-application's new case sits beside the closed one.
    expect(household?.status).toBe('整户退出');
    expect(household?.cases.map((c) => c.closedOn === null)).toEqual([false, true]);
    expect((await setup.listRetention({})).find((r) => r.exitId === row.exitId)?.reEnteredOn).toBe('2025-06-01');
  });
});

describe('nothing can be deleted before its time', () => {
  it('has no API method and no CLI command that deletes', async () => {
    const { commands } = await import('../cli/commands');
    expect(API_METHODS.filter((m) => /delete|remove|purge|drop/i.test(m))).toEqual([]);
    expect(Object.keys(commands).filter((c) => /delete|remove|rm|purge/i.test(c))).toEqual([]);
  });

  it.each(['page', 'document', 'assistance_case', 'member', 'household', 'source_file', 'audit_log', 'household_exit'])('refuses a raw SQL delete from %s', async (table) => {
    const admin = await login('admin');
    await admin.exitHousehold({ householdId: await householdIdOf(admin, ids[1] ?? ''), exitedOn: '2025-05-20', reason: '迁出' });
    const db = await otherClient(archive);
    await db.run("insert into member (household_id, name) select id, '张某' from household limit 1");
    try {
      expect(Number((await db.rows<{ n: number }>(`select count(*) n from ${table}`))[0]?.n)).toBeGreaterThan(0);
      // Page, document and case deletes ask a guard only the app's own transaction opens: elsewhere they fail (SQLite: before they start).
      await expect(db.run(`delete from ${table}`)).rejects.toThrow(/不得删除|只能追加|no such function: hudang_unlocked/);
    } finally {
      await db.close();
    }
  });

  it('refuses appraisal and destruction before the retention date', async () => {
    const admin = await login('admin');
    const row = await admin.exitHousehold({ householdId: await householdIdOf(admin, ids[0] ?? ''), exitedOn: '2025-05-20', reason: '死亡' });
    await expect(admin.createAppraisal({ exitId: row.exitId, opinion: '保管期满，无保存价值' })).rejects.toThrow(/保管期限未满（至 2055-12-31）/);
    clock = new Date('2055-12-31T12:00:00Z');
    await expect((await login('admin')).createAppraisal({ exitId: row.exitId, opinion: '保管期满' })).rejects.toThrow(/保管期限未满/);
  });
});

describe('destruction', () => {
  async function expiredExit() {
    const admin = await login('admin');
    const row = await admin.exitHousehold({ householdId: await householdIdOf(admin, ids[0] ?? ''), exitedOn: '2025-05-20', reason: '死亡' });
    clock = new Date('2056-01-02T09:00:00Z');
    return { admin: await login('admin'), row };
  }

  it('needs two different approvers, then removes the exited file and keeps a register forever', async () => {
    const { admin, row } = await expiredExit();
    // The appraiser may not approve: a second administrator appraises, the first approves with a district account.
    const appraisal = await (await login('admin2')).createAppraisal({ exitId: row.exitId, opinion: '保管期满，经鉴定无继续保存价值' });
    await admin.approveAppraisal({ appraisalId: appraisal.id });
    await expect(admin.approveAppraisal({ appraisalId: appraisal.id })).rejects.toThrow(/同一用户不能重复批准/);
    await expect(admin.executeDestruction({ appraisalId: appraisal.id })).rejects.toThrow(/需要两名不同的用户批准/);
    await (await login('district')).approveAppraisal({ appraisalId: appraisal.id });
    const record = await admin.executeDestruction({ appraisalId: appraisal.id });
    expect(record.summary).toMatchObject({ name: '王桂兰', documents: 2, pages: 1, approvers: ['admin', 'district'] });
    expect(await archive.db.selectFrom('page').select('id').where('householdId', '=', row.householdId).execute()).toEqual([]);
    expect(await archive.store.has(record.pdfSha256)).toBe(true);
    expect(await admin.listDestructionRegister({})).toEqual([record]);
    expect(await admin.fsck({})).toMatchObject({ missing: [], corrupt: [] });
    const db = await otherClient(archive);
    await expect(db.run('delete from destruction_register')).rejects.toThrow(/永久保存/);
    await db.close();
    // The other household's file is untouched.
    expect((await admin.checkHouseholds({})).map((r) => r.name)).toEqual(['李建国']);
  });

  it('refuses a clerk and an inspector as approvers', async () => {
    const { admin, row } = await expiredExit();
    const appraisal = await admin.createAppraisal({ exitId: row.exitId, opinion: '期满' });
    await expect((await login('clerk')).approveAppraisal({ appraisalId: appraisal.id })).rejects.toThrow(/无权/);
    await expect((await login('inspector')).approveAppraisal({ appraisalId: appraisal.id })).rejects.toThrow(/无权/);
  });

  it('is blocked by a legal hold, whatever the dates', async () => {
    const { admin, row } = await expiredExit();
    const appraisal = await (await login('admin2')).createAppraisal({ exitId: row.exitId, opinion: '期满' });
    await admin.approveAppraisal({ appraisalId: appraisal.id });
    await (await login('district')).approveAppraisal({ appraisalId: appraisal.id });
    await admin.setLegalHold({ exitId: row.exitId, hold: true, reason: '信访案件调查中' });
    await expect(admin.executeDestruction({ appraisalId: appraisal.id })).rejects.toThrow(/法律保全/);
    await admin.setLegalHold({ exitId: row.exitId, hold: false });
    await expect(admin.executeDestruction({ appraisalId: appraisal.id })).resolves.toMatchObject({ appraisalId: appraisal.id });
  });
});

describe('roles', () => {
  const probe: Partial<Record<ApiMethod, (api: HudangApi, id: number) => Promise<unknown>>> = {
    listHouseholds: (api) => api.listHouseholds({}),
    checkHouseholds: (api) => api.checkHouseholds({}),
    updateCase: (api) => api.updateCase({ id: 1, cabinet: '3号柜' }),
    importRoster: (api) => api.importRoster({ path: path.join(dir, 'r.csv') }),
    exitHousehold: (api, id) => api.exitHousehold({ householdId: id, exitedOn: '2025-05-20', reason: '迁出' }),
    updateSettings: (api) => api.updateSettings({ town: '城南镇' }),
    createUser: (api) => api.createUser({ username: `u${Math.random().toString(36).slice(2, 8)}`, displayName: 'x', role: '检查员', password: 'abcdefgh1' }),
    listAudit: (api) => api.listAudit({}),
    fsck: (api) => api.fsck({}),
  };
  const allowed: Record<Role, ApiMethod[]> = {
    管理员: Object.keys(probe) as ApiMethod[],
    经办人: ['listHouseholds', 'checkHouseholds', 'updateCase', 'importRoster', 'exitHousehold'],
    区级: ['listHouseholds', 'checkHouseholds'],
    检查员: ['listHouseholds', 'checkHouseholds'],
  };
  it.each(Object.entries(allowed) as [Role, ApiMethod[]][])('%s may do exactly its share', async (role, mayDo) => {
    const api = await login({ 管理员: 'admin', 经办人: 'clerk', 区级: 'district', 检查员: 'inspector' }[role]);
    const id = await householdIdOf(await login('admin'), ids[1] ?? '');
    for (const [method, run] of Object.entries(probe) as [ApiMethod, (a: HudangApi, id: number) => Promise<unknown>][]) {
      const outcome = await run(api, id).then(
        () => 'ok',
        (e: Error) => e.message,
      );
      if (mayDo.includes(method)) expect(outcome, `${role} ${method}`).toBe('ok');
      else expect(outcome, `${role} ${method}`).toMatch(/无权/);
    }
  });

  it('shows inspectors masked ID numbers everywhere, even when they ask for full ones', async () => {
    const inspector = await login('inspector');
    const [row] = await inspector.listHouseholds({ fullId: true });
    expect(row?.household).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
    const answers = JSON.stringify([await inspector.checkHouseholds({}), await inspector.listOverdue({}), await inspector.dashboard({})]);
    for (const id of ids) expect(answers).not.toContain(id);
    expect(JSON.stringify(await (await login('clerk')).checkHouseholds({}))).toContain(ids[0]);
  });

  it('refuses every call but logging in once users exist', async () => {
    const anonymous = apiAs();
    await expect(anonymous.listHouseholds({})).rejects.toThrow(/请先登录/);
    expect(await anonymous.whoami({})).toBeNull();
  });

  it('locks an account after five wrong passwords', async () => {
    const api = apiAs();
    for (let i = 0; i < 4; i++) await expect(api.login({ username: 'clerk', password: 'wrong-password' })).rejects.toThrow(/用户名或密码错误/);
    await expect(api.login({ username: 'clerk', password: 'wrong-password' })).rejects.toThrow(/已锁定 15 分钟/);
    await expect(api.login({ username: 'clerk', password: 'clerk-密码123' })).rejects.toThrow(/锁定/);
    clock = new Date(clock.getTime() + 16 * 60_000);
    await expect(api.login({ username: 'clerk', password: 'clerk-密码123' })).resolves.toMatchObject({ user: { role: '经办人' } });
  });

  it('ends a session after 30 idle minutes', async () => {
    const api = await login('clerk');
    clock = new Date(clock.getTime() + 31 * 60_000);
    await expect(api.listHouseholds({})).rejects.toThrow(/请先登录/);
  });

  it('audits logins and every view of a household file', async () => {
    const api = await login('inspector');
    await api.getHousehold({ id: await householdIdOf(api, ids[0] ?? '') });
    const admin = await login('admin');
    const actions = (await admin.listAudit({ limit: 1000 })).filter((e) => e.actor === 'inspector').map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['login.success', 'household.view']));
  });
});
