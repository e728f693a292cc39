import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HudangApi } from '../api/contract';
import { openArchive, type Archive } from '../archive';
import { caseItems, type Pack } from '../domain/checklist';
import { makeIdNumber } from '../domain/idNumber';
import { createService } from '../service';
import { householdIdOf } from '../testing/archives';
import { judgedFromScratch } from '../testing/checks';
import { rosterCsv, tempDir, writeCsv } from '../testing/fixtures';
import { resourcesDir } from '../support/paths';
import { loadBuiltinPacks } from './packs';

/**
 * An 急难 临时救助 with every document on file and no investigation yet: its
 * 补齐 is 待确认 until the 15th working day after the 先行救助, and late after
 * it. The answer remembered on the first day settles on the later one without
 * judging again, and equals a fresh judgement on both days.
 */

const id = makeIdNumber('120116', '19700405', 51);
const CATCH_UP = '急难型先行救助补齐';
// 2026-03-02 is a Monday and March 2026 has no holidays: the 15th working day after it is 2026-03-23.
let today = '2026-03-10';
const now = () => new Date(`${today}T04:00:00Z`);

let archive: Archive;
let api: HudangApi;

beforeAll(async () => {
  const dir = tempDir('hudang-emergency-');
  const [pack] = (await loadBuiltinPacks(resourcesDir())) as [Pack];
  archive = await openArchive(path.join(dir, 'archive'));
  api = createService({ archive, actor: '经办人:测试', now });
  await api.importRoster({ path: writeCsv(path.join(dir, 'r.csv'), rosterCsv([['红旗村', '孙秀英', id, '临时救助', '1']])) });
  const householdId = await householdIdOf(api, id);
  await api.updateHousehold({ id: householdId, facts: Object.fromEntries(Object.keys(pack.facts).map((k) => [k, false])) });
  for (const item of caseItems(pack, '临时救助').filter((i) => i.rule.kind === 'required')) await api.fileDocument({ householdId, itemCode: item.code });
  const caseId = (await api.getHousehold({ id: householdId }))?.cases[0]?.id ?? -1;
  await api.updateCase({ id: caseId, dates: { appliedOn: '2026-03-02', acceptedOn: '2026-03-02', confirmedOn: '2026-03-02' }, amount: 1200, emergency: true });
}, 60_000);
afterAll(() => archive.close());

describe('an 急难 case before and after its 补齐 is due', () => {
  it.each([
    ['2026-03-10', null, '待确认', '应于该日前补齐'],
    ['2026-03-23', null, '待确认', '2026-03-23'],
    ['2026-03-24', false, '齐全', '已超过补齐时限'],
  ] as const)('on %s the 补齐 is ok=%s and the case %s', async (day, ok, status, detail) => {
    today = day;
    const [row] = await api.checkHouseholds({});
    expect(row?.timeline.find((t) => t.check.startsWith(CATCH_UP))).toEqual({ check: expect.any(String), ok, detail: expect.stringContaining(detail) });
    expect(row?.status).toBe(status);
    expect(row?.missing).toEqual([]);
    expect(await api.checkHouseholds({})).toEqual(await judgedFromScratch(archive.db, now));
  });
});
