import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../archive';
import { makeIdNumber } from '../domain/idNumber';
import { createService } from '../service';
import { runCli } from '../testing/cli';
import { rosterCsv, tempDir, writeCsv } from '../testing/fixtures';
import { householdIdOf, ingestSyntheticScans } from '../testing/archives';

/** The issue-8 commands as a district officer types them: export, verify, import, check, inspect. */

let dir: string;
let town: string;
const ids = [makeIdNumber('120116', '19450512', 51), makeIdNumber('120116', '19500101', 52), makeIdNumber('120116', '19600101', 53)];

beforeAll(async () => {
  dir = tempDir();
  town = path.join(dir, 'town');
  const archive = await openArchive(town);
  const api = createService({ archive, actor: '经办人' });
  await api.updateSettings({ town: '城南镇', fondsName: '城南镇人民政府', fondsCode: 'J012' });
  await api.importRoster({ path: writeCsv(path.join(dir, 'r.csv'), rosterCsv([['红旗村', '王桂兰', ids[0] ?? '', '低保', '2'], ['红旗村', '李建国', ids[1] ?? '', '低保', '1'], ['东风村', '赵德胜', ids[2] ?? '', '特困', '1']])) });
  const pageIds = await ingestSyntheticScans(api, archive, dir, [60, 61, 62].map((seed) => ({ dpi: 72, seed, table: false })));
  for (const [i, id] of ids.entries()) {
    const householdId = await householdIdOf(api, id);
    const [c] = (await api.getHousehold({ id: householdId }))?.cases ?? [];
    await api.updateCase({ id: c?.id ?? 0, dates: { acceptedOn: '2026-03-02', investigatedOn: '2026-03-10', publicityStart: '2026-03-11', publicityEnd: '2026-03-17', confirmedOn: '2026-03-20' } });
    await api.fileDocument({ householdId, itemCode: i < 2 ? 'dibao.02' : 'tekun.02', pageIds: [pageIds[i] ?? 0] });
  }
  await archive.close();
}, 120_000);

describe('export → verify → import → check', () => {
  it('gives the district the same answers the town had', async () => {
    const out = path.join(dir, 'export');
    const exported = await runCli(['--data', town, 'export', '--out', out, '--json']);
    expect(exported.code, exported.stderr).toBe(0);
    expect(JSON.parse(exported.stdout)).toMatchObject({ households: 3, written: 3, failed: 0 });
    const keys = await runCli(['--data', town, 'keys', '--json']);
    const fingerprint = (JSON.parse(keys.stdout) as { own: { fingerprint: string } }).own.fingerprint;
    expect(fingerprint).toMatch(/^[0-9A-F]{4}(-[0-9A-F]{4}){4}$/);
    const verified = await runCli(['--data', town, 'verify', out]);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain(`签名：城南镇，指纹 ${fingerprint}（本档案库的密钥）`);
    const district = path.join(dir, 'district');
    const imported = await runCli(['--data', district, 'import', out, '--json']);
    expect(JSON.parse(imported.stdout)).toMatchObject({ imported: 3, refused: 0 });
    const recorded = await runCli(['--data', district, 'keys']);
    expect(recorded.stdout).toContain('已登记的镇街密钥');
    expect(recorded.stdout).toContain(fingerprint);
    const again = await runCli(['--data', district, 'import', out, '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ imported: 0, unchanged: 3 });
    const townCheck = JSON.parse((await runCli(['--data', town, 'check', '--json'])).stdout);
    const districtCheck = JSON.parse((await runCli(['--data', district, 'check', '--json'])).stdout);
    expect(districtCheck).toEqual(townCheck);
  });

  it('names a flipped byte and refuses to import the damaged package', async () => {
    const out = path.join(dir, 'export2');
    await runCli(['--data', town, 'export', '--out', out, '--village', '东风村']);
    const [pkg] = fs.readdirSync(out).filter((n) => fs.statSync(path.join(out, n)).isDirectory());
    const pagesDir = path.join(out, pkg ?? '', 'data', 'pages');
    const page = fs.readdirSync(pagesDir, { recursive: true }).map(String).find((n) => n.endsWith('.jpg')) ?? '';
    const file = path.join(pagesDir, page);
    const bytes = fs.readFileSync(file);
    bytes[100] = (bytes[100] ?? 0) ^ 1;
    fs.writeFileSync(file, bytes);
    const verified = await runCli(['--data', town, 'verify', out]);
    expect(verified.code).toBe(1);
    expect(verified.stdout).toContain('校验值不符');
    const imported = await runCli(['--data', path.join(dir, 'district2'), 'import', out, '--json']);
    expect(JSON.parse(imported.stdout)).toMatchObject({ imported: 0, refused: 1 });
  });

  it('inspects offline with a reproducible 30% sample', async () => {
    const out = path.join(dir, 'export3');
    await runCli(['--data', town, 'export', '--out', out]);
    const inspect = () => runCli(['--data', path.join(dir, 'laptop'), 'inspect', out, '--seed', '2026-抽查', '--date', '2026-11-23', '--json']);
    const first = JSON.parse((await inspect()).stdout);
    const second = JSON.parse((await inspect()).stdout);
    expect(first.rule).toMatchObject({ population: 3, size: 1, seed: '2026-抽查' });
    expect(first.households.filter((h: { sampled: boolean }) => h.sampled).map((h: { name: string }) => h.name)).toEqual(second.households.filter((h: { sampled: boolean }) => h.sampled).map((h: { name: string }) => h.name));
  });
});
