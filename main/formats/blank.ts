import type { GreyImage } from './deskew';

/**
 * Blank-page detection for duplex scans: the back of a one-sided form must
 * count as blank despite scanner noise, dust and faint bleed-through from the
 * front, while a page holding one short line ("以下空白", a signature, a
 * page number) must not. Ink is what is much darker than the paper; isolated
 * specks are discarded; and ink only counts where it clusters the way
 * strokes of writing do (enough ink pixels within one small tile).
 */

/** Ink must be this much darker than the paper; bleed-through is usually 15–45 levels. */
const INK_CONTRAST = 80;
const TILE = 24;
/** Ink pixels a tile needs to count: a stroke fragment, not a speck of dust. */
const TILE_MIN_INK = 12;
/** Scanner edges, shadows and punch holes (装订孔) live in the outer band. */
const MARGIN = 0.06;
/** At ~120 dpi one short line of text is about 0.03 % of the page; a few dust specks far less. */
export const BLANK_INK_RATIO = 0.0001;

export function measureInk(image: GreyImage): number {
  const { data, width, height } = image;
  const paper = median(data);
  const threshold = paper - INK_CONTRAST;
  const x0 = Math.floor(width * MARGIN);
  const y0 = Math.floor(height * MARGIN);
  const tilesX = Math.ceil((width - 2 * x0) / TILE);
  const tiles = new Uint32Array(tilesX * Math.ceil((height - 2 * y0) / TILE));
  // A read past either end of the pixels is undefined, and undefined < threshold is false: not dark.
  const dark = (i: number) => (data[i]! < threshold ? 1 : 0);
  for (let y = y0; y < height - y0; y++) {
    const tileRow = Math.floor((y - y0) / TILE) * tilesX;
    for (let x = x0; x < width - x0; x++) {
      const i = y * width + x;
      if (!dark(i)) continue;
      // Dark pixels among the 8 around: a lone noise pixel has none, a stroke has several.
      const above = i - width;
      const below = i + width;
      const around =
        dark(above - 1) +
        dark(above) +
        dark(above + 1) +
        dark(i - 1) +
        dark(i + 1) +
        dark(below - 1) +
        dark(below) +
        dark(below + 1);
      if (around < 2) continue;
      tiles[tileRow + Math.floor((x - x0) / TILE)]!++;
    }
  }
  let ink = 0;
  for (const count of tiles) if (count >= TILE_MIN_INK) ink += count;
  return ink / ((width - 2 * x0) * (height - 2 * y0));
}

function median(data: Uint8Array): number {
  const histogram = new Uint32Array(256);
  for (let i = 0; i < data.length; i++) histogram[data[i]!]!++;
  let seen = 0;
  for (let v = 0; v < 256; v++) {
    seen += histogram[v]!;
    if (seen * 2 >= data.length) return v;
  }
  return 255;
}
