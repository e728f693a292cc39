import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckRow, HudangApi } from '../api/contract';
import { openArchive, type Archive } from '../archive';
import { makeIdNumber } from '../domain/idNumber';
import { parseMetadata } from '../export/metadataSchema';
import { createService } from '../service';
import { householdIdOf } from '../testing/archives';
import { rosterCsv, tempDir, writeCsv } from '../testing/fixtures';
import { inspectPath } from './inspectPath';

/**
 * A case's recorded steps travel in the package, and the inspector, with no
 * town database, judges them as `check` does: an 急难 临时救助 of 3000元 and a
 * 低保 whose 公示 drew objections, reviewed with no record filed. Packages made
 * before the steps existed still parse, as unrecorded steps.
 */

const ids = { temp: makeIdNumber('120116', '19700405', 41), dibao: makeIdNumber('120116', '19650921', 42) };
const TODAY = '2026-06-01';
const REPORT = '乡镇(街道)临时救助工作请示、报告(3000元以上)';
const DELIBERATION = '最低生活保障申请人家庭经济状况民主评议会记录';

let dir: string;
let archive: Archive;
let api: HudangApi;

async function caseOf(idNumber: string): Promise<number> {
  return (await api.getHousehold({ id: await householdIdOf(api, idNumber) }))?.cases[0]?.id ?? -1;
}

beforeAll(async () => {
  dir = tempDir('hudang-inspect-steps-');
  archive = await openArchive(path.join(dir, 'archive'));
  api = createService({ archive, actor: '经办人:测试', now: () => new Date(`${TODAY}T02:00:00Z`) });
  await api.updateSettings({ district: '河西区', town: '城南镇' });
  await api.importRoster({ path: writeCsv(path.join(dir, 'r.csv'), rosterCsv([['红旗村', '孙秀英', ids.temp, '临时救助', '1'], ['红旗村', '周长海', ids.dibao, '低保', '2']])) });
  // 先行救助 on 2026-05-06 and no investigation recorded: its 15th working day after falls in May, so on 06-01 the 补齐 is late.
  await api.updateCase({ id: await caseOf(ids.temp), dates: { appliedOn: '2026-05-06', acceptedOn: '2026-05-06', confirmedOn: '2026-05-06' }, amount: 3000, emergency: true });
  await api.updateCase({
    id: await caseOf(ids.dibao),
    dates: { appliedOn: '2025-03-01', acceptedOn: '2025-03-03', verifiedOn: '2025-03-05', investigatedOn: '2025-03-10', publicityStart: '2025-03-11', publicityEnd: '2025-03-17', confirmedOn: '2025-03-20', lastReviewOn: '2026-03-10' },
    publicityObjections: true,
    outcome: '确认',
  });
});
afterAll(() => archive.close());

describe('case steps in an export, judged by the inspector', () => {
  it('the package carries the steps, and the inspector finds what check finds, with no 结果不一致', async () => {
    const checked = await api.checkHouseholds({});
    const temp = checked.find((r) => r.household === ids.temp) as CheckRow;
    const dibao = checked.find((r) => r.household === ids.dibao) as CheckRow;
    expect(temp.missing).toContain(REPORT);
    expect(temp.timeline.find((t) => t.check.startsWith('急难型先行救助补齐'))).toMatchObject({ ok: false, detail: expect.stringContaining('已超过补齐时限') });
    expect(dibao.missing).toContain(DELIBERATION);
    expect(dibao.timeline.find((t) => t.check.startsWith('定期核查材料'))?.ok).toBe(false);

    const out = path.join(dir, 'out');
    await api.exportPackages({ outDir: out, idMasking: 'full' });
    const report = await inspectPath(out, { today: TODAY, seed: 's' });
    for (const household of report.households) expect(household.findings.map((f) => f.kind)).not.toContain('结果不一致');
    const findings = report.households.flatMap((h) => h.findings);
    expect(findings).toContainEqual(expect.objectContaining({ kind: '缺件', item: REPORT }));
    expect(findings).toContainEqual(expect.objectContaining({ kind: '缺件', item: DELIBERATION }));
    expect(findings).toContainEqual(expect.objectContaining({ kind: '时间不符', item: expect.stringContaining('急难型先行救助补齐') }));
    expect(findings).toContainEqual(expect.objectContaining({ kind: '时间不符', item: expect.stringContaining('定期核查材料') }));
  });

  it('a package made before the steps existed still parses: every step unrecorded', async () => {
    const out = path.join(dir, 'out');
    const bag = fs.readdirSync(out).find((f) => !f.endsWith('.xlsx') && fs.readFileSync(path.join(out, f, 'data', 'metadata.json'), 'utf8').includes(ids.temp)) ?? '';
    const json = JSON.parse(fs.readFileSync(path.join(out, bag, 'data', 'metadata.json'), 'utf8')) as { cases: Record<string, unknown>[] };
    expect(json.cases[0]).toMatchObject({ amount: 3000, emergency: true, verifiedOn: null, outcome: null });
    for (const c of json.cases) for (const key of ['verifiedOn', 'amount', 'emergency', 'deliberationHeld', 'publicityObjections', 'outcome']) delete c[key];
    const parsed = parseMetadata(JSON.stringify(json));
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.metadata.cases[0]).toMatchObject({ verifiedOn: null, amount: null, emergency: false, deliberationHeld: null, publicityObjections: null, outcome: null });
  });
});
