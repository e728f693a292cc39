import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckRow, HudangApi } from '../api/contract';
import { openArchive, type Archive } from '../archive';
import { caseItems, type Pack } from '../domain/checklist';
import { makeIdNumber } from '../domain/idNumber';
import { rectificationData } from '../print/rectificationData';
import { casesOf, volumeData } from '../print/volumeData';
import { createService } from '../service';
import { resourcesDir } from '../support/paths';
import { householdIdOf, placeholderPage } from '../testing/archives';
import { judgedFromScratch } from '../testing/checks';
import { rosterCsv, tempDir, writeCsv } from '../testing/fixtures';
import { loadBuiltinPacks } from './packs';

/**
 * Missing versus waiting (issue 15 item 6): while a page of a household waits
 * in the review inbox, the items it could be are 待确认 (有待审页面), not 缺件,
 * in `check`, the 整改清单's data, the dashboard and the bound volume's 备考表;
 * once a clerk has decided, the item is 缺件 or 齐全 again. The remembered
 * answers equal a fresh judgement after every change.
 */

const A = { name: '王桂兰', id: makeIdNumber('120116', '19450512', 41) };
const B = { name: '李建国', id: makeIdNumber('120116', '19500101', 42) };
const SURVEY = 'dibao.08';
const REPORT = 'dibao.09';
const APPLICATION = 'dibao.02';

let dir: string;
let archive: Archive;
let api: HudangApi;
let pack: Pack;
let a: number;
let b: number;
const now = () => new Date();
const ctx = { actor: 'test', now };
let nextIndex = 1;
/** A real image in the page store, so a page once filed can be bound into the volume. */
let image: string;

const nameOf = (code: string) => caseItems(pack, '低保').find((i) => i.code === code)?.name ?? code;

