import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { fullPage, titleInk, titleRegion } from './prepare';

/** A white page with a black bar (print) and a red bar (a seal's ink) side by side. */
async function printAndSeal(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="1131">
    <rect width="800" height="1131" fill="#fff"/>
    <rect x="100" y="100" width="200" height="60" fill="#000"/>
    <rect x="500" y="100" width="200" height="60" fill="#d7262b"/>
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 92 }).toBuffer();
}

/** Mean grey of a box of a binary PGM (P5, 8-bit). */
function mean(pgm: Buffer, box: { x: number; y: number; w: number; h: number }): number {
  const header = pgm.toString('latin1', 0, 40).match(/^P5\s+(\d+)\s+(\d+)\s+255\s/);
  if (!header) throw new Error('not a PGM');
  const width = Number(header[1]);
  const start = header[0].length;
  let sum = 0;
  for (let y = box.y; y < box.y + box.h; y++) for (let x = box.x; x < box.x + box.w; x++) sum += pgm[start + y * width + x] ?? 0;
  return sum / (box.w * box.h);
}

describe('page images prepared for OCR', () => {
  // A red seal across a title must fade out while the black print stays black: the red channel, not the luminance.
  it.each([
    ['a whole page', fullPage],
    ['the title region', titleRegion],
  ])('%s: red ink turns almost white, black print stays black', async (_name, prepare) => {
    const { pgm } = await prepare(await printAndSeal());
    expect(mean(pgm, { x: 120, y: 110, w: 160, h: 40 })).toBeLessThan(40);
    expect(mean(pgm, { x: 520, y: 110, w: 160, h: 40 })).toBeGreaterThan(190);
  });

  it('a grey scan stays one grey channel', async () => {
    const grey = await sharp(await printAndSeal()).toColourspace('b-w').jpeg().toBuffer();
    const { pgm } = await fullPage(grey);
    expect(pgm.toString('latin1', 0, 2)).toBe('P5');
    expect(mean(pgm, { x: 120, y: 110, w: 160, h: 40 })).toBeLessThan(40);
  });

  it('maps the ink at the top of a page on a coarse grid, from the bytes made for OCR', async () => {
    const prepared = await fullPage(await printAndSeal());
    const ink = titleInk(prepared);
    const at = (x: number, y: number) => ink.dark[Math.floor(y / ink.cell) * ink.cols + Math.floor(x / ink.cell)];
    // The black bar is ink; the red one (a seal, in the red channel) and the paper are not.
    expect(at(200, 130)).toBe(1);
    expect(at(600, 130)).toBe(0);
    expect(at(50, 50)).toBe(0);
    // Only the top 35 % of the page.
    expect(ink.rows * ink.cell).toBeLessThanOrEqual(Math.ceil(1131 * 0.35));
  });
});

