import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HudangApi, Role } from '../api/contract';
import { openArchive, type Archive } from '../archive';
import { createGuardedApi } from '../app/guard';
import { SessionStore } from '../auth/sessions';
import { makeIdNumber } from '../domain/idNumber';
import { householdIdOf, placeholderPage } from '../testing/archives';
import { runCli } from '../testing/cli';
import { rosterCsv, tempDir, writeCsv } from '../testing/fixtures';

/**
 * Issue 16, findings 1, 2 and 12, as the attacker did them: a 经办人 takes a
 * live household's pages (or a held exited file's) into another household's
 * exit dated 1980, or files them elsewhere; exits dated 1980 or 2099; a roster
 * re-import that undid an exit. Each is now refused in Chinese, and afterwards
 * every page, row and the audit log are as they were.
 */

const VICTIM = { name: '王桂兰', id: makeIdNumber('120116', '19450512', 31) };
const LEAVER = { name: '李建国', id: makeIdNumber('120116', '19580302', 32) };
const HELD = { name: '赵秀英', id: makeIdNumber('120116', '19390817', 33) };
const ROSTER = [
  ['红旗村', VICTIM.name, VICTIM.id, '低保', '2'],
  ['红旗村', LEAVER.name, LEAVER.id, '低保', '1'],
  ['红旗村', HELD.name, HELD.id, '低保', '1'],
];

let dir: string;
let archive: Archive;
let clock: Date;
let sessions: SessionStore;
let rosterFile: string;
let hh: { victim: number; leaver: number; held: number };
/** Page ids per household, in filing order. */
let pages: { victim: number[]; leaver: number[]; held: number[] };
let heldExit: number;

const apiAs = (): HudangApi => createGuardedApi({ archive, setupActor: 'setup', sessions, caller: { token: null }, now: () => clock });
async function login(username: string): Promise<HudangApi> {
  const api = apiAs();
  await api.login({ username, password: `${username}-密码123` });
  return api;
}

async function register(api: HudangApi, householdId: number, docs: [string, number][], shade: number): Promise<number[]> {
  let n = shade;
  const report = await api.registerDigitisedPages({
    householdId,
    documents: await Promise.all(docs.map(async ([itemCode, count]) => ({ itemCode, pages: await Promise.all(Array.from({ length: count }, async () => ({ imageBase64: await placeholderPage(n++), text: itemCode }))) }))),
  });
  const rows = await archive.db.selectFrom('page').select('id').where('documentId', 'in', report.documentIds).orderBy('documentId').orderBy('positionInDocument').execute();
  return rows.map((r) => r.id);
}

/** Everything a lost or misplaced page would change: pages, documents, cases, exits, households. */
async function snapshot() {
  const db = archive.db;
  return {
    pages: await db.selectFrom('page').select(['id', 'householdId', 'documentId', 'positionInDocument', 'review', 'imageSha256']).orderBy('id').execute(),
    documents: await db.selectFrom('document').select(['id', 'householdId', 'caseId', 'checklistItemCode', 'confirmed']).orderBy('id').execute(),
    cases: await db.selectFrom('assistanceCase').select(['id', 'householdId', 'closedOn', 'exitId', 'cabinet']).orderBy('id').execute(),
    exits: await db.selectFrom('householdExit').selectAll().orderBy('id').execute(),
    households: await db.selectFrom('household').select(['id', 'status', 'exitDate', 'exitReason']).orderBy('id').execute(),
    // Logins and views are audited too; every other entry is a change.
    changes: (await db.selectFrom('auditLog').select('id').where('action', 'not like', 'login.%').where('action', '!=', 'household.view').execute()).length,
  };
}

/** The archive is whole: fsck finds every blob, the audit chain verifies. */
async function expectWhole(): Promise<void> {
  const admin = await login('admin');
  expect(await admin.fsck({})).toMatchObject({ missing: [], corrupt: [] });
  expect((await admin.verifyAudit({})).problems).toEqual([]);
}

