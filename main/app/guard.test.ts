import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toErrorBody } from '../api/dispatch';
import type { HudangApi, Role } from '../api/contract';
import { openArchive, type Archive } from '../archive';
import { verifyAuditChain } from '../db/audit';
import { makeIdNumber } from '../domain/idNumber';
import { householdIdOf, placeholderPage } from '../testing/archives';
import { rosterCsv, tempDir, writeCsv } from '../testing/fixtures';
import { createGuardedApi } from './guard';
import { SessionStore } from '../auth/sessions';
import { MAX_FAILURES } from '../auth/users';

/**
 * The attacks of issue 16 on the guarded API, as every front serves it
 * (findings 6, 7, 8 and 9): each is tried by a logged-in user and refused
 * with a Chinese message, and nothing in the archive is lost.
 */

const ids = [makeIdNumber('120101', '19900101', 123), makeIdNumber('120101', '19850615', 7)];
const [wang, li] = ids as [string, string];
const MOBILE = '13812345678';
const hidden = (id: string) => id.slice(6, 14);

let dir: string;
let archive: Archive;
let sessions: SessionStore;
let householdA: number;

function apiFor(): HudangApi {
  return createGuardedApi({ archive, setupActor: 'setup', sessions, caller: { token: null } });
}

async function login(username: string, password = `${username}-密码123`): Promise<HudangApi> {
  const api = apiFor();
  await api.login({ username, password });
  return api;
}

async function userRow(username: string) {
  return archive.db.selectFrom('user').selectAll().where('username', '=', username).executeTakeFirstOrThrow();
}

beforeAll(async () => {
  dir = tempDir('hudang-guard-');
  archive = await openArchive(path.join(dir, 'archive'));
  sessions = new SessionStore();
  const setup = apiFor();
  await setup.importRoster({ path: writeCsv(path.join(dir, 'r.csv'), rosterCsv([['红旗村', '王桂兰', wang, '低保', '2'], ['东风村', '李建国', li, '特困', '1']])) });
  householdA = await householdIdOf(setup, wang);
  // OCR text as scanners and clerks leave it: IDs unspaced, spaced, full-width and in boxes, a legacy 15-digit one, a mobile.
  const fullWidth = li.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
  const spaced = wang.replace(/(\d{4})(?=\d)/g, '$1 ');
  const text = [
    `最低生活保障申请书 申请人王桂兰 身份证号${wang} 家庭住址红旗村三组 联系电话${MOBILE}`,
    `共同生活家庭成员 李建国 身份证 ${fullWidth} 关系 配偶`,
    `原身份证 120101900101123 已换领 新证 ${spaced} 核对无误`,
    `经办人核对 ${[...wang].join(' ')} 签字`,
  ].join('\n');
  await setup.registerDigitisedPages({ householdId: householdA, documents: [{ itemCode: 'dibao.02', pages: [{ imageBase64: await placeholderPage(120), text }] }] });
  await setup.createUser({ username: 'admin', displayName: '管理员甲', role: '管理员', password: 'admin-密码123' });
  const admin = await login('admin');
  for (const [username, role] of [['clerk', '经办人'], ['inspector', '检查员'], ['district', '区级']] as [string, Role][]) {
    await admin.createUser({ username, displayName: username, role, password: `${username}-密码123` });
  }
});
afterAll(() => archive.close());

