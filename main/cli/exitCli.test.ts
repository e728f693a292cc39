import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../archive';
import { makeIdNumber } from '../domain/idNumber';
import { createService } from '../service';
import { runCli } from '../testing/cli';
import { rosterCsv, tempDir, writeCsv } from '../testing/fixtures';

/** `exit` through the real CLI: the household is named by 户主身份证号 or record number, old and new forms. */

const A = { name: '赵桂兰', id: makeIdNumber('120116', '19450304', 31) };
const B = { name: '钱德明', id: makeIdNumber('120116', '19500811', 32) };

let data: string;

beforeAll(async () => {
  const dir = tempDir();
  data = path.join(dir, 'archive');
  const archive = await openArchive(data);
  const api = createService({ archive, actor: 'setup' });
  await api.importRoster({ path: writeCsv(path.join(dir, 'r.csv'), rosterCsv([['红旗村', A.name, A.id, '低保', '1'], ['红旗村', B.name, B.id, '低保', '1']])) });
  await archive.close();
}, 60_000);

describe('exit', () => {
  it.each([
    ['old form with a 身份证号', (id: string) => ['exit', id]],
    ['--household with a 身份证号', (id: string) => ['exit', '--household', id]],
  ])('%s exits that household', async (_label, args) => {
    const who = _label.startsWith('old') ? A : B;
    const result = await runCli(['--data', data, '--json', ...args(who.id), '--date', '2025-03-01', '--reason', '迁出']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ name: who.name });
  });

  it('names a bad household reference in Chinese and exits 2', async () => {
    const result = await runCli(['--data', data, 'exit', '--household', '12345678901234567X', '--date', '2025-03-01', '--reason', '迁出']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('既不是户档编号也不是有效的身份证号');
  });
});

describe('retention settings', () => {
  it('shows, then changes, the retention settings', async () => {
    const shown = await runCli(['--data', data, '--json', 'retention', 'settings']);
    expect(JSON.parse(shown.stdout)).toEqual({ retentionYears: 30, retentionStart: 'nextJanuary' });
    const changed = await runCli(['--data', data, '--json', 'retention', 'settings', '--years', '35', '--start', 'exit']);
    expect(changed.stderr).toBe('');
    expect(JSON.parse(changed.stdout)).toEqual({ retentionYears: 35, retentionStart: 'exitDate' });
    const bad = await runCli(['--data', data, 'retention', 'settings', '--start', 'tomorrow']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--start 只能是');
  });
});
