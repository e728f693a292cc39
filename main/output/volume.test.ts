import { createHash } from 'node:crypto';
import { PDFDict, PDFDocument, PDFHexString, PDFName } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { pageRange } from './catalogue';
import { buildVolume, catalogueEntries } from './volume';
import { inspectPdf, pageText } from './pdfInspect';
import type { Inspected } from './pdfInspect';
import { sampleVolume } from './samples';
import type { VolumeData } from './types';

/** The bound volume: order, page numbers vs. catalogue, bookmarks, metadata, lossless JPEG, stable bytes. */

let data: VolumeData;
let bytes: Uint8Array;
let pdf: Inspected;

beforeAll(async () => {
  data = await sampleVolume(100);
  bytes = await buildVolume(data);
  pdf = await inspectPdf(bytes);
});

const documentPages = () => data.documents.reduce((n, d) => n + d.pages.length, 0);

describe('buildVolume', () => {
  it('is cover, catalogue, every document page in order, then the 备考表, all A4 portrait', async () => {
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBe(1 + 1 + documentPages() + 1);
    for (const page of doc.getPages()) {
      expect(page.getWidth()).toBeCloseTo(595.28, 1);
      expect(page.getHeight()).toBeCloseTo(841.89, 1);
    }
    expect(pageText(pdf.pages[0] ?? [])).toContain('社会救助档案');
    expect(pageText(pdf.pages[1] ?? [])).toContain('卷内目录');
    expect(pageText(pdf.pages.at(-1) ?? [])).toContain('卷内备考表');
  });

  it('puts 案卷题名, 档号, 件数 and 页数 on the cover', () => {
    const cover = pageText(pdf.pages[0] ?? []);
    expect(cover).toContain(data.cover.title.replace(/\s+/g, ''));
    expect(cover).toContain(data.cover.archiveCode);
    expect(cover).toContain(`${data.documents.length}件`);
    expect(cover).toContain(`${documentPages()}页`);
    expect(cover).toContain('20240318至20240402');
  });

  it('stamps 1…N on the document pages, and the catalogue 页号 match those stamps', () => {
    const stamps = pdf.pages.slice(2, 2 + documentPages()).map((items) => items.at(-1));
    expect(stamps).toEqual(Array.from({ length: documentPages() }, (_, i) => String(i + 1)));
    const catalogue = pdf.pages[1] ?? [];
    let from = 0;
    catalogueEntries(data.documents).forEach((entry, i) => {
      // Rows appear in checklist order: each title after the previous one, followed by its 页号.
      const at = catalogue.findIndex((s, k) => k >= from && s === String(i + 1));
      expect(at).toBeGreaterThanOrEqual(from);
      const row = catalogue.slice(at, at + 12).join('|');
      expect(row).toContain(entry.title.slice(0, 8));
      expect(row).toContain(pageRange(entry.firstPage, entry.lastPage));
      const firstPageText = pdf.pages[1 + entry.firstPage] ?? [];
      expect(firstPageText.at(-1)).toBe(String(entry.firstPage));
      from = at + 1;
    });
  });

  it('has a bookmark per document, titled in Chinese, opening its first page', () => {
    const entries = catalogueEntries(data.documents);
    expect(pdf.outline.map((o) => o.title)).toEqual([
      '卷皮',
      '卷内目录',
      ...data.documents.map((d) => d.title),
      '卷内备考表',
    ]);
    entries.forEach((entry, i) => expect(pdf.outline[2 + i]?.pageIndex).toBe(1 + entry.firstPage));
  });

  it('writes the outline as UTF-16 hex strings and opens with the bookmark panel', async () => {
    const doc = await PDFDocument.load(bytes);
    const outlines = doc.catalog.lookup(PDFName.of('Outlines'), PDFDict);
    const first = outlines.lookup(PDFName.of('First'), PDFDict);
    const title = first.lookup(PDFName.of('Title'));
    expect(title).toBeInstanceOf(PDFHexString);
    expect((title as PDFHexString).decodeText()).toBe('卷皮');
    expect(doc.catalog.lookup(PDFName.of('PageMode'))).toEqual(PDFName.of('UseOutlines'));
  });

  it('sets Title, Subject, Keywords, Author, Creator and fixed dates from the data', async () => {
    expect(pdf.info).toMatchObject({
      Title: data.cover.title,
      Subject: data.cover.category,
      Keywords: data.cover.archiveCode,
      Author: data.cover.fondsName,
      Creator: '户档',
    });
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    expect(doc.getCreationDate()?.toISOString()).toBe('2024-04-10T08:00:00.000Z');
    expect(doc.getModificationDate()?.toISOString()).toBe('2024-04-10T08:00:00.000Z');
  });

  it('embeds every JPEG page byte for byte (no re-encoding)', () => {
    const whole = Buffer.from(bytes);
    const jpegs = data.documents.flatMap((d) => d.pages).filter((p) => p.bytes[0] === 0xff && p.bytes[1] === 0xd8);
    expect(jpegs.length).toBeGreaterThan(5);
    for (const page of jpegs) expect(whole.indexOf(Buffer.from(page.bytes))).toBeGreaterThan(0);
  });

  it('lists the missing items by name in the 备考表', () => {
    const remarks = pageText(pdf.pages.at(-1) ?? []);
    for (const name of data.remarks.missingItems) expect(remarks).toContain(name);
    expect(remarks).toContain(`本卷共${data.documents.length}件，${documentPages()}页。`);
    expect(remarks).toContain(data.remarks.compiler);
    expect(remarks).toContain('2024年4月10日');
  });

  it('gives the same bytes for the same input', async () => {
    const again = await buildVolume(data);
    const hash = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
    expect(hash(again)).toBe(hash(bytes));
  });

  it('refuses a document without pages', async () => {
    const broken = { ...data, documents: [{ title: '最低生活保障待遇申请书', pages: [] }] };
    await expect(buildVolume(broken)).rejects.toThrow('没有页面');
  });
});
