import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckRow, HudangApi, OverdueRow } from '../api/contract';
import { openArchive, type Archive } from '../archive';
import { caseItems, type Pack } from '../domain/checklist';
import { makeIdNumber } from '../domain/idNumber';
import { createService } from '../service';
import { runCli } from '../testing/cli';
import { rosterCsv, tempDir, writeCsv } from '../testing/fixtures';
import { resourcesDir } from '../support/paths';
import { loadBuiltinPacks } from './packs';
import { householdIdOf } from '../testing/archives';

/** `check` and `overdue` through the real CLI, on an archive a clerk has partly filled. */

const ids = {
  complete: makeIdNumber('120116', '19560312', 1),
  empty: makeIdNumber('120116', '19600101', 2),
  dispersed: makeIdNumber('120116', '19400505', 3),
  twoCases: makeIdNumber('120116', '19700707', 4),
};

let dir: string;
let archive: Archive;
let api: HudangApi;
let pack: Pack;

const isoDaysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

async function caseId(idNumber: string, type: string): Promise<number> {
  const detail = await api.getHousehold({ id: await householdIdOf(api, idNumber) });
  return detail?.cases.find((c) => c.assistance === type)?.id ?? -1;
}

beforeAll(async () => {
  dir = tempDir();
  [pack] = (await loadBuiltinPacks(resourcesDir())) as [Pack];
  archive = await openArchive(path.join(dir, 'archive'));
  api = createService({ archive, actor: '经办人:张' });
  const roster = [
    ['红旗村', '王桂兰', ids.complete, '低保', '2', ''],
    ['红旗村', '李建国', ids.empty, '低保', '3', ''],
    ['东风村', '赵德胜', ids.dispersed, '特困', '1', '分散供养'],
    ['东风村', '孙秀英', ids.twoCases, '低保、临时救助', '4', ''],
  ];
  await api.importRoster({ path: writeCsv(path.join(dir, 'r.csv'), rosterCsv(roster, ['村(社区)', '户主姓名', '身份证号', '救助类型', '保障人口', '供养方式'])) });

  // A complete 低保 file: every fact known and false, every required document filed.
  const complete = await householdIdOf(api, ids.complete);
  const allFalse = Object.fromEntries(Object.keys(pack.facts).map((k) => [k, false]));
  await api.updateHousehold({ id: complete, facts: allFalse });
  for (const item of caseItems(pack, '低保').filter((i) => i.rule.kind === 'required')) {
    await api.fileDocument({ householdId: complete, itemCode: item.code });
  }
  // Reviewed 30 days ago: the review's record is on file too (its new 核对报告 is the one filed today).
  await api.fileDocument({ householdId: complete, itemCode: 'dibao.18' });
  await api.updateCase({
    id: await caseId(ids.complete, '低保'),
    dates: { appliedOn: '2025-09-20', acceptedOn: '2025-09-22', investigatedOn: '2025-10-14', publicityStart: '2025-10-15', publicityEnd: '2025-10-21', confirmedOn: '2025-10-24', lastReviewOn: isoDaysAgo(30) },
  });
  // Dates out of order and a review 13 months ago on the two-case household.
  await api.updateCase({ id: await caseId(ids.twoCases, '低保'), dates: { acceptedOn: '2025-05-10', investigatedOn: '2025-05-02', confirmedOn: '2025-06-01', lastReviewOn: isoDaysAgo(400) } });
});
afterAll(() => archive.close());

async function checkJson(...args: string[]): Promise<CheckRow[]> {
  const r = await runCli(['--data', path.join(dir, 'archive'), 'check', '--json', ...args]);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as CheckRow[];
}

