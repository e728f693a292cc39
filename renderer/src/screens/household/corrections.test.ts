import { describe, expect, it } from 'vitest';
import type { DocumentView, HouseholdDocuments, PageView } from '../../../../main/api/contract';
import { describeSelection, earlierSameItem, previousDocument, readingOrder, shownDocuments } from './corrections';

const pageView = (id: number): PageView => ({
  id,
  image: 'x',
  thumb: null,
  ocrText: null,
  titleText: null,
  rotation: 0,
  blank: false,
  review: 'accepted',
  confidence: 1,
  source: 's',
  sourcePage: id,
});
const doc = (id: number, itemCode: string | null, pages: number[], caseId: number | null = 1): DocumentView => ({
  id,
  caseId,
  itemCode,
  itemName: itemCode ? `要件${itemCode}` : null,
  title: null,
  docNumber: null,
  responsible: null,
  docDate: null,
  confirmed: true,
  pages: pages.map(pageView),
});
const file: HouseholdDocuments = {
  documents: [
    doc(1, 'dibao.02', [10]),
    doc(2, 'dibao.08', [20, 21]),
    doc(3, null, [], null),
    doc(4, 'dibao.08', [40]),
    doc(5, null, [], 7),
  ],
  unfiledPages: [pageView(50)],
};

describe('household corrections', () => {
  it('hides only documents emptied by a correction, and reads pages in catalogue order', () => {
    expect(shownDocuments(file).map((d) => d.id)).toEqual([1, 2, 4, 5]);
    expect(readingOrder(file)).toEqual([10, 20, 21, 40, 50]);
  });

  it('finds the previous page’s other document for "same item as the previous page"', () => {
    expect(previousDocument(file, 20)?.id).toBe(1);
    expect(previousDocument(file, 21)).toBeNull();
    expect(previousDocument(file, 40)?.id).toBe(2);
    expect(previousDocument(file, 10)).toBeNull();
  });

  it('merges with the nearest earlier document of the same item and case', () => {
    expect(earlierSameItem(file, file.documents[3] as DocumentView)?.id).toBe(2);
    expect(earlierSameItem(file, file.documents[1] as DocumentView)).toBeNull();
  });

  it('describes the selection in clerks’ words', () => {
    expect(describeSelection(file, [20, 21])).toBe('已选 2 页：要件dibao.08 第 1–2 页');
    expect(describeSelection(file, [21, 40])).toBe('已选 2 页');
  });
});
