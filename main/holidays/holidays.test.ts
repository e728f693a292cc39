import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckRow, HudangApi } from '../api/contract';
import { openArchive, type Archive } from '../archive';
import { createGuardedApi } from '../app/guard';
import { SessionStore } from '../auth/sessions';
import { loadBuiltinPacks } from '../checklist/packs';
import { caseItems, coveredYears, type Pack } from '../domain/checklist';
import { makeIdNumber } from '../domain/idNumber';
import { householdIdOf } from '../testing/archives';
import { rosterCsv, tempDir, writeCsv } from '../testing/fixtures';
import { resourcesDir } from '../support/paths';

/**
 * A year the built-in calendar does not know, on a real archive: its time
 * limits are 待确认 (and so is an otherwise complete case) until a 管理员
 * imports that year's holiday notice; then they are judged again, in time or
 * late. A clerk cannot import, and a bad table changes nothing.
 */

const YEAR = (coveredYears().at(-1) ?? 2026) + 1;
const d = (md: string) => `${YEAR}-${md}`;
/** A made-up notice for the test year: 元旦 and a 春节 week off, one Saturday worked; March is plain. */
export const NOTICE = ['日期,类型', `${d('01-01')},休`, ...['02-08', '02-09', '02-10', '02-11', '02-12'].map((md) => `${d(md)},休`), `${d('02-13')},班`, ''].join('\n');

const ids = { inTime: makeIdNumber('120116', '19560312', 1), late: makeIdNumber('120116', '19600101', 2) };

let dir: string;
let archive: Archive;
let sessions: SessionStore;
let admin: HudangApi;
let clerk: HudangApi;
let pack: Pack;

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const rowOf = (rows: CheckRow[], id: string) => rows.find((r) => r.household === id) as CheckRow;
const limitOf = (row: CheckRow) => row.timeline.find((t) => t.check.startsWith('调查核实时限'));

async function login(username: string): Promise<HudangApi> {
  const api = createGuardedApi({ archive, setupActor: 'setup', sessions, caller: { token: null } });
  await api.login({ username, password: `${username}-密码123` });
  return api;
}

beforeAll(async () => {
  dir = tempDir('hudang-holidays-');
  [pack] = (await loadBuiltinPacks(resourcesDir())) as [Pack];
  archive = await openArchive(path.join(dir, 'archive'));
  sessions = new SessionStore();
  const setup = createGuardedApi({ archive, setupActor: 'setup', sessions, caller: { token: null } });
  await setup.importRoster({ path: writeCsv(path.join(dir, 'r.csv'), rosterCsv([['红旗村', '王桂兰', ids.inTime, '低保', '2'], ['红旗村', '李建国', ids.late, '低保', '3']])) });
  await setup.createUser({ username: 'admin', displayName: '管理员甲', role: '管理员', password: 'admin-密码123' });
  admin = await login('admin');
  await admin.createUser({ username: 'clerk', displayName: '经办人乙', role: '经办人', password: 'clerk-密码123' });
  clerk = await login('clerk');
  const allFalse = Object.fromEntries(Object.keys(pack.facts).map((k) => [k, false]));
  for (const [id, investigatedOn] of [[ids.inTime, d('03-22')], [ids.late, d('03-23')]] as const) {
    const householdId = await householdIdOf(admin, id);
    await admin.updateHousehold({ id: householdId, facts: allFalse });
    for (const item of caseItems(pack, '低保').filter((i) => i.rule.kind === 'required')) await admin.fileDocument({ householdId, itemCode: item.code });
    const caseId = (await admin.getHousehold({ id: householdId }))?.cases[0]?.id ?? -1;
    // Mon 03-01 受理: the 15th working day after it is Mon 03-22 in a plain March.
    await admin.updateCase({ id: caseId, dates: { appliedOn: d('02-26'), acceptedOn: d('03-01'), investigatedOn, publicityStart: d('03-24'), publicityEnd: d('03-30'), confirmedOn: d('04-02') } });
  }
});
afterAll(() => archive.close());

