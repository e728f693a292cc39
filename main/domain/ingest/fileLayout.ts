import type { PageClass } from '../classify';
import { AUTO_FILE_CONFIDENCE } from '../classify';

/**
 * How the pages of one scanned file fall into households and documents.
 * Pure: the I/O layer resolves separator sheets, folder names and ID numbers
 * to household ids first, and classifies pages with the items of the
 * household's cases.
 *
 * Households, in order of certainty: (a) a 户档 separator sheet covers the
 * pages after it; (b) a folder named after the household covers the rest;
 * (c) ID numbers in the text, when every page that names anyone names the same
 * one household. A page whose text names only another household is never
 * filed by (a) or (b): precision before recall.
 */

export type AssignedBy = 'separator' | 'folder' | 'idnumber';

export interface PageHouseholdFacts {
  /** Household of a verified household separator sheet, if this page is one. */
  separatorHousehold: number | null;
  /** Whether this page is a separator sheet of any kind (never part of a document). */
  isSeparator: boolean;
  /** Households whose 身份证号 appear on this page. */
  textHouseholds: number[];
}

export interface PageAssignment {
  householdId: number | null;
  by: AssignedBy | null;
  /** Why the page waits for a clerk, in Chinese. */
  problem: string | null;
}

function byText(pages: PageHouseholdFacts[]): { householdId: number | null; problem: string | null } {
  const named = new Set(pages.flatMap((p) => p.textHouseholds));
  if (named.size === 1) return { householdId: [...named][0] ?? null, problem: null };
  if (named.size > 1) return { householdId: null, problem: '文件中出现了多户的身份证号，无法确定归属' };
  return { householdId: null, problem: '未能确定所属户（无分隔页、文件夹未注明户、页面中未识别到花名册内的身份证号）' };
}

export function assignHouseholds(pages: PageHouseholdFacts[], folderHousehold: number | null): PageAssignment[] {
  let current: number | null = null;
  const covered = pages.map((p) => {
    if (p.separatorHousehold !== null) current = p.separatorHousehold;
    return current;
  });
  const uncovered = pages.filter((_, i) => covered[i] === null);
  const fallback = folderHousehold !== null ? { householdId: folderHousehold, problem: null } : byText(uncovered);
  return pages.map((page, i) => {
    const separatorHousehold = covered[i] ?? null;
    const householdId = separatorHousehold ?? fallback.householdId;
    const by: AssignedBy | null = separatorHousehold !== null ? 'separator' : folderHousehold !== null ? 'folder' : householdId !== null ? 'idnumber' : null;
    if (householdId === null) return { householdId: null, by: null, problem: fallback.problem };
    if (!page.isSeparator && page.textHouseholds.length > 0 && !page.textHouseholds.includes(householdId)) {
      return { householdId: null, by: null, problem: '页面上的身份证号属于另一户，请核对' };
    }
    return { householdId, by, problem: null };
  });
}

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
