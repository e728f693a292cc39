import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseArchiveChecks, CheckRow } from '../api/contract';
import { openArchive } from '../archive';
import { makeIdNumber } from '../domain/idNumber';
import { createService } from '../service';
import { householdIdOf } from '../testing/archives';
import { runCli } from '../testing/cli';
import { masked, rosterCsv, tempDir, writeCsv } from '../testing/fixtures';

/** The real CLI: `checks --household ID [--json]` and `checks record …` on a temp archive. */

const ONE = { name: '孙秀英', id: makeIdNumber('120116', '19580417', 61) };
const TWO = { name: '周德胜', id: makeIdNumber('120116', '19520903', 62) };
/** A number a clerk might write into a note: shown in full to a clerk, masked to an inspector. */
const NOTE_ID = makeIdNumber('120116', '19800101', 63);
const PUBLICITY = '开展审核公示时,公示内容、地点、时间符合规定';

let dir: string;
let data: string;
let oneId: number;
let twoId: number;

const cli = (...args: string[]) => runCli(['--data', data, ...args]);
const as = (user: string, ...args: string[]) => runCli(['--data', data, '--user', user, ...args], { HUDANG_PASSWORD: `${user}-密码123` });

beforeAll(async () => {
  dir = tempDir('hudang-checks-cli-');
  data = path.join(dir, 'archive');
  const archive = await openArchive(data);
  const api = createService({ archive, actor: '管理员:测试' });
  await api.importRoster({ path: writeCsv(path.join(dir, 'r.csv'), rosterCsv([['红旗村', ONE.name, ONE.id, '低保', '2'], ['红旗村', TWO.name, TWO.id, '低保、特困', '1']])) });
  oneId = await householdIdOf(api, ONE.id);
  twoId = await householdIdOf(api, TWO.id);
  await archive.close();
}, 60_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('checks --household', () => {
  it('lists the sixteen 附件7 points of a 低保 case by their official names', async () => {
    const r = await cli('checks', '--household', ONE.id, '--json');
    expect(r.stderr).toBe('');
    const cases = JSON.parse(r.stdout) as CaseArchiveChecks[];
    expect(cases).toHaveLength(1);
    expect(cases[0]?.assistance).toBe('低保');
    expect(cases[0]?.checks.map((p) => p.code)).toEqual(Array.from({ length: 16 }, (_, i) => `附件7-${i + 1}`));
    expect(cases[0]?.checks[3]).toMatchObject({ no: 4, name: PUBLICITY, mode: 'manual', state: 'unchecked', recorded: null });
    const human = await cli('checks', '--household', ONE.id);
    expect(human.stdout).toContain(`4. ${PUBLICITY}  【未检查】`);
    expect(human.stdout).toMatch(/低保案卷（编号 \d+） 档案管理检查：通过 \d+，有问题 \d+，待确认 \d+，未检查 \d+/);
  });

  it('takes the record number too, and says a 特困 case has no 附件7 points', async () => {
    const r = await cli('checks', '--household', String(twoId));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('特困案卷');
    expect(r.stdout).toContain('核查清单没有这类案卷的档案管理检查项');
  });
});

describe('checks record', () => {
  it('records a manual point as 有问题 with a note; check --json has it as "problem"', async () => {
    const r = await cli('checks', 'record', '--household', ONE.id, '--point', '4', '--state', 'problem', '--note', '公示未张贴在村务公开栏');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`第 4 项“${PUBLICITY}”：有问题——公示未张贴在村务公开栏`);
    expect(r.stdout).toContain('现为【有问题】');
    const rows = JSON.parse((await cli('check', '--json')).stdout) as CheckRow[];
    const point = rows.find((row) => row.household === ONE.id)?.archiveChecks.find((p) => p.code === '附件7-4');
    expect(point).toMatchObject({ name: PUBLICITY, state: 'problem', detail: expect.stringContaining('记录：有问题——公示未张贴在村务公开栏') });
  });

  it('prints the case with who recorded it as JSON', async () => {
    const r = await cli('--json', 'checks', 'record', '--household', ONE.id, '--point', '7', '--state', 'ok');
    const result = JSON.parse(r.stdout) as CaseArchiveChecks;
    expect(result.checks.find((p) => p.no === 7)).toMatchObject({ state: 'ok', recorded: { state: 'ok', note: null, role: '管理员' } });
  });

  it('needs --type when the household has several cases, and then records on that case', async () => {
    const without = await cli('checks', 'record', '--household', TWO.id, '--point', '5', '--state', 'ok');
    expect(without.code).toBe(2);
    expect(without.stderr).toContain('请用 --type 指明记录哪一类案卷');
    const wrong = await cli('checks', 'record', '--household', TWO.id, '--point', '5', '--state', 'ok', '--type', '临时救助');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('这一户没有临时救助案卷');
    const r = await cli('--json', 'checks', 'record', '--household', TWO.id, '--point', '5', '--state', 'ok', '--type', '低保');
    expect(r.stderr).toBe('');
    expect((JSON.parse(r.stdout) as CaseArchiveChecks).assistance).toBe('低保');
  });

  it.each([
    ['a point 附件7 does not have', ['--point', '17', '--state', 'ok', '--type', '低保'], 1, '档案管理检查没有第 17 项（共 16 项）'],
    ['no point', ['--state', 'ok'], 2, '请用 --point 给出检查项序号'],
    ['a state other than ok|problem', ['--point', '4', '--state', 'maybe'], 2, '请用 --state ok（合格）或 --state problem（有问题）'],
    ['a 特困 case, which 附件7 does not cover', ['--point', '4', '--state', 'ok', '--type', '特困'], 1, '核查清单没有特困案卷的档案管理检查项'],
  ])('refuses %s in Chinese and records nothing', async (_label, extra, code, message) => {
    const before = (await cli('checks', '--household', TWO.id, '--json')).stdout;
    const r = await cli('checks', 'record', '--household', TWO.id, ...extra);
    expect(r.code).toBe(code);
    expect(r.stderr).toContain(message);
    expect((await cli('checks', '--household', TWO.id, '--json')).stdout).toBe(before);
  });
});

