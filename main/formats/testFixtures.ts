import { degrees, PDFDocument, StandardFonts } from 'pdf-lib';
import sharp from 'sharp';
import yazl from 'yazl';

/**
 * Inputs generated for main/formats tests: text pages rendered from SVG in
 * Noto Sans CJK SC, scanner-style PDFs, hand-built TIFFs and zips with the
 * defects real archives bring (GBK names, zip-slip names, bombs). Generated
 * at test time so the repository carries no binary fixtures.
 */

const WHITE = { r: 255, g: 255, b: 255 };

export interface TextPageOptions {
  width?: number;
  height?: number;
  lines?: string[];
  fontSize?: number;
  /** Where the first line sits, from the top (px). */
  top?: number;
  /** Text colour, e.g. a faint grey for bleed-through. */
  fill?: string;
  /** Mirror the text, as bleed-through from the front of the sheet looks. */
  mirrored?: boolean;
}

export const FORM_LINES = [
  '最低生活保障申请书',
  '申请人：王桂兰    性别：女    民族：汉族',
  '家庭住址：红旗村三组十二号，联系电话：一三八〇〇〇〇〇〇〇〇',
  '申请事由：家庭成员患重病，收入低于当地低保标准，特此申请。',
  '家庭成员：本人、配偶李建国、女儿李秀英（在读学生）。',
  '收入情况：务农收入每年约三千元，无其他固定收入。',
  '本人承诺以上情况属实，如有虚假愿承担相应责任。',
  '申请人签字：王桂兰          日期：二〇二四年三月十二日',
  '村民委员会意见：经入户调查，情况属实，同意上报。',
  '乡镇人民政府审核意见：经审核，符合条件，同意纳入。',
];

export function textPageSvg(options: TextPageOptions = {}): string {
  const { width = 1654, height = 2339, lines = FORM_LINES, fontSize = 44, top = 260, fill = '#111' } = options;
  const rows = lines
    .map((line, i) => `<text x="160" y="${top + i * fontSize * 2.2}" font-size="${fontSize}">${line}</text>`)
    .join('');
  const mirror = options.mirrored ? ` transform="translate(${width} 0) scale(-1 1)"` : '';
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
    `<g font-family="Noto Sans CJK SC" fill="${fill}"${mirror}>${rows}</g></svg>`
  );
}

/** A white A4 page at 200 dpi with the given text, as PNG or JPEG. */
export async function textPage(options: TextPageOptions = {}, format: 'png' | 'jpeg' = 'jpeg'): Promise<Buffer> {
  const svg = Buffer.from(textPageSvg(options));
  const page = sharp(svg).flatten({ background: WHITE });
  return format === 'png' ? page.png().toBuffer() : page.jpeg({ quality: 90 }).toBuffer();
}

/** A page turned clockwise by `angle` degrees, the way a sheet lies crooked on the glass. */
export async function skewedPage(angle: number, options: TextPageOptions = {}): Promise<Buffer> {
  const page = await textPage(options, 'png');
  return sharp(page).rotate(angle, { background: WHITE }).jpeg({ quality: 90 }).toBuffer();
}

/** Deterministic noise source. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Paper-grey noise plus dark dust specks over a greyscale page. */
export async function addScannerNoise(image: Buffer, seed = 7): Promise<Buffer> {
  const { data, info } = await sharp(image).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  const next = rng(seed);
  for (let i = 0; i < data.length; i++) {
    data[i] = Math.max(0, Math.min(255, (data[i] ?? 255) - 12 + Math.round((next() + next() + next()) * 8)));
  }
  for (let k = 0; k < 400; k++) {
    data[Math.floor(next() * data.length)] = Math.floor(next() * 90); // isolated dark pixels
  }
  for (let k = 0; k < 12; k++) {
    const x = Math.floor(next() * (info.width - 4));
    const y = Math.floor(next() * (info.height - 4));
    for (let d = 0; d < 4; d++) data[(y + (d >> 1)) * info.width + x + (d & 1)] = 40; // 2×2 dust
  }
  const raw = { width: info.width, height: info.height, channels: 1 as const };
  return sharp(data, { raw }).jpeg({ quality: 90 }).toBuffer();
}

/** A PDF whose pages each draw one embedded JPEG over the whole page, as scanners write them. */
export async function scannerPdf(jpegs: Buffer[], options: { rotate?: number; text?: string } = {}): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = options.text ? await doc.embedFont(StandardFonts.Helvetica) : null;
  for (const jpeg of jpegs) {
    const image = await doc.embedJpg(jpeg);
    const page = doc.addPage([595.28, 841.89]);
    page.drawImage(image, { x: 0, y: 0, width: 595.28, height: 841.89 });
    if (font && options.text) page.drawText(options.text, { x: 72, y: 760, size: 14, font });
    if (options.rotate) page.setRotation(degrees(options.rotate));
  }
  return Buffer.from(await doc.save());
}

export interface TiffFrameSpec {
  width: number;
  height: number;
  /** 8-bit grey pixels, row by row; defaults to white with a dark band. */
  pixels?: Uint8Array;
}

