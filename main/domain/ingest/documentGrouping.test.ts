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
  it('joins an untitled page to the document before it only on evidence, skipping blank duplex backs', () => {
    const { documents, pages } = groupDocuments(
      [p(1, { cls: cls('a') }), p(2, { blank: true }), p(3, { marker: true, textOpinions: [{ code: 'a', coverage: 0.4 }] }), p(4, { cls: cls('b') }), p(5)],
      new Set(),
    );
    expect(documents.map((d) => [d.itemCode, d.pageIds])).toEqual([['a', [1, 3]], ['b', [4, 5]]]);
    // Page 3: 第2页 and a body like the document before it. Page 5: nothing but its position.
    expect(pages.map((x) => x.review)).toEqual(['auto', 'auto', 'auto', 'auto', 'pending']);
    expect(pages[4]?.continuation?.itemCode).toBe('b');
  });

  it.each<[string, Partial<PageForGrouping>, ReadonlySet<string>, 'auto' | 'pending']>([
    ['position alone', {}, new Set(), 'pending'],
    ['an item that runs over pages, nothing else', {}, new Set(['a']), 'pending'],
    ['a 第2页 marker on a several-page item', { marker: true }, new Set(['a']), 'auto'],
    ['a body like the document before it, on a several-page item', { textOpinions: [{ code: 'a', coverage: 0.3 }] }, new Set(['a']), 'auto'],
    ['a marker, but a body that reads as something else', { marker: true, textOpinions: [{ code: 'b', coverage: 0.5 }, { code: 'a', coverage: 0.05 }] }, new Set(['a']), 'pending'],
    ['a title line naming no item', { titled: true, marker: true }, new Set(['a']), 'pending'],
  ])('an untitled page after a document: %s → %s', (_name, over, multiPage, review) => {
    const { pages } = groupDocuments([p(1, { cls: cls('a') }), p(2, over)], multiPage);
    expect(pages[1]?.review).toBe(review);
  });

  it('files a page whose body contradicts the document before it under neither, with the body’s guess', () => {
    const { pages } = groupDocuments([
      p(1, { cls: cls('a') }),
      p(2, { textOpinions: [{ code: 'b', coverage: 0.5 }, { code: 'a', coverage: 0.05 }], textGuess: cls('b', 0.7) }),
    ]);
    expect(pages[1]).toMatchObject({ itemCode: 'b', review: 'pending' });
    expect(pages[1]?.continuation?.itemCode).toBe('a');
  });

  it('sends a low-confidence page and an untitled first page to the inbox', () => {
    const { documents, pages } = groupDocuments([p(1), p(2, { cls: cls('a', 0.6) }), p(3, { marker: true })]);
    expect(pages.map((x) => x.review)).toEqual(['pending', 'pending', 'pending']);
    expect(documents).toEqual([{ householdId: 1, itemCode: 'a', pageIds: [2, 3], confidence: 0.6 }]);
  });

  it('leaves a page a clerk filed where it is, and continues nothing across it', () => {
    const { documents, pages } = groupDocuments([p(1, { cls: cls('a') }), p(2, { decided: true, cls: cls('a') }), p(3, { marker: true, textOpinions: [{ code: 'a', coverage: 0.4 }] })], new Set(['a']));
    expect(documents.map((d) => [d.itemCode, d.pageIds])).toEqual([['a', [1]]]);
    expect(pages.map((x) => x.review)).toEqual(['auto', 'accepted', 'pending']);
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

  it('lets a page held under a household (a list of several) wait however sure its item is', () => {
    const { pages } = groupDocuments([p(1, { cls: cls('a', 0.99), held: true }), p(2, { cls: cls('b', 0.99) })]);
    expect(pages.map((x) => [x.itemCode, x.review])).toEqual([['a', 'pending'], ['b', 'auto']]);
  });

  it('keeps a weakly continued page apart when its own reading suggests another item more strongly', () => {
    const own = { itemCode: 'b', confidence: 0.7, source: 'text' as const, reason: 'x' };
    const { documents, pages } = groupDocuments([p(1, { cls: cls('a') }), p(2, { ownBest: own })]);
    expect(documents.map((d) => d.pageIds)).toEqual([[1]]);
    expect(pages[1]).toMatchObject({ itemCode: null, review: 'pending', continuation: { itemCode: 'a' } });
    // Strong continuation evidence still wins.
    const strong = groupDocuments([p(1, { cls: cls('a') }), p(2, { ownBest: own, marker: true })], new Set(['a']));
    expect(strong.documents.map((d) => d.pageIds)).toEqual([[1, 2]]);
  });

  it('takes a photo after 入户调查表 as part of that item', () => {
    const { documents, pages } = groupDocuments([p(1, { cls: cls('d8') }), p(2, { photo: true, cls: cls('d8', 0.6) })]);
    expect(documents.map((d) => d.pageIds)).toEqual([[1, 2]]);
    expect(pages[1]?.review).toBe('auto');
  });
});
