import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HudangApi } from '../api/contract';
import { openArchive, type Archive } from '../archive';
import { makeIdNumber } from '../domain/idNumber';
import { HOUSEHOLD_NOTES, HOUSEHOLD_PROBLEMS } from '../domain/ingest/fileLayout';
import { createService } from '../service';
import { householdIdOf } from '../testing/archives';
import { rosterCsv, syntheticHouseholds, tempDir, writeCsv } from '../testing/fixtures';
import { decideHouseholds, separatorCheck, type PageEvidence } from './households';

/**
 * Household decision against a real archive: 身份证号 (heads and members),
 * 户主姓名 with 村, separator sheets and household folders, on a roster the
 * size of a district (50,000 households) so look-ups must stay indexed.
 */

const A = { village: '红旗村', name: '王桂兰', id: makeIdNumber('120116', '19450512', 41) };
const B = { village: '红旗村', name: '赵德胜', id: makeIdNumber('120116', '19380303', 42) };
const C = { village: '幸福社区', name: '孙秀英', id: makeIdNumber('120116', '19700707', 43) };
const N1 = { village: '红旗村', name: '张淑珍', id: makeIdNumber('120116', '19560101', 44) };
const N2 = { village: '红旗村', name: '张淑珍', id: makeIdNumber('120116', '19600202', 45) };
const MEMBER_ID = makeIdNumber('120116', '19801111', 46);

const SIDES = '东西南北中前后新老大小上下里外';
const BULK_VILLAGES = [...SIDES].flatMap((a) => [...'庄屯堡岭洼沟'].map((b) => `${a}${b}村`));

let dir: string;
let archive: Archive;
let api: HudangApi;
const hh: Record<'A' | 'B' | 'C' | 'N1' | 'N2', number> = { A: 0, B: 0, C: 0, N1: 0, N2: 0 };

beforeAll(async () => {
  dir = tempDir();
  archive = await openArchive(path.join(dir, 'archive'));
  api = createService({ archive, actor: 'test' });
  const named = [A, B, C, N1, N2].map((h) => [h.village, h.name, h.id, '低保', '1']);
  await api.importRoster({ path: writeCsv(path.join(dir, 'r.csv'), rosterCsv(named)) });
  // Then a district-sized roster of invented people (many namesakes among them), written straight to the tables: the import's audit trail is not under test.
  const town = await archive.db.selectFrom('region').select('parentId').where('name', '=', A.village).executeTakeFirstOrThrow();
  const villageIds = await archive.db
    .insertInto('region')
    .values(BULK_VILLAGES.map((name) => ({ parentId: town.parentId, level: '村社区' as const, name, code: null })))
    .returning('id')
    .execute();
  const now = new Date().toISOString();
  const bulk = syntheticHouseholds(50_000, BULK_VILLAGES, 7);
  const seen = new Set([A, B, C, N1, N2].map((h) => h.id));
  const rows = bulk
    .filter((h) => !seen.has(h.idNumber) && (seen.add(h.idNumber), true))
    .map((h, i) => ({ idNumber: h.idNumber, headName: h.headName, villageId: villageIds[i % villageIds.length]?.id ?? 0, address: null, phone: null, insuredCount: 1, familySize: 1, status: '在册' as const, exitDate: null, exitReason: null, createdAt: now, updatedAt: now }));
  await archive.db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 500) await trx.insertInto('household').values(rows.slice(i, i + 500)).execute();
  });
  expect(rows.length).toBeGreaterThan(45_000);
  for (const [key, h] of Object.entries({ A, B, C, N1, N2 })) hh[key as keyof typeof hh] = await householdIdOf(api, h.id);
  await archive.db.insertInto('member').values({ householdId: hh.A, name: '李春梅', idNumber: MEMBER_ID, relation: '女儿' }).execute();
}, 300_000);

