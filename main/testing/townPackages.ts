import fs from 'node:fs';
import path from 'node:path';
import { openArchive } from '../archive';
import { makeIdNumber } from '../domain/idNumber';
import { buildTownFixture, FIXED_NOW, type FixtureHousehold } from '../export/testFixture';
import { createService } from '../service';
import { rosterCsv, writeCsv } from './fixtures';

/**
 * Two towns' real export packages for the district tests (区级导入, 全区台账):
 * 城南镇, the six-household town fixture with scanned pages; and 杨柳青镇, a
 * small town of its own archive and key, whose 红旗村 shares its name with
 * 城南镇's and which also lists 城南镇's 赵德胜 (a household that moved: the
 * district must refuse it as a conflict). Plus a tampered copy of one
 * 杨柳青镇 package in its own folder. All synthetic.
 */

export const SECOND_TOWN = '杨柳青镇';

export const SECOND_TOWN_HOUSEHOLDS = [
  { village: '红旗村', name: '陈玉珍', birth: '19520315', types: '低保' },
  { village: '新华社区', name: '刘长顺', birth: '19470801', types: '特困' },
] as const;

export interface TownExports {
  /** 城南镇's export folder. */
  first: string;
  /** 杨柳青镇's export folder. */
  second: string;
  /** A copy of 陈玉珍's package with its metadata changed after sealing, alone in a folder. */
  tampered: string;
  firstHouseholds: FixtureHousehold[];
}

/** Builds both towns under `dir` and exports them into `into` (e.g. the 交换文件夹). */
export async function exportTwoTowns(dir: string, into: string): Promise<TownExports> {
  const first = await buildTownFixture(path.join(dir, 'first'));
  const firstOut = path.join(into, '城南镇');
  await first.api.exportPackages({ outDir: firstOut, idMasking: 'full' });
  await first.archive.close();

  const archive = await openArchive(path.join(dir, 'second'));
  try {
    const api = createService({ archive, actor: '经办人:测试', now: FIXED_NOW });
    await api.updateSettings({ district: '河西区', town: SECOND_TOWN, fondsName: '杨柳青镇人民政府', fondsCode: 'J027' });
    const moved = first.households.find((h) => h.key === 'B');
    const rows = [
      ...SECOND_TOWN_HOUSEHOLDS.map((h, i) => [h.village, h.name, makeIdNumber('120111', h.birth, 40 + i), h.types, '1', h.types === '特困' ? '分散供养' : '']),
      ['新华社区', moved?.name ?? '', moved?.idNumber ?? '', '低保', '1', ''],
    ];
    await api.importRoster({ path: writeCsv(path.join(dir, 'second-roster.csv'), rosterCsv(rows, ['村(社区)', '户主姓名', '身份证号', '救助类型', '保障人口', '供养方式'])) });
    for (const h of await api.listHouseholds({})) await api.fileDocument({ householdId: h.id, itemCode: h.assistance.includes('特困') ? 'tekun.02' : 'dibao.02' });
    const secondOut = path.join(into, SECOND_TOWN);
    await api.exportPackages({ outDir: secondOut, idMasking: 'full' });

    const genuine = fs.readdirSync(secondOut).find((name) => name.includes('陈玉珍'));
    if (!genuine) throw new Error('杨柳青镇 export lacks 陈玉珍');
    const tampered = path.join(into, '待核实', genuine);
    fs.cpSync(path.join(secondOut, genuine), tampered, { recursive: true });
    const metadata = path.join(tampered, 'data', 'metadata.json');
    // What someone changing a package by hand does: the household's name in metadata.json, nothing resealed.
    const m = JSON.parse(fs.readFileSync(metadata, 'utf8')) as { household: { headName: string } };
    m.household.headName = '陈玉贞';
    fs.writeFileSync(metadata, `${JSON.stringify(m, null, 2)}\n`);
    return { first: firstOut, second: secondOut, tampered: path.dirname(tampered), firstHouseholds: first.households };
  } finally {
    await archive.close();
  }
}
