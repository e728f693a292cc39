import zlib from 'node:zlib';
import { PDFDocument, PDFName, PDFRef, setTextRenderingMode, StandardFonts, TextRenderingMode } from 'pdf-lib';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { isBlankPage } from './normalise';
import { splitPages } from './split';
import { scannerPdf, textPage } from './testFixtures';
import { RejectedFileError } from './types';

async function rejection(work: Promise<unknown>): Promise<string> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RejectedFileError);
  return (error as RejectedFileError).message;
}

async function textPdf(text: string, size: [number, number] = [595.28, 841.89]): Promise<PDFDocument> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage(size);
  page.drawText(text, { x: 40, y: size[1] - 80, size: 18, font });
  return doc;
}

let scans: Buffer[];
beforeAll(async () => {
  scans = await Promise.all(
    [
      ['第一页', '申请书'],
      ['第二页', '入户调查表'],
      ['第三页', '民主评议记录'],
    ].map((lines) => textPage({ lines })),
  );
});

describe('image-only scanner PDFs', () => {
  it('copies each page’s JPEG out unchanged, without rasterising', async () => {
    const pdf = await scannerPdf(scans);
    const { pages, warnings } = await splitPages(pdf, 'pdf');
    expect(warnings).toEqual([]);
    expect(pages.map((p) => p.index)).toEqual([1, 2, 3]);
    pages.forEach((page, i) => {
      expect(page).toMatchObject({
        format: 'jpeg',
        width: 1654,
        height: 2339,
        dpi: 200,
        lossless: true,
        textLayer: null,
      });
      expect(page.image.equals(scans[i] as Buffer)).toBe(true);
    });
  });

  it('takes about a millisecond a page', async () => {
    const many = Array.from({ length: 60 }, (_, i) => scans[i % 3] as Buffer);
    const pdf = await scannerPdf(many);
    await splitPages(pdf, 'pdf'); // warm-up
    const started = performance.now();
    const { pages } = await splitPages(pdf, 'pdf');
    const perPage = (performance.now() - started) / pages.length;
    expect(pages).toHaveLength(60);
    expect(pages.every((p) => p.lossless)).toBe(true);
    expect(perPage).toBeLessThan(15); // measured ~1 ms here; generous for slow CI machines
  });

  it('unwraps a Flate-wrapped JPEG (as Ghostscript writes them) without re-encoding it', async () => {
    const doc = await PDFDocument.create();
    const page = doc.addPage([595.28, 841.89]);
    const image = doc.context.stream(zlib.deflateSync(scans[2] as Buffer), {
      Type: 'XObject',
      Subtype: 'Image',
      Width: 1654,
      Height: 2339,
      BitsPerComponent: 8,
      ColorSpace: 'DeviceRGB',
      Filter: ['FlateDecode', 'DCTDecode'],
    });
    page.node.set(PDFName.of('Resources'), doc.context.obj({ XObject: { Im0: doc.context.register(image) } }));
    const content = doc.context.flateStream('q 595.28 0 0 841.89 0 0 cm /Im0 Do Q');
    page.node.set(PDFName.of('Contents'), doc.context.register(content));
    const { pages } = await splitPages(Buffer.from(await doc.save()), 'pdf');
    expect(pages[0]).toMatchObject({ lossless: true, dpi: 200 });
    expect(pages[0]?.image.equals(scans[2] as Buffer)).toBe(true);
  });

  it('honours /Rotate: the page comes out upright (re-encoded)', async () => {
    const pdf = await scannerPdf([scans[0] as Buffer], { rotate: 90 });
    const { pages } = await splitPages(pdf, 'pdf');
    expect(pages[0]).toMatchObject({ width: 2339, height: 1654, lossless: false, format: 'jpeg' });
  });

  it('rasterises a scan that carries an annotation (a stamp added later must show)', async () => {
    const doc = await PDFDocument.load(await scannerPdf([scans[0] as Buffer]));
    const stamp = doc.context.obj({ Type: 'Annot', Subtype: 'Square', Rect: [100, 100, 300, 300], C: [1, 0, 0] });
    doc.getPage(0).node.set(PDFName.of('Annots'), doc.context.obj([doc.context.register(stamp)]));
    const { pages } = await splitPages(Buffer.from(await doc.save()), 'pdf');
    expect(pages[0]).toMatchObject({ lossless: false, dpi: 200 });
  });

  it('keeps an invisible OCR layer as text and the scan as it was', async () => {
    const doc = await PDFDocument.load(await scannerPdf([scans[0] as Buffer]));
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const page = doc.getPage(0);
    page.pushOperators(setTextRenderingMode(TextRenderingMode.Invisible));
    page.drawText('Application for minimum living allowance', { x: 60, y: 700, size: 12, font });
    const { pages } = await splitPages(Buffer.from(await doc.save()), 'pdf');
    expect(pages[0]?.lossless).toBe(true);
    expect(pages[0]?.image.equals(scans[0] as Buffer)).toBe(true);
    expect(pages[0]?.textLayer).toBe('Application for minimum living allowance');
  });
});