/** A page as filing leaves it when unsure: in the inbox, maybe under a household, with what it could be. */
async function waitingPage(householdId: number | null, suggestions: string[] | null, classification: string | null = null): Promise<number> {
  const json = suggestions && JSON.stringify(suggestions.map((itemCode, i) => ({ itemCode, confidence: 0.6 - i * 0.1, source: 'title', reason: '标题不清' })));
  const row = await archive.db
    .insertInto('page')
    .values({ householdId, documentId: null, positionInDocument: null, imageSha256: image, sourceSha256: 'e'.repeat(64), sourcePath: 'scan.pdf', pageIndex: nextIndex++, ocrText: null, classification, confidence: 0.6, createdAt: now().toISOString(), sourceFileId: null, thumbSha256: null, width: null, height: null, deskew: null, titleText: null, separator: null, note: '分类不确定', assignedBy: householdId === null ? null : 'idnumber', review: 'pending', suggestions: json })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function staleMarks(): Promise<number[]> {
  return (await archive.db.selectFrom('caseCheckStale').select('householdId').orderBy('householdId').execute()).map((r) => r.householdId);
}

/** check, compared with a fresh judgement; nothing may stay stale. */
async function check(): Promise<CheckRow[]> {
  const remembered = await api.checkHouseholds({});
  expect(remembered).toEqual(await judgedFromScratch(archive.db, now));
  expect(await staleMarks()).toEqual([]);
  return remembered;
}

const rowOf = (rows: CheckRow[], idNumber: string) => rows.find((r) => r.household === idNumber) as CheckRow;

async function rectifiedA() {
  return (await rectificationData(archive.db, ctx, '红旗村')).households.find((h) => h.idNumber === A.id);
}

async function remarksOfA() {
  const [ref] = await casesOf(archive.db, a, '低保');
  return (await volumeData(archive.db, archive.store, ctx, ref as NonNullable<typeof ref>)).remarks;
}

async function village() {
  return (await api.dashboard({})).villages.find((v) => v.village === '红旗村');
}

async function surveyItem() {
  return (await api.getChecklist({ householdId: a }))[0]?.items.find((i) => i.code === SURVEY);
}

beforeAll(async () => {
  dir = tempDir();
  [pack] = (await loadBuiltinPacks(resourcesDir())) as [Pack];
  archive = await openArchive(path.join(dir, 'archive'));
  api = createService({ archive, actor: '经办人:张' });
  await api.importRoster({ path: writeCsv(path.join(dir, 'r.csv'), rosterCsv([['红旗村', A.name, A.id, '低保', '2'], ['红旗村', B.name, B.id, '低保', '1']])) });
  image = (await archive.store.put(Buffer.from(await placeholderPage(90), 'base64'))).sha256;
  a = await householdIdOf(api, A.id);
  b = await householdIdOf(api, B.id);
  const allFalse = Object.fromEntries(Object.keys(pack.facts).map((k) => [k, false]));
  await api.updateHousehold({ id: a, facts: allFalse });
  await api.updateHousehold({ id: b, facts: allFalse });
  // Every required item of A's file is on file except the 入户调查表.
  const required = caseItems(pack, '低保').filter((i) => i.rule.kind === 'required' && i.code !== SURVEY);
  await api.registerDigitisedPages({
    householdId: a,
    documents: await Promise.all(required.map(async (item, i) => ({ itemCode: item.code, pages: [{ imageBase64: await placeholderPage(150 + i) }] }))),
  });
}, 60_000);

afterAll(async () => {
  await archive.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('an item a waiting page could be', () => {
  it('is missing while nothing waits', async () => {
    const rows = await check();
    expect(rowOf(rows, A.id)).toMatchObject({ status: '缺件', missing: [nameOf(SURVEY)], unconfirmed: [] });
    expect(await rectifiedA()).toMatchObject({ missingItems: [nameOf(SURVEY)] });
    expect((await remarksOfA()).missingItems).toEqual([nameOf(SURVEY)]);
    expect(await village()).toMatchObject({ households: 2, complete: 0, missing: 2, unconfirmed: 0 });
  });

  it('is 待确认 (有待审页面), not 缺件, while a page of the household that could be it waits', async () => {
    const page = await waitingPage(a, [SURVEY, REPORT]);
    expect(await staleMarks()).toEqual([a]);
    const rows = await check();
    expect(rowOf(rows, A.id)).toMatchObject({ status: '待确认', missing: [], unconfirmed: [nameOf(SURVEY)] });
    expect(await surveyItem()).toMatchObject({ status: '待确认', reason: '有待审页面' });
    const listed = await rectifiedA();
    expect(listed?.missingItems).toEqual([]);
    expect(listed?.waitingItems).toEqual([nameOf(SURVEY)]);
    expect(await remarksOfA()).toMatchObject({ missingItems: [], waitingItems: [nameOf(SURVEY)] });
    expect(await village()).toMatchObject({ households: 2, complete: 0, missing: 1, unconfirmed: 1 });

    // Reviewed into another item: nothing waits any more, and the 入户调查表 is missing again.
    await api.reviewPage({ pageId: page, householdId: a, itemCode: REPORT });
    expect(rowOf(await check(), A.id)).toMatchObject({ status: '缺件', missing: [nameOf(SURVEY)], unconfirmed: [] });
    expect(await surveyItem()).toMatchObject({ status: '缺件' });
    expect(await rectifiedA()).toMatchObject({ missingItems: [nameOf(SURVEY)] });
    expect((await rectifiedA())?.waitingItems).toBeUndefined();
    expect(await remarksOfA()).toMatchObject({ missingItems: [nameOf(SURVEY)] });
    expect((await remarksOfA()).waitingItems).toBeUndefined();
    expect(await village()).toMatchObject({ missing: 2, unconfirmed: 0 });
  });

  it('follows the page: its household, its suggestions, and its acceptance', async () => {
    // Filing could not tell whose page it is: nobody's item waits on it.
    const page = await waitingPage(null, [SURVEY]);
    expect(await staleMarks()).toEqual([]);
    expect(rowOf(await check(), A.id).status).toBe('缺件');

    // Assigned to A in the inbox (household chosen, still unreviewed).
    await archive.db.updateTable('page').set({ householdId: a }).where('id', '=', page).execute();
    expect(await staleMarks()).toEqual([a]);
    expect(rowOf(await check(), A.id)).toMatchObject({ status: '待确认', missing: [] });

    // Moved to B: A misses the item again, B waits on it (B has no 入户调查表 either).
    await archive.db.updateTable('page').set({ householdId: b }).where('id', '=', page).execute();
    expect(await staleMarks()).toEqual([a, b]);
    const moved = await check();
    expect(rowOf(moved, A.id)).toMatchObject({ status: '缺件', missing: [nameOf(SURVEY)] });
    expect(rowOf(moved, B.id).missing).not.toContain(nameOf(SURVEY));
    expect(rowOf(moved, B.id).unconfirmed).toEqual([nameOf(SURVEY)]);
    await archive.db.updateTable('page').set({ householdId: a }).where('id', '=', page).execute();
    await check();

    // Its suggestions read again to something else: the item is missing again.
    await archive.db.updateTable('page').set({ suggestions: JSON.stringify([{ itemCode: REPORT, confidence: 0.7, source: 'text', reason: '正文' }]) }).where('id', '=', page).execute();
    expect(rowOf(await check(), A.id)).toMatchObject({ status: '缺件', missing: [nameOf(SURVEY)] });
    // No suggestions at all: an older page falls back to its classification; with none it blocks nothing.
    await archive.db.updateTable('page').set({ suggestions: null, classification: SURVEY }).where('id', '=', page).execute();
    expect(rowOf(await check(), A.id)).toMatchObject({ status: '待确认', missing: [] });
    await archive.db.updateTable('page').set({ suggestions: '[]', classification: null }).where('id', '=', page).execute();
    expect(rowOf(await check(), A.id)).toMatchObject({ status: '缺件', missing: [nameOf(SURVEY)] });
    await archive.db.updateTable('page').set({ suggestions: JSON.stringify([{ itemCode: SURVEY, confidence: 0.5, source: 'title', reason: '标题' }]) }).where('id', '=', page).execute();
    expect(rowOf(await check(), A.id)).toMatchObject({ status: '待确认', missing: [] });

    // Accepted as the 入户调查表: filed, confirmed, the file is complete.
    await api.reviewPage({ pageId: page, householdId: a, itemCode: SURVEY });
    expect(rowOf(await check(), A.id)).toMatchObject({ status: '齐全', missing: [], unconfirmed: [] });
    expect(await surveyItem()).toMatchObject({ status: '齐全' });
    // Nothing left to fetch; the 整改清单 still names the file for its 附件7 points nobody checked yet.
    expect(await rectifiedA()).toMatchObject({ missingItems: [], uncheckedPoints: expect.arrayContaining([expect.objectContaining({ code: '附件7-1' })]) });
    expect((await rectifiedA())?.waitingItems).toBeUndefined();
    expect(await remarksOfA()).toMatchObject({ missingItems: [] });
    expect(await village()).toMatchObject({ complete: 1, missing: 1, unconfirmed: 0 });
  });

  it('an old-style page (classification only) of B blocks its classified item and nothing else', async () => {
    await waitingPage(b, null, APPLICATION);
    const row = rowOf(await check(), B.id);
    expect(row.status).toBe('缺件');
    expect(row.missing).not.toContain(nameOf(APPLICATION));
    expect(row.unconfirmed).toEqual([nameOf(APPLICATION)]);
    const listed = (await rectificationData(archive.db, ctx, '红旗村')).households.find((h) => h.idNumber === B.id);
    expect(listed?.waitingItems).toEqual([nameOf(APPLICATION)]);
    expect(listed?.missingItems).toContain(nameOf(SURVEY));
  });

  it('marks nothing stale when page rows are written without a change that matters', async () => {
    await check();
    const pending = await archive.db.selectFrom('page').selectAll().where('review', '=', 'pending').where('householdId', '=', b).executeTakeFirstOrThrow();
    // Ingest writes all these columns in one statement; the same values change no answer.
    await archive.db
      .updateTable('page')
      .set({ review: pending.review, householdId: pending.householdId, classification: pending.classification, suggestions: pending.suggestions, ocrText: '新识别的文字' })
      .where('id', '=', pending.id)
      .execute();
    // A filed page (auto or accepted) counts through its document, which the document triggers watch.
    await sql`UPDATE page SET classification = 'dibao.21', suggestions = '[]' WHERE review != 'pending'`.execute(archive.db);
    expect(await staleMarks()).toEqual([]);
  });
  it('a page naming two households, waiting with none, is 待确认 for each of them until it is filed to one', async () => {
    const NOTICE = 'dibao.17';
    expect(rowOf(await check(), B.id).missing).toContain(nameOf(NOTICE));
    const page = await waitingPage(null, [NOTICE]);
    // Filing leaves the households a 公示 names on the page it could not assign.
    await archive.db.updateTable('page').set({ namedHouseholds: JSON.stringify([a, b]) }).where('id', '=', page).execute();
    const waiting = rowOf(await check(), B.id);
    expect(waiting.missing).not.toContain(nameOf(NOTICE));
    expect(waiting.unconfirmed).toContain(nameOf(NOTICE));
    await api.reviewPage({ pageId: page, householdId: a, itemCode: NOTICE });
    expect(rowOf(await check(), B.id).missing).toContain(nameOf(NOTICE));
  });
});
