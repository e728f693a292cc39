import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckRow, PackDiffView, PackSummary } from '../api/contract';
import { makeIdNumber } from '../domain/idNumber';
import { resourcesDir } from '../support/paths';
import { runCli } from '../testing/cli';
import { rosterCsv, tempDir, writeCsv } from '../testing/fixtures';

/** A district with its own list: import it, see how it differs, use it for one town. */

describe('checklist packs', () => {
  it('imports a district pack, diffs it against the built-in one and applies it to one town only', async () => {
    const dir = tempDir();
    const data = path.join(dir, 'archive');
    const builtin = JSON.parse(fs.readFileSync(path.join(resourcesDir(), 'checklists', 'kaiyuan-tieling-2025.json'), 'utf8'));
    const own = structuredClone(builtin);
    own.id = 'district-own';
    own.version = '2026.1';
    own.title = '本区低保档案要件清单';
    own.checklists['低保'] = own.checklists['低保'].filter((i: { no: number }) => i.no !== 7).map((i: { no: number }, n: number) => ({ ...i, no: n + 1 }));
    const ownFile = path.join(dir, 'own.json');
    fs.writeFileSync(ownFile, JSON.stringify(own));

    const roster = [
      ['城南镇', '红旗村', '王桂兰', makeIdNumber('120116', '19560312', 1), '低保', '2'],
      ['城北镇', '前进村', '李建国', makeIdNumber('120116', '19600101', 2), '低保', '3'],
    ];
    await runCli(['--data', data, 'roster', 'import', writeCsv(path.join(dir, 'r.csv'), rosterCsv(roster, ['镇(街道)', '村(社区)', '户主姓名', '身份证号', '救助类型', '保障人口']))]);

    const imported = await runCli(['--data', data, 'packs', 'import', ownFile, '--json']);
    expect(imported.stderr).toBe('');
    const summary = JSON.parse(imported.stdout) as PackSummary;
    expect(summary).toMatchObject({ key: 'district-own@2026.1', origin: 'imported', isDefault: false });

    const builtinKey = `${builtin.id}@${builtin.version}`;
    const diff = JSON.parse((await runCli(['--data', data, 'packs', 'diff', builtinKey, summary.key, '--json'])).stdout) as PackDiffView;
    expect(diff.same).toBe(false);
    expect(diff.lists.find((l) => l.list === '低保')?.removed.map((i) => i.name)).toEqual(['最低生活保障备案表']);

    const human = await runCli(['--data', data, 'packs', 'diff', builtinKey, summary.key]);
    expect(human.stdout).toContain('低保：删除 7. 最低生活保障备案表');

    await runCli(['--data', data, 'packs', 'use', summary.key, '--town', '城南镇']);
    const rows = JSON.parse((await runCli(['--data', data, 'check', '--json'])).stdout) as CheckRow[];
    const south = rows.find((r) => r.village === '红旗村');
    const north = rows.find((r) => r.village === '前进村');
    expect(south?.missing).not.toContain('最低生活保障备案表');
    expect(north?.missing).toContain('最低生活保障备案表');

    const listed = JSON.parse((await runCli(['--data', data, 'packs', '--json'])).stdout) as PackSummary[];
    expect(listed.find((p) => p.key === summary.key)?.towns).toEqual(['城南镇']);
  });

  it('refuses a broken pack file with a message naming what is wrong', async () => {
    const dir = tempDir();
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, '{"id": "x", ');
    const r = await runCli(['--data', path.join(dir, 'a'), 'packs', 'import', bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/不是有效的 JSON/);
  });
});
