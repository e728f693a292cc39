import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CheckRow, HudangApi } from '../api/contract';
import { openArchive, type Archive } from '../archive';
import { caseItems, type Pack } from '../domain/checklist';
import { makeIdNumber } from '../domain/idNumber';
import { createService } from '../service';
import { householdIdOf } from '../testing/archives';
import { judgedFromScratch as fresh } from '../testing/checks';
import { householdCells, rosterCsv, syntheticHouseholds, tempDir, writeCsv } from '../testing/fixtures';
import { resourcesDir } from '../support/paths';
import { judgedChunks, markAllStale } from './caseCheckCache';
import { loadBuiltinPacks } from './packs';

/**
 * The remembered per-case answers must always equal a fresh judgement: after
 * each kind of change a clerk (or a direct edit) can make, `check` and the
 * dashboard are compared with the engines run from scratch.
 */

const ids = [1, 2, 3, 4].map((n) => makeIdNumber('120116', `1960010${n}`, n));
const header = ['镇(街道)', '村(社区)', '户主姓名', '身份证号', '救助类型', '保障人口'];

let archive: Archive;
let api: HudangApi;
let pack: Pack;
let dir: string;
const now = () => new Date();

/** What `check` answered before answers were remembered: every case judged from the data. */
const judgedFromScratch = () => fresh(archive.db, now);

async function expectSameAsFresh(): Promise<CheckRow[]> {
  const remembered = await api.checkHouseholds({ includeExited: true });
  expect(remembered).toEqual(await judgedFromScratch());
  const stale = await archive.db.selectFrom('caseCheckStale').select('householdId').execute();
  expect(stale).toEqual([]);
  return remembered;
}

const statusOf = (rows: CheckRow[], idNumber: string) => rows.filter((r) => r.household === idNumber).map((r) => r.status);

beforeAll(async () => {
  dir = tempDir();
  [pack] = (await loadBuiltinPacks(resourcesDir())) as [Pack];
  archive = await openArchive(path.join(dir, 'archive'));
  api = createService({ archive, actor: '经办人:张' });
  const rows = [
    ['城南镇', '红旗村', '王桂兰', ids[0], '低保', '2'],
    ['城南镇', '红旗村', '李建国', ids[1], '低保、临时救助', '3'],
    ['城南镇', '东风村', '赵德胜', ids[2], '特困', '1'],
    ['城北镇', '向阳社区', '孙秀英', ids[3], '刚性支出', '4'],
  ] as string[][];
  await api.importRoster({ path: writeCsv(path.join(dir, 'r.csv'), rosterCsv(rows, header)) });
});

