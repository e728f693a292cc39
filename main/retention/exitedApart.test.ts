import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HudangApi } from '../api/contract';
import { openArchive, type Archive } from '../archive';
import { makeIdNumber } from '../domain/idNumber';
import { rectificationData } from '../print/rectificationData';
import { createService } from '../service';
import { householdIdOf } from '../testing/archives';
import { rosterCsv, tempDir, writeCsv } from '../testing/fixtures';

/**
 * Exited households kept apart everywhere, on a real archive, at 23:30 UTC
 * (already the next day in Beijing): `check` and the 整改清单 leave the exited
 * file out unless asked, the 工作台 counts households 在册 only, and the
 * exit dated "today" in Beijing stands and closes the case today.
 */

const NOW = new Date('2026-12-04T23:30:00Z');
const BEIJING_TODAY = '2026-12-05';
const ids = { live: makeIdNumber('120116', '19560312', 1), exited: makeIdNumber('120116', '19600101', 2), other: makeIdNumber('120116', '19700707', 3) };

let archive: Archive;
let api: HudangApi;

beforeAll(async () => {
  const dir = tempDir('hudang-exited-apart-');
  archive = await openArchive(path.join(dir, 'archive'));
  api = createService({ archive, actor: '经办人:张', now: () => NOW });
  await api.importRoster({
    path: writeCsv(path.join(dir, 'r.csv'), rosterCsv([['红旗村', '王桂兰', ids.live, '低保', '2'], ['红旗村', '李建国', ids.exited, '低保', '3'], ['东风村', '赵德胜', ids.other, '低保', '1']])),
  });
  const exited = await householdIdOf(api, ids.exited);
  const caseId = (await api.getHousehold({ id: exited }))?.cases[0]?.id ?? -1;
  await api.updateCase({ id: caseId, dates: { appliedOn: '2025-03-01', acceptedOn: '2025-03-03', confirmedOn: '2025-04-01', lastReviewOn: '2026-04-01' } });
  // Today in Beijing, though the UTC date is still 12-04: allowed, not "after today".
  await api.exitHousehold({ householdId: exited, exitedOn: BEIJING_TODAY, reason: '收入超标' });
});
afterAll(() => archive.close());

describe('check', () => {
  it('leaves the exited file out by default', async () => {
    const rows = await api.checkHouseholds({});
    expect(rows.map((r) => r.household).sort()).toEqual([ids.live, ids.other].sort());
    for (const row of rows) expect(row).not.toHaveProperty('exited');
  });

  it('includes it when asked, marked exited with its 保管期满, closed today in Beijing', async () => {
    const rows = await api.checkHouseholds({ includeExited: true });
    expect(rows).toHaveLength(3);
    const exited = rows.find((r) => r.household === ids.exited);
    // 30 years from 1 January after the exit.
    expect(exited).toMatchObject({ exited: true, retentionUntil: '2056-12-31', nextReview: null });
    expect(rows.filter((r) => r.exited).map((r) => r.household)).toEqual([ids.exited]);
  });

  it('still answers for the exited household when it is named', async () => {
    const rows = await api.checkHouseholds({ householdId: await householdIdOf(api, ids.exited) });
    expect(rows).toEqual([expect.objectContaining({ household: ids.exited, exited: true })]);
  });
});

describe('the 工作台 and the 整改清单', () => {
  it('count households 在册 only', async () => {
    const dashboard = await api.dashboard({});
    expect(dashboard.villages.map((v) => [v.village, v.households])).toEqual([
      ['东风村', 1],
      ['红旗村', 1],
    ]);
  });

  it('lists and counts no exited household', async () => {
    const data = await rectificationData(archive.db, { actor: 'test', now: () => NOW }, '红旗村');
    expect(data.households.map((h) => h.idNumber)).toEqual([ids.live]);
    expect(data.totalHouseholds).toBe(1);
    expect(data.date).toBe(BEIJING_TODAY);
  });
});

it('lists the exited file with its 保管期满', async () => {
  expect(await api.listRetention({})).toEqual([expect.objectContaining({ household: ids.exited, exitedOn: BEIJING_TODAY, retentionStart: '2027-01-01', retentionUntil: '2056-12-31' })]);
});
