import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { splitPages } from './split';
import { greyTiff, textPage } from './testFixtures';
import { RejectedFileError } from './types';

async function rejection(work: Promise<unknown>): Promise<string> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RejectedFileError);
  return (error as RejectedFileError).message;
}

describe('JPEG and PNG', () => {
  it('keeps an upright sRGB scan byte for byte, with its stated dpi', async () => {
    const jpeg = await sharp(await textPage())
      .withMetadata({ density: 300 })
      .jpeg()
      .toBuffer();
    const { pages, warnings } = await splitPages(jpeg, 'jpeg');
    expect(warnings).toEqual([]);
    expect(pages).toHaveLength(1);
    expect(pages[0]).toMatchObject({
      index: 1,
      format: 'jpeg',
      width: 1654,
      height: 2339,
      dpi: 300,
      lossless: true,
      textLayer: null,
    });
    expect(pages[0]?.image.equals(jpeg)).toBe(true);
  });

  it('reports no dpi when the JPEG only carries an aspect ratio', async () => {
    const jpeg = await textPage();
    const { pages } = await splitPages(jpeg, 'jpeg');
    expect(pages[0]?.dpi).toBeNull();
  });

  it('applies EXIF orientation (phone photos of forms)', async () => {
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="200"><rect width="300" height="200" fill="#fff"/><rect width="60" height="60"/></svg>';
    const upright = await sharp(Buffer.from(svg)).jpeg().toBuffer();
    // Orientation 6: stored turned 90° anticlockwise, shown turned clockwise.
    const stored = await sharp(upright).rotate(-90).withMetadata({ orientation: 6 }).jpeg().toBuffer();
    const { pages } = await splitPages(stored, 'jpeg');
    expect(pages[0]).toMatchObject({ width: 300, height: 200, lossless: false });
    // stats() reads the whole input, so cut the corner out first.
    const cut = await sharp(pages[0]?.image).extract({ left: 0, top: 0, width: 20, height: 20 }).toBuffer();
    const corner = await sharp(cut).stats();
    expect(corner.channels[0]?.mean).toBeLessThan(60);
  });

  it('flattens transparency onto white, not black', async () => {
    const png = await sharp({
      create: { width: 200, height: 200, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
    })
      .png()
      .toBuffer();
    const { pages } = await splitPages(png, 'png');
    const stats = await sharp(pages[0]?.image).stats();
    expect(stats.channels[0]?.mean).toBeGreaterThan(250);
    expect(pages[0]).toMatchObject({ format: 'png', lossless: false });
  });

  it('converts CMYK JPEGs to sRGB', async () => {
    const cmyk = await sharp({ create: { width: 200, height: 200, channels: 3, background: '#ff0000' } })
      .toColourspace('cmyk')
      .jpeg()
      .toBuffer();
    expect((await sharp(cmyk).metadata()).space).toBe('cmyk');
    const { pages } = await splitPages(cmyk, 'jpeg');
    const meta = await sharp(pages[0]?.image).metadata();
    const stats = await sharp(pages[0]?.image).stats();
    expect(meta.space).toBe('srgb');
    expect(stats.channels[0]?.mean).toBeGreaterThan(200);
    expect(stats.channels[1]?.mean).toBeLessThan(80);
  });

  it('rejects truncated images (DA/T 31 §10.5: rescan incomplete images)', async () => {
    const jpeg = await textPage();
    expect(await rejection(splitPages(jpeg.subarray(0, Math.floor(jpeg.length * 0.7)), 'jpeg'))).toBe(
      '图像文件不完整或已损坏',
    );
    const png = await textPage({}, 'png');
    expect(await rejection(splitPages(png.subarray(0, Math.floor(png.length * 0.7)), 'png'))).toBe(
      '图像文件不完整或已损坏',
    );
  });

  it('rejects images too small to read', async () => {
    const tiny = await sharp({ create: { width: 48, height: 29, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    expect(await rejection(splitPages(tiny, 'png'))).toBe('图像太小，无法识别（48×29 像素）');
  });
});

describe('TIFF', () => {
  it('splits every frame, frames of different sizes included', async () => {
    const tiff = greyTiff([
      { width: 850, height: 1100 },
      { width: 827, height: 1169 },
      { width: 850, height: 1100 },
    ]);
    const { pages, warnings } = await splitPages(tiff, 'tiff');
    expect(warnings).toEqual([]);
    expect(pages.map((p) => [p.index, p.width, p.height, p.dpi, p.format])).toEqual([
      [1, 850, 1100, 300, 'jpeg'],
      [2, 827, 1169, 300, 'jpeg'],
      [3, 850, 1100, 300, 'jpeg'],
    ]);
  });

  it('turns multi-page CCITT G4 into PNG pages pixel for pixel', async () => {
    const sheets = await Promise.all(
      ['第一页', '第二页', '第三页'].map((t) => textPage({ width: 800, height: 1100, lines: [t] }, 'png')),
    );
    const g4 = await sharp(sheets, { join: { animated: true } })
      .extractChannel(0)
      .tiff({ compression: 'ccittfax4', bitdepth: 1 })
      .toBuffer();
    const { pages } = await splitPages(g4, 'tiff');
    expect(pages).toHaveLength(3);
    for (const page of pages) {
      expect(page).toMatchObject({ format: 'png', width: 800, height: 1100 });
      const stats = await sharp(page.image).stats();
      const values = new Set(stats.channels.map((c) => [c.min, c.max]).flat());
      expect([...values].sort()).toEqual([0, 255]); // still bilevel: nothing resampled
    }
  });

  it('survives a directory chain that loops back, importing each frame once', async () => {
    const tiff = greyTiff(
      [
        { width: 300, height: 400 },
        { width: 300, height: 400 },
      ],
      { loopBack: true },
    );
    const { pages, warnings } = await splitPages(tiff, 'tiff');
    expect(pages).toHaveLength(2);
    expect(warnings).toEqual(['TIFF 文件的目录链有环，已按 2 个不同的帧导入']);
  });

  it('rejects a TIFF cut short and one with no readable directory', async () => {
    const tiff = greyTiff([{ width: 300, height: 400 }]);
    expect(await rejection(splitPages(tiff.subarray(0, 60_000), 'tiff'))).toMatch(
      /TIFF 文件已损坏|图像文件不完整或已损坏/,
    );
    expect(await rejection(splitPages(Buffer.from('II*\0\xff\xff\xff\x7f', 'latin1'), 'tiff'))).toMatch(
      /^TIFF 文件已损坏/,
    );
  });
});
