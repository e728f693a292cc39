import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckRow } from '../api/contract';
import { checkHouseholds } from '../checklist/checkArchive';
import { exportPackages } from '../export/exportPackages';
import { buildTownFixture, FIXED_NOW, TODAY, type TownFixture } from '../export/testFixture';
import { tempDir } from '../testing/fixtures';
import { inspectPath } from './inspectPath';
import { drawnShare, drawSample, sampleSize } from './sample';
import type { InspectionReport } from './types';

/**
 * The inspector on real export packages, with no town database: the 30%
 * sample is reproducible from its seed, the findings are the check answers,
 * and the PDF and XLSX carry them.
 */

let dir: string;
let town: TownFixture;
let exported: string;
let townRows: CheckRow[];
let report: InspectionReport;

/** Newly confirmed (since 2025-11-23) 低保/特困/刚性支出 households 在册 of the fixture: A, C, D — not B (2023), not E (临时救助), not F (confirmed 2026-02, then exited: its file is kept apart). */
const NEWLY_CONFIRMED = ['王桂兰', '孙秀英', '李建国'];

beforeAll(async () => {
  dir = tempDir('hudang-inspect-');
  town = await buildTownFixture(dir);
  const audit = { actor: '经办人:测试', now: FIXED_NOW };
  exported = path.join(dir, 'export');
  await exportPackages({ db: town.archive.db, store: town.archive.store, audit }, { outDir: exported, idMasking: 'full' });
  townRows = await checkHouseholds(town.archive.db, audit, {});
  await town.archive.close();
  report = await inspectPath(exported, { today: TODAY, seed: '2026年第四季度抽查', outDir: path.join(dir, 'report') });
});

afterAll(async () => {
  await town?.archive.close().catch(() => undefined);
});

describe('sampling', () => {
  it('rounds 30% up, in integers', () => {
    expect([0, 1, 3, 4, 10, 11, 100].map((n) => sampleSize(n))).toEqual([0, 1, 1, 2, 3, 4, 30]);
  });

  it('draws at least 30% of the newly confirmed 低保/特困/低收入 households, and the same sample for the same seed', async () => {
    expect(report.rule).toMatchObject({ percent: 30, population: 3, size: 1, seed: '2026年第四季度抽查', seedGenerated: false, since: '2025-11-23', today: TODAY });
    const sampled = report.households.filter((h) => h.sampled).map((h) => h.name);
    expect(sampled).toHaveLength(1);
    for (const name of sampled) expect(NEWLY_CONFIRMED).toContain(name);
    expect(report.households.filter((h) => h.newlyConfirmed).map((h) => h.name).sort()).toEqual([...NEWLY_CONFIRMED].sort());
    // Exited after its confirmation: still inspected for its findings, never drawn for a visit.
    expect(report.households.find((h) => h.name === '吴志强')).toMatchObject({ exited: true, newlyConfirmed: false, sampled: false });
    const again = await inspectPath(exported, { today: TODAY, seed: '2026年第四季度抽查' });
    expect(again.sample).toEqual(report.sample);
    expect(again.files).toBeNull();
  });

  it('makes a seed when none is given, records it, and that seed repeats the draw', async () => {
    const fresh = await inspectPath(exported, { today: TODAY });
    expect(fresh.rule.seedGenerated).toBe(true);
    expect(fresh.rule.seed).toMatch(/^[0-9a-f]{16}$/);
    const repeated = await inspectPath(exported, { today: TODAY, seed: fresh.rule.seed });
    expect(repeated.sample).toEqual(fresh.sample);
  });

  it('shuffles reproducibly: a seed fixes the whole order', () => {
    const population = Array.from({ length: 50 }, (_, i) => i);
    expect(drawSample(population, 15, 'x')).toEqual(drawSample(population, 15, 'x'));
    expect(new Set(drawSample(population, 15, 'x')).size).toBe(15);
  });
});

