import { createRequire } from 'node:module';
import path from 'node:path';
import { PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  a4Pixels,
  continuationPage,
  multiPagePdf,
  multiPageTiff,
  renderFormPage,
  textLayerPdf,
  tiffFrames,
} from './scans';

async function rawPixels(image: Buffer) {
  return sharp(image).raw().toBuffer({ resolveWithObject: true });
}

describe('renderFormPage', () => {
  it('renders A4 at the requested dpi, as JPEG with the dpi recorded', async () => {
    const page = await renderFormPage();
    const meta = await sharp(page).metadata();
    expect([meta.format, meta.width, meta.height, meta.density]).toEqual(['jpeg', 1654, 2339, 200]);
    expect(a4Pixels(300)).toEqual({ width: 2480, height: 3508 });
    const png = await sharp(await renderFormPage({ dpi: 100, format: 'png' })).metadata();
    expect([png.format, png.width, png.height, png.density]).toEqual(['png', 827, 1169, 100]);
  });

  it('is deterministic for a seed and varies between seeds', async () => {
    const spec = { noise: 0.4, skew: 1.5, dpi: 100 };
    const a = await renderFormPage({ ...spec, seed: 5 });
    expect((await renderFormPage({ ...spec, seed: 5 })).equals(a)).toBe(true);
    expect((await renderFormPage({ ...spec, seed: 6 })).equals(a)).toBe(false);
  });

  it('rotates clockwise: sideways pages are landscape, 180 is the upright page turned', async () => {
    const spec = { format: 'png' as const, noise: 0.2, seed: 3, dpi: 100 };
    const upright = await renderFormPage(spec);
    const sideways = await sharp(await renderFormPage({ ...spec, rotate: 90 })).metadata();
    expect([sideways.width, sideways.height]).toEqual([1169, 827]);
    const turned = await rawPixels(await sharp(upright).rotate(180).png().toBuffer());
    const flipped = await rawPixels(await renderFormPage({ ...spec, rotate: 180 }));
    expect(flipped.data.equals(turned.data)).toBe(true);
    const back = await rawPixels(
      await sharp(await renderFormPage({ ...spec, rotate: 270 }))
        .rotate(90)
        .png()
        .toBuffer(),
    );
    expect(back.data.equals((await rawPixels(upright)).data)).toBe(true);
  });

  it('puts the ink of the title at the top of an upright page', async () => {
    const page = await renderFormPage({ noise: 0, grayscale: true });
    const { width, height } = a4Pixels();
    const darkPixels = async (top: number) => {
      const band = await sharp(page).extract({ left: 0, top, width, height: 120 }).raw().toBuffer();
      return band.filter((v) => v < 128).length;
    };
    expect(await darkPixels(Math.round(height * 0.08))).toBeGreaterThan(3000); // the title, 26–35 mm from the top
    expect(await darkPixels(height - 120)).toBe(0); // bottom margin
  });

  it('writes greyscale pages with one channel and colour pages with three', async () => {
    expect((await sharp(await renderFormPage({ grayscale: true })).metadata()).channels).toBe(1);
    expect((await sharp(await renderFormPage({ seal: true })).metadata()).channels).toBe(3);
  });

  it('makes blank backs near-white and photo pages colourful', async () => {
    const blank = await sharp(await renderFormPage({ blank: true, grayscale: true }))
      .raw()
      .toBuffer();
    const dark = blank.filter((v) => v < 160).length;
    const mean = blank.reduce((s, v) => s + v, 0) / blank.length;
    expect(mean).toBeGreaterThan(240);
    expect(dark / blank.length).toBeLessThan(0.001);
    const photo = await sharp(await renderFormPage({ photo: true })).stats();
    expect(photo.channels[2]?.stdev).toBeGreaterThan(40);
    expect(photo.isOpaque).toBe(true);
  });

  it('renders continuation pages at A4 size', async () => {
    const page = await continuationPage({ noise: 0.2 });
    const meta = await sharp(page).metadata();
    expect([meta.width, meta.height]).toEqual([1654, 2339]);
  });
});

describe('bundles', () => {
  it('multiPagePdf embeds each JPEG unchanged on its own A4 page', async () => {
    const pages = [await renderFormPage({ seed: 1 }), await renderFormPage({ seed: 2, rotate: 90 })];
    const doc = await PDFDocument.load(await multiPagePdf(pages));
    expect(doc.getPageCount()).toBe(2);
    const [first, second] = doc.getPages();
    expect(Math.round(first?.getWidth() ?? 0)).toBe(595);
    expect(Math.round(second?.getWidth() ?? 0)).toBe(842); // the sideways scan gets a landscape page
    const jpegs = doc.context
      .enumerateIndirectObjects()
      .map(([, obj]) => obj)
      .filter((obj): obj is PDFRawStream => obj instanceof PDFRawStream)
      .filter((s) => s.dict.get(PDFName.of('Filter')) === PDFName.of('DCTDecode'))
      .map((s) => Buffer.from(s.contents));
    expect(jpegs).toHaveLength(2);
    expect(jpegs.some((j) => j.equals(pages[0] as Buffer))).toBe(true);
  });

  it('multiPageTiff chains pages of different sizes that sharp can read back', async () => {
    const pages = [
      await renderFormPage({ dpi: 100 }),
      await renderFormPage({ dpi: 100, rotate: 90 }),
      await renderFormPage({ dpi: 100, blank: true }),
    ];
    const tiff = await multiPageTiff(pages);
    expect(tiffFrames(tiff).map((f) => [f.width, f.height, f.compression])).toEqual([
      [827, 1169, 5],
      [1169, 827, 5],
      [827, 1169, 5],
    ]);
    expect((await sharp(tiff).metadata()).pages).toBe(3);
    const second = await sharp(tiff, { page: 1 }).metadata();
    expect([second.width, second.height]).toEqual([1169, 827]);
    expect((await sharp(tiff, { page: 2 }).stats()).channels[0]?.mean).toBeGreaterThan(240);
  });

  it('multiPageTiff writes bilevel CCITT G4 frames', async () => {
    const tiff = await multiPageTiff([await renderFormPage({ dpi: 100 }), await continuationPage({ dpi: 100 })], {
      compression: 'g4',
    });
    expect(tiffFrames(tiff).map((f) => [f.compression, f.bitsPerSample])).toEqual([
      [4, 1],
      [4, 1],
    ]);
    const page = await sharp(tiff, { page: 1 }).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
    expect(page.info.channels).toBe(1);
    expect(new Set(page.data).size).toBeLessThanOrEqual(2);
  });

  it('textLayerPdf has an extractable Chinese text layer', async () => {
    const require = createRequire(import.meta.url);
    const pdfjsRoot = path.dirname(require.resolve('pdfjs-dist/package.json'));
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const lines = ['最低生活保障待遇申请书', '申请人：王桂兰', '身份证号：120116194505120173'];
    const data = new Uint8Array(await textLayerPdf(lines));
    // UniGB-UCS2-H is a predefined CMap: pdf.js needs its cmaps folder, as for many real Chinese PDFs.
    const doc = await pdfjs.getDocument({ data, cMapUrl: `${pdfjsRoot}/cmaps/`, cMapPacked: true, verbosity: 0 })
      .promise;
    const content = await (await doc.getPage(1)).getTextContent();
    expect(content.items.map((i) => ('str' in i ? i.str : ''))).toEqual(lines);
    await doc.destroy();
  });
});