describe('checks with users', () => {
  beforeAll(async () => {
    const archive = await openArchive(data);
    const api = createService({ archive, actor: '管理员:测试' });
    for (const [username, role] of [['admin', '管理员'], ['clerk', '经办人'], ['inspector', '检查员'], ['district', '区级']] as const) {
      await api.createUser({ username, displayName: username, role, password: `${username}-密码123` });
    }
    await archive.close();
  }, 60_000);

  it('lets an inspector record a finding, masking ID numbers for the inspector only', async () => {
    // An inspector sees masked numbers, so names the household by its record number.
    const byId = await as('inspector', 'checks', '--household', ONE.id);
    expect(byId.code).toBe(2);
    expect(byId.stderr).toContain('检查员只能看到遮蔽后的身份证号，不能按完整身份证号查找户：请用户档编号指定户');
    const r = await as('inspector', 'checks', 'record', '--household', String(oneId), '--point', '6', '--state', 'problem', '--note', `入户调查表缺 ${NOTE_ID} 本人签字`);
    expect(r.stderr).toBe('');
    const seen = (user: string) => as(user, '--json', 'checks', '--household', String(oneId)).then((x) => (JSON.parse(x.stdout) as CaseArchiveChecks[])[0]?.checks.find((p) => p.no === 6));
    const byInspector = await seen('inspector');
    expect(byInspector?.recorded).toMatchObject({ role: '检查员', recordedBy: 'inspector', note: `入户调查表缺 ${masked(NOTE_ID)} 本人签字` });
    expect(JSON.stringify(byInspector)).not.toContain(NOTE_ID);
    expect((await seen('clerk'))?.recorded?.note).toBe(`入户调查表缺 ${NOTE_ID} 本人签字`);
    // The inspector's finding stands until an inspector checks again.
    const clerk = await as('clerk', 'checks', 'record', '--household', ONE.id, '--point', '6', '--state', 'ok');
    expect(clerk.code).toBe(1);
    expect(clerk.stderr).toContain('须由检查员复查后才能改为合格');
  });

  it('refuses a 区级 account, which only reads the results', async () => {
    const r = await as('district', 'checks', 'record', '--household', ONE.id, '--point', '4', '--state', 'ok');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('区级');
    expect((await as('district', 'checks', '--household', ONE.id)).code).toBe(0);
  });
});