describe('finding 6: search never shows an inspector hidden digits', () => {
  it('masks every form of ID and the mobile in snippets, also where the snippet cuts a number off', async () => {
    const inspector = await login('inspector');
    // Each phrase puts the snippet's edge inside a number: 24 characters before "家庭住址" fall in the middle of the ID.
    for (const phrase of ['家庭住址', '申请人王桂兰', '关系 配偶', '已换领', '核对无误', '签字', '联系电话']) {
      const hits = await inspector.searchPageText({ text: phrase });
      expect(hits.length, phrase).toBeGreaterThan(0);
      for (const hit of hits) {
        const digits = hit.snippet.replace(/[^0-9\uFF10-\uFF19]/g, '');
        for (const id of ids) expect(digits, `${phrase}: ${hit.snippet}`).not.toContain(hidden(id).slice(2));
        expect(hit.snippet, phrase).not.toMatch(/[0-9\uFF10-\uFF19]{7,}/);
        expect(hit.household).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
      }
    }
    // 24 characters before 联系电话 start inside 王桂兰's ID: cut first, it showed 13 raw digits.
    const [hit] = await inspector.searchPageText({ text: '联系电话' });
    expect(hit?.snippet).toBe(`…1********${wang.slice(-4)} 家庭住址红旗村三组 联系电话138****5678 共同生活家庭成员 李建国…`);
    // Asking for full numbers changes nothing for this role.
    expect((await inspector.searchPageText({ text: '联系电话', fullId: true }))[0]?.snippet).toBe(hit?.snippet);
  });

  it('does not confirm a guessed birth date through search hits, while a clerk still finds the number', async () => {
    const inspector = await login('inspector');
    for (const guess of [hidden(wang), hidden(wang).slice(0, 6), wang]) {
      expect(await inspector.searchPageText({ text: guess }), guess).toEqual([]);
      expect(await inspector.listHouseholds({ query: guess }), guess).toEqual([]);
    }
    // What the role does see still finds the household.
    expect((await inspector.listHouseholds({ query: wang.slice(-4) })).map((h) => h.name)).toEqual(['王桂兰']);
    expect((await inspector.listHouseholds({ query: '王桂兰' })).map((h) => h.household)).toEqual([`${wang.slice(0, 6)}********${wang.slice(-4)}`]);
    const clerk = await login('clerk');
    expect((await clerk.searchPageText({ text: hidden(wang) })).length).toBe(1);
    expect((await clerk.searchPageText({ text: '家庭住址', fullId: true }))[0]?.snippet).toContain(wang.slice(-10));
  });
});

describe('finding 7: an inspector gets neither full IDs nor the rest of the disk', () => {
  let folder: string;
  let packages: string;

  beforeAll(async () => {
    folder = path.join(dir, '交换');
    packages = path.join(folder, '城南镇');
    const admin = await login('admin');
    await admin.updateSettings({ packageFolders: [folder] });
    // 东风村 only: its household has no pages (a digitised page does not export today, see the report).
    expect((await admin.exportPackages({ outDir: packages, scope: { village: '东风村' }, idMasking: 'full' })).written).toBe(1);
  });

  it('refuses a report with full ID numbers, and writes nothing', async () => {
    const inspector = await login('inspector');
    const outDir = path.join(folder, '报告-完整');
    await expect(inspector.inspectPackages({ path: packages, today: '2026-11-23', idMasking: 'full', outDir })).rejects.toThrow(
      /当前角色（检查员）只能看到遮蔽后的身份证号和手机号，不能生成含完整号码的报告/,
    );
    expect(fs.existsSync(outDir)).toBe(false);
  });

  it.each([
    ['outDir outside the 交换文件夹', () => ({ path: packages, outDir: path.join(dir, 'elsewhere') })],
    ['outDir escaping with ..', () => ({ path: packages, outDir: path.join(folder, '..', 'elsewhere') })],
    ['a package path outside', () => ({ path: path.join(dir, 'archive') })],
  ])('refuses %s, and writes nothing there', async (_name, args) => {
    const inspector = await login('inspector');
    await expect(inspector.inspectPackages({ today: '2026-11-23', ...args() })).rejects.toThrow(/只能使用交换文件夹中的档案包和报告目录/);
    expect(fs.existsSync(path.join(dir, 'elsewhere'))).toBe(false);
  });

  it('refuses to verify, and so to list, a folder outside, even through a link inside', async () => {
    const district = await login('district');
    fs.symlinkSync(path.join(dir, 'archive'), path.join(folder, '链接'));
    for (const target of ['/etc', path.join(dir, 'archive'), path.join(folder, '链接'), `${folder}/../archive`]) {
      await expect(district.verifyPackages({ path: target }), target).rejects.toThrow(/只能使用交换文件夹中的档案包和报告目录.*设置 → 交换文件夹/);
    }
    fs.unlinkSync(path.join(folder, '链接'));
    expect((await district.verifyPackages({ path: packages })).packages).toHaveLength(1);
  });

  it('inspects inside the folder with every number masked, in the answer and in the files', async () => {
    const inspector = await login('inspector');
    const report = await inspector.inspectPackages({ path: packages, today: '2026-11-23', seed: '抽查', outDir: path.join(folder, '报告') });
    expect(report.idMasking).toBe('masked');
    const json = JSON.stringify(report);
    for (const id of ids) expect(json).not.toContain(hidden(id));
    expect(report.files?.xlsx).toBeTruthy();
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(report.files?.xlsx ?? '');
    const cells: string[] = [];
    book.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => void cells.push(String(cell.value)))));
    for (const id of ids) expect(cells.join('|')).not.toContain(hidden(id));
    expect(cells.join('|')).toContain(`${li.slice(0, 6)}********${li.slice(-4)}`);
  });

  it('leaves the 管理员, who chooses the folders, free to work anywhere', async () => {
    const admin = await login('admin');
    expect((await admin.verifyPackages({ path: packages })).packages).toHaveLength(1);
    await expect(admin.verifyPackages({ path: path.join(dir, 'nowhere') })).rejects.toThrow(/找不到导出包或导出目录/);
  });
});

