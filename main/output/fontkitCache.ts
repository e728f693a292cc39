import type { FontkitFont, FontkitSubset } from 'fontkit';

/**
 * Caches for the pure, repeated work fontkit does for every PDF: shaping a
 * string (`layout`) and reading a glyph out of the `glyf` table when a
 * subset is encoded. An export builds one volume per case, and each volume
 * lays out the same form labels and subsets mostly the same few hundred
 * glyphs again; with these caches that work is done once per process.
 *
 * The results are exactly what fontkit computes — the cached subset writes
 * the same glyph bytes, metrics and order as fontkit's own `_addGlyph` — so
 * every PDF stays byte for byte what it was.
 */

/** The GlyphRun parts pdf-lib reads (`glyphs`); the object is fontkit's own. */
interface GlyphRun {
  glyphs: unknown[];
}

type Layout = (text: string, ...rest: unknown[]) => GlyphRun;

/** Form labels and names repeat across volumes; a bound keeps a long export's memory flat. */
const MAX_RUNS = 20000;

/**
 * `font.layout` memoised by text when called the way pdf-lib calls it
 * (default features, script and direction). A GlyphRun is never changed by
 * its readers, and fontkit hands out the same Glyph objects each time.
 */
export function cachedLayout(font: FontkitFont): Layout {
  const layout = (font as unknown as { layout: Layout }).layout.bind(font);
  const runs = new Map<string, GlyphRun>();
  return (text, ...rest) => {
    if (rest.some((arg) => arg !== undefined)) return layout(text, ...rest);
    let run = runs.get(text);
    if (!run) {
      if (runs.size >= MAX_RUNS) runs.clear();
      run = layout(text);
      runs.set(text, run);
    }
    return run;
  };
}

// ------------------------------------------------------------ subset glyphs

/** What fontkit's TrueType subset needs of one source glyph. */
interface GlyphRecord {
  /** The glyph's bytes in the source `glyf` table (never modified). */
  data: Uint8Array;
  /** Composite glyphs: component glyph ids and where each id sits in `data`. */
  components: { glyphID: number; pos: number }[] | null;
  advance: number;
  bearing: number;
}

/** The fontkit internals TTFSubset's `_addGlyph` works with (fontkit 2.0). */
interface FontInternals {
  getGlyph(gid: number): { _decode(): { numberOfContours: number; components?: { glyphID: number; pos: number }[] } | null; advanceWidth: number; _getMetrics(): { leftBearing: number } };
  loca: { offsets: number[] };
  _getTableStream(tag: string): { pos: number; readBuffer(length: number): Uint8Array };
  _variationProcessor?: unknown;
}

interface SubsetInternals {
  font: FontInternals;
  glyf: Uint8Array[];
  loca: { offsets: number[] };
  hmtx: { metrics: { advance: number; bearing: number }[] };
  offset: number;
  includeGlyph(gid: number): number;
  _addGlyph(gid: number): number;
}

const records = new WeakMap<object, Map<number, GlyphRecord>>();

/** Reads a glyph as fontkit's `_addGlyph` does, once per font and glyph id. */
function glyphRecord(font: FontInternals, gid: number): GlyphRecord {
  let byId = records.get(font);
  if (!byId) {
    byId = new Map();
    records.set(font, byId);
  }
  let record = byId.get(gid);
  if (!record) {
    const glyph = font.getGlyph(gid);
    const glyf = glyph._decode();
    const start = font.loca.offsets[gid] ?? 0;
    const end = font.loca.offsets[gid + 1] ?? start;
    const stream = font._getTableStream('glyf');
    stream.pos += start;
    const data = new Uint8Array(stream.readBuffer(end - start));
    const components = glyf && glyf.numberOfContours < 0 ? (glyf.components ?? []).map((c) => ({ glyphID: c.glyphID, pos: c.pos })) : null;
    record = { data, components, advance: glyph.advanceWidth, bearing: glyph._getMetrics().leftBearing };
    byId.set(gid, record);
  }
  return record;
}

/** fontkit's TTFSubset `_addGlyph` over cached glyph records; same output, no re-parsing. */
function addCachedGlyph(this: SubsetInternals, gid: number): number {
  const record = glyphRecord(this.font, gid);
  let buffer = record.data;
  if (record.components) {
    buffer = new Uint8Array(record.data);
    const view = new DataView(buffer.buffer);
    for (const component of record.components) view.setUint16(component.pos, this.includeGlyph(component.glyphID));
  }
  this.glyf.push(buffer);
  this.loca.offsets.push(this.offset);
  this.hmtx.metrics.push({ advance: record.advance, bearing: record.bearing });
  this.offset += buffer.length;
  return this.glyf.length - 1;
}

/**
 * Gives a TrueType subset the cached glyph reader. Variable fonts (whose
 * glyphs fontkit re-encodes) and CFF subsets keep fontkit's own code.
 */
export function withCachedGlyphs(subset: FontkitSubset): FontkitSubset {
  const internals = subset as unknown as Partial<SubsetInternals>;
  if (typeof internals._addGlyph === 'function' && internals.font && !internals.font._variationProcessor && internals.font.loca) {
    internals._addGlyph = addCachedGlyph;
  }
  return subset;
}
