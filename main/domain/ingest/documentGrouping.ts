import type { PageClass } from '../classify';
import { AUTO_FILE_CONFIDENCE } from '../classify';

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
  cls: PageClass | null;
  photo: boolean;
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
  /** auto: filed with confidence; pending: waits in the review inbox. */
  review: 'auto' | 'pending';
}

interface Open {
  doc: PlannedDocument;
}

/**
 * Groups pages into documents: a titled page starts one (or continues the
 * same item), an untitled page continues the document before it, blank duplex
 * backs are skipped without breaking a document, and separator sheets end it.
 */
export function groupDocuments(pages: PageForGrouping[]): { documents: PlannedDocument[]; pages: PlannedPage[] } {
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
    if (cls) {
      ({ itemCode, confidence, reason } = cls);
      // A photo right after 入户调查表 is that item's 入户照片: the open document vouches for it.
      if (page.photo && open && open.doc.itemCode === itemCode) {
        confidence = Math.max(confidence, Math.min(open.doc.confidence, 0.9));
        reason = '照片，接在同一要件之后';
      }
    } else if (open) {
      // An untitled page after a document is its next page.
      itemCode = open.doc.itemCode;
      confidence = Math.min(open.doc.confidence, 0.9);
      reason = '续页（无标题，接上一页）';
    }
    if (itemCode === null || page.householdId === null) {
      planned.push({ pageId: page.pageId, itemCode, confidence, reason: reason ?? '未识别出要件', review: 'pending' });
      open = null;
      continue;
    }
    if (!open || open.doc.itemCode !== itemCode) open = start(page.householdId, itemCode, confidence);
    open.doc.pageIds.push(page.pageId);
    open.doc.confidence = Math.min(open.doc.confidence, confidence);
    planned.push({ pageId: page.pageId, itemCode, confidence, reason, review: confidence >= AUTO_FILE_CONFIDENCE ? 'auto' : 'pending' });
  }
  return { documents, pages: planned };
}
