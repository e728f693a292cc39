import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CheckRow, FactKeyView } from '../api/contract';
import { openArchive } from '../archive';
import { makeIdNumber } from '../domain/idNumber';
import { createService } from '../service';
import { householdIdOf } from '../testing/archives';
import { runCli } from '../testing/cli';
import { rosterCsv, tempDir, writeCsv } from '../testing/fixtures';

/** `facts keys` and `facts set` through the real CLI, the household named by 户主身份证号 or record number. */

const WANG = { name: '王桂兰', id: makeIdNumber('120116', '19450512', 41) };
const STUDENT_PROOF = '学生在校证明(录取通知书,学习年限及缴费收据等)';

let data: string;
let recordNo = 0;

const cli = (...args: string[]) => runCli(['--data', data, ...args]);
const valuesOf = async (ref: string) => {
  const r = await cli('facts', 'keys', '--household', ref, '--json');
  expect(r.code, r.stderr).toBe(0);
  return Object.fromEntries((JSON.parse(r.stdout) as FactKeyView[]).map((k) => [k.key, k.value]));
};
const missingOf = async () => ((JSON.parse((await cli('check', '--json')).stdout) as CheckRow[])[0]?.missing ?? []);

beforeAll(async () => {
  const dir = tempDir();
  data = path.join(dir, 'archive');
  const archive = await openArchive(data);
  const api = createService({ archive, actor: 'setup' });
  await api.updateSettings({ town: '城南镇' });
  await api.importRoster({ path: writeCsv(path.join(dir, 'r.csv'), rosterCsv([['红旗村', WANG.name, WANG.id, '低保', '1']])) });
  recordNo = await householdIdOf(api, WANG.id);
  await archive.close();
}, 60_000);

describe('facts keys', () => {
  it('lists the town pack’s fact keys with label and kind', async () => {
    const r = await cli('facts', 'keys', '--json');
    expect(r.code, r.stderr).toBe(0);
    const keys = JSON.parse(r.stdout) as FactKeyView[];
    expect(keys.find((k) => k.key === 'hasStudents')).toEqual({ key: 'hasStudents', label: '有在校学生', kind: 'stated', derivedFrom: null });
    expect(keys.find((k) => k.key === 'dispersedCare')).toMatchObject({ label: '分散供养', kind: 'derived', derivedFrom: expect.stringContaining('供养方式') });
    expect(keys.every((k) => !('value' in k))).toBe(true);
    const text = await cli('facts', 'keys');
    expect(text.stdout).toContain('hasStudents');
    expect(text.stdout).toContain('有在校学生');
    expect(text.stdout).toContain('填写');
  });

  it('shows a named household’s values, 未知 until stated', async () => {
    const r = await cli('facts', 'keys', '--household', WANG.id);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/hasStudents\s+有在校学生\s+填写\s+未知/);
    expect((await valuesOf(String(recordNo))).hasStudents).toBeNull();
  });
});

describe('facts set', () => {
  it('states facts by 身份证号 (是/否) and by record number (true/false/null), and check follows', async () => {
    const byId = await cli('facts', 'set', '--household', WANG.id, 'hasStudents=是', 'married=否');
    expect(byId.code, byId.stderr).toBe(0);
    expect(byId.stdout).toContain('有在校学生（hasStudents）= 是');
    expect(await valuesOf(WANG.id)).toMatchObject({ hasStudents: true, married: false });
    expect(await missingOf()).toContain(STUDENT_PROOF);
    const byNo = await cli('facts', 'set', '--household', String(recordNo), 'hasStudents=false', 'married=null', '--json');
    expect(byNo.code, byNo.stderr).toBe(0);
    expect(JSON.parse(byNo.stdout)).toEqual([
      expect.objectContaining({ key: 'married', value: null }),
      expect.objectContaining({ key: 'hasStudents', value: false }),
    ]);
    expect(await missingOf()).not.toContain(STUDENT_PROOF);
  });

  it('refuses an unknown key or value in Chinese and changes nothing', async () => {
    await cli('facts', 'set', '--household', WANG.id, 'hasStudents=是');
    const before = await valuesOf(WANG.id);
    const badKey = await cli('facts', 'set', '--household', WANG.id, 'hasStudents=否', 'hasPets=是');
    expect(badKey.code).toBe(1);
    expect(badKey.stderr).toContain('未知的情况项：hasPets');
    const badValue = await cli('facts', 'set', '--household', WANG.id, 'hasStudents=否', 'married=也许');
    expect(badValue.code).toBe(2);
    expect(badValue.stderr).toContain('情况项 married 的值“也许”无效，应为 是、否、未知');
    const notPair = await cli('facts', 'set', '--household', WANG.id, 'hasStudents');
    expect(notPair.code).toBe(2);
    expect(notPair.stderr).toContain('不是 情况项=值 的形式');
    expect(await valuesOf(WANG.id)).toEqual(before);
  });

  it('names a bad household or a missing one', async () => {
    const bad = await cli('facts', 'set', '--household', '12345678901234567X', 'hasStudents=是');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('既不是户档编号也不是有效的身份证号');
    const none = await cli('facts', 'set', 'hasStudents=是');
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('请用 --household 指定户');
  });
});
