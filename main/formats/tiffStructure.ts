/**
 * Walks a TIFF's chain of image directories (IFDs) without decoding pixels.
 * libtiff only warns about an IFD chain that loops back and cannot name an
 * old-style JPEG frame before failing on it, and a half-written TIFF often
 * has its directory or strips past the end of the bytes: this walk answers
 * all three in microseconds, with every offset bounds-checked.
 */

export interface TiffFrame {
  width: number;
  height: number;
  /** TIFF Compression tag: 1 none, 4 CCITT G4, 5 LZW, 6 old-style JPEG, 7 JPEG, 8 deflate… */
  compression: number;
  bitsPerSample: number;
  samplesPerPixel: number;
  dpi: number | null;
  /** End of the last strip or tile; beyond the file means the file is cut short. */
  dataEnd: number;
}

export interface TiffStructure {
  frames: TiffFrame[];
  /** The IFD chain pointed back to a directory already read. */
  loop: boolean;
  /** Why the walk stopped early (an offset outside the file), else null. */
  broken: string | null;
}

/** Bytes per value of each TIFF field type (classic and BigTIFF). */
export const TYPE_SIZE: Record<number, number> = {
  1: 1,
  2: 1,
  3: 2,
  4: 4,
  5: 8,
  6: 1,
  7: 1,
  8: 2,
  9: 4,
  10: 8,
  11: 4,
  12: 8,
  13: 4,
  16: 8,
  17: 8,
  18: 8,
};

interface Layout {
  le: boolean;
  big: boolean;
}

class Reader {
  constructor(
    private readonly bytes: Buffer,
    readonly layout: Layout,
  ) {}

  inside(at: number, size: number): boolean {
    return at >= 0 && at + size <= this.bytes.length;
  }

  u16(at: number): number {
    return this.layout.le ? this.bytes.readUInt16LE(at) : this.bytes.readUInt16BE(at);
  }

  u32(at: number): number {
    return this.layout.le ? this.bytes.readUInt32LE(at) : this.bytes.readUInt32BE(at);
  }

  u64(at: number): number {
    return Number(this.layout.le ? this.bytes.readBigUInt64LE(at) : this.bytes.readBigUInt64BE(at));
  }

  offset(at: number): number {
    return this.layout.big ? this.u64(at) : this.u32(at);
  }

  /** One value of a tag's type at `at`. */
  value(type: number, at: number): number {
    switch (TYPE_SIZE[type]) {
      case 1:
        return this.bytes[at] ?? 0;
      case 2:
        return this.u16(at);
      case 4:
        return this.u32(at);
      case 8:
        return type === 5 || type === 10 ? this.u32(at) / (this.u32(at + 4) || 1) : this.u64(at);
      default:
        return 0;
    }
  }
}

type Tags = Map<number, number[]>;

export function readTiffStructure(bytes: Buffer, maxFrames = 10_000): TiffStructure {
  const result: TiffStructure = { frames: [], loop: false, broken: null };
  const reader = header(bytes);
  if (!reader) return { ...result, broken: 'TIFF 文件头无效' };
  const seen = new Set<number>();
  let next = reader.offset(reader.layout.big ? 8 : 4);
  while (next !== 0 && result.frames.length < maxFrames) {
    if (seen.has(next)) {
      result.loop = true;
      break;
    }
    seen.add(next);
    const ifd = readIfd(reader, next);
    if (!ifd) {
      result.broken = 'TIFF 目录超出文件末尾';
      break;
    }
    result.frames.push(frame(ifd.tags));
    next = ifd.next;
  }
  return result;
}

function header(bytes: Buffer): Reader | null {
  if (bytes.length < 8) return null;
  const order = bytes.toString('latin1', 0, 2);
  if (order !== 'II' && order !== 'MM') return null;
  const le = order === 'II';
  const magic = le ? bytes.readUInt16LE(2) : bytes.readUInt16BE(2);
  if (magic === 42) return new Reader(bytes, { le, big: false });
  if (magic === 43 && bytes.length >= 16) return new Reader(bytes, { le, big: true });
  return null;
}

function readIfd(reader: Reader, at: number): { tags: Tags; next: number } | null {
  const big = reader.layout.big;
  const countSize = big ? 8 : 2;
  const entrySize = big ? 20 : 12;
  if (!reader.inside(at, countSize)) return null;
  const count = big ? reader.u64(at) : reader.u16(at);
  const entriesAt = at + countSize;
  const nextAt = entriesAt + count * entrySize;
  if (count > 4096 || !reader.inside(nextAt, big ? 8 : 4)) return null;
  const tags: Tags = new Map();
  for (let i = 0; i < count; i++) {
    const entry = entriesAt + i * entrySize;
    const values = readEntry(reader, entry);
    if (values) tags.set(reader.u16(entry), values);
  }
  return { tags, next: reader.offset(nextAt) };
}

/** A tag's values; strip tables can be long, so cap them (a real page has far fewer). */
function readEntry(reader: Reader, entry: number): number[] | null {
  const big = reader.layout.big;
  const type = reader.u16(entry + 2);
  const size = TYPE_SIZE[type];
  if (!size) return null;
  const count = Math.min(big ? reader.u64(entry + 4) : reader.u32(entry + 4), 1_000_000);
  const inline = count * size <= (big ? 8 : 4);
  const dataAt = inline ? entry + (big ? 12 : 8) : reader.offset(entry + (big ? 12 : 8));
  if (!reader.inside(dataAt, count * size)) return null;
  return Array.from({ length: count }, (_, i) => reader.value(type, dataAt + i * size));
}

function frame(tags: Tags): TiffFrame {
  const first = (tag: number, fallback: number) => tags.get(tag)?.[0] ?? fallback;
  return {
    width: first(256, 0),
    height: first(257, 0),
    compression: first(259, 1),
    bitsPerSample: first(258, 1),
    samplesPerPixel: first(277, 1),
    dpi: resolution(tags),
    dataEnd: Math.max(dataEnd(tags.get(273), tags.get(279)), dataEnd(tags.get(324), tags.get(325))),
  };
}

function resolution(tags: Tags): number | null {
  const x = tags.get(282)?.[0];
  if (!x || !Number.isFinite(x)) return null;
  const unit = tags.get(296)?.[0] ?? 2;
  if (unit === 3) return Math.round(x * 2.54);
  return unit === 2 ? Math.round(x) : null;
}

function dataEnd(offsets: number[] | undefined, counts: number[] | undefined): number {
  if (!offsets || !counts) return 0;
  let end = 0;
  for (let i = 0; i < Math.min(offsets.length, counts.length); i++) {
    end = Math.max(end, (offsets[i] ?? 0) + (counts[i] ?? 0));
  }
  return end;
}