describe('remembered completeness answers', () => {
  it('equal a fresh judgement after every kind of change', async () => {
    const first = await expectSameAsFresh();
    expect(first).toHaveLength(5);
    const wang = await householdIdOf(api, ids[0] as string);
    const allFalse = Object.fromEntries(Object.keys(pack.facts).map((k) => [k, false]));

    await api.updateHousehold({ id: wang, facts: allFalse });
    await expectSameAsFresh();

    const filed: number[] = [];
    for (const item of caseItems(pack, '低保').filter((i) => i.rule.kind === 'required')) {
      filed.push((await api.fileDocument({ householdId: wang, itemCode: item.code })).id);
    }
    expect(statusOf(await expectSameAsFresh(), ids[0] as string)).toEqual(['齐全']);

    const detail = await api.getHousehold({ id: wang });
    const caseId = detail?.cases[0]?.id ?? -1;
    await api.updateCase({ id: caseId, dates: { confirmedOn: '2024-01-10', lastReviewOn: '2024-02-01' } });
    const reviewed = await expectSameAsFresh();
    expect(reviewed.find((r) => r.household === ids[0])?.nextReview).toBe('2025-02-01');
    expect((await api.dashboard({})).overdue).toBeGreaterThanOrEqual(1);

    // A document taken off its item (directly in the database) makes the file incomplete again.
    await archive.db.updateTable('document').set({ checklistItemCode: null }).where('id', '=', filed[0] as number).execute();
    expect(statusOf(await expectSameAsFresh(), ids[0] as string)).toEqual(['缺件']);

    // Moved to another household: both households are judged again.
    const li = await householdIdOf(api, ids[1] as string);
    await archive.db.updateTable('document').set({ householdId: li }).where('id', '=', filed[1] as number).execute();
    await expectSameAsFresh();

    // Regions renamed and a household moved to the other town.
    await archive.db.updateTable('region').set({ name: '红星村' }).where('name', '=', '红旗村').execute();
    const renamed = await expectSameAsFresh();
    expect(renamed.filter((r) => r.village === '红星村')).toHaveLength(3);
    const xiangyang = await archive.db.selectFrom('region').select('id').where('name', '=', '向阳社区').executeTakeFirstOrThrow();
    await archive.db.updateTable('household').set({ villageId: xiangyang.id }).where('id', '=', wang).execute();
    await expectSameAsFresh();

    // The household leaves the rolls: its closed case has no review due any more.
    await api.exitHousehold({ householdId: wang, exitedOn: '2025-01-15', reason: '收入超标' });
    expect((await expectSameAsFresh()).find((r) => r.household === ids[0])?.nextReview).toBeNull();
  });

  it('counts the dashboard from the remembered answers, household by its worst case, households 在册 only as check lists them', async () => {
    const rows = await api.checkHouseholds({});
    const dashboard = await api.dashboard({});
    const byVillage = new Map<string, { households: Set<string>; missing: Set<string> }>();
    for (const r of rows) {
      const v = byVillage.get(r.village) ?? { households: new Set(), missing: new Set() };
      v.households.add(r.household);
      if (r.status === '缺件') v.missing.add(r.household);
      byVillage.set(r.village, v);
    }
    expect(dashboard.villages.map((v) => [v.village, v.households, v.missing])).toEqual(
      [...byVillage.entries()].map(([village, v]) => [village, v.households.size, v.missing.size]).sort((a, b) => String(a[0]).localeCompare(String(b[0]), 'zh')),
    );
  });

  it('answers the same when the workbench asks for several things at once while everything is stale', async () => {
    await markAllStale(archive.db);
    const [rows, , again] = await Promise.all([api.checkHouseholds({ includeExited: true }), api.dashboard({}), api.checkHouseholds({ includeExited: true })]);
    const fresh = await judgedFromScratch();
    expect(rows).toEqual(fresh);
    expect(again).toEqual(fresh);
  });

  it('judges a district-sized backlog on a worker thread with the same answers', async () => {
    // 2,500 more households on the roll, so a refresh of everything is more than two chunks.
    const many = syntheticHouseholds(2500, ['幸福社区', '光明村'], 3).map(householdCells);
    expect((await api.importRoster({ path: writeCsv(path.join(dir, 'many.csv'), rosterCsv(many)) })).created).toBe(2500);
    await markAllStale(archive.db);
    const before = judgedChunks().worker;
    await expectSameAsFresh();
    expect(judgedChunks().worker).toBeGreaterThan(before);
  }, 120_000);

  it('judges everything again after a new engine version, and never reuses a mark', async () => {
    await archive.db.updateTable('caseCheck').set({ status: '齐全', missing: '[]' }).execute();
    await archive.db.updateTable('caseCheckMeta').set({ value: 'an older engine' }).execute();
    await expectSameAsFresh();

    // A household marked again while it was being judged gets a new seq, so the refresh that read the old one leaves it stale.
    const mark = async () => {
      // Any change to the household marks it, through the database's own trigger.
      await archive.db.updateTable('household').set({ updatedAt: new Date().toISOString() }).where('id', '=', 1).execute();
      return (await archive.db.selectFrom('caseCheckStale').select('seq').where('householdId', '=', 1).executeTakeFirstOrThrow()).seq;
    };
    const read = await mark();
    const again = await mark();
    expect(again).toBeGreaterThan(read);
    await archive.db.deleteFrom('caseCheckStale').where('seq', '=', again).execute();
    await mark();
    expect(await mark()).toBeGreaterThan(again);
    await expectSameAsFresh();
  });
});
