import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../support/paths';
import { buildCatalogue } from './catalogue';
import { buildCover } from './cover';
import { buildLabelSheet } from './labels';
import { rasterise } from './pdfInspect';
import { buildRectificationList } from './rectification';
import { sampleLabels, sampleRectification, sampleSeparators, sampleVolume, SAMPLE_COVER } from './samples';
import { buildSeparatorSheets } from './separators';
import { buildVolume, catalogueEntries } from './volume';

/**
 * Sample PDFs rasterised by poppler into test-output/pdf/ (git-ignored) for
 * a person to look at. The test itself checks the one failure that text
 * extraction cannot see: glyphs that extract fine but draw blank.
 */

const outDir = path.join(projectRoot(), 'test-output', 'pdf');

async function write(name: string, bytes: Uint8Array): Promise<string[]> {
  const file = path.join(outDir, `${name}.pdf`);
  fs.writeFileSync(file, bytes);
  for (const old of fs.readdirSync(outDir).filter((f) => f.startsWith(`${name}-`) && f.endsWith('.png')))
    fs.rmSync(path.join(outDir, old));
  return rasterise(file, outDir, 60);
}

/** Share of dark pixels in a region given in mm of an A4 page rendered at 60 dpi. */
async function ink(png: string, mm: { left: number; top: number; width: number; height: number }): Promise<number> {
  const px = (v: number) => Math.round((v / 25.4) * 60);
  const { data } = await sharp(png)
    .extract({ left: px(mm.left), top: px(mm.top), width: px(mm.width), height: px(mm.height) })
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  let dark = 0;
  for (const v of data) if (v < 128) dark++;
  return dark / data.length;
}

let pngs: Record<string, string[]> = {};

beforeAll(async () => {
  fs.mkdirSync(outDir, { recursive: true });
  const volume = await sampleVolume(100);
  pngs = {
    cover: await write(
      'cover',
      await buildCover({
        ...SAMPLE_COVER,
        items: 5,
        pages: 8,
        exited: { exitedOn: '2024-12-01', retainUntil: '2054-12-01' },
      }),
    ),
    catalogue: await write(
      'catalogue',
      await buildCatalogue({
        archiveCode: SAMPLE_COVER.archiveCode,
        title: SAMPLE_COVER.title,
        entries: catalogueEntries(volume.documents),
      }),
    ),
    volume: await write('volume', await buildVolume(volume)),
    spine: await write('spine-20mm', await buildLabelSheet(sampleLabels(), { kind: 'spine', widthMm: 20 })),
    spine40: await write('spine-40mm', await buildLabelSheet(sampleLabels(), { kind: 'spine', widthMm: 40 })),
    cabinet: await write('cabinet', await buildLabelSheet(sampleLabels(), { kind: 'cabinet' })),
    separators: await write('separators', await buildSeparatorSheets(sampleSeparators())),
    rectification: await write('rectification', await buildRectificationList(sampleRectification(30))),
  };
});

describe('rendered samples (test-output/pdf)', () => {
  it('writes a PNG for every page', () => {
    expect(pngs.volume).toHaveLength(11);
    expect(pngs.separators).toHaveLength(4);
    for (const list of Object.values(pngs)) for (const png of list) expect(fs.statSync(png).size).toBeGreaterThan(1000);
  });

  it('draws the Chinese glyphs (ink where the headings are, not blank boxes)', async () => {
    // 社会救助档案, 40 pt bold, on the cover; 卷内目录 at the top of the catalogue; the 整户退出 stamp.
    expect(await ink(pngs.cover![0]!, { left: 45, top: 86, width: 120, height: 17 })).toBeGreaterThan(0.08);
    expect(await ink(pngs.catalogue![0]!, { left: 85, top: 20, width: 40, height: 10 })).toBeGreaterThan(0.08);
    expect(await ink(pngs.cover![0]!, { left: 60, top: 237, width: 90, height: 11 })).toBeGreaterThan(0.05);
    // The page number stamp sits bottom right on every document page.
    for (const png of pngs.volume!.slice(2, 10))
      expect(await ink(png, { left: 190, top: 283, width: 12, height: 8 })).toBeGreaterThan(0.005);
  });
});