describe('check --json', () => {
  it('returns one row per household and case, with exactly the contract’s fields', async () => {
    const rows = await checkJson();
    expect(rows).toHaveLength(5);
    for (const row of rows) {
      expect(Object.keys(row)).toEqual(['household', 'name', 'village', 'assistance', 'status', 'missing', 'unconfirmed', 'timeline', 'nextReview', 'archiveChecks']);
      for (const point of row.archiveChecks) expect(Object.keys(point)).toEqual(['code', 'name', 'state', 'detail']);
      if (row.assistance === '低保') expect(row.archiveChecks.map((p) => p.code)).toEqual(Array.from({ length: 16 }, (_, i) => `附件7-${i + 1}`));
    }
    expect(rows.filter((r) => r.household === ids.twoCases).map((r) => r.assistance).sort()).toEqual(['临时救助', '低保']);
  });

  it('reports a complete file as 齐全 with nothing missing and the timeline in order', async () => {
    const row = (await checkJson()).find((r) => r.household === ids.complete);
    expect(row).toMatchObject({ name: '王桂兰', village: '红旗村', assistance: '低保', status: '齐全', missing: [], unconfirmed: [] });
    expect(row?.timeline.every((t) => t.ok)).toBe(true);
    expect(row?.timeline.map((t) => t.detail).join('')).toMatch(/受理日期 2025-09-22/);
    expect(row?.nextReview).toBe(new Date(Date.parse(isoDaysAgo(30)) + 0).toISOString().slice(0, 10).replace(/^(\d{4})/, (y) => String(Number(y) + 1)));
  });

  it('names every missing required item by its official name, and never calls an unknown condition missing', async () => {
    const row = (await checkJson()).find((r) => r.household === ids.empty);
    const items = caseItems(pack, '低保');
    expect(row?.status).toBe('缺件');
    expect(row?.missing).toEqual(items.filter((i) => i.rule.kind === 'required').map((i) => i.name));
    // Unknown household facts leave conditional items 待确认 (动态管理记录 is derived from the review date instead).
    const conditional = items.filter((i) => i.rule.kind === 'conditional').map((i) => i.name);
    expect(row?.unconfirmed.length).toBeGreaterThanOrEqual(conditional.length - 1);
    expect(conditional).toEqual(expect.arrayContaining(row?.unconfirmed ?? []));
    expect(row?.missing).toContain('申请家庭户口簿、身份证复印件');
    expect(row?.missing).not.toContain('婚姻状况材料(结婚证、离婚证及协议、法院判决等)');
  });

  it('requires the 分散供养 annex for a 特困 household cared for at home', async () => {
    const row = (await checkJson()).find((r) => r.household === ids.dispersed);
    expect(row?.missing).toEqual(expect.arrayContaining(['委托照料服务协议', '分散供养特困人员探视巡访登记表']));
  });

  it('flags dates out of order, naming the dates used', async () => {
    const row = (await checkJson()).find((r) => r.household === ids.twoCases && r.assistance === '低保');
    const bad = row?.timeline.filter((t) => !t.ok) ?? [];
    expect(bad.length).toBeGreaterThan(0);
    expect(bad.map((t) => t.detail).join('\n')).toMatch(/2025-05-10.*2025-05-02|2025-05-02.*2025-05-10/);
  });

  it('limits the check to one village', async () => {
    const rows = await checkJson('--village', '东风村');
    expect(new Set(rows.map((r) => r.village))).toEqual(new Set(['东风村']));
    expect(rows).toHaveLength(3);
  });

  it('prints a Chinese summary for people', async () => {
    const r = await runCli(['--data', path.join(dir, 'archive'), 'check']);
    expect(r.stdout).toContain('共 4 户、5 个案卷：齐全 1');
    expect(r.stdout).toContain('缺件：铁岭市居民最低生活保障审核确认表');
    expect(r.stdout).not.toContain(ids.empty);
  });
});

describe('overdue', () => {
  it('lists the 低保 case whose yearly review is a month late, and not the one reviewed last month', async () => {
    const r = await runCli(['--data', path.join(dir, 'archive'), 'overdue', '--json']);
    const rows = JSON.parse(r.stdout) as OverdueRow[];
    expect(rows.map((x) => [x.household, x.assistance])).toEqual([[ids.twoCases, '低保']]);
    expect(rows[0]?.daysOverdue).toBeGreaterThanOrEqual(33);
    expect(rows[0]?.daysOverdue).toBeLessThanOrEqual(36);
  });
});

describe('audit of clerk edits', () => {
  it('records facts, case dates and each filed document', async () => {
    const actions = (await api.listAudit({ limit: 1000 })).map((e) => e.action);
    expect(actions.filter((a) => a === 'household.facts')).toHaveLength(1);
    expect(actions.filter((a) => a === 'case.update')).toHaveLength(2);
    expect(actions.filter((a) => a === 'document.file')).toHaveLength(caseItems(pack, '低保').filter((i) => i.rule.kind === 'required').length + 1);
  });
});
