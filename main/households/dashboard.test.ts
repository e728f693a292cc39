import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HudangApi } from '../api/contract';
import { openArchive, type Archive } from '../archive';
import { makeIdNumber } from '../domain/idNumber';
import { createService } from '../service';
import { ROSTER_HEADER, rosterCsv, tempDir, writeCsv } from '../testing/fixtures';

/**
 * The 工作台's per-village counts keep two towns' villages of the same name
 * apart (a district archive holds 城南镇's and 杨柳青镇's 红旗村), each row
 * naming its town, and a village's households are counted once.
 */

let archive: Archive;
let api: HudangApi;

beforeAll(async () => {
  const dir = tempDir('hudang-dashboard-');
  archive = await openArchive(path.join(dir, 'archive'));
  api = createService({ archive, actor: 'setup' });
  const rows = [
    ['红旗村', '王桂兰', makeIdNumber('120116', '19450512', 71), '低保', '1', '城南镇'],
    ['红旗村', '李建国', makeIdNumber('120116', '19500101', 72), '低保', '1', '城南镇'],
    ['东风村', '赵秀英', makeIdNumber('120116', '19610203', 73), '特困', '1', '城南镇'],
    ['红旗村', '陈玉珍', makeIdNumber('120111', '19520315', 74), '低保', '1', '杨柳青镇'],
  ];
  await api.importRoster({ path: writeCsv(path.join(dir, 'r.csv'), rosterCsv(rows, [...ROSTER_HEADER, '镇(街道)'])) });
});

afterAll(async () => {
  await archive?.close();
});

describe('dashboard villages', () => {
  it('counts same-named villages of two towns as two rows, each with its town', async () => {
    const { villages } = await api.dashboard({});
    expect(villages.map((v) => [v.town, v.village, v.households])).toEqual([
      ['城南镇', '东风村', 1],
      ['城南镇', '红旗村', 2],
      ['杨柳青镇', '红旗村', 1],
    ]);
    const listed = await api.listVillages({});
    expect(villages.map((v) => v.villageId).sort()).toEqual(listed.map((v) => v.id).sort());
  });

  it('lists one town’s 红旗村 households when the town is named, both towns’ when it is not', async () => {
    const names = async (filter: { village: string; town?: string }) => (await api.listHouseholds(filter)).map((h) => `${h.town}·${h.name}`);
    expect(await names({ village: '红旗村', town: '杨柳青镇' })).toEqual(['杨柳青镇·陈玉珍']);
    expect(await names({ village: '红旗村', town: '城南镇' })).toEqual(['城南镇·王桂兰', '城南镇·李建国']);
    expect(await names({ village: '红旗村' })).toHaveLength(3);
  });
});
