import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { HouseholdRow, RosterImportReport } from '../api/contract';
import { makeIdNumber } from '../domain/idNumber';
import { runCli, runNpmHudang } from '../testing/cli';
import { householdCells, rosterCsv, syntheticHouseholds, tempDir, writeCsv, type SyntheticHousehold } from '../testing/fixtures';

/** The roster import contract, through the real CLI and a real archive directory. */

const VILLAGES = ['红旗村', '东风村', '向阳社区'];

function countRows(dataDir: string, table: string): number {
  const db = new BetterSqlite3(path.join(dataDir, 'hudang.db'), { readonly: true });
  try {
    return (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

function expectRoundTrip(rows: HouseholdRow[], households: SyntheticHousehold[]): void {
  const byId = new Map(rows.map((r) => [r.household, r]));
  expect(rows).toHaveLength(households.length);
  for (const h of households) {
    expect(byId.get(h.idNumber)).toMatchObject({
      household: h.idNumber,
      name: h.headName,
      village: h.village,
      assistance: [h.assistance],
      insured: h.insured,
      status: '在册',
    });
  }
}

describe('roster import → households (CLI)', () => {
  const households = syntheticHouseholds(500, VILLAGES);
  let dataDir: string;
  let rosterFile: string;

  beforeAll(() => {
    const dir = tempDir();
    dataDir = path.join(dir, 'archive');
    rosterFile = writeCsv(path.join(dir, 'roster.csv'), rosterCsv(households.map(householdCells)), 'utf8-bom');
  });

  it('imports a 3-village, 500-household roster and lists it back exactly', () => {
    const imported = runNpmHudang(['--data', dataDir, 'roster', 'import', rosterFile, '--json']);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    const report = JSON.parse(imported.stdout) as RosterImportReport;
    expect(report).toMatchObject({ rows: 500, created: 500, updated: 0, unchanged: 0, errors: [] });

    const listed = runNpmHudang(['--data', dataDir, 'households', '--json']);
    expect(listed.code).toBe(0);
    expectRoundTrip(JSON.parse(listed.stdout) as HouseholdRow[], households);
  });

  it('changes nothing when the same file is imported again', async () => {
    const auditBefore = countRows(dataDir, 'audit_log');
    const again = await runCli(['--data', dataDir, 'roster', 'import', rosterFile, '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ created: 0, updated: 0, unchanged: 500 });
    expect(countRows(dataDir, 'household')).toBe(500);
    expect(countRows(dataDir, 'assistance_case')).toBe(500);
    expect(countRows(dataDir, 'audit_log')).toBe(auditBefore);
  });

  it('lists one village, with masked ID numbers in the human table', async () => {
    const r = await runCli(['--data', dataDir, 'households', '--village', '东风村']);
    expect(r.code).toBe(0);
    const expected = households.filter((h) => h.village === '东风村');
    expect(r.stdout).toContain(`共 ${expected.length} 户`);
    const first = expected[0] as SyntheticHousehold;
    expect(r.stdout).toContain(`${first.idNumber.slice(0, 6)}********${first.idNumber.slice(-4)}`);
    expect(r.stdout).not.toContain(first.idNumber);
  });
});

describe('bad rows', () => {
  it('imports the good rows and names each of 5 bad rows with its row number and reason', async () => {
    const dir = tempDir();
    const good = syntheticHouseholds(20, VILLAGES, 7);
    const cells = good.map(householdCells);
    const badId = makeIdNumber('120116', '19700101', 900);
    cells.splice(3, 0, ['红旗村', '错校验', badId.slice(0, 17) + (badId[17] === '0' ? '1' : '0'), '低保', '1']);
    cells.splice(6, 0, ['东风村', '类型错', makeIdNumber('120116', '19700101', 901), '五保户', '1']);
    cells.splice(9, 0, ['', '缺村名', makeIdNumber('120116', '19700101', 902), '低保', '1']);
    cells.splice(12, 0, ['红旗村', '日期错', makeIdNumber('120116', '19701301', 903), '低保', '1']);
    cells.splice(15, 0, ['红旗村', '位数错', '12011619700101', '特困', '1']);
    const file = writeCsv(path.join(dir, 'roster.csv'), rosterCsv(cells));

    const r = await runCli(['--data', path.join(dir, 'a'), 'roster', 'import', file, '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as RosterImportReport;
    expect(report.created).toBe(20);
    expect(report.errors).toEqual([
      { row: 5, reason: '身份证号校验位错误' },
      { row: 8, reason: '未知的救助类型“五保户”' },
      { row: 11, reason: '缺少村(社区)' },
      { row: 14, reason: '身份证号中的出生日期不存在' },
      { row: 17, reason: expect.stringMatching(/应为18位/) },
    ]);

    const human = await runCli(['--data', path.join(dir, 'b'), 'roster', 'import', file]);
    expect(human.stdout).toContain('新增 20 户');
    expect(human.stdout).toContain('第 8 行：未知的救助类型“五保户”');
  });

  it('refuses a file without the required columns, with a Chinese message and exit code 1', async () => {
    const dir = tempDir();
    const file = writeCsv(path.join(dir, 'x.csv'), '姓名,电话\r\n王桂兰,123\r\n');
    const r = await runCli(['--data', path.join(dir, 'a'), 'roster', 'import', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('花名册缺少必需的列：村(社区)、身份证号、救助类型、保障人口');
  });

  it('says which file is missing', async () => {
    const dir = tempDir();
    const r = await runCli(['--data', path.join(dir, 'a'), 'roster', 'import', path.join(dir, 'nope.csv')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('无法读取文件');
  });
});

describe('encodings and formats', () => {
  const households = syntheticHouseholds(30, VILLAGES, 3);

  it.each(['utf8', 'utf8-bom', 'gbk'] as const)('reads a %s CSV', async (encoding) => {
    const dir = tempDir();
    const file = writeCsv(path.join(dir, 'r.csv'), rosterCsv(households.map(householdCells)), encoding);
    await runCli(['--data', dir, 'roster', 'import', file]);
    const listed = await runCli(['--data', dir, 'households', '--json']);
    expectRoundTrip(JSON.parse(listed.stdout) as HouseholdRow[], households);
  });

  it('reads an XLSX roster, keeping every digit of ID numbers stored as text', async () => {
    const dir = tempDir();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('花名册');
    sheet.addRow(['村(社区)', '户主姓名', '身份证号', '救助类型', '保障人口', '联系电话']);
    for (const h of households) sheet.addRow([h.village, h.headName, h.idNumber, h.assistance, h.insured, '13800000000']);
    // One ID typed into Excel as a number: its last digits are already gone.
    sheet.addRow(['红旗村', '数字格式', Number('120116197001011234'), '低保', 1]);
    const file = path.join(dir, 'r.xlsx');
    await workbook.xlsx.writeFile(file);

    const r = await runCli(['--data', dir, 'roster', 'import', file, '--json']);
    const report = JSON.parse(r.stdout) as RosterImportReport;
    expect(report.created).toBe(30);
    expect(report.errors).toEqual([{ row: 32, reason: expect.stringMatching(/Excel 存成了数字/) }]);
    const listed = await runCli(['--data', dir, 'households', '--json']);
    expectRoundTrip(JSON.parse(listed.stdout) as HouseholdRow[], households);
  });

  it('updates a household when the roster changes, without duplicating it', async () => {
    const dir = tempDir();
    const first = households.slice(0, 5);
    await runCli(['--data', dir, 'roster', 'import', writeCsv(path.join(dir, '1.csv'), rosterCsv(first.map(householdCells)))]);
    const moved = first.map((h, i) => (i === 0 ? { ...h, insured: h.insured + 1, assistance: h.assistance === '低保' ? '特困' : '低保' } : h));
    const r = await runCli(['--data', dir, 'roster', 'import', writeCsv(path.join(dir, '2.csv'), rosterCsv(moved.map(householdCells))), '--json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ created: 0, updated: 1, unchanged: 4 });
    const listed = JSON.parse((await runCli(['--data', dir, 'households', '--json'])).stdout) as HouseholdRow[];
    expect(listed).toHaveLength(5);
    const changed = listed.find((row) => row.household === first[0]?.idNumber);
    expect(changed?.insured).toBe((first[0]?.insured ?? 0) + 1);
    // A roster adds assistance types; it never silently closes a case.
    expect(changed?.assistance.sort()).toEqual([first[0]?.assistance, moved[0]?.assistance].sort());
  });
});