beforeEach(async () => {
  clock = new Date('2026-06-01T02:00:00Z');
  sessions = new SessionStore(() => clock.getTime());
  dir = tempDir();
  archive = await openArchive(path.join(dir, 'archive'));
  const setup = apiAs();
  rosterFile = writeCsv(path.join(dir, 'roster.csv'), rosterCsv(ROSTER));
  await setup.importRoster({ path: rosterFile });
  hh = { victim: await householdIdOf(setup, VICTIM.id), leaver: await householdIdOf(setup, LEAVER.id), held: await householdIdOf(setup, HELD.id) };
  pages = {
    victim: await register(setup, hh.victim, [['dibao.02', 3], ['dibao.08', 4]], 60),
    leaver: await register(setup, hh.leaver, [['dibao.02', 1]], 90),
    held: await register(setup, hh.held, [['dibao.02', 2]], 110),
  };
  heldExit = (await setup.exitHousehold({ householdId: hh.held, exitedOn: '2026-03-01', reason: '死亡' })).exitId;
  await setup.setLegalHold({ exitId: heldExit, hold: true, reason: '信访复查' });
  await setup.createUser({ username: 'admin', displayName: 'admin', role: '管理员', password: 'admin-密码123' });
  const admin = await login('admin');
  for (const [username, role] of [['clerk', '经办人'], ['district', '区级']] as [string, Role][]) {
    await admin.createUser({ username, displayName: username, role, password: `${username}-密码123` });
  }
});
afterEach(() => archive.close());

describe('finding 1: pages go only where they belong', () => {
  it('refuses another household’s pages, or a held exited file’s, as an exit’s 停止救助通知书', async () => {
    const clerk = await login('clerk');
    expect(pages.victim).toHaveLength(7);
    const before = await snapshot();

    // The attack: the victim's 7 pages into another household's exit (even with a date the rules accept).
    await expect(clerk.exitHousehold({ householdId: hh.leaver, exitedOn: '2026-05-20', reason: '收入超标', noticePageIds: pages.victim })).rejects.toThrow(
      `页面 ${pages.victim[0]} 属于另一户的档案，不能作为本户的停止救助通知书`,
    );
    await expect(clerk.exitHousehold({ householdId: hh.leaver, exitedOn: '1980-01-01', reason: '收入超标', noticePageIds: pages.victim })).rejects.toThrow(/退出日期 1980-01-01/);
    // The same with the pages of an exited file under legal hold.
    await expect(clerk.exitHousehold({ householdId: hh.leaver, exitedOn: '2026-05-20', reason: '收入超标', noticePageIds: pages.held })).rejects.toThrow('法律保全（冻结）中，页面不能移出该档案');
    // One foreign page among the household's own is enough to refuse the whole exit.
    await expect(clerk.exitHousehold({ householdId: hh.leaver, exitedOn: '2026-05-20', reason: '收入超标', noticePageIds: [...pages.leaver, pages.victim[6] ?? 0] })).rejects.toThrow('不能作为本户的停止救助通知书');

    expect(await snapshot()).toEqual(before);
    expect(before.pages.filter((p) => p.householdId === hh.victim).map((p) => p.id)).toEqual(pages.victim);
    expect((await clerk.getHousehold({ id: hh.leaver }))?.status).toBe('在册');
    expect(await clerk.listRetention({})).toHaveLength(1);
    await expectWhole();
  });

  it('refuses reviewPage and fileDocument taking pages out of a held exited file, or out of another household', async () => {
    const clerk = await login('clerk');
    const before = await snapshot();
    const [heldPage] = pages.held;
    await expect(clerk.reviewPage({ pageId: heldPage ?? 0, householdId: hh.victim, itemCode: 'dibao.02' })).rejects.toThrow(`页面 ${heldPage} 所在的退出档案处于法律保全（冻结）中，页面不能移出该档案`);
    await expect(clerk.fileDocument({ householdId: hh.victim, itemCode: 'dibao.02', pageIds: pages.held })).rejects.toThrow('法律保全（冻结）中，页面不能移出该档案');
    // A filed page of a live household goes elsewhere only by a move naming its household.
    await expect(clerk.reviewPage({ pageId: pages.victim[0] ?? 0, householdId: hh.leaver, itemCode: 'dibao.02' })).rejects.toThrow(`页面 ${pages.victim[0]} 已归入另一户的档案，只能在该户的档案中移出`);
    await expect(clerk.fileDocument({ householdId: hh.leaver, itemCode: 'dibao.08', pageIds: pages.victim.slice(3) })).rejects.toThrow('已归入另一户的档案');
    await expect(clerk.movePages({ pageIds: pages.victim.slice(0, 3), to: { householdId: hh.leaver, itemCode: 'dibao.02' } })).rejects.toThrow('已归入另一户的档案');
    // Nor into the held file, nor out of it by naming it.
    await expect(clerk.movePages({ pageIds: [pages.victim[0] ?? 0], from: { householdId: hh.victim }, to: { householdId: hh.held, itemCode: 'dibao.02' } })).rejects.toThrow('目标档案处于法律保全（冻结）中');
    await expect(clerk.movePages({ pageIds: pages.held, from: { householdId: hh.held }, to: { householdId: hh.victim, itemCode: 'dibao.02' } })).rejects.toThrow('法律保全');
    await expect(clerk.unfilePages({ pageIds: pages.held, from: { householdId: hh.held } })).rejects.toThrow('不能退回收件箱');

    expect(await snapshot()).toEqual(before);
    await expectWhole();
  });

  it('still files the household’s own notice and lets an explicit move take a page to another household', async () => {
    const clerk = await login('clerk');
    const [stray] = pages.victim.slice(-1);
    await clerk.movePages({ pageIds: [stray ?? 0], from: { householdId: hh.victim }, to: { householdId: hh.leaver, itemCode: 'dibao.08' } });
    const row = await clerk.exitHousehold({ householdId: hh.leaver, exitedOn: '2026-05-20', reason: '收入超标', noticePageIds: pages.leaver });
    const notice = await archive.db.selectFrom('householdExit').select('noticeDocumentId').where('id', '=', row.exitId).executeTakeFirstOrThrow();
    expect(await archive.db.selectFrom('page').select(['documentId', 'householdId', 'positionInDocument']).where('id', '=', pages.leaver[0] ?? 0).executeTakeFirstOrThrow()).toEqual({
      documentId: notice.noticeDocumentId,
      householdId: hh.leaver,
      positionInDocument: 1,
    });
    // The page moved by hand went with the household's file into 退出档案; the victim keeps the other six.
    expect((await archive.db.selectFrom('page').select('id').where('householdId', '=', hh.victim).orderBy('id').execute()).map((p) => p.id)).toEqual(pages.victim.slice(0, 6));
    await expectWhole();
  });
});

