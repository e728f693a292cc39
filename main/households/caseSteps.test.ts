import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseUpdate, HudangApi } from '../api/contract';
import { dispatch } from '../api/dispatch';
import { openArchive, type Archive } from '../archive';
import { makeIdNumber } from '../domain/idNumber';
import { createService } from '../service';
import { householdIdOf } from '../testing/archives';
import { rosterCsv, tempDir, writeCsv } from '../testing/fixtures';

/** updateCase with the case steps: recorded, audited, read back; bad input refused in Chinese with nothing changed. */

const ids = { temp: makeIdNumber('120116', '19700405', 61), dibao: makeIdNumber('120116', '19650921', 62) };

let archive: Archive;
let api: HudangApi;
let tempCase: number;
let dibaoCase: number;

const caseOf = async (idNumber: string) => (await api.getHousehold({ id: await householdIdOf(api, idNumber) }))?.cases[0];

beforeAll(async () => {
  const dir = tempDir('hudang-case-steps-');
  archive = await openArchive(path.join(dir, 'archive'));
  api = createService({ archive, actor: '经办人:测试' });
  await api.importRoster({ path: writeCsv(path.join(dir, 'r.csv'), rosterCsv([['红旗村', '孙秀英', ids.temp, '临时救助', '1'], ['红旗村', '周长海', ids.dibao, '低保', '2']])) });
  tempCase = (await caseOf(ids.temp))?.id ?? -1;
  dibaoCase = (await caseOf(ids.dibao))?.id ?? -1;
});
afterAll(() => archive.close());

describe('updateCase with the case steps', () => {
  it('records them, reads them back and audits the change', async () => {
    await api.updateCase({ id: tempCase, dates: { verifiedOn: '2026-03-04' }, amount: 3000, emergency: true, publicityObjections: false, deliberationHeld: null, outcome: '确认' });
    expect(await caseOf(ids.temp)).toMatchObject({ verifiedOn: '2026-03-04', amount: 3000, emergency: true, publicityObjections: false, deliberationHeld: null, outcome: '确认' });
    const [entry] = await api.listAudit({ limit: 1, entity: 'case', entityId: String(tempCase) });
    expect(entry?.action).toBe('case.update');
  });

  it('a new case has every step unrecorded', async () => {
    expect(await caseOf(ids.dibao)).toMatchObject({ verifiedOn: null, amount: null, emergency: false, publicityObjections: null, deliberationHeld: null, outcome: null });
  });

  const bad: [string, () => CaseUpdate, string][] = [
    ['a negative amount', () => ({ id: tempCase, amount: -1, dates: { acceptedOn: '2026-03-01' } }), '救助金额“-1”无效'],
    ['an amount that is not a number', () => ({ id: tempCase, amount: Number.NaN }), '救助金额“NaN”无效'],
    ['an amount on a 低保 case', () => ({ id: dibaoCase, amount: 500 }), '救助金额只登记在临时救助案卷上'],
    ['急难 on a 低保 case', () => ({ id: dibaoCase, emergency: true }), '急难型先行救助只适用于临时救助案卷'],
    ['a 核对日期 that does not exist', () => ({ id: tempCase, dates: { verifiedOn: '2026-02-30' }, amount: 10 }), '核对日期'],
    ['an unknown outcome', () => ({ id: tempCase, outcome: '驳回' as CaseUpdate['outcome'] }), '应为“确认”或“不予确认”'],
  ];
  it.each(bad)('refuses %s in Chinese and changes nothing', async (_label, update, message) => {
    const before = [await caseOf(ids.temp), await caseOf(ids.dibao)];
    await expect(api.updateCase(update())).rejects.toThrow(message);
    expect([await caseOf(ids.temp), await caseOf(ids.dibao)]).toEqual(before);
  });

  it('the browser host and IPC refuse a negative amount before the service', async () => {
    await expect(dispatch(api, 'updateCase', { id: tempCase, amount: -5 })).rejects.toThrow('金额不能为负数');
  });
});
