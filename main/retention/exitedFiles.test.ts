import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExitedFileActions, HudangApi, Role } from '../api/contract';
import { openArchive, type Archive } from '../archive';
import { createGuardedApi } from '../app/guard';
import { SessionStore } from '../auth/sessions';
import { makeIdNumber } from '../domain/idNumber';
import { householdIdOf, ingestSyntheticScans } from '../testing/archives';
import { rosterCsv, tempDir, writeCsv } from '../testing/fixtures';

/**
 * The 退出档案 section's list: each exited file with its 保管期满, appraisal
 * and 销毁清册, and for the caller only the steps that would succeed now —
 * by role, retention, legal hold and the two-person approval — so the app
 * never offers a button the service would refuse. The household's own view
 * shows its 保管期满 after the exit.
 */

let dir: string;
let archive: Archive;
let clock: Date;
const sessions = new SessionStore(() => clock.getTime());
const idNumber = makeIdNumber('120116', '19400101', 1);
let householdId: number;
let exitId: number;

const USERS: [string, Role][] = [
  ['admin', '管理员'],
  ['admin2', '管理员'],
  ['district', '区级'],
  ['clerk', '经办人'],
  ['inspector', '检查员'],
];

/** Sessions by user, opened again when the clock has moved on (a session times out). */
let open = new Map<string, { api: HudangApi; at: number }>();

async function login(username: string): Promise<HudangApi> {
  const cached = open.get(username);
  if (cached && cached.at === clock.getTime()) return cached.api;
  const api = createGuardedApi({ archive, setupActor: 'setup', sessions, caller: { token: null }, now: () => clock });
  await api.login({ username, password: `${username}-密码123` });
  open.set(username, { api, at: clock.getTime() });
  return api;
}

/** What each user may do with the exited file now, as the list says. */
async function actions(): Promise<Record<string, string>> {
  const shown: Record<string, string> = {};
  for (const [username] of USERS) {
    const file = (await (await login(username)).listExitedFiles({})).find((f) => f.exitId === exitId);
    const may = file?.may ?? ({} as ExitedFileActions);
    shown[username] = (Object.keys(may) as (keyof ExitedFileActions)[]).filter((k) => may[k]).join(',');
  }
  return shown;
}

beforeEach(async () => {
  clock = new Date('2025-06-01T08:00:00Z');
  open = new Map();
  dir = tempDir();
  archive = await openArchive(path.join(dir, 'archive'));
  const setup = createGuardedApi({ archive, setupActor: 'setup', sessions, caller: { token: null }, now: () => clock });
  await setup.importRoster({ path: writeCsv(path.join(dir, 'r.csv'), rosterCsv([['红旗村', '王桂兰', idNumber, '低保', '1']])) });
  householdId = await householdIdOf(setup, idNumber);
  const pageIds = await ingestSyntheticScans(setup, archive, dir, [{ dpi: 72, seed: 1, table: false }]);
  await setup.fileDocument({ householdId, itemCode: 'dibao.02', pageIds });
  // The first account ends set-up mode; it makes the others.
  await setup.createUser({ username: 'admin', displayName: 'admin', role: '管理员', password: 'admin-密码123' });
  const admin = await login('admin');
  for (const [username, role] of USERS.slice(1)) await admin.createUser({ username, displayName: username, role, password: `${username}-密码123` });
  exitId = (await (await login('clerk')).exitHousehold({ householdId, exitedOn: '2025-05-20', reason: '死亡' })).exitId;
});
afterEach(() => archive.close());

describe('退出档案 list', () => {
  it('shows the household its 保管期满 after the exit', async () => {
    const detail = await (await login('clerk')).getHousehold({ id: householdId });
    expect(detail).toMatchObject({ status: '整户退出', exitDate: '2025-05-20', exitReason: '死亡', retentionUntil: '2055-12-31' });
    const [file] = await (await login('inspector')).listExitedFiles({});
    expect(file).toMatchObject({ exitId, name: '王桂兰', village: '红旗村', exitedOn: '2025-05-20', retentionUntil: '2055-12-31', retentionEnded: false, appraisal: null, registerId: null });
    // The inspector sees the number masked, as everywhere.
    expect(file?.household).toBe(`${idNumber.slice(0, 6)}********${idNumber.slice(-4)}`);
  });

  it('offers each role only the steps that would succeed, from hold to destruction', async () => {
    // Retention still running: only an administrator may set a hold; nobody may appraise.
    expect(await actions()).toEqual({ admin: 'hold', admin2: 'hold', district: '', clerk: '', inspector: '' });

    clock = new Date('2056-01-02T09:00:00Z');
    expect(await actions()).toEqual({ admin: 'hold,appraise', admin2: 'hold,appraise', district: 'appraise', clerk: '', inspector: '' });
    const admin = await login('admin');
    await admin.setLegalHold({ exitId, hold: true, reason: '涉及信访案件' });
    // Held: no appraisal whatever the dates; an administrator may release.
    expect(await actions()).toEqual({ admin: 'release', admin2: 'release', district: '', clerk: '', inspector: '' });
    await admin.setLegalHold({ exitId, hold: false });

    const appraisal = await (await login('admin2')).createAppraisal({ exitId, opinion: '保管期满，经鉴定无继续保存价值' });
    // The appraiser may not approve; one other 管理员 and one 区级 may.
    expect(await actions()).toEqual({ admin: 'hold,approve', admin2: 'hold', district: 'approve', clerk: '', inspector: '' });
    await admin.approveAppraisal({ appraisalId: appraisal.id });
    expect(await actions()).toEqual({ admin: 'hold', admin2: 'hold', district: 'approve', clerk: '', inspector: '' });
    await (await login('district')).approveAppraisal({ appraisalId: appraisal.id });
    // Approved by both: an administrator may destroy (the district account may not).
    expect(await actions()).toEqual({ admin: 'hold,destroy', admin2: 'hold,destroy', district: '', clerk: '', inspector: '' });
    const [approved] = await admin.listExitedFiles({});
    expect(approved?.appraisal?.approvals.map((a) => [a.username, a.role])).toEqual([
      ['admin', '管理员'],
      ['district', '区级'],
    ]);

    const record = await admin.executeDestruction({ appraisalId: appraisal.id });
    expect(await actions()).toEqual({ admin: '', admin2: '', district: '', clerk: '', inspector: '' });
    const [destroyed] = await (await login('district')).listExitedFiles({});
    expect(destroyed).toMatchObject({ destroyedOn: '2056-01-02', registerId: record.id, appraisal: { id: appraisal.id, status: 'executed' } });

    const pdf = await (await login('clerk')).destructionRegisterPdf({ id: record.id });
    expect(pdf.fileName).toBe(`销毁清册-${record.id}-王桂兰.pdf`);
    expect(pdf.pages).toBe(1);
    expect(Buffer.from(pdf.contentBase64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    await expect(admin.destructionRegisterPdf({ id: record.id + 1 })).rejects.toThrow(`找不到销毁清册（编号 ${record.id + 1}）`);
  });
});
