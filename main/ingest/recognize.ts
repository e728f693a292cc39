import type { Kysely } from 'kysely';
import { packResolver } from '../checklist/packStore';
import { mutate } from '../db/audit';
import type { Database, Page } from '../db/schema';
import { ASSISTANCE_TYPES, type AssistanceType } from '../domain/assistance';
import { caseItems } from '../domain/checklist';
import type { Pack } from '../domain/checklist';
import {
  classifyPage,
  matchTitles,
  mergeTitles,
  namesAnItem,
  packSamples,
  readTitles,
  runsOverPages,
  titlesFromText,
  trainModel,
  unreadInk,
  trainTextModel,
  type ClassifiableItem,
  type NgramModel,
  type PageReading,
  type PageSuggestion,
  type TextModel,
  type TitleReading,
} from '../domain/classify';
import { groupDocuments, type PageForGrouping } from '../domain/ingest/documentGrouping';
import { parseSeparator, type Separator } from '../domain/ingest/separator';
import { preparePage } from '../formats';
import type { StoredBlob } from '../store/blobStore';
import { TURN_OVER_BELOW, turnedReadsBetter } from '../ocr/orientation';
import { LostClaim } from './claims';
import { decideHouseholds } from './households';
import type { OcrEngine } from './ocrEngine';
import { readQrCodes, readQrCodesInGrey } from './qr';
import { startAttempt, type SplitDeps } from './split';

/**
 * Step three: read each page (separator QR, orientation, full-page OCR with its layout), decide
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
  titles: TitleReading;
  ocrText: string | null;
  separator: Separator | null;
  separatorPayload: string | null;
}

const NO_TITLES: TitleReading = { candidates: [], titled: false };

/** Tesseract's spaces between Chinese characters carry no meaning. */
function tidy(text: string): string {
  return text.replace(/(?<=[\u3000-\u9fff\uff00-\uffef])\s+(?=[\u3000-\u9fff\uff00-\uffef])/g, '').trim();
}

/**
 * One page: separator QR, then one full-page OCR whose word boxes give the
 * title by layout (orientation is checked, by the title band at opposite
 * turns, only when the page reads badly). A page with its own text layer (a
 * PDF from office software) is read from that text.
 */
async function readPage(deps: RecognizeDeps, row: PageRow, allItems: readonly ClassifiableItem[]): Promise<WorkPage> {
  const work: WorkPage = { row, imageSha256: row.imageSha256, thumbSha256: row.thumbSha256, rotation: row.rotation, titles: NO_TITLES, ocrText: row.ocrText, separator: null, separatorPayload: null };
  if (row.blank) return work;
  let image = await deps.store.read(row.imageSha256);
  // The page as the OCR will read it, decoded once: the separator's QR code is looked for in the same pixels.
  const prepared = deps.ocr.pageImage ? await deps.ocr.pageImage(image) : null;
  const codes = prepared ? await readQrCodesInGrey(prepared) : await readQrCodes(image);
  const payload = codes.find((text) => parseSeparator(text) !== null) ?? null;
  if (payload) return { ...work, separator: parseSeparator(payload), separatorPayload: payload };
  if (row.ocrText) return { ...work, titles: titlesFromText(row.ocrText) };
  // Most pages come upright: read the whole page first, and look for a better turn only when it reads badly
  // (upside-down Chinese reads at a mean confidence far below upright text) or lies on its side.
  let read = row.width !== null && row.height !== null && row.width > row.height ? null : await deps.ocr.pageText(prepared ?? image);
  if (!read || !readsUpright(read)) {
    /** Keeps the page turned: its stored image and thumbnail are the upright ones from here on. */
    const keep = async (turned: { image: Buffer; thumbnail: Buffer }, rotation: number) => {
      image = turned.image;
      const [upright, thumbnail] = await deps.store.putAll([turned.image, turned.thumbnail]);
      work.imageSha256 = (upright as StoredBlob).sha256;
      work.thumbSha256 = (thumbnail as StoredBlob).sha256;
      work.rotation = (row.rotation + rotation) % 360;
    };
    const { rotation, certainty } = await deps.ocr.orientation(image);
    if (rotation !== 0 && certainty >= 0.5) {
      await keep(await preparePage(image, { rotation }), rotation);
      read = null;
    }
    if (read && read.confidence < TURN_OVER_BELOW) {
      // The title band could not tell (the page's text lies away from its top): read it whole, turned over, once.
      const turned = await preparePage(image, { rotation: 180 });
      const over = await deps.ocr.pageText(turned.image);
      if (turnedReadsBetter(read, over)) {
        await keep(turned, 180);
        read = over;
      }
    }
    read ??= await deps.ocr.pageText(image);
  }
  work.ocrText = tidy(read.text);
  work.titles = read.layout ? readTitles(read.layout) : titlesFromText(work.ocrText);
  // No item's title found with confidence: page layout analysis may have taken the title for a picture
  // (a seal across it) or run it into other text; the top of the page is read again as sparse text. Not
  // where nothing there names an item and the full read left no ink at the top unread (a card copy, a
  // continuation page, a blank top): the re-read would find what the full read found.
  const unread = read.layout ? unreadInk(read.layout) : null;
  const worthReadingAgain = unread === null || unread >= UNREAD_TITLE_INK || matchTitles(work.titles, allItems) !== null;
  if (deps.ocr.titleRegion && row.photo !== 1 && !namesAnItem(work.titles, allItems) && worthReadingAgain) {
    const region = await deps.ocr.titleRegion(image);
    if (region.layout) work.titles = mergeTitles(work.titles, readTitles(region.layout));
  }
  return work;
}