describe('finding 2: exit dates are real', () => {
  it('refuses an exit before the household’s first record, one already past its retention, and one after today (Beijing)', async () => {
    const clerk = await login('clerk');
    const before = await snapshot();
    // No dated record: 1980 would put 保管期满 in 2010, destroyable at once.
    await expect(clerk.exitHousehold({ householdId: hh.leaver, exitedOn: '1980-01-01', reason: '迁出' })).rejects.toThrow('退出日期 1980-01-01 过早：按保管期限 30 年，该档案登记时就已期满（2010-12-31），请核对退出日期');
    await expect(clerk.exitHousehold({ householdId: hh.leaver, exitedOn: '2099-01-01', reason: '迁出' })).rejects.toThrow('退出日期 2099-01-01 晚于今天（2026-06-01），不能登记尚未发生的退出');
    expect(await snapshot()).toEqual(before);

    const kase = (await clerk.getHousehold({ id: hh.leaver }))?.cases[0]?.id ?? 0;
    await clerk.updateCase({ id: kase, dates: { appliedOn: '2019-03-01', confirmedOn: '2019-04-10' } });
    const dated = await snapshot();
    await expect(clerk.exitHousehold({ householdId: hh.leaver, exitedOn: '2010-06-30', reason: '迁出' })).rejects.toThrow('退出日期 2010-06-30 早于该户最早的记录（低保案卷的申请日期）（2019-03-01），请核对退出日期');
    // Late evening UTC is already the next day in Beijing.
    clock = new Date('2026-06-01T20:00:00Z');
    const late = await login('clerk');
    await expect(late.exitHousehold({ householdId: hh.leaver, exitedOn: '2026-06-03', reason: '迁出' })).rejects.toThrow('晚于今天（2026-06-02）');
    expect(await snapshot()).toEqual(dated);
    expect((await late.exitHousehold({ householdId: hh.leaver, exitedOn: '2026-06-02', reason: '迁出' })).retentionUntil).toBe('2056-12-31');
    await expectWhole();
  });
});

