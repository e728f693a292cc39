import type { DocumentView, HouseholdDocuments } from '../../../../main/api/contract';

/**
 * Where pages stand in a household's file, for the corrections the 户档案
 * view offers (the service does the moving and checks everything again).
 */

/**
 * Documents the view lists. One emptied by a correction keeps its row in the
 * archive without item, case or pages, and has nothing to show; a document on
 * paper only (an item) or an exit's 停止救助通知书 (a case) still shows.
 */
export function shownDocuments(docs: HouseholdDocuments): DocumentView[] {
  return docs.documents.filter((d) => d.pages.length > 0 || d.itemCode !== null || d.caseId !== null);
}

/** Every page id in reading order: documents in catalogue order, then pages in no document. */
export function readingOrder(docs: HouseholdDocuments): number[] {
  return [...shownDocuments(docs).flatMap((d) => d.pages.map((p) => p.id)), ...docs.unfiledPages.map((p) => p.id)];
}

export function documentOf(docs: HouseholdDocuments, pageId: number): DocumentView | null {
  return docs.documents.find((d) => d.pages.some((p) => p.id === pageId)) ?? null;
}

/**
 * The document of the page just before `pageId` in reading order, when it is
 * another document with an item: "same item as the previous page" continues it.
 */
export function previousDocument(docs: HouseholdDocuments, pageId: number): DocumentView | null {
  const order = readingOrder(docs);
  const at = order.indexOf(pageId);
  const before = at > 0 ? order[at - 1] : undefined;
  if (before === undefined) return null;
  const doc = documentOf(docs, before);
  if (!doc?.itemCode || doc.pages.some((p) => p.id === pageId)) return null;
  return doc;
}

/** The nearest earlier document of the same item, which "merge" joins this one to. */
export function earlierSameItem(docs: HouseholdDocuments, document: DocumentView): DocumentView | null {
  const list = shownDocuments(docs);
  const at = list.findIndex((d) => d.id === document.id);
  for (let i = at - 1; i >= 0; i--) {
    const d = list[i];
    if (d && d.itemCode === document.itemCode && d.caseId === document.caseId) return d;
  }
  return null;
}

/** "入户调查表 第 2–3 页" for the selection. */
export function describeSelection(docs: HouseholdDocuments, pageIds: readonly number[]): string {
  if (pageIds.length === 0) return '未选页面';
  const first = pageIds[0] ?? 0;
  const doc = documentOf(docs, first);
  const sameDoc = doc && pageIds.every((id) => doc.pages.some((p) => p.id === id));
  if (!doc || !sameDoc) return `已选 ${pageIds.length} 页`;
  const numbers = pageIds.map((id) => doc.pages.findIndex((p) => p.id === id) + 1).sort((a, b) => a - b);
  const span = numbers.length === 1 ? `第 ${numbers[0]} 页` : `第 ${numbers[0]}–${numbers[numbers.length - 1]} 页`;
  return `已选 ${pageIds.length} 页：${doc.itemName ?? '未分类'} ${span}`;
}