describe('findings', () => {
  it('judges every household again from its package and matches the town’s check answers', () => {
    expect(report.packages).toBe(6);
    expect(report.packagesOk).toBe(6);
    for (const row of townRows) {
      const household = report.households.find((h) => h.name === row.name);
      const kase = household?.cases.find((c) => c.assistance === row.assistance);
      expect(kase).toMatchObject({ status: row.status, recordedStatus: row.status, missing: row.missing, unconfirmed: row.unconfirmed });
      const findings = household?.findings.filter((f) => f.assistance === row.assistance) ?? [];
      expect(findings.filter((f) => f.kind === '缺件').map((f) => f.item)).toEqual(row.missing);
      expect(findings.filter((f) => f.kind === '待确认').map((f) => f.item)).toEqual(row.unconfirmed);
      expect(findings.some((f) => f.kind === '结果不一致')).toBe(false);
    }
    expect(report.households.find((h) => h.name === '王桂兰')?.findings).toEqual([]);
  });

  it('summarises per town and per village', () => {
    expect(report.towns).toEqual([expect.objectContaining({ town: '城南镇', village: null, households: 6, cases: 7, newlyConfirmed: 3, sampled: 1 })]);
    expect(report.villages.map((v) => [v.village, v.households, v.cases])).toEqual([['东风村', 3, 3], ['红旗村', 3, 4]]);
  });

  it('reports a damaged package as a 完整性 finding and counts it', async () => {
    const copy = path.join(dir, 'damaged');
    fs.cpSync(exported, copy, { recursive: true });
    const pkg = fs.readdirSync(copy).find((n) => n.includes('孙秀英')) ?? '';
    fs.appendFileSync(path.join(copy, pkg, 'data', 'volumes', '01_特困.pdf'), 'x');
    const damaged = await inspectPath(copy, { today: TODAY, seed: 's' });
    const household = damaged.households.find((h) => h.name === '孙秀英');
    expect(household?.fixityOk).toBe(false);
    expect(household?.findings).toContainEqual(expect.objectContaining({ kind: '完整性', item: 'data/volumes/01_特困.pdf' }));
    expect(damaged.villages.find((v) => v.village === '红旗村')?.fixityProblems).toBe(1);
  });
});

describe('report files', () => {
  it('prints the rule, seed, sample and findings by item name in the PDF', () => {
    const text = execFileSync('pdftotext', ['-layout', report.files?.pdf ?? '', '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    expect(text).toContain('社会救助档案抽查报告');
    expect(text).toContain('2026年第四季度抽查');
    expect(text).toContain('不低于30%');
    // The notice by name and the share drawn; the algorithm is for the JSON, not the paper.
    expect(text).toContain('《天津市社会救助审核确认权限下放改革工作的意见》');
    expect(text).toContain(`抽取${report.rule.size}户，占${drawnShare(report.rule)}`);
    expect(text).toContain('抽查编号：2026年第四季度抽查');
    expect(text).not.toMatch(/sfc32|Fisher|种子/);
    for (const s of report.sample) expect(text).toContain(s.name);
    for (const row of townRows) for (const item of row.missing) expect(text).toContain(item.replace(/\s+/g, '').slice(0, 10));
  });

  it('holds the same findings, sample and seed in the XLSX', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(report.files?.xlsx ?? '');
    const rows = (name: string) => (book.getWorksheet(name)?.getSheetValues() ?? []).slice(2).map((r) => (r as unknown[]).slice(1).map(String));
    const findings = rows('核查发现');
    for (const row of townRows) {
      for (const item of row.missing) expect(findings.some((f) => f[2] === row.name && f[6] === '缺件' && f[7] === item)).toBe(true);
    }
    expect(rows('抽查名单').map((r) => r[3])).toEqual(report.sample.map((s) => s.name));
    expect(rows('抽查规则').find((r) => r[0] === '抽查编号')?.[1]).toBe('2026年第四季度抽查');
    expect(rows('汇总').map((r) => r[1])).toEqual(['（全镇街）', '东风村', '红旗村']);
  });

  it('masks ID numbers in the report unless asked for full ones', () => {
    expect(report.households.every((h) => /^\d{6}\*{8}/.test(h.household))).toBe(true);
  });
});