/**
 * A multi-frame, uncompressed 8-bit grey TIFF (little-endian), frames of any
 * size. `loopBack` points the last directory back to the first, the defect
 * libtiff calls "IFD looping".
 */
export function greyTiff(frames: TiffFrameSpec[], options: { loopBack?: boolean } = {}): Buffer {
  const parts: Buffer[] = [];
  let offset = 8;
  const header = Buffer.alloc(8);
  header.write('II', 0, 'latin1');
  header.writeUInt16LE(42, 2);
  parts.push(header);
  const ifdOffsets: number[] = [];
  const nextFields: { buffer: Buffer; at: number }[] = [];
  for (const frame of frames) {
    const pixels = frame.pixels ?? bandPixels(frame.width, frame.height);
    parts.push(Buffer.from(pixels));
    const stripAt = offset;
    offset += pixels.length + (pixels.length % 2);
    if (pixels.length % 2) parts.push(Buffer.alloc(1));
    const { ifd, nextAt } = ifdFor(frame, stripAt, pixels.length, offset);
    ifdOffsets.push(offset);
    nextFields.push({ buffer: ifd, at: nextAt });
    parts.push(ifd);
    offset += ifd.length;
  }
  header.writeUInt32LE(ifdOffsets[0] ?? 0, 4);
  nextFields.forEach(({ buffer, at }, i) => {
    const next = i + 1 < ifdOffsets.length ? (ifdOffsets[i + 1] ?? 0) : options.loopBack ? (ifdOffsets[0] ?? 0) : 0;
    buffer.writeUInt32LE(next, at);
  });
  return Buffer.concat(parts);
}

function bandPixels(width: number, height: number): Uint8Array {
  const pixels = new Uint8Array(width * height).fill(255);
  for (let y = Math.floor(height / 3); y < Math.floor(height / 3) + 20 && y < height; y++) {
    pixels.fill(0, y * width + Math.floor(width / 10), y * width + Math.floor((width * 9) / 10));
  }
  return pixels;
}

function ifdFor(
  frame: TiffFrameSpec,
  stripAt: number,
  stripBytes: number,
  ifdAt: number,
): { ifd: Buffer; nextAt: number } {
  // tag, type (3 SHORT, 4 LONG, 5 RATIONAL), value
  const entries: [number, number, number][] = [
    [256, 4, frame.width],
    [257, 4, frame.height],
    [258, 3, 8],
    [259, 3, 1],
    [262, 3, 1],
    [273, 4, stripAt],
    [277, 3, 1],
    [278, 4, frame.height],
    [279, 4, stripBytes],
    [282, 5, 0],
    [283, 5, 0],
    [296, 3, 2],
  ];
  const size = 2 + entries.length * 12 + 4;
  const ifd = Buffer.alloc(size + 16); // two rationals after the directory
  ifd.writeUInt16LE(entries.length, 0);
  entries.forEach(([tag, type, value], i) => {
    const at = 2 + i * 12;
    ifd.writeUInt16LE(tag, at);
    ifd.writeUInt16LE(type, at + 2);
    ifd.writeUInt32LE(1, at + 4);
    if (type === 5) ifd.writeUInt32LE(ifdAt + size + (tag === 282 ? 0 : 8), at + 8);
    else if (type === 3) ifd.writeUInt16LE(value, at + 8);
    else ifd.writeUInt32LE(value, at + 8);
  });
  for (const at of [size, size + 8]) {
    ifd.writeUInt32LE(300, at);
    ifd.writeUInt32LE(1, at + 4);
  }
  return { ifd, nextAt: 2 + entries.length * 12 };
}

export interface ZipMember {
  name: string;
  data: Buffer;
  compress?: boolean;
  /** Bytes to write as the name instead (same length as `name`), with the UTF-8 flag cleared: GBK, zip-slip. */
  rawName?: Buffer;
}

/** A zip built with yazl, then patched for names yazl refuses to write (GBK without the UTF-8 flag, "../"). */
export async function makeZip(members: ZipMember[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const m of members) zip.addBuffer(m.data, m.name, { compress: m.compress ?? true });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  const bytes = Buffer.concat(chunks);
  for (const m of members) if (m.rawName) patchName(bytes, Buffer.from(m.name, 'utf8'), m.rawName);
  return bytes;
}

function patchName(zip: Buffer, placeholder: Buffer, actual: Buffer): void {
  if (placeholder.length !== actual.length) throw new Error('rawName must have the same byte length as name');
  for (let at = zip.indexOf(placeholder); at >= 0; at = zip.indexOf(placeholder, at + 1)) {
    actual.copy(zip, at);
    if (at >= 30 && zip.readUInt32LE(at - 30) === 0x04034b50) clearUtf8Flag(zip, at - 30 + 6);
    if (at >= 46 && zip.readUInt32LE(at - 46) === 0x02014b50) clearUtf8Flag(zip, at - 46 + 8);
  }
}

function clearUtf8Flag(zip: Buffer, at: number): void {
  zip.writeUInt16LE(zip.readUInt16LE(at) & ~0x0800, at);
}