describe('other PDFs are rasterised at 200 dpi with their text layer', () => {
  it('renders a digital text page and reads its text', async () => {
    const doc = await textPdf('Household file 2024-0312');
    const { pages } = await splitPages(Buffer.from(await doc.save()), 'pdf');
    expect(pages[0]).toMatchObject({
      width: 1653,
      height: 2339,
      dpi: 200,
      lossless: false,
      textLayer: 'Household file 2024-0312',
    });
    expect((await isBlankPage(pages[0]?.image as Buffer)).blank).toBe(false);
  });

  it('rasterises a scan with visible text stamped on it (the stamp must not be lost)', async () => {
    const pdf = await scannerPdf([scans[1] as Buffer], { text: 'RECEIVED 2024-03-12' });
    const { pages } = await splitPages(pdf, 'pdf');
    expect(pages[0]).toMatchObject({ lossless: false, textLayer: 'RECEIVED 2024-03-12' });
  });

  it('caps the pixel count of huge pages and renders small pages finer', async () => {
    const huge = await textPdf('Poster', [3000, 3000]);
    const { pages } = await splitPages(Buffer.from(await huge.save()), 'pdf', { maxPagePixels: 4_000_000 });
    const page = pages[0];
    expect((page?.width ?? 0) * (page?.height ?? 0)).toBeLessThanOrEqual(4_000_000);
    expect(page?.dpi).toBeLessThan(72);
    const receipt = await textPdf('Receipt', [300, 150]);
    const small = await splitPages(Buffer.from(await receipt.save()), 'pdf');
    expect(small.pages[0]?.dpi).toBeGreaterThan(200);
    expect(small.pages[0]?.width).toBeLessThanOrEqual(2339);
  });

  it('refuses a page holding an image too large to decode (decompression bomb)', async () => {
    const doc = await PDFDocument.create();
    const page = doc.addPage([612, 792]);
    const bomb = doc.context.flateStream(new Uint8Array(1000), {
      Type: 'XObject',
      Subtype: 'Image',
      Width: 40000,
      Height: 40000,
      BitsPerComponent: 1,
      ColorSpace: 'DeviceGray',
    });
    page.node.set(PDFName.of('Resources'), doc.context.obj({ XObject: { Im0: doc.context.register(bomb) } }));
    page.node.set(
      PDFName.of('Contents'),
      doc.context.register(doc.context.flateStream('q 612 0 0 792 0 0 cm /Im0 Do Q')),
    );
    expect(await rejection(splitPages(Buffer.from(await doc.save()), 'pdf'))).toBe(
      'PDF 第 1 页的图像过大（40000×40000 像素），超出处理上限',
    );
  });

  it('warns when a page draws an image the file does not contain', async () => {
    const doc = await PDFDocument.create();
    const page = doc.addPage([595, 842]);
    page.node.set(PDFName.of('Resources'), doc.context.obj({ XObject: { Im9: PDFRef.of(999) } }));
    page.node.set(
      PDFName.of('Contents'),
      doc.context.register(doc.context.flateStream('q 595 0 0 842 0 0 cm /Im9 Do Q')),
    );
    const { pages, warnings } = await splitPages(Buffer.from(await doc.save()), 'pdf');
    expect(pages).toHaveLength(1);
    expect(warnings).toEqual(['第 1 页引用的图像（Im9）在文件中不存在，该页显示为空白']);
  });
});

describe('damaged and refused PDFs', () => {
  it('rejects a PDF without pages', async () => {
    const doc = await PDFDocument.create();
    const empty = Buffer.from(await doc.save({ addDefaultPage: false }));
    expect(await rejection(splitPages(empty, 'pdf'))).toBe('PDF 没有页面');
  });

  it('repairs a shifted xref and says so', async () => {
    const doc = await textPdf('Repaired page');
    const bytes = Buffer.from(await doc.save({ useObjectStreams: false }));
    const broken = Buffer.concat([bytes.subarray(0, 15), bytes.subarray(16)]); // one byte gone after the header
    const { pages, warnings } = await splitPages(broken, 'pdf');
    expect(pages[0]?.textLayer).toBe('Repaired page');
    expect(warnings).toEqual(['PDF 已修复：文件的交叉引用表已损坏，已按文件内容重建']);
  });

  it('ends a truncated PDF in pages with a repair warning or a clear reason', async () => {
    const pdf = await scannerPdf(scans);
    for (const share of [0.5, 0.98]) {
      const cut = pdf.subarray(0, Math.floor(pdf.length * share));
      const outcome = await splitPages(cut, 'pdf').then(
        (r) => r.warnings,
        (e: unknown) => (e instanceof RejectedFileError ? e.message : 'crash'),
      );
      expect(String(outcome)).toMatch(/PDF 已修复|PDF 文件已损坏|页无法/);
    }
  });

  it('rejects bytes that only look like a PDF', async () => {
    const fake = Buffer.from('%PDF-1.3\nThis is not a valid PDF file\n%%EOF\n');
    expect(await rejection(splitPages(fake, 'pdf'))).toBe('PDF 文件已损坏，无法打开');
  });

  it('keeps the page count when the image of a page is a plain PNG-like flate image', async () => {
    const doc = await PDFDocument.create();
    const png = await doc.embedPng(
      await sharp(scans[2] as Buffer)
        .png()
        .toBuffer(),
    );
    doc.addPage([595.28, 841.89]).drawImage(png, { x: 0, y: 0, width: 595.28, height: 841.89 });
    const { pages } = await splitPages(Buffer.from(await doc.save()), 'pdf');
    expect(pages).toHaveLength(1);
    expect(pages[0]).toMatchObject({ lossless: false, dpi: 200 });
  });
});
