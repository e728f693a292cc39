import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HudangApi } from '../api/contract';
import { openArchive, type Archive } from '../archive';
import { coveredYears } from '../domain/checklist';
import { makeIdNumber } from '../domain/idNumber';
import { packageDirs } from '../export/verify';
import { createService } from '../service';
import { householdIdOf } from '../testing/archives';
import { rosterCsv, tempDir, writeCsv } from '../testing/fixtures';
import { inspectPath } from './inspectPath';

/**
 * Export and inspect with an imported holiday table: the table travels in
 * each package's metadata.json, and the inspector, with no town database,
 * counts working days by it exactly as the town did. Without it both say 待确认.
 */

const YEAR = (coveredYears().at(-1) ?? 2026) + 1;
const d = (md: string) => `${YEAR}-${md}`;
const NOTICE = ['日期,类型', `${d('01-01')},休`, ...['02-08', '02-09', '02-10', '02-11', '02-12'].map((md) => `${d(md)},休`), `${d('02-13')},班`].join('\n');
const id = makeIdNumber('120116', '19600101', 2);

let dir: string;
let archive: Archive;
let api: HudangApi;

const metadataOf = (out: string) => JSON.parse(fs.readFileSync(path.join(out, fs.readdirSync(out).find((f) => !f.endsWith('.xlsx')) ?? '', 'data', 'metadata.json'), 'utf8')) as { holidays?: unknown; checklist: { rows: { timeline: { check: string; ok: boolean | null }[] }[] } };
const LIMIT = '调查核实时限：受理后15个工作日内';

async function exportAndInspect(name: string) {
  const out = path.join(dir, name);
  await api.exportPackages({ outDir: out, idMasking: 'full' });
  expect(await packageDirs(out)).toHaveLength(1);
  const report = await inspectPath(out, { today: d('06-01'), seed: 's' });
  return { out, report, household: report.households[0] };
}

beforeAll(async () => {
  dir = tempDir('hudang-inspect-holidays-');
  archive = await openArchive(path.join(dir, 'archive'));
  api = createService({ archive, actor: '管理员:测试', now: () => new Date(`${d('06-01')}T02:00:00Z`) });
  await api.updateSettings({ district: '河西区', town: '城南镇' });
  await api.importRoster({ path: writeCsv(path.join(dir, 'r.csv'), rosterCsv([['红旗村', '李建国', id, '低保', '3']])) });
  const householdId = await householdIdOf(api, id);
  const caseId = (await api.getHousehold({ id: householdId }))?.cases[0]?.id ?? -1;
  // Fri 01-29 受理; with 春节 week off and Sat 02-13 worked, the 15th working day is Thu 02-25: 02-26 is one day late.
  await api.updateCase({ id: caseId, dates: { appliedOn: d('01-28'), acceptedOn: d('01-29'), investigatedOn: d('02-26') } });
});
afterAll(() => archive.close());

describe('the inspector judges by the calendar the package carries', () => {
  it('without an imported table: no holidays in the package, and the limit is 待确认 on both sides', async () => {
    const { out, household } = await exportAndInspect('before');
    const metadata = metadataOf(out);
    expect(metadata.holidays).toBeUndefined();
    expect(metadata.checklist.rows[0]?.timeline.find((t) => t.check === LIMIT)?.ok).toBeNull();
    expect(household?.findings).toContainEqual(expect.objectContaining({ kind: '待确认', item: LIMIT, detail: expect.stringContaining(`${YEAR}年的法定节假日安排尚未导入`) }));
    expect(household?.findings.map((f) => f.kind)).not.toContain('时间不符');
    expect(household?.findings.map((f) => f.kind)).not.toContain('结果不一致');
  });

  it('with the table imported: it travels in metadata.json and the inspector finds the same lateness as the town', async () => {
    await api.importHolidays({ name: 'notice.csv', contentBase64: Buffer.from(NOTICE).toString('base64') });
    const { out, household } = await exportAndInspect('after');
    const metadata = metadataOf(out);
    expect(metadata.holidays).toEqual(expect.arrayContaining([{ date: d('02-13'), kind: '班' }, { date: d('02-08'), kind: '休' }]));
    expect(metadata.holidays).toHaveLength(7);
    expect(metadata.checklist.rows[0]?.timeline.find((t) => t.check === LIMIT)?.ok).toBe(false);
    expect(household?.findings).toContainEqual(expect.objectContaining({ kind: '时间不符', item: LIMIT, detail: expect.stringContaining(`后第 15 个工作日为 ${d('02-25')}`) }));
    expect(household?.cases[0]?.timelineProblems.map((t) => t.check)).toEqual([LIMIT]);
    expect(household?.findings.map((f) => f.kind)).not.toContain('结果不一致');
  });
});
