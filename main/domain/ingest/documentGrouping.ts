import type { PageClass, PageSuggestion, TextOpinion } from '../classify';
import { AUTO_FILE_CONFIDENCE, continuationConfidence, textRelation } from '../classify';

/**
 * How the pages of one scanned file fall into documents, once each page's
 * household is known and each page has been classified with the items of
 * that household's cases. Pure.
 */

export interface PageForGrouping {
  pageId: number;
  householdId: number | null;
  blank: boolean;
  isSeparator: boolean;
  /** Item named by an item separator sheet (this page is one). */
  itemSeparator: string | null;
  /** The page's own class from its title (or a learned title, or as a photo). */
  cls: PageClass | null;
  photo: boolean;
  /** Has a title line, whether or not it names an item. */
  titled?: boolean;
  /** Carries 第2页, 续 … */
  marker?: boolean;
  /** Whole-text reading, best first. */
  textOpinions?: TextOpinion[];
  /** What the body alone suggests, for an untitled page that continues nothing. */
  textGuess?: PageClass | null;
  /** Its household is only held for it (fileLayout): it waits for a clerk whatever its class. */
  held?: boolean;
  /** The page's own best suggestion (title, text, photo…), whatever its strength. */
  ownBest?: PageSuggestion | null;
  /** A clerk filed it already (before the file was read): it stays where the clerk put it, in no planned document. */
  decided?: boolean;
}

export interface PlannedDocument {
  householdId: number;
  itemCode: string;
  pageIds: number[];
  confidence: number;
}

export interface PlannedPage {
  pageId: number;
  itemCode: string | null;
  confidence: number;
  reason: string | null;
  /** auto: filed with confidence; pending: waits in the review inbox; accepted: a clerk's filing, left as it is. */
  review: 'auto' | 'pending' | 'accepted';
  /** A continuation suggestion made while grouping, to add to the page's own. */
  continuation?: PageSuggestion;
}

interface Open {
  doc: PlannedDocument;
}

/**
 * Groups pages into documents: a titled page starts one (or continues the
 * same item), an untitled page continues the document before it only on
 * evidence (continuation.ts), blank duplex backs are skipped without
 * breaking a document, and separator sheets and pages a clerk already
 * filed end it. `multiPage` holds the
 * items that normally run over several pages.
 */
export function groupDocuments(pages: PageForGrouping[], multiPage: ReadonlySet<string> = new Set()): { documents: PlannedDocument[]; pages: PlannedPage[] } {
  const documents: PlannedDocument[] = [];
  const planned: PlannedPage[] = [];
  let open: Open | null = null;
  let forcedItem: string | null = null;
  const start = (householdId: number, itemCode: string, confidence: number): Open => {
    const doc = { householdId, itemCode, pageIds: [], confidence };
    documents.push(doc);
    return { doc };
  };
  for (const page of pages) {
    if (page.decided) {
      // What the clerk filed is not the document before or after it: nothing continues across it.
      open = null;
      planned.push({ pageId: page.pageId, itemCode: null, confidence: 1, reason: null, review: 'accepted' });
      continue;
    }
    if (page.isSeparator) {
      open = null;
      forcedItem = page.itemSeparator;
      planned.push({ pageId: page.pageId, itemCode: null, confidence: 1, reason: '分隔页', review: 'auto' });
      continue;
    }
    if (page.blank) {
      planned.push({ pageId: page.pageId, itemCode: null, confidence: 1, reason: '空白页', review: 'auto' });
      continue;
    }
    if (open && open.doc.householdId !== page.householdId) open = null;
    const cls = forcedItem ? { itemCode: forcedItem, confidence: 0.99, reason: '要件分隔页' } : page.cls;
    let itemCode: string | null = null;
    let confidence = 0;
    let reason: string | null = null;
    let continuation: PageSuggestion | undefined;
    if (cls) {
      ({ itemCode, confidence, reason } = cls);
      // A photo right after 入户调查表 is that item's 入户照片: the open document vouches for it.
      if (page.photo && open && open.doc.itemCode === itemCode) {
        confidence = Math.max(confidence, Math.min(open.doc.confidence, 0.9));
        reason = '照片，接在同一要件之后';
      }
    } else if (open && !page.titled) {
      const text = textRelation(page.textOpinions ?? [], open.doc.itemCode);
      const evidence = { marker: page.marker ?? false, textAgrees: text.agrees, textDisagrees: text.disagrees, multiPage: multiPage.has(open.doc.itemCode) };
      itemCode = open.doc.itemCode;
      confidence = Math.min(open.doc.confidence, continuationConfidence(evidence));
      reason = continuationReason(evidence);
      continuation = { itemCode, confidence, source: 'continuation', reason };
      if (evidence.textDisagrees && page.textGuess) ({ itemCode, confidence, reason } = page.textGuess);
      else if (confidence < AUTO_FILE_CONFIDENCE && page.ownBest && page.ownBest.itemCode !== itemCode && page.ownBest.confidence > confidence) {
        // A weak continuation loses to the page's own stronger opinion of another item: it waits on its own, both suggested.
        itemCode = null;
        confidence = 0;
        reason = null;
      }
    } else if (page.textGuess) {
      ({ itemCode, confidence, reason } = page.textGuess);
    }
    const review = confidence >= AUTO_FILE_CONFIDENCE && !page.held ? 'auto' : 'pending';
    if (itemCode === null || page.householdId === null) {
      planned.push({ pageId: page.pageId, itemCode, confidence, reason: reason ?? '未识别出要件', review: 'pending', ...(continuation ? { continuation } : {}) });
      open = null;
      continue;
    }
    if (!open || open.doc.itemCode !== itemCode) open = start(page.householdId, itemCode, confidence);
    open.doc.pageIds.push(page.pageId);
    open.doc.confidence = Math.min(open.doc.confidence, confidence);
    planned.push({ pageId: page.pageId, itemCode, confidence, reason, review, ...(continuation ? { continuation } : {}) });
  }
  return { documents, pages: planned };
}

function continuationReason(e: { marker: boolean; textAgrees: boolean; textDisagrees: boolean; multiPage: boolean }): string {
  if (e.textDisagrees) return '无标题，内容与上一份材料不符，请核对';
  const why = [e.marker ? '有“第N页/续”标记' : '', e.textAgrees ? '内容与上一份相符' : '', e.multiPage ? '该要件通常有多页' : ''].filter(Boolean);
  return why.length > 0 ? `续页（无标题，${why.join('，')}）` : '无标题，可能是上一份材料的续页，请核对';
}