describe('finding 8: disabling a user ends their session at once', () => {
  it('refuses the next call of a disabled user, and a changed role counts from the next call', async () => {
    const admin = await login('admin');
    await admin.createUser({ username: 'temp', displayName: '临时', role: '经办人', password: 'temp-密码123' });
    const temp = await login('temp');
    expect(await temp.whoami({})).toMatchObject({ username: 'temp', role: '经办人' });
    await temp.updateHousehold({ id: householdA });
    const id = (await admin.listUsers({})).find((u) => u.username === 'temp')?.id ?? 0;

    await archive.db.updateTable('user').set({ role: '检查员' }).where('id', '=', id).execute();
    await expect(temp.updateHousehold({ id: householdA })).rejects.toThrow(/当前角色（检查员）无权执行此操作/);
    expect((await temp.getHousehold({ id: householdA, fullId: true }))?.household).toMatch(/\*{8}/);

    const householdsBefore = await archive.db.selectFrom('household').selectAll().execute();
    await admin.setUserDisabled({ id, disabled: true });
    await expect(temp.listVillages({})).rejects.toThrow('该用户已被停用，登录已结束；如有疑问请联系管理员');
    expect(await temp.whoami({})).toBeNull();
    await expect(temp.listVillages({})).rejects.toThrow(/请先登录/);
    // The fronts tell an ended session from a refused role by the error's kind, which travels over IPC and HTTP.
    const ended = await temp.listVillages({}).catch((error: unknown) => toErrorBody(error));
    expect(ended).toMatchObject({ code: 'forbidden', kind: 'unauthenticated' });
    const clerk = await login('clerk');
    expect(await clerk.createUser({ username: 'x', displayName: 'x', role: '经办人', password: 'x-密码123456' }).catch((error: unknown) => toErrorBody(error))).toMatchObject({ code: 'forbidden', kind: 'forbidden' });
    // Enabling the account again does not revive the old session: it has to log in.
    await admin.setUserDisabled({ id, disabled: false });
    await expect(temp.listVillages({})).rejects.toThrow(/请先登录/);
    await expect(login('temp')).resolves.toBeTruthy();
    expect(await archive.db.selectFrom('household').selectAll().execute()).toEqual(householdsBefore);
    expect((await verifyAuditChain(archive.db)).problems).toEqual([]);
  });
});

