import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckRow, HolidayYear } from '../api/contract';
import { openArchive } from '../archive';
import { coveredYears } from '../domain/checklist';
import { makeIdNumber } from '../domain/idNumber';
import { createService } from '../service';
import { householdIdOf } from '../testing/archives';
import { runCli } from '../testing/cli';
import { rosterCsv, tempDir, writeCsv } from '../testing/fixtures';

/** The real CLI: `holidays import FILE` / `holidays --json`, and `check --include-exited`. */

const YEAR = (coveredYears().at(-1) ?? 2026) + 1;
const d = (md: string) => `${YEAR}-${md}`;
const NOTICE = ['日期,类型', `${d('01-01')},休`, ...['02-08', '02-09', '02-10', '02-11', '02-12'].map((md) => `${d(md)},休`), `${d('02-13')},班`].join('\n');
const ids = { live: makeIdNumber('120116', '19560312', 1), exited: makeIdNumber('120116', '19600101', 2) };
const LIMIT = '调查核实时限：受理后15个工作日内';

let dir: string;
let data: string;

const cli = (...args: string[]) => runCli(['--data', data, ...args]);
async function checkJson(...args: string[]): Promise<CheckRow[]> {
  const r = await cli('check', '--json', ...args);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as CheckRow[];
}

beforeAll(async () => {
  dir = tempDir('hudang-issue17-cli-');
  data = path.join(dir, 'archive');
  const archive = await openArchive(data);
  const api = createService({ archive, actor: '管理员:测试' });
  await api.importRoster({ path: writeCsv(path.join(dir, 'r.csv'), rosterCsv([['红旗村', '王桂兰', ids.live, '低保', '2'], ['红旗村', '李建国', ids.exited, '低保', '3']])) });
  const live = await householdIdOf(api, ids.live);
  const caseId = (await api.getHousehold({ id: live }))?.cases[0]?.id ?? -1;
  // The 15th working day after Fri 01-29 is Thu 02-25 by the notice below: 02-26 is late.
  await api.updateCase({ id: caseId, dates: { appliedOn: d('01-28'), acceptedOn: d('01-29'), investigatedOn: d('02-26') } });
  await api.exitHousehold({ householdId: await householdIdOf(api, ids.exited), exitedOn: '2026-06-30', reason: '迁出' });
  await archive.close();
  fs.writeFileSync(path.join(dir, 'notice.csv'), NOTICE);
  fs.writeFileSync(path.join(dir, 'bad.csv'), `${NOTICE}\n${d('03-03')},班\n`);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('holidays', () => {
  it(`says ${YEAR} is unknown, and check holds the limit 待确认 rather than late`, async () => {
    const listed = await cli('holidays');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(`${YEAR - 1} 年以后的法定节假日安排尚未导入`);
    const [row] = await checkJson();
    expect(row?.timeline.find((t) => t.check === LIMIT)).toMatchObject({ ok: null, detail: expect.stringContaining(`${YEAR}年的法定节假日安排尚未导入`) });
    const human = await cli('check');
    expect(human.stdout).toContain(`时间待确认：${LIMIT}`);
    expect(human.stdout).not.toContain('时间不符');
  });

  it('refuses a bad table with its row numbers and exit code 1, storing nothing', async () => {
    const r = await cli('holidays', 'import', path.join(dir, 'bad.csv'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`第9行：${d('03-03')} 是星期三`);
    expect(((await cli('holidays', '--json')).stdout.includes(`"year": ${YEAR}`))).toBe(false);
  });

  it('imports the notice, lists the year, and check judges the limit again', async () => {
    const r = await cli('holidays', 'import', path.join(dir, 'notice.csv'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`已导入 ${YEAR} 年的节假日安排，共 7 天`);
    const years = JSON.parse((await cli('holidays', '--json')).stdout) as HolidayYear[];
    expect(years.find((y) => y.year === YEAR)).toMatchObject({ source: '导入', days: 7 });
    const [row] = await checkJson();
    expect(row?.timeline.find((t) => t.check === LIMIT)).toMatchObject({ ok: false, detail: expect.stringContaining(`后第 15 个工作日为 ${d('02-25')}`) });
  });

  it('says how to use it', async () => {
    const r = await cli('holidays', 'remove');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('holidays import 文件.csv');
  });
});

describe('check --include-exited', () => {
  it('leaves the exited household out by default, live rows without the marker', async () => {
    const rows = await checkJson();
    expect(rows.map((r) => r.household)).toEqual([ids.live]);
    expect(rows[0]).not.toHaveProperty('exited');
  });

  it('includes it marked "exited": true with its 保管期满', async () => {
    const rows = await checkJson('--include-exited');
    expect(rows.map((r) => [r.household, r.exited ?? false])).toEqual([
      [ids.live, false],
      [ids.exited, true],
    ]);
    expect(rows[1]?.retentionUntil).toBe('2056-12-31');
    const human = await cli('check', '--include-exited');
    expect(human.stdout).toContain('整户退出，保管期满 2056-12-31');
  });
});
