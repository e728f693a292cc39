import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckRow } from '../api/contract';
import { openArchive } from '../archive';
import { makeIdNumber } from '../domain/idNumber';
import { createService } from '../service';
import { householdIdOf } from '../testing/archives';
import { runCli } from '../testing/cli';
import { rosterCsv, tempDir, writeCsv } from '../testing/fixtures';
import type { CaseListRow } from './caseCommands';

/** `case list` / `case set` through the real CLI: a clerk's records scripted, through the same API as the UI. */

const ids = { temp: makeIdNumber('120116', '19700405', 11), dibao: makeIdNumber('120116', '19650921', 12) };
const REPORT = '乡镇(街道)临时救助工作请示、报告(3000元以上)';

let dir: string;
let data: string;
let dibaoRecord: number;

const cli = (...args: string[]) => runCli(['--data', data, ...args]);

async function list(household: string): Promise<CaseListRow[]> {
  const r = await cli('--json', 'case', 'list', '--household', household);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as CaseListRow[];
}

async function checkRow(household: string, type: string): Promise<CheckRow> {
  const r = await cli('--json', 'check');
  const row = (JSON.parse(r.stdout) as CheckRow[]).find((c) => c.household === household && c.assistance === type);
  if (!row) throw new Error(`no check row for ${type}`);
  return row;
}

beforeAll(async () => {
  dir = tempDir('hudang-case-cli-');
  data = path.join(dir, 'archive');
  const archive = await openArchive(data);
  const api = createService({ archive, actor: '经办人:测试' });
  await api.importRoster({ path: writeCsv(path.join(dir, 'r.csv'), rosterCsv([['红旗村', '孙秀英', ids.temp, '临时救助', '1'], ['红旗村', '周长海', ids.dibao, '低保', '2']])) });
  dibaoRecord = await householdIdOf(api, ids.dibao);
  await archive.close();
}, 60_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('case set', () => {
  it('records an 急难 临时救助 of exactly 3000元 by 身份证号: the 3000元 report is needed, no 先后顺序颠倒', async () => {
    const set = await cli('--json', 'case', 'set', '--household', ids.temp, '--type', '临时救助', '--accepted', '2026-03-02', '--confirmed', '2026-03-02', '--investigated', '2026-03-10', '--amount', '3000', '--emergency');
    expect(set.stderr).toBe('');
    expect(set.code).toBe(0);
    expect(JSON.parse(set.stdout)).toMatchObject({ type: '临时救助', acceptedOn: '2026-03-02', confirmedOn: '2026-03-02', investigatedOn: '2026-03-10', amount: 3000, emergency: true, outcome: null });
    const row = await checkRow(ids.temp, '临时救助');
    expect(row.missing).toContain(REPORT);
    expect(row.timeline.filter((t) => t.ok === false).map((t) => t.detail).join()).not.toContain('先后顺序颠倒');
    expect(row.timeline.find((t) => t.check.startsWith('急难型先行救助补齐'))).toMatchObject({ ok: true });
  });

  it('an amount under 3000 drops the report', async () => {
    const set = await cli('case', 'set', '--household', ids.temp, '--type', '临时救助', '--amount', '2999.5');
    expect(set.code).toBe(0);
    expect(set.stdout).toContain('2999.5');
    expect((await checkRow(ids.temp, '临时救助')).missing).not.toContain(REPORT);
  });

  it('records 核对, 公示 with objections and 不予确认 by record number, and lists them', async () => {
    const set = await cli(
      'case', 'set', '--household', String(dibaoRecord), '--type', '低保',
      '--applied', '2027-02-26', '--accepted', '2027-03-01', '--verified', '2027-03-05', '--investigated', '2027-03-10',
      '--publicity-from', '2027-03-12', '--publicity-to', '2027-03-18', '--confirmed', '2027-03-25',
      '--objections', 'yes', '--deliberation', 'no', '--outcome', '不予确认',
    );
    expect(set.stderr).toBe('');
    expect(set.code).toBe(0);
    const [row] = await list(ids.dibao);
    expect(row).toMatchObject({ household: ids.dibao, type: '低保', verifiedOn: '2027-03-05', publicityObjections: true, deliberationHeld: false, outcome: '不予确认', open: true });
    const checked = await checkRow(ids.dibao, '低保');
    expect(checked.missing).toContain('最低生活保障申请人家庭经济状况民主评议会记录');
    expect(checked.nextReview).toBeNull();
    // A 2027 case with no 2027 holidays imported: its limit is 待确认, never late.
    expect(checked.timeline.filter((t) => t.ok === false)).toEqual([]);
    expect(checked.timeline.find((t) => t.check.startsWith('调查核实时限'))).toMatchObject({ ok: null, detail: expect.stringContaining('2027年的法定节假日安排尚未导入') });
    expect(checked.timeline.find((t) => t.check === '时间顺序：受理不晚于核对')).toMatchObject({ ok: true });
  });

  it.each([
    ['a date that does not exist', ['--confirmed', '2026-02-30'], '确认日期“2026-02-30”无效'],
    ['a negative amount', ['--amount=-5'], '救助金额“-5”无效'],
    ['words for an amount', ['--amount', '三千'], '救助金额“三千”无效'],
    ['half a 公示期', ['--publicity-from', '2026-03-01'], '同时给出 --publicity-from 和 --publicity-to'],
  ])('refuses %s in Chinese and changes nothing', async (_label, extra, message) => {
    const before = await list(ids.temp);
    const r = await cli('case', 'set', '--household', ids.temp, '--type', '临时救助', '--accepted', '2026-01-01', ...extra);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(await list(ids.temp)).toEqual(before);
  });

  it('refuses 急难 on a 低保 case through the service, changing nothing', async () => {
    const before = await list(ids.dibao);
    const r = await cli('case', 'set', '--household', ids.dibao, '--type', '低保', '--emergency', '--accepted', '2027-03-02');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('急难型先行救助只适用于临时救助案卷');
    expect(await list(ids.dibao)).toEqual(before);
  });

  it('says so when the household has no case of that type', async () => {
    const r = await cli('case', 'set', '--household', ids.dibao, '--type', '特困', '--accepted', '2027-03-02');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('该户没有特困案卷');
  });
});
