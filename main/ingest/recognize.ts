import type { Kysely } from 'kysely';
import { packResolver } from '../checklist/packStore';
import { mutate } from '../db/audit';
import type { Database, Page } from '../db/schema';
import { ASSISTANCE_TYPES, type AssistanceType } from '../domain/assistance';
import { caseItems } from '../domain/checklist';
import { classifyPage, trainModel, type ClassifiableItem, type NgramModel } from '../domain/classify';
import { groupDocuments } from '../domain/ingest/documentGrouping';
import { parseSeparator, type Separator } from '../domain/ingest/separator';
import { preparePage } from '../formats';
import { decideHouseholds } from './households';
import type { OcrEngine } from './ocrEngine';
import { readQrCodes } from './qr';
import { startAttempt, type SplitDeps } from './split';

/**
 * Step three: read each page (separator QR, orientation, title OCR), decide
 * its household and checklist item, group pages into documents and file
 * them — all of a file's results in one transaction, so a crash means the
 * step runs again from the start, never half-filed.
 */

export interface RecognizeDeps extends SplitDeps {
  ocr: OcrEngine;
}

type PageRow = Page;

interface WorkPage {
  row: PageRow;
  imageSha256: string;
  thumbSha256: string | null;
  rotation: number;
  titleText: string;
  ocrText: string | null;
  separator: Separator | null;
  separatorPayload: string | null;
}

/** Tesseract's spaces between Chinese characters carry no meaning. */
function tidy(text: string): string {
  return text.replace(/(?<=[\u3000-\u9fff\uff00-\uffef])\s+(?=[\u3000-\u9fff\uff00-\uffef])/g, '').trim();
}

function firstLines(text: string, lines = 3): string {
  return text.split('\n').map((l) => l.trim()).filter(Boolean).slice(0, lines).join('\n');
}

async function readPage(deps: RecognizeDeps, row: PageRow): Promise<WorkPage> {
  const work: WorkPage = { row, imageSha256: row.imageSha256, thumbSha256: row.thumbSha256, rotation: row.rotation, titleText: '', ocrText: row.ocrText, separator: null, separatorPayload: null };
  if (row.blank) return work;
  let image = deps.store.read(row.imageSha256);
  const payload = (await readQrCodes(image)).find((text) => parseSeparator(text) !== null) ?? null;
  if (payload) return { ...work, separator: parseSeparator(payload), separatorPayload: payload };
  if (row.ocrText) return { ...work, titleText: firstLines(row.ocrText) };
  const { rotation, certainty } = await deps.ocr.orientation(image);
  if (rotation !== 0 && certainty >= 0.5) {
    const turned = await preparePage(image, { rotation });
    image = turned.image;
    work.imageSha256 = deps.store.put(image).sha256;
    work.thumbSha256 = deps.store.put(turned.thumbnail).sha256;
    work.rotation = (row.rotation + rotation) % 360;
  }
  work.titleText = tidy((await deps.ocr.titleText(image)).text);
  return work;
}

/** Full-page text, read now only when nothing else tells whose file this is. */
async function readFullText(deps: RecognizeDeps, pages: WorkPage[]): Promise<void> {
  for (const page of pages) {
    if (page.row.blank || page.separator || page.ocrText !== null) continue;
    page.ocrText = tidy((await deps.ocr.pageText(deps.store.read(page.imageSha256))).text);
  }
}

interface HouseholdItems {
  items: ClassifiableItem[];
  caseOf: Map<string, number>;
}

async function itemsOf(deps: RecognizeDeps, householdId: number | null, resolvePack: (town: string) => Promise<{ pack: Parameters<typeof caseItems>[0] }>, defaultTown: string): Promise<HouseholdItems> {
  if (householdId === null) {
    const { pack } = await resolvePack(defaultTown);
    return { items: ASSISTANCE_TYPES.flatMap((t) => caseItems(pack, t)), caseOf: new Map() };
  }
  const household = await deps.db
    .selectFrom('household as h')
    .innerJoin('region as v', 'v.id', 'h.villageId')
    .innerJoin('region as t', 't.id', 'v.parentId')
    .select('t.name as town')
    .where('h.id', '=', householdId)
    .executeTakeFirstOrThrow();
  const cases = await deps.db.selectFrom('assistanceCase').select(['id', 'assistanceType']).where('householdId', '=', householdId).where('closedOn', 'is', null).execute();
  const { pack } = await resolvePack(household.town);
  const caseOf = new Map<string, number>();
  const items = cases.flatMap((c) => {
    const list = caseItems(pack, c.assistanceType as AssistanceType);
    for (const item of list) caseOf.set(item.code, c.id);
    return list;
  });
  return { items, caseOf };
}

export async function classifierModel(db: Kysely<Database>): Promise<NgramModel> {
  return trainModel(await db.selectFrom('classifierSample').select(['text', 'itemCode']).execute());
}