describe(`before ${YEAR}'s holidays are imported`, () => {
  it('never reports a case late: the limit is 待确认 with the reason, and a complete case is 待确认', async () => {
    const rows = await admin.checkHouseholds({});
    for (const id of [ids.inTime, ids.late]) {
      const row = rowOf(rows, id);
      expect(row.missing).toEqual([]);
      expect(row.status).toBe('待确认');
      expect(limitOf(row)).toMatchObject({ ok: null, detail: expect.stringMatching(new RegExp(`^待确认：${YEAR}年的法定节假日安排尚未导入`)) });
    }
    const [checklist] = await admin.getChecklist({ householdId: await householdIdOf(admin, ids.late) });
    expect(checklist?.status).toBe('待确认');
  });

  it(`lists ${YEAR} as unknown: the built-in years end before it`, async () => {
    const years = await admin.listHolidays({});
    expect(years.find((y) => y.year === YEAR)).toBeUndefined();
    expect(years.find((y) => y.year === YEAR - 1)).toMatchObject({ source: '内置', days: null });
  });
});

describe('importing a holiday notice', () => {
  it('is for a 管理员 only: a clerk is refused and nothing is stored', async () => {
    await expect(clerk.importHolidays({ name: 'notice.csv', contentBase64: base64(NOTICE) })).rejects.toThrow(/无权|权限/);
    expect((await admin.listHolidays({})).some((y) => y.year === YEAR)).toBe(false);
  });

  it('refuses a table with bad rows whole, naming them by row number', async () => {
    const bad = `${NOTICE}${d('02-30')},休\n${d('03-03')},班\n${d('03-04')},半天\n`;
    await expect(admin.importHolidays({ name: 'bad.csv', contentBase64: base64(bad) })).rejects.toThrow(
      new RegExp(`节假日安排有误，未导入任何数据：第9行：日期“${d('02-30')}”无效.*第10行：${d('03-03')} 是星期三.*第11行：类型“半天”应为“休”或“班”`),
    );
    expect((await admin.listHolidays({})).some((y) => y.year === YEAR)).toBe(false);
    expect(await archive.db.selectFrom('holidayDay').selectAll().execute()).toEqual([]);
  });

  it('judges the year again: in time is 齐全, late is 不通过', async () => {
    const report = await admin.importHolidays({ name: 'notice.csv', contentBase64: base64(NOTICE) });
    expect(report).toEqual({ years: [YEAR], days: 7, replaced: [] });
    const rows = await admin.checkHouseholds({});
    expect(rowOf(rows, ids.inTime).status).toBe('齐全');
    expect(limitOf(rowOf(rows, ids.inTime))).toMatchObject({ ok: true, detail: expect.stringContaining(`后第 15 个工作日为 ${d('03-22')}`) });
    expect(limitOf(rowOf(rows, ids.late))).toMatchObject({ ok: false, detail: expect.stringContaining('已超过时限') });
    expect((await admin.listHolidays({})).find((y) => y.year === YEAR)).toMatchObject({ source: '导入', days: 7, importedBy: 'admin' });
  });

  it('replaces the year on a second import, audited', async () => {
    // 03-22 off as well: the 15th working day moves to 03-23, so the late case is now in time.
    const report = await admin.importHolidays({ name: 'notice2.csv', contentBase64: base64(`${NOTICE}${d('03-22')},休\n`) });
    expect(report).toEqual({ years: [YEAR], days: 8, replaced: [YEAR] });
    expect(limitOf(rowOf(await admin.checkHouseholds({}), ids.late))?.ok).toBe(true);
    const entries = await admin.listAudit({ entity: 'holiday' });
    expect(entries.map((e) => e.action)).toEqual(['holidays.import', 'holidays.import']);
    expect((await admin.verifyAudit({})).problems).toEqual([]);
  });
});

it('reads the notice as Excel saves it in China (GBK)', async () => {
  const file = writeCsv(path.join(dir, 'gbk.csv'), NOTICE, 'gbk');
  const report = await admin.importHolidays({ name: 'gbk.csv', contentBase64: fs.readFileSync(file).toString('base64') });
  expect(report.days).toBe(7);
});
