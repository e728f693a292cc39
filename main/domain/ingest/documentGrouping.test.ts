import { describe, expect, it } from 'vitest';
import { groupDocuments, type PageForGrouping } from './documentGrouping';

const p = (pageId: number, over: Partial<PageForGrouping> = {}): PageForGrouping => ({
  pageId,
  householdId: 1,
  blank: false,
  isSeparator: false,
  itemSeparator: null,
  cls: null,
  photo: false,
  ...over,
});
const cls = (itemCode: string, confidence = 0.95) => ({ itemCode, confidence, reason: 'x' });

describe('groupDocuments', () => {
  it('joins untitled pages to the document before them and skips blank duplex backs', () => {
    const { documents, pages } = groupDocuments([p(1, { cls: cls('a') }), p(2, { blank: true }), p(3), p(4, { cls: cls('b') }), p(5)]);
    expect(documents.map((d) => [d.itemCode, d.pageIds])).toEqual([['a', [1, 3]], ['b', [4, 5]]]);
    expect(pages.map((x) => x.review)).toEqual(['auto', 'auto', 'auto', 'auto', 'auto']);
  });

  it('sends a low-confidence page and an untitled first page to the inbox', () => {
    const { documents, pages } = groupDocuments([p(1), p(2, { cls: cls('a', 0.6) }), p(3)]);
    expect(pages.map((x) => x.review)).toEqual(['pending', 'pending', 'pending']);
    expect(documents).toEqual([{ householdId: 1, itemCode: 'a', pageIds: [2, 3], confidence: 0.6 }]);
  });

  it('files pages after an item separator sheet under its item', () => {
    const { documents } = groupDocuments([p(1, { isSeparator: true, itemSeparator: 'c' }), p(2), p(3, { cls: cls('a') })]);
    expect(documents.map((d) => [d.itemCode, d.pageIds])).toEqual([['c', [2, 3]]]);
  });

  it('never files a page without a household', () => {
    const { documents, pages } = groupDocuments([p(1, { householdId: null, cls: cls('a') })]);
    expect(documents).toEqual([]);
    expect(pages[0]?.review).toBe('pending');
  });

  it('takes a photo after 入户调查表 as part of that item', () => {
    const { documents, pages } = groupDocuments([p(1, { cls: cls('d8') }), p(2, { photo: true, cls: cls('d8', 0.6) })]);
    expect(documents.map((d) => d.pageIds)).toEqual([[1, 2]]);
    expect(pages[1]?.review).toBe('auto');
  });
});
