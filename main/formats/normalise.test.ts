import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { detectSkew } from './deskew';
import { isBlankPage, normalisePage, preparePage, thumbnail } from './normalise';
import { RejectedFileError } from './types';
import { addScannerNoise, skewedPage, textPage } from './testFixtures';
import { renderFormPage } from '../testing/scans';

async function regionMean(image: Buffer, left: number, top: number, width: number, height: number): Promise<number> {
  const cut = await sharp(image).extract({ left, top, width, height }).toColourspace('b-w').toBuffer();
  return (await sharp(cut).stats()).channels[0]?.mean ?? NaN;
}

async function measuredSkew(image: Buffer): Promise<number> {
  const { data, info } = await sharp(image)
    .resize(1200, 1200, { fit: 'inside' })
    .toColourspace('b-w')
    .raw()
    .toBuffer({ resolveWithObject: true });
  return detectSkew({ data, width: info.width, height: info.height });
}

/** A white page with a black block in its top-left corner, to see where the corner ends up. */
function markedPage(width: number, height: number): Promise<Buffer> {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
    `<rect width="${width}" height="${height}" fill="#fff"/><rect x="20" y="20" width="200" height="200"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg().toBuffer();
}

describe('normalisePage', () => {
  it('straightens a page scanned 2° crooked to within half a degree', async () => {
    const crooked = await skewedPage(2);
    const page = await normalisePage(crooked, { rotation: 0 });
    expect(page.deskewAngle).toBeGreaterThan(-2.5);
    expect(page.deskewAngle).toBeLessThan(-1.5);
    expect(Math.abs(await measuredSkew(page.image))).toBeLessThanOrEqual(0.5);
    expect(page).toMatchObject({ width: 1654, height: 2339, format: 'jpeg' });
    expect(await sharp(page.image).metadata()).toMatchObject({ width: 1654, height: 2339 });
  });

  it('straightens the other way too, and leaves a straight page alone', async () => {
    const page = await normalisePage(await skewedPage(-3.2), { rotation: 0 });
    expect(Math.abs(page.deskewAngle - 3.2)).toBeLessThanOrEqual(0.5);
    const straight = await normalisePage(await textPage(), { rotation: 0 });
    expect(straight.deskewAngle).toBe(0);
  });

  it('applies the rotation the OCR layer decided', async () => {
    const portrait = await markedPage(1654, 2339);
    const turned = await normalisePage(portrait, { rotation: 180 });
    expect(turned).toMatchObject({ width: 1654, height: 2339 });
    expect(await regionMean(turned.image, 1654 - 200, 2339 - 200, 150, 150)).toBeLessThan(40);
    expect(await regionMean(turned.image, 50, 50, 150, 150)).toBeGreaterThan(240);

    // A sideways scan (landscape pixels) turned 90° clockwise becomes an upright A4 page.
    const sideways = await markedPage(2339, 1654);
    const upright = await normalisePage(sideways, { rotation: 90 });
    expect(upright).toMatchObject({ width: 1654, height: 2339 });
    expect(await regionMean(upright.image, 1654 - 200, 50, 150, 150)).toBeLessThan(40);
  });

  it('fits any page size onto the A4 sheet without cropping, with white margins', async () => {
    const small = await markedPage(800, 1000); // wider than A4's proportions: margins top and bottom
    const page = await normalisePage(small, { rotation: 0 });
    expect(page).toMatchObject({ width: 1654, height: 2339 });
    expect(await regionMean(page.image, 0, 0, 1654, 60)).toBeGreaterThan(250); // top margin
    expect(await regionMean(page.image, 60, 230, 300, 300)).toBeLessThan(60); // the corner block, scaled ×2.07
  });

  it('puts a landscape page on a landscape sheet rather than shrinking it', async () => {
    const page = await normalisePage(await markedPage(3000, 2000), { rotation: 0 });
    expect(page).toMatchObject({ width: 2339, height: 1654 });
  });

  it('never thresholds: grey stays grey', async () => {
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" width="1654" height="2339"><rect width="1654" height="2339" fill="#fff"/>' +
      '<rect x="400" y="800" width="800" height="600" fill="#888"/></svg>';
    const page = await normalisePage(await sharp(Buffer.from(svg)).jpeg().toBuffer(), { rotation: 0 });
    const mean = await regionMean(page.image, 500, 900, 400, 300);
    expect(mean).toBeGreaterThan(120);
    expect(mean).toBeLessThan(150);
  });

  it('keeps bilevel PNG pages as PNG', async () => {
    const bilevel = await sharp(await textPage({}, 'png'))
      .extractChannel(0)
      .threshold(128)
      .png()
      .toBuffer();
    const page = await normalisePage(bilevel, { rotation: 0 });
    expect(page.format).toBe('png');
    expect((await sharp(page.image).metadata()).format).toBe('png');
  });
});

describe('isBlankPage', () => {
  it('calls the back of a one-sided form blank despite noise, dust and bleed-through', async () => {
    const bleed = await textPage({ mirrored: true, fill: '#dadada' });
    const back = await addScannerNoise(bleed);
    const result = await isBlankPage(back);
    expect(result.blank).toBe(true);
    expect(result.inkRatio).toBeLessThan(0.0001);
  });

  it('does not call a page with a single short line blank', async () => {
    const line = await addScannerNoise(await textPage({ lines: ['以下空白'], top: 1200 }));
    const result = await isBlankPage(line);
    expect(result.blank).toBe(false);
    expect(result.inkRatio).toBeGreaterThan(0.0001);
    expect((await isBlankPage(await textPage())).blank).toBe(false);
  });

  it('calls pure white blank', async () => {
    const white = await sharp({ create: { width: 1654, height: 2339, channels: 3, background: '#fff' } })
      .jpeg()
      .toBuffer();
    expect(await isBlankPage(white)).toEqual({ blank: true, inkRatio: 0 });
  });
});

describe('thumbnail', () => {
  it('is a small JPEG 240 px wide', async () => {
    const thumb = await thumbnail(await textPage());
    const meta = await sharp(thumb).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 240 });
    expect(thumb.length).toBeLessThan(30_000);
  });
});

describe('preparePage', () => {
  it('keeps an upright, straight A4 JPEG at 200 dpi byte for byte', async () => {
    const scan = await renderFormPage({ dpi: 200, seed: 3, noise: 0.3 });
    const page = await preparePage(scan, { rotation: 0 });
    expect(page).toMatchObject({
      unchanged: true,
      format: 'jpeg',
      width: 1654,
      height: 2339,
      deskewAngle: 0,
      blank: false,
    });
    expect(page.image.equals(scan)).toBe(true);
    expect(await sharp(page.thumbnail).metadata()).toMatchObject({ format: 'jpeg', width: 240, height: 339 });

    const grey = await renderFormPage({ dpi: 200, seed: 4, grayscale: true });
    const greyPage = await preparePage(grey, { rotation: 0 });
    expect(greyPage.unchanged).toBe(true);
    expect((await sharp(greyPage.image).metadata()).channels).toBe(1);
  });

  it('re-encodes what is not yet upright, straight and A4: turned, crooked or another size', async () => {
    const scan = await renderFormPage({ dpi: 200, seed: 3 });
    const turned = await preparePage(scan, { rotation: 180 });
    expect(turned).toMatchObject({ unchanged: false, width: 1654, height: 2339 });
    expect(turned.image.equals(scan)).toBe(false);

    const crooked = await preparePage(await renderFormPage({ dpi: 200, seed: 3, skew: 1.2 }), { rotation: 0 });
    expect(crooked).toMatchObject({ unchanged: false, width: 1654, height: 2339 });
    expect(crooked.deskewAngle).toBeLessThan(-0.7);
    expect(Math.abs(await measuredSkew(crooked.image))).toBeLessThanOrEqual(0.5);
    expect(await sharp(crooked.image).metadata()).toMatchObject({ width: 1654, height: 2339 });

    const small = await preparePage(await renderFormPage({ dpi: 150, seed: 3 }), { rotation: 0 });
    expect(small).toMatchObject({ unchanged: false, width: 1654, height: 2339 });
  });

  it('straightens without cropping: a mark in the corner of a crooked page is still on the sheet', async () => {
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" width="1654" height="2339">' +
      '<rect x="0" y="0" width="120" height="120"/><rect x="1534" y="2219" width="120" height="120"/></svg>';
    const text = await sharp(await textPage({}, 'png'))
      .composite([{ input: Buffer.from(svg) }])
      .png()
      .toBuffer();
    const crooked = await sharp(text).rotate(1.5, { background: '#fff' }).jpeg({ quality: 90 }).toBuffer();
    const page = await preparePage(crooked, { rotation: 0 });
    expect(page.deskewAngle).toBeLessThan(-1);
    expect(page).toMatchObject({ width: 1654, height: 2339 });
    // The scan (1715×2381 once turned) is fitted whole: both marks survive, shrunk a little, inside white margins.
    expect(await regionMean(page.image, 0, 0, 1654, 40)).toBeGreaterThan(250);
    expect(await regionMean(page.image, 65, 85, 95, 95)).toBeLessThan(60);
    expect(await regionMean(page.image, 1492, 2156, 95, 95)).toBeLessThan(60);
    expect(await regionMean(page.image, 0, 2339 - 40, 1654, 40)).toBeGreaterThan(250);
  });

  it('agrees with isBlankPage and thumbnail', async () => {
    const back = await addScannerNoise(await textPage({ mirrored: true, fill: '#dadada' }));
    const line = await addScannerNoise(await textPage({ lines: ['以下空白'], top: 1200 }));
    for (const image of [back, line]) {
      const page = await preparePage(image, { rotation: 0 });
      expect(page.blank).toBe((await isBlankPage(image)).blank);
    }
    expect((await preparePage(back, { rotation: 0 })).blank).toBe(true);
    const page = await preparePage(line, { rotation: 0 });
    expect(await sharp(page.thumbnail).metadata()).toMatchObject(
      await sharp(await thumbnail(page.image))
        .metadata()
        .then((m) => ({ width: m.width, height: m.height })),
    );
  });

  it('rejects a JPEG whose image data is cut short', async () => {
    const scan = await renderFormPage({ dpi: 200, seed: 5 });
    const cut = scan.subarray(0, Math.floor(scan.length / 2));
    await expect(preparePage(cut, { rotation: 0 })).rejects.toThrow(RejectedFileError);
    await expect(preparePage(cut, { rotation: 0 })).rejects.toThrow('图像文件不完整或已损坏');
  });
});