afterAll(async () => {
  await archive.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const form = (h: { name: string; id: string; village: string }, title = '最低生活保障待遇申请书') =>
  `${title}\n申请人：${h.name} 性别：女\n身份证号：${h.id}\n家庭住址：${h.village}三组\n申请理由：因病致贫`;
const byNameOnly = (h: { name: string; village: string }) => `家庭经济状况入户调查表\n被调查人：${h.name}\n住址：${h.village}五组\n身份证号：（未填）`;
const untitled = '二、家庭收入情况\n经营性收入：承包耕地二点五亩\n第 2 页 共 2 页';
const text = (t: string): PageEvidence => ({ separator: null, text: t });
const misread = (id: string) => `${id.slice(0, 10)}${(Number(id[10]) + 1) % 10}${id.slice(11)}`;

async function decide(sourcePath: string, pages: PageEvidence[]) {
  return decideHouseholds(archive.db, sourcePath, pages);
}

describe('decideHouseholds', () => {
  it('splits a loose two-household ADF file at the second household’s 身份证号', async () => {
    const result = await decide('/scans/批量/adf0001.pdf', [text(untitled), text(form(A)), text(untitled), text(form(B)), text(untitled), text('')]);
    expect(result.map((r) => r.householdId)).toEqual([hh.A, hh.A, hh.A, hh.B, hh.B, hh.B]);
    expect(result.every((r) => r.by === 'idnumber' && r.problem === null && r.note === null)).toBe(true);
  });

  it('splits three households, one of them named only by 户主姓名 with its 村, and says so in the note', async () => {
    const result = await decide('/scans/批量/adf0002.pdf', [text(form(A)), text(untitled), text(byNameOnly(B)), text(untitled), text(form(C)), text(untitled)]);
    expect(result.map((r) => r.householdId)).toEqual([hh.A, hh.A, hh.B, hh.B, hh.C, hh.C]);
    expect(result.map((r) => r.by)).toEqual(Array(6).fill('idnumber'));
    expect(result.map((r) => r.note)).toEqual([null, null, HOUSEHOLD_NOTES.byName, HOUSEHOLD_NOTES.runByName, null, null]);
  });

  it('counts a member’s 身份证号 for the member’s household', async () => {
    const result = await decide('/scans/批量/adf0003.pdf', [text(form(B)), text(`居民户口簿\n姓名：李春梅\n公民身份号码：${MEMBER_ID}`), text(untitled)]);
    expect(result.map((r) => r.householdId)).toEqual([hh.B, hh.A, hh.A]);
  });

  it('takes no evidence from a 身份证号 whose check digit fails (an OCR misread)', async () => {
    const result = await decide('/scans/批量/adf0004.pdf', [text(form(A)), text(`申请书\n身份证号：${misread(B.id)}`), text(untitled)]);
    expect(result.map((r) => r.householdId)).toEqual([hh.A, hh.A, hh.A]);
  });

  it('takes no evidence from a 户主姓名 without its 村, nor from the 村 alone', async () => {
    const result = await decide('/scans/批量/adf0005.pdf', [text(form(A)), text(`被调查人：${B.name}\n住址：大王庄村`), text(`${A.village}村民委员会\n评议记录`)]);
    expect(result.map((r) => r.householdId)).toEqual([hh.A, hh.A, hh.A]);
  });

  it('holds a page naming two households, and the unnamed pages after it, for a clerk', async () => {
    const both = `核对报告\n申请人：${A.name} ${A.id}\n赡养人：${C.name} ${C.id}`;
    const result = await decide('/scans/批量/adf0006.pdf', [text(form(A)), text(both), text(untitled), text(form(C))]);
    expect(result.map((r) => r.householdId)).toEqual([hh.A, null, null, hh.C]);
    expect(result[1]?.problem).toBe(HOUSEHOLD_PROBLEMS.twoHouseholds);
    expect(result[2]?.problem).toBe(HOUSEHOLD_PROBLEMS.afterMismatch);
    // The untitled page could belong to either neighbour: their items it could be wait as 待确认, not 缺件.
    expect(result[2]?.named.sort()).toEqual([hh.A, hh.C].sort());
  });

  it('leaves a 公示 listing several households with none of them, but says whom it names', async () => {
    const notice = `最低生活保障审核确认公示\n序号 村（社区） 户主姓名 保障人数\n1 ${A.village}${A.name} 2\n2 ${B.village}${B.name} 1\n公示期七天`;
    const [result] = await decide('/scans/批量/公示.pdf', [text(notice)]);
    expect(result?.householdId).toBeNull();
    expect(result?.named.sort()).toEqual([hh.A, hh.B].sort());
  });

  it('holds a page where another head appears in a family table without an applicant of its own', async () => {
    const table = `家庭成员情况\n${A.village}\n姓名 关系\n${B.name} 父亲\n${'李春梅'} 女儿`;
    const result = await decide('/scans/批量/adf0007.pdf', [text(form(A)), text(table), text(form(A, '居民家庭经济状况核对委托授权书'))]);
    expect(result.map((r) => r.householdId)).toEqual([hh.A, null, hh.A]);
    expect(result[1]?.problem).toBe(HOUSEHOLD_PROBLEMS.otherMentioned);
  });

  it('files a family table under the applicant when the page names the applicant', async () => {
    const page = `入户调查表\n申请人：${A.name}\n住址：${A.village}\n姓名 关系\n${A.name} 本人\n${B.name} 父亲`;
    const result = await decide('/scans/批量/adf0008.pdf', [text(form(A)), text(page)]);
    expect(result.map((r) => r.householdId)).toEqual([hh.A, hh.A]);
  });

  it('holds namesakes in one village for a clerk', async () => {
    const result = await decide('/scans/批量/adf0009.pdf', [text(form(B)), text(byNameOnly(N1)), text(untitled)]);
    expect(result.map((r) => r.householdId)).toEqual([hh.B, null, null]);
    expect(result[1]?.problem).toBe(HOUSEHOLD_PROBLEMS.namesakes);
    expect(hh.N1).not.toBe(hh.N2);
  });

  it('lets a separator sheet win over the text, and holds a page of another household after it', async () => {
    const sheet = (h: number, id: string): PageEvidence => ({ separator: { kind: 'household', householdId: h, check: separatorCheck(id) }, text: '' });
    const result = await decide('/scans/批量/adf0010.pdf', [sheet(hh.A, A.id), text(untitled), text(form(C)), text(untitled), sheet(hh.B, B.id), text(untitled)]);
    expect(result.map((r) => r.householdId)).toEqual([hh.A, hh.A, null, hh.A, hh.B, hh.B]);
    expect(result.map((r) => r.by)).toEqual(['separator', 'separator', null, 'separator', 'separator', 'separator']);
  });

  it('treats a household sheet it cannot verify as the end of the sheet before it', async () => {
    const sheet = (h: number, check: string): PageEvidence => ({ separator: { kind: 'household', householdId: h, check }, text: '' });
    const result = await decide('/scans/批量/adf0011.pdf', [sheet(hh.A, separatorCheck(A.id)), text(untitled), sheet(hh.B, '000000'), text(untitled), text(form(C))]);
    expect(result.map((r) => r.householdId)).toEqual([hh.A, hh.A, hh.C, hh.C, hh.C]);
  });

  it('keeps a household folder covering its file, but holds a stray page of another household', async () => {
    const result = await decide(`/scans/${A.village}/${A.name}_${A.id}/扫描.pdf`, [text(form(A)), text(form(B)), text(byNameOnly(C)), text(untitled)]);
    expect(result.map((r) => r.householdId)).toEqual([hh.A, null, null, hh.A]);
    expect(result.map((r) => r.by)).toEqual(['folder', null, null, 'folder']);
    expect(result[1]?.problem).toBe(HOUSEHOLD_PROBLEMS.otherById);
    expect(result[2]?.problem).toBe(HOUSEHOLD_PROBLEMS.otherByName);
  });

  it('decides a 40-page file quickly on a 50,000-household roster', async () => {
    const pages = Array.from({ length: 40 }, (_, i) => text(i % 10 === 0 ? form(i < 20 ? A : B) : i % 3 === 0 ? byNameOnly(i < 20 ? A : B) : untitled));
    await decide('/scans/批量/warm.pdf', pages);
    const started = performance.now();
    const result = await decide('/scans/批量/adf0012.pdf', pages);
    const ms = performance.now() - started;
    expect(result.map((r) => r.householdId)).toEqual(pages.map((_, i) => (i < 20 ? hh.A : hh.B)));
    expect(ms).toBeLessThan(1000);
  });
});