/** Cells of unread ink at the top (ocr/prepare.ts INK_COLUMNS across the page) that may hide a title: a short title in large type covers several times this. */
const UNREAD_TITLE_INK = 20;

/** Upright print reads at a mean word confidence of 0.8–0.95, the same page upside down well below 0.5 (ocr/orientation.ts). */
const UPRIGHT_CONFIDENCE = 0.65;

function readsUpright(read: { text: string; confidence: number }): boolean {
  return read.confidence >= UPRIGHT_CONFIDENCE && (read.text.match(/\p{Script=Han}/gu)?.length ?? 0) >= 10;
}

/** Pages read at once: enough to keep every OCR worker busy while the next page's QR and orientation are read, few enough to hold little memory. */
const READ_AHEAD = 4;

async function readPages(deps: RecognizeDeps, rows: PageRow[], allItems: readonly ClassifiableItem[]): Promise<WorkPage[]> {
  const out: WorkPage[] = new Array<WorkPage>(rows.length);
  let next = 0;
  const lane = async () => {
    while (next < rows.length) {
      const i = next++;
      out[i] = await readPage(deps, rows[i] as PageRow, allItems);
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_AHEAD, rows.length) }, lane));
  return out;
}

/** Title candidates as stored on the page (the reviewer sees them; corrections learn local titles from them). */
function titleTextOf(titles: TitleReading): string | null {
  return titles.candidates.length > 0 ? titles.candidates.slice(0, 3).map((c) => c.text).join('\n') : null;
}

interface HouseholdItems {
  items: ClassifiableItem[];
  caseOf: Map<string, number>;
  textModel: TextModel;
}

const textModels = new WeakMap<Pack, TextModel>();