export async function recognizeSourceFile(deps: RecognizeDeps, id: number, model: NgramModel): Promise<void> {
  const file = await deps.db.selectFrom('sourceFile').select(['id', 'sourcePath', 'attempts']).where('id', '=', id).where('status', '=', 'split').executeTakeFirst();
  if (!file || !(await startAttempt(deps, id, file.attempts))) return;
  const rows = await deps.db.selectFrom('page').selectAll().where('sourceFileId', '=', id).orderBy('pageIndex').execute();
  const pages: WorkPage[] = [];
  for (const row of rows) pages.push(await readPage(deps, row));
  await readFullText(deps, pages);
  const assignments = await decideHouseholds(
    deps.db,
    file.sourcePath,
    pages.map((p) => ({ separator: p.separator, text: `${p.titleText}\n${p.ocrText ?? ''}` })),
  );

  const resolvePack = await packResolver(deps.db, deps.audit);
  const firstTown = (await deps.db.selectFrom('region').select('name').where('level', '=', '镇街').orderBy('id').executeTakeFirst())?.name ?? '';
  const itemsCache = new Map<number | null, HouseholdItems>();
  const itemsFor = async (householdId: number | null) => {
    if (!itemsCache.has(householdId)) itemsCache.set(householdId, await itemsOf(deps, householdId, resolvePack, firstTown));
    return itemsCache.get(householdId) as HouseholdItems;
  };
  const grouping = [];
  for (const [i, page] of pages.entries()) {
    const householdId = assignments[i]?.householdId ?? null;
    const { items } = await itemsFor(householdId);
    grouping.push({
      pageId: page.row.id,
      householdId,
      blank: page.row.blank === 1,
      isSeparator: page.separator !== null,
      itemSeparator: page.separator?.kind === 'item' ? page.separator.itemCode : null,
      cls: page.separator || page.row.blank ? null : classifyPage({ titleText: page.titleText, photo: page.row.photo === 1 }, items, model),
      photo: page.row.photo === 1,
    });
  }
  const plan = groupDocuments(grouping);

  await mutate(deps.db, deps.audit, async (tx) => {
    const now = deps.audit.now().toISOString();
    for (const [i, page] of pages.entries()) {
      const planned = plan.pages[i];
      const assignment = assignments[i];
      await tx.trx
        .updateTable('page')
        .set({
          imageSha256: page.imageSha256,
          thumbSha256: page.thumbSha256,
          rotation: page.rotation,
          titleText: page.titleText || null,
          ocrText: page.ocrText,
          ocrState: page.ocrText !== null || page.row.blank || page.separator ? 'done' : 'title',
          separator: page.separatorPayload,
          householdId: assignment?.householdId ?? null,
          assignedBy: assignment?.by ?? null,
          classification: planned?.itemCode ?? null,
          confidence: planned?.confidence ?? null,
          review: planned?.review ?? 'pending',
          note: assignment?.problem ?? planned?.reason ?? null,
        })
        .where('id', '=', page.row.id)
        .execute();
    }
    for (const doc of plan.documents) {
      const caseId = (await itemsFor(doc.householdId)).caseOf.get(doc.itemCode) ?? null;
      const confirmed = doc.pageIds.every((pid) => plan.pages.find((p) => p.pageId === pid)?.review === 'auto');
      const inserted = await tx.trx
        .insertInto('document')
        .values({ householdId: doc.householdId, caseId, checklistItemCode: doc.itemCode, title: null, docNumber: null, responsible: null, docDate: null, confirmed: confirmed ? 1 : 0, createdAt: now, updatedAt: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const [position, pageId] of doc.pageIds.entries()) {
        await tx.trx.updateTable('page').set({ documentId: inserted.id, positionInDocument: position + 1 }).where('id', '=', pageId).execute();
      }
    }
    await tx.trx.updateTable('sourceFile').set({ status: 'done', finishedAt: now }).where('id', '=', id).execute();
    const inbox = plan.pages.filter((p) => p.review === 'pending').length;
    await tx.record({ action: 'file.file', entity: 'sourceFile', entityId: id, after: { pages: pages.length, documents: plan.documents.length, inbox } });
  });
}

/** Full-page OCR of pages filed from their titles, at low priority; `limit` pages per call. */
export async function readRemainingText(deps: RecognizeDeps, limit: number): Promise<number> {
  const rows = await deps.db.selectFrom('page').select(['id', 'imageSha256']).where('ocrState', '=', 'title').orderBy('id').limit(limit).execute();
  for (const row of rows) {
    const text = tidy((await deps.ocr.pageText(deps.store.read(row.imageSha256))).text);
    await mutate(deps.db, deps.audit, async (tx) => {
      await tx.trx.updateTable('page').set({ ocrText: text, ocrState: 'done' }).where('id', '=', row.id).execute();
      await tx.record({ action: 'page.ocr', entity: 'page', entityId: row.id, after: { characters: text.length } });
    });
  }
  return rows.length;
}
