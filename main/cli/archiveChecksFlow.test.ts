import { execFileSync } from 'node:child_process';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CheckRow } from '../api/contract';
import { openArchive } from '../archive';
import { buildTownFixture, TODAY, type FixtureHousehold } from '../export/testFixture';
import { inspectPath } from '../inspect/inspectPath';
import type { InspectionReport } from '../inspect/types';
import { runCli } from '../testing/cli';
import { tempDir } from '../testing/fixtures';

/**
 * A 附件7 point recorded at the town travels with the file: the clerk records
 * it through the API, the town exports and verifies, the inspector's report
 * shows it with who and when, and the district archive that imports the
 * package answers `check --json` with the same point states — once, however
 * often the package is imported.
 */

let dir: string;
let town: string;
let out: string;
let wang: FixtureHousehold;
const NOTE = '公示地点不在村务公开栏';

/** The PDF's text in reading order, cell by cell (a wrapped cell stays whole), without whitespace. */
const pdfText = (file: string) => execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
const rowsOf = (stdout: string, name: string) => (JSON.parse(stdout) as CheckRow[]).filter((r) => r.name === name);

beforeAll(async () => {
  dir = tempDir('hudang-points-flow-');
  const fixture = await buildTownFixture(dir);
  town = path.join(dir, 'town');
  wang = fixture.households.find((h) => h.key === 'A') as FixtureHousehold;
  const [dibao] = await fixture.api.getArchiveChecks({ householdId: wang.id });
  await fixture.api.recordArchiveCheck({ caseId: dibao?.caseId ?? 0, point: 4, state: 'problem', note: NOTE });
  await fixture.api.recordArchiveCheck({ caseId: dibao?.caseId ?? 0, point: 5, state: 'ok' });
  await fixture.archive.close();
  out = path.join(dir, 'export');
  const exported = await runCli(['--data', town, 'export', '--out', out, '--json']);
  expect(exported.code, exported.stderr).toBe(0);
}, 180_000);

describe('a recorded 附件7 point: town → export → verify → inspect → district', () => {
  it('verifies, and the inspector reads the recorded result with who and when', async () => {
    const verified = await runCli(['--data', town, 'verify', out]);
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    const inspected = await runCli(['--data', town, 'inspect', out, '--date', TODAY, '--seed', 'flow', '--json']);
    expect(inspected.code, inspected.stderr).toBe(0);
    const report = JSON.parse(inspected.stdout) as InspectionReport;
    const points = report.households.find((h) => h.name === wang.name)?.cases.find((c) => c.assistance === '低保')?.archiveChecks ?? [];
    expect(points).toHaveLength(16);
    expect(points.find((p) => p.code === '附件7-4')).toMatchObject({
      mode: 'manual',
      state: 'problem',
      detail: expect.stringContaining(`记录：有问题——${NOTE}`),
      recorded: { point: 4, state: 'problem', note: NOTE, recordedBy: '经办人:测试', role: '管理员' },
    });
    expect(points.find((p) => p.code === '附件7-5')).toMatchObject({ state: 'ok', recorded: { state: 'ok' } });
    expect(points.find((p) => p.code === '附件7-6')).toMatchObject({ state: 'unchecked', recorded: null });
    // The recorded problem is one of the household's findings; the recorded pass is not.
    const findings = report.households.find((h) => h.name === wang.name)?.findings.filter((f) => f.kind === '档案管理检查');
    expect(findings).toEqual([{ kind: '档案管理检查', assistance: '低保', item: '附件7-4 开展审核公示时,公示内容、地点、时间符合规定', detail: expect.stringContaining(NOTE) }]);
  });

  it('prints the sampled household’s points in 抽查报告.pdf and .xlsx', async () => {
    // The draw is random by its seed: take the first seed that draws 王桂兰, as an inspector's own seed might.
    let seed = '';
    for (let i = 0; i < 50 && !seed; i++) {
      const r = await inspectPath(out, { today: TODAY, seed: `抽查${i}` });
      if (r.households.some((h) => h.name === wang.name && h.sampled)) seed = `抽查${i}`;
    }
    expect(seed).not.toBe('');
    const reportDir = path.join(dir, 'report');
    const r = await runCli(['--data', town, 'inspect', out, '--date', TODAY, '--seed', seed, '--out', reportDir]);
    expect(r.code, r.stderr).toBe(0);
    const text = pdfText(path.join(reportDir, '抽查报告.pdf'));
    expect(text).toContain('五、抽查户档案管理检查（附件7）');
    expect(text).toContain('附件7-4开展审核公示时');
    expect(text).toContain(`有问题管理员经办人:测试${TODAY}记录：有问题——${NOTE}`);
    expect(text).toContain(`合格管理员经办人:测试${TODAY}记录：合格`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(path.join(reportDir, '抽查报告.xlsx'));
    const rows = (book.getWorksheet('档案管理检查')?.getSheetValues() ?? []).slice(2).map((row) => (row as unknown[]).slice(1).map((v) => String(v ?? '')));
    const row = rows.find((x) => x[2] === wang.name && x[5] === '附件7-4');
    expect(row?.slice(7)).toEqual(['人工检查', '有问题', expect.stringContaining(NOTE), '管理员 经办人:测试', expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/)]);
    // The report travels on paper: the ID is masked.
    expect(row?.[3]).toMatch(/^\d{6}\*{8}\d{4}$/);
  });

  it('lands in the district archive once, and check --json there has the same point states', async () => {
    const district = path.join(dir, 'district');
    const imported = await runCli(['--data', district, 'import', out, '--json']);
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ refused: 0 });
    const again = await runCli(['--data', district, 'import', out, '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ imported: 0, updated: 0, refused: 0 });
    const townRows = rowsOf((await runCli(['--data', town, 'check', '--json'])).stdout, wang.name);
    const districtRows = rowsOf((await runCli(['--data', district, 'check', '--json'])).stdout, wang.name);
    expect(districtRows.map((r) => r.archiveChecks)).toEqual(townRows.map((r) => r.archiveChecks));
    expect(districtRows[0]?.archiveChecks.find((p) => p.code === '附件7-4')).toMatchObject({ state: 'problem', detail: expect.stringContaining(NOTE) });
    expect(districtRows[0]?.archiveChecks.find((p) => p.code === '附件7-5')?.state).toBe('ok');
    const archive = await openArchive(district);
    try {
      const records = await archive.db.selectFrom('archiveCheckRecord').select(['point', 'state', 'note', 'recordedBy', 'recordedRole']).orderBy('point').execute();
      expect(records).toEqual([
        { point: 4, state: 'problem', note: NOTE, recordedBy: '经办人:测试', recordedRole: '管理员' },
        { point: 5, state: 'ok', note: null, recordedBy: '经办人:测试', recordedRole: '管理员' },
      ]);
    } finally {
      await archive.close();
    }
  });
});