async function itemsOf(deps: RecognizeDeps, householdId: number | null, resolvePack: (town: string) => Promise<{ pack: Pack }>, defaultTown: string, memory: ClassifierMemory): Promise<HouseholdItems> {
  const modelOf = (pack: Pack) => {
    let model = textModels.get(pack);
    if (!model) textModels.set(pack, (model = textModelFor(pack, memory)));
    return model;
  };
  if (householdId === null) {
    const { pack } = await resolvePack(defaultTown);
    return { items: ASSISTANCE_TYPES.flatMap((t) => caseItems(pack, t)), caseOf: new Map(), textModel: modelOf(pack) };
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
  return { items, caseOf, textModel: modelOf(pack) };
}

function bestSuggestion(reading: PageReading | null): PageSuggestion | undefined {
  return [...(reading?.suggestions ?? [])].sort((a, b) => b.confidence - a.confidence)[0];
}

/** The page's own opinions and, if grouping made one, the continuation suggestion; best first, as JSON. */
function suggestionsOf(reading: PageReading | null, continuation: PageSuggestion | undefined): string | null {
  const all = [...(reading?.suggestions ?? []), ...(continuation ? [continuation] : [])].sort((a, b) => b.confidence - a.confidence);
  return all.length > 0 ? JSON.stringify(all) : null;
}

/** What the archive has learned from clerks: local form titles (corrections) and the text of every page a clerk confirmed. */
export interface ClassifierMemory {
  learned: NgramModel;
  confirmed: { code: string; text: string }[];
}

/** Confirmed pages the whole-text reading learns from, newest first: enough to learn a town's forms, few enough to train in milliseconds. */
const CONFIRMED_PAGES = 3000;

export async function classifierModel(db: Kysely<Database>): Promise<ClassifierMemory> {
  const learned = trainModel(await db.selectFrom('classifierSample').select(['text', 'itemCode']).execute());
  const confirmed = await db
    .selectFrom('page')
    .select(['ocrText', 'classification'])
    .where('review', '=', 'accepted')
    .where('ocrText', 'is not', null)
    .where('classification', 'is not', null)
    .orderBy('id', 'desc')
    .limit(CONFIRMED_PAGES)
    .execute();
  return { learned, confirmed: confirmed.map((p) => ({ code: p.classification ?? '', text: p.ocrText ?? '' })) };
}

/** The whole-text model of one pack: its phrases plus the confirmed pages, named by that pack's items. */
function textModelFor(pack: Pack, memory: ClassifierMemory): TextModel {
  const items = ASSISTANCE_TYPES.flatMap((t) => caseItems(pack, t));
  const nameOf = new Map(items.map((i) => [i.code, i.name]));
  const confirmed = memory.confirmed.flatMap((p) => {
    const itemName = nameOf.get(p.code);
    return itemName ? [{ itemName, text: p.text }] : [];
  });
  return trainTextModel(packSamples(items), confirmed);
}

export async function recognizeSourceFile(deps: RecognizeDeps, id: number, memory: ClassifierMemory): Promise<void> {
  const file = await deps.db
    .selectFrom('sourceFile')
    .select(['id', 'sourcePath', 'attempts'])
    .where('id', '=', id)
    .where('status', '=', 'split')
    .where('claimedBy', '=', deps.claims.me)
    .executeTakeFirst();
  if (!file || !(await startAttempt(deps, id, file.attempts))) return;
  const rows = await deps.db.selectFrom('page').selectAll().where('sourceFileId', '=', id).orderBy('pageIndex').execute();
  const resolvePack = await packResolver(deps.db, deps.audit);
  const firstTown = (await deps.db.selectFrom('region').select('name').where('level', '=', '镇街').orderBy('id').executeTakeFirst())?.name ?? '';
  const { pack: defaultPack } = await resolvePack(firstTown);
  const allItems = ASSISTANCE_TYPES.flatMap((t) => caseItems(defaultPack, t));
  const pages = await readPages(deps, rows, allItems);
  const assignments = await decideHouseholds(
    deps.db,
    file.sourcePath,
    pages.map((p) => ({ separator: p.separator, text: p.ocrText ?? '' })),
  );

  const itemsCache = new Map<number | null, HouseholdItems>();
  const itemsFor = async (householdId: number | null) => {
    if (!itemsCache.has(householdId)) itemsCache.set(householdId, await itemsOf(deps, householdId, resolvePack, firstTown, memory));
    return itemsCache.get(householdId) as HouseholdItems;
  };
  const grouping: PageForGrouping[] = [];
  const readings: (PageReading | null)[] = [];
  const multiPage = new Set<string>();
  for (const [i, page] of pages.entries()) {
    const householdId = assignments[i]?.householdId ?? null;
    const { items, textModel } = await itemsFor(householdId);
    for (const item of items) if (runsOverPages(item.name)) multiPage.add(item.code);
    const reading =
      page.separator || page.row.blank
        ? null
        : classifyPage({ titles: page.titles, text: page.ocrText ?? '', photo: page.row.photo === 1 }, items, { learned: memory.learned, text: textModel });
    readings.push(reading);
    grouping.push({
      pageId: page.row.id,
      householdId,
      blank: page.row.blank === 1,
      isSeparator: page.separator !== null,
      itemSeparator: page.separator?.kind === 'item' ? page.separator.itemCode : null,
      cls: reading?.cls ?? null,
      photo: page.row.photo === 1,
      titled: reading?.titled ?? false,
      marker: reading?.marker ?? false,
      textOpinions: reading?.textOpinions ?? [],
      textGuess: reading?.textGuess ?? null,
      held: assignments[i]?.held === true,
      ownBest: bestSuggestion(reading),
      // Filed by a clerk while its file waited for reading (ingest without OCR): reading adds only its text.
      decided: page.row.review === 'accepted',
    });
  }
  const plan = groupDocuments(grouping, multiPage);

  await mutate(deps.db, deps.audit, async (tx) => {
    // First: a file another process took over (this one's lease ran out) is filed by that one alone.
    await deps.claims.finish(tx.trx, 'sourceFile', id);
    const now = deps.audit.now().toISOString();
    for (const [i, page] of pages.entries()) {
      const planned = plan.pages[i];
      if (planned?.review === 'accepted') {
        await tx.trx
          .updateTable('page')
          .set({ titleText: titleTextOf(page.titles), ocrText: page.ocrText, ocrState: page.ocrText !== null || page.row.blank || page.separator ? 'done' : 'title' })
          .where('id', '=', page.row.id)
          .execute();
        continue;
      }
      const assignment = assignments[i];
      await tx.trx
        .updateTable('page')
        .set({
          imageSha256: page.imageSha256,
          thumbSha256: page.thumbSha256,
          rotation: page.rotation,
          titleText: titleTextOf(page.titles),
          ocrText: page.ocrText,
          ocrState: page.ocrText !== null || page.row.blank || page.separator ? 'done' : 'title',
          separator: page.separatorPayload,
          householdId: assignment?.householdId ?? null,
          assignedBy: assignment?.by ?? null,
          // Nothing decided: the best suggestion stands as the page's suggested item for the clerk.
          classification: planned?.itemCode ?? bestSuggestion(readings[i] ?? null)?.itemCode ?? null,
          confidence: planned?.itemCode ? planned.confidence : (bestSuggestion(readings[i] ?? null)?.confidence ?? null),
          review: planned?.review ?? 'pending',
          note: assignment?.problem ?? ([assignment?.note, planned?.reason].filter((n): n is string => !!n).join('；') || null),
          suggestions: suggestionsOf(readings[i] ?? null, planned?.continuation),
          namedHouseholds: assignment && assignment.householdId === null && assignment.named.length > 0 ? JSON.stringify(assignment.named) : null,
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

/** Full-page OCR of pages filed from their titles, at low priority; up to `limit` pages claimed per call (0: none left to claim). */
export async function readRemainingText(deps: RecognizeDeps, limit: number): Promise<number> {
  const rows = await deps.claims.pages(limit);
  for (const row of rows) {
    const text = tidy((await deps.ocr.pageText(await deps.store.read(row.imageSha256))).text);
    await mutate(deps.db, deps.audit, async (tx) => {
      await deps.claims.finish(tx.trx, 'page', row.id);
      await tx.trx.updateTable('page').set({ ocrText: text, ocrState: 'done' }).where('id', '=', row.id).execute();
      await tx.record({ action: 'page.ocr', entity: 'page', entityId: row.id, after: { characters: text.length } });
    }).catch((error: unknown) => {
      // Taken over by another process after this one's lease ran out: that one records it.
      if (!(error instanceof LostClaim)) throw error;
    });
  }
  return rows.length;
}