describe('finding 12: an exit stands', () => {
  it('keeps an exited household exited, its file in 退出档案, when the roster is imported again; the re-application opens new cases beside it', async () => {
    const clerk = await login('clerk');
    const exit = await clerk.exitHousehold({ householdId: hh.leaver, exitedOn: '2026-05-20', reason: '收入超标', noticePageIds: pages.leaver });
    const exited = await snapshot();

    const report = await clerk.importRoster({ path: rosterFile });
    expect(report.notices).toEqual([
      { row: 3, reason: `${LEAVER.name}已于 2026-05-20 整户退出，退出不因花名册而撤销，原档案仍在退出档案中；花名册中的救助按重新申请另立 1 个新案卷` },
      { row: 4, reason: `${HELD.name}已于 2026-03-01 整户退出，退出不因花名册而撤销，原档案仍在退出档案中；花名册中的救助按重新申请另立 1 个新案卷` },
    ]);
    expect((await clerk.getHousehold({ id: hh.leaver }))?.status).toBe('整户退出');
    expect((await clerk.listHouseholds({ status: '整户退出' })).map((h) => h.id).sort()).toEqual([hh.leaver, hh.held].sort());
    const after = await snapshot();
    // The exited file is as it was: its cases, documents, pages and exit row (only the day it was seen again is noted).
    const inExit = (s: typeof exited) => s.cases.filter((c) => c.exitId === exit.exitId);
    expect(inExit(after)).toEqual(inExit(exited));
    expect(after.documents.filter((d) => inExit(exited).some((c) => c.id === d.caseId))).toEqual(exited.documents.filter((d) => inExit(exited).some((c) => c.id === d.caseId)));
    expect(after.pages).toEqual(exited.pages);
    expect(after.exits.map((e) => ({ ...e, reEnteredOn: null }))).toEqual(exited.exits.map((e) => ({ ...e, reEnteredOn: null })));
    expect(after.households.find((h) => h.id === hh.leaver)).toEqual(exited.households.find((h) => h.id === hh.leaver));
    expect((await clerk.listRetention({})).find((r) => r.exitId === exit.exitId)).toMatchObject({ cabinet: '整户退出档案专柜', retentionUntil: '2056-12-31', reEnteredOn: '2026-06-01', destroyedOn: null });
    const open = after.cases.filter((c) => c.householdId === hh.leaver && c.closedOn === null);
    expect(open).toHaveLength(1);
    expect(open[0]?.exitId).toBeNull();

    // Imported once more: nothing new, nothing undone.
    const again = await clerk.importRoster({ path: rosterFile });
    expect(again.notices).toEqual([]);
    expect((await snapshot()).cases).toEqual(after.cases);
    // New paper files into the new case, never into the exited file.
    const filed = await clerk.fileDocument({ householdId: hh.leaver, itemCode: 'dibao.02' });
    expect((await archive.db.selectFrom('document').select('caseId').where('id', '=', filed.id).executeTakeFirstOrThrow()).caseId).toBe(open[0]?.id);
    await expectWhole();
  });
});

describe('the page-move path through the CLI', () => {
  it('refuses `file` taking a filed page from another household without --from, or out of a held file, and a 1980 exit; nothing moves', async () => {
    await archive.close();
    const data = path.join(dir, 'archive');
    const asClerk = (args: string[]) => runCli(['--data', data, '--user', 'clerk', ...args], { HUDANG_PASSWORD: 'clerk-密码123' });
    archive = await openArchive(data);
    const before = await snapshot();
    await archive.close();

    const bare = await asClerk(['file', ...pages.victim.map(String), '--household', String(hh.leaver), '--item', 'dibao.02']);
    expect(bare.stderr).toContain(`页面 ${pages.victim[0]} 已归入另一户的档案，只能在该户的档案中移出（命令行请用 --from 指明原来的户）`);
    expect(bare.code).toBe(1);
    const held = await asClerk(['file', String(pages.held[0]), '--household', VICTIM.id, '--item', 'dibao.02', '--from', HELD.id]);
    expect(held.stderr).toContain('法律保全（冻结）中，页面不能移出该档案');
    expect(held.code).toBe(1);
    const intoExit = await asClerk(['file', String(pages.victim[0]), '--household', String(hh.held), '--item', 'dibao.02', '--from', VICTIM.id]);
    expect(intoExit.stderr).toContain('目标档案处于法律保全（冻结）中，不能加入其他页面');
    expect(intoExit.code).toBe(1);
    const early = await asClerk(['exit', String(hh.leaver), '--date', '1980-01-01', '--reason', '迁出']);
    expect(early.stderr).toContain('退出日期 1980-01-01 过早');
    expect(early.code).toBe(1);

    archive = await openArchive(data);
    expect(await snapshot()).toEqual(before);
    const asAdmin = (args: string[]) => runCli(['--data', data, '--user', 'admin', ...args], { HUDANG_PASSWORD: 'admin-密码123' });
    await archive.close();
    const verified = await asAdmin(['audit', 'verify']);
    expect(verified.stderr).toBe('');
    expect(verified.code).toBe(0);
    const fsck = await asAdmin(['fsck']);
    expect(fsck.stderr).toBe('');
    expect(fsck.code).toBe(0);
    archive = await openArchive(data);
  }, 60_000);
});