describe('finding 9: changePassword guesses count toward the lock-out', () => {
  it('locks the account after too many wrong old passwords, ends the guessing session and keeps the password', async () => {
    const admin = await login('admin');
    await admin.createUser({ username: 'victim', displayName: '受害者', role: '经办人', password: 'victim-密码123' });
    const left = await login('victim');
    const hash = (await userRow('victim')).passwordHash;
    for (let i = 1; i < MAX_FAILURES; i++) {
      await expect(left.changePassword({ oldPassword: `guess-${i}`, newPassword: 'attacker-密码123' })).rejects.toThrow('原密码不正确');
    }
    await expect(left.changePassword({ oldPassword: 'guess-last', newPassword: 'attacker-密码123' })).rejects.toThrow(/原密码输错次数过多，账户已锁定 15 分钟，本次登录已结束/);
    expect(await left.whoami({})).toBeNull();
    await expect(login('victim')).rejects.toThrow(/账户已锁定/);
    expect((await userRow('victim')).passwordHash).toBe(hash);
    const actions = await archive.db.selectFrom('auditLog').select('action').where('entity', '=', 'user').where('entityId', '=', String((await userRow('victim')).id)).execute();
    expect(actions.map((a) => a.action)).toContain('login.locked');
    expect((await verifyAuditChain(archive.db)).problems).toEqual([]);
  });

  it('still changes the password with the right old one', async () => {
    const clerk = await login('clerk');
    await clerk.changePassword({ oldPassword: 'clerk-密码123', newPassword: 'clerk-新密码456' });
    await expect(login('clerk', 'clerk-新密码456')).resolves.toBeTruthy();
  });
});

describe('retention settings (设置 保管期限): only a 管理员 changes them', () => {
  it.each([['经办人'], ['检查员'], ['区级']] as [Role][])('a %s is refused and nothing changes', async (role) => {
    const username = `retention-${role}`;
    await (await login('admin')).createUser({ username, displayName: username, role, password: `${username}-密码123` });
    const api = await login(username);
    const before = await api.getSettings({});
    await expect(api.updateSettings({ retentionYears: 10 })).rejects.toThrow(/当前角色（(经办人|检查员|区级)）无权执行此操作/);
    await expect(api.updateSettings({ retentionStart: before.retentionStart === 'exitDate' ? 'nextJanuary' : 'exitDate' })).rejects.toThrow(/无权执行此操作/);
    expect(await api.getSettings({})).toEqual(before);
  });

  it('a 管理员 changes them', async () => {
    const admin = await login('admin');
    const before = await admin.getSettings({});
    expect(await admin.updateSettings({ retentionYears: 40, retentionStart: 'exitDate' })).toMatchObject({ retentionYears: 40, retentionStart: 'exitDate' });
    await admin.updateSettings({ retentionYears: before.retentionYears, retentionStart: before.retentionStart });
  });
});

describe('calls this stop changed, tried as the wrong role', () => {
  it('keeps the 扫描文件夹 counts from a 检查员, and a town filter on 村(社区) narrows what the caller may see anyway, masked as before', async () => {
    const inspector = await login('inspector');
    const refused = await inspector.scannerStatus({}).catch((error: unknown) => toErrorBody(error));
    expect(refused).toMatchObject({ code: 'forbidden', kind: 'forbidden' });
    // The digitised pages registered above are files safe and read.
    const { files } = await (await login('admin')).scannerStatus({});
    expect(files.safe).toBeGreaterThan(0);
    expect(files.read).toBe(files.safe);

    const all = await inspector.listHouseholds({ village: '红旗村' });
    const town = all[0]?.town ?? '';
    const narrowed = await inspector.listHouseholds({ village: '红旗村', town, fullId: true });
    expect(narrowed.map((h) => h.name)).toEqual(all.map((h) => h.name));
    for (const h of narrowed) expect(h.household).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
    expect(await inspector.listHouseholds({ village: '红旗村', town: '别的镇' })).toEqual([]);
  });
});
