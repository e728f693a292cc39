import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { HudangApi } from '../api/contract';
import { openArchive, type Archive } from '../archive';
import { makeIdNumber } from '../domain/idNumber';
import { createService } from '../service';
import { householdIdOf } from '../testing/archives';
import { rosterCsv, tempDir, writeCsv } from '../testing/fixtures';

/** On a real archive: 特困's 劳动能力证明 is not demanded of an 86-year-old (by the 户主身份证号), and still is of a 40-year-old. */

const LABOUR = '劳动能力证明(残疾证、病志等)';
const ids = { old: makeIdNumber('120116', '19390303', 1), younger: makeIdNumber('120116', '19850101', 2) };

let archive: Archive;
let api: HudangApi;

beforeAll(async () => {
  const dir = tempDir('hudang-age-');
  archive = await openArchive(path.join(dir, 'archive'));
  api = createService({ archive, actor: '经办人:张' });
  await api.importRoster({ path: writeCsv(path.join(dir, 'r.csv'), rosterCsv([['东风村', '赵德胜', ids.old, '特困', '1', '集中供养'], ['东风村', '钱玉兰', ids.younger, '特困', '1', '集中供养']], ['村(社区)', '户主姓名', '身份证号', '救助类型', '保障人口', '供养方式'])) });
  for (const id of [ids.old, ids.younger]) {
    const householdId = await householdIdOf(api, id);
    await api.updateHousehold({ id: householdId, facts: { disabledOrUnableToWork: true } });
    const caseId = (await api.getHousehold({ id: householdId }))?.cases[0]?.id ?? -1;
    await api.updateCase({ id: caseId, dates: { appliedOn: '2025-06-10' } });
  }
});
afterAll(() => archive.close());

it('check and the checklist follow the age in the ID', async () => {
  const rows = await api.checkHouseholds({});
  expect(rows.find((r) => r.household === ids.old)?.missing).not.toContain(LABOUR);
  expect(rows.find((r) => r.household === ids.younger)?.missing).toContain(LABOUR);
  const [checklist] = await api.getChecklist({ householdId: await householdIdOf(api, ids.old) });
  expect(checklist?.items.find((i) => i.name === LABOUR)).toMatchObject({ status: '不适用', reason: '按身份证号，申请人于申请日期 2025-06-10 时 86 周岁（60周岁以上），无需提供' });
});
