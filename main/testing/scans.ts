import zlib from 'node:zlib';
import sharp from 'sharp';
import { beginText, endText, moveText, PDFDocument, PDFHexString, PDFString, setFontAndSize, showText } from 'pdf-lib';
import { makeIdNumber } from '../domain/idNumber';
import { TYPE_SIZE } from '../formats/tiffStructure';

/**
 * Synthetic scans for tests and benchmarks: A4 pages of invented 一户一档
 * forms, rendered from SVG through sharp (librsvg + fontconfig with the
 * Noto CJK fonts of fonts-noto-cjk), then degraded like a cheap office
 * scanner (skew, noise, speckles, JPEG). Everything is seeded, so the same
 * spec gives the same bytes on every run. Nobody on these pages is real.
 */

export type Rotation = 0 | 90 | 180 | 270;

export interface ScanOptions {
  /** Scan resolution; A4 at 200 dpi is 1654×2339. */
  dpi?: number;
  /** How far the scan is turned clockwise from upright (the page went in sideways or upside down). */
  rotate?: Rotation;
  /** Small skew in degrees, clockwise (a page fed at an angle). */
  skew?: number;
  /** 0 = clean; 1 = a dirty glass: grey noise, speckles, an off-white paper tone. */
  noise?: number;
  format?: 'jpeg' | 'png';
  /** JPEG quality (1–100). */
  quality?: number;
  grayscale?: boolean;
  seed?: number;
}

export interface FormPageSpec extends ScanOptions {
  title?: string;
  applicant?: string;
  /** 18-digit ID number on the 身份证号 line; a valid synthetic one by default. */
  idNumber?: string;
  /** Replaces the paragraph lines of the form body. */
  lines?: string[];
  /** Family-member table with ruled lines (default true). */
  table?: boolean;
  /** Red seal of the town government over the date (default false). */
  seal?: boolean;
  titleFont?: 'serif' | 'sans';
  /** A duplex back side: paper, faint noise and bleed-through of the front. */
  blank?: boolean;
  /** A photo page (入户照片): colour pictures and a one-word caption. */
  photo?: boolean;
}

/** Titles of common household-file forms, for tests that need several different documents. */
export const FORM_TITLES = [
  '最低生活保障待遇申请书',
  '居民家庭经济状况核对委托授权书',
  '特困人员救助供养申请书',
  '临时救助申请审批表',
  '家庭经济状况入户调查表',
  '低保对象民主评议记录',
] as const;

export const DEFAULT_APPLICANT = '王桂兰';
export const DEFAULT_ID_NUMBER = makeIdNumber('120116', '19450512', 17);

const A4_MM = { width: 210, height: 297 };
const SANS = 'Noto Sans CJK SC';
const SERIF = 'Noto Serif CJK SC';

/** Pixel size of an A4 page at a resolution (200 dpi → 1654×2339). */
export function a4Pixels(dpi = 200): { width: number; height: number } {
  return { width: Math.round((A4_MM.width / 25.4) * dpi), height: Math.round((A4_MM.height / 25.4) * dpi) };
}

/** mulberry32: small, fast, and good enough for pixel noise. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

function pick<T>(items: readonly T[], next: () => number): T {
  return items[Math.floor(next() * items.length)] as T;
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// ---------------------------------------------------------------- SVG pieces (units: mm)

interface TextStyle {
  size: number;
  family?: string;
  bold?: boolean;
  anchor?: 'start' | 'middle' | 'end';
  fill?: string;
}

function text(x: number, y: number, content: string, style: TextStyle): string {
  const weight = style.bold ? ' font-weight="bold"' : '';
  const anchor = style.anchor ? ` text-anchor="${style.anchor}"` : '';
  return (
    `<text x="${x}" y="${y}" font-family="${style.family ?? SANS}" font-size="${style.size}"` +
    `${weight}${anchor} fill="${style.fill ?? '#111'}">${escapeXml(content)}</text>`
  );
}

/** Drawn in millimetres; the pixel size is set when rasterising (see sized()). */
function svgPage(body: string, background = '#ffffff'): string {
  const { width, height } = A4_MM;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<rect width="${width}" height="${height}" fill="${background}"/>${body}</svg>`
  );
}

const BODY = 4.6; // ~13 pt
const LINE = 9;

const ADDRESSES = [
  '宁河区东棘坨镇于家岭村三组',
  '静海区蔡公庄镇大王庄村',
  '北辰区西堤头镇刘快庄村五组',
  '瓦房店市泡崖乡三台村',
];
const REASONS = [
  ['本人因家庭成员长期患病，无劳动能力，家庭人均收入', '低于当地最低生活保障标准，特申请享受最低生活保障待遇。'],
  ['本人及共同生活的家庭成员同意民政部门对家庭收入、', '财产状况进行核对，并授权相关单位提供有关信息。'],
  ['申请人年老体弱，无劳动能力、无生活来源，且无法定', '赡养义务人，特申请特困人员救助供养。'],
  ['因突发疾病产生大额医疗费用，家庭基本生活出现严重', '困难，特申请临时救助。'],
];
const MEMBERS = [
  ['王桂兰', '本人', '残疾'],
  ['李建国', '配偶', '慢性病'],
  ['李春梅', '女儿', '健康'],
];

function headerFields(spec: FormPageSpec, next: () => number, y: number): string {
  const left = 22;
  return [
    text(left, y, `申请人：${spec.applicant ?? DEFAULT_APPLICANT}`, { size: BODY }),
    text(120, y, `性别：女`, { size: BODY }),
    text(left, y + LINE, `身份证号：${spec.idNumber ?? DEFAULT_ID_NUMBER}`, { size: BODY }),
    text(left, y + 2 * LINE, `家庭住址：${pick(ADDRESSES, next)}`, { size: BODY }),
    text(
      left,
      y + 3 * LINE,
      `联系电话：1${String(3 + Math.floor(next() * 6))}0 0000 ${String(1000 + Math.floor(next() * 9000))}`,
      {
        size: BODY,
      },
    ),
  ].join('');
}

function paragraph(lines: readonly string[], y: number): string {
  return lines.map((l, i) => text(30, y + i * LINE, l, { size: BODY })).join('');
}

/** A ruled family-member table: the kind of grid OCR reads badly, as on real forms. */
function memberTable(y: number, next: () => number): string {
  const cols = [22, 52, 82, 152, 188];
  const rows = 4;
  const h = 10;
  const parts: string[] = [];
  for (let r = 0; r <= rows; r++)
    parts.push(`<line x1="22" y1="${y + r * h}" x2="188" y2="${y + r * h}" stroke="#222" stroke-width="0.35"/>`);
  for (const x of cols)
    parts.push(`<line x1="${x}" y1="${y}" x2="${x}" y2="${y + rows * h}" stroke="#222" stroke-width="0.35"/>`);
  const header = ['姓名', '关系', '身份证号', '健康状况'];
  header.forEach((c, i) => parts.push(text((cols[i] ?? 0) + 2, y + 7, c, { size: 4 })));
  MEMBERS.forEach((m, r) => {
    const id = makeIdNumber(
      '120116',
      `19${50 + Math.floor(next() * 40)}0${1 + Math.floor(next() * 9)}1${Math.floor(next() * 9)}`,
      r + 3,
    );
    const cells = [m[0] ?? '', m[1] ?? '', id, m[2] ?? ''];
    cells.forEach((c, i) => parts.push(text((cols[i] ?? 0) + 2, y + (r + 1) * h + 7, c, { size: 3.8 })));
  });
  return parts.join('');
}

function seal(cx: number, cy: number): string {
  const red = '#d0262b';
  return (
    `<g opacity="0.82"><circle cx="${cx}" cy="${cy}" r="19" fill="none" stroke="${red}" stroke-width="1.3"/>` +
    `<polygon points="${star(cx, cy, 5.5)}" fill="${red}"/>` +
    text(cx, cy + 11, '东棘坨镇人民政府', { size: 3, anchor: 'middle', fill: red }) +
    `</g>`
  );
}

export function star(cx: number, cy: number, r: number): string {
  const pts: string[] = [];
  for (let i = 0; i < 10; i++) {
    const radius = i % 2 ? r * 0.4 : r;
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    pts.push(`${(cx + radius * Math.cos(a)).toFixed(2)},${(cy + radius * Math.sin(a)).toFixed(2)}`);
  }
  return pts.join(' ');
}

function formSvg(spec: FormPageSpec, next: () => number): string {
  const title = spec.title ?? pick(FORM_TITLES, next);
  const family = spec.titleFont === 'sans' ? SANS : SERIF;
  const lines = spec.lines ?? pick(REASONS, next);
  const parts = [
    text(105, 34, title, { size: 8, family, bold: true, anchor: 'middle' }),
    text(188, 46, `编号：${2024}${String(Math.floor(next() * 9000) + 1000)}`, {
      size: 3.6,
      anchor: 'end',
      fill: '#333',
    }),
    headerFields(spec, next, 62),
    text(22, 106, '申请理由：', { size: BODY }),
    paragraph(lines, 116),
  ];
  let y = 116 + lines.length * LINE + 6;
  if (spec.table !== false) {
    parts.push(memberTable(y, next));
    y += 50;
  }
  parts.push(paragraph(['本人承诺以上所填内容真实有效，如有虚假，愿承担相应法律责任。'], y + 8));
  parts.push(text(110, y + 30, '申请人（签字）：', { size: BODY }));
  parts.push(text(130, y + 42, '2024年3月18日', { size: BODY }));
  if (spec.seal) parts.push(seal(148, y + 36));
  return svgPage(parts.join(''));
}

const CONTINUATION = [
  '二、家庭收入情况',
  '家庭成员工资性收入：无固定工作，偶有零工收入。',
  '经营性收入：承包耕地二点五亩，种植玉米，年收入约三千元。',
  '财产性收入：无。转移性收入：残疾人两项补贴每月一百二十元。',
  '三、家庭财产情况',
  '家庭成员名下无机动车辆、无商业用房、无大额存款。',
  '现住房屋为自建平房三间，建于一九八八年。',
  '四、入户调查意见',
  '经入户核查，该户家庭收入、财产状况与申报情况基本一致，',
  '生活确有困难，建议纳入最低生活保障范围。',
];

function continuationSvg(spec: FormPageSpec, next: () => number): string {
  const lines = spec.lines ?? CONTINUATION;
  const parts = [paragraph(lines, 30)];
  const y = 30 + lines.length * LINE + 8;
  if (spec.table !== false) parts.push(memberTable(y, next));
  parts.push(text(22, y + 62, `身份证号：${spec.idNumber ?? DEFAULT_ID_NUMBER}`, { size: BODY }));
  parts.push(text(130, y + 80, '调查人（签字）：', { size: BODY }));
  if (spec.seal) parts.push(seal(150, y + 78));
  parts.push(text(105, 285, '第 2 页 共 2 页', { size: 3.5, anchor: 'middle', fill: '#333' }));
  return svgPage(parts.join(''));
}

/** Back side: the front's ink showing through the paper, mirrored and very faint. */
function blankSvg(spec: FormPageSpec, next: () => number): string {
  const front = formSvg({ ...spec, seal: false }, next)
    .replace(/^<svg[^>]*>/, '')
    .replace(/<\/svg>$/, '');
  return svgPage(`<g transform="translate(210,0) scale(-1,1)" opacity="0.04">${front}</g>`, '#fbfbf8');
}

/** Two "photos" (sky, ground, a house, soft blobs of colour) and a caption; soft edges come from radial gradients, which render far faster than an SVG blur. */
export function photoSvg(next: () => number): string {
  const frame = (y: number) => {
    const sky = `hsl(${200 + Math.floor(next() * 30)},55%,70%)`;
    const ground = `hsl(${80 + Math.floor(next() * 40)},35%,40%)`;
    const defs: string[] = [];
    const blobs: string[] = [];
    for (let i = 0; i < 7; i++) {
      const id = `b${y}_${i}`;
      const colour = `hsl(${Math.floor(next() * 360)},45%,${30 + Math.floor(next() * 40)}%)`;
      defs.push(
        `<radialGradient id="${id}"><stop offset="0.5" stop-color="${colour}"/><stop offset="1" stop-color="${colour}" stop-opacity="0"/></radialGradient>`,
      );
      blobs.push(
        `<ellipse cx="${25 + next() * 160}" cy="${y + 20 + next() * 80}" rx="${8 + next() * 20}" ry="${6 + next() * 16}" fill="url(#${id})"/>`,
      );
    }
    return (
      `<defs><linearGradient id="s${y}" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${sky}"/>` +
      `<stop offset="0.55" stop-color="#e8eef2"/><stop offset="0.56" stop-color="${ground}"/><stop offset="1" stop-color="#3b3020"/></linearGradient>` +
      `${defs.join('')}</defs><rect x="20" y="${y}" width="170" height="115" fill="url(#s${y})"/>${blobs.join('')}` +
      `<rect x="${70 + next() * 30}" y="${y + 45}" width="55" height="38" fill="#b9b2a6"/>` +
      `<polygon points="${65 + next() * 10},${y + 46} 105,${y + 25} ${150 - next() * 10},${y + 46}" fill="#8a3a2a"/>` +
      `<rect x="100" y="${y + 62}" width="10" height="21" fill="#4a3526"/>`
    );
  };
  return svgPage(`${frame(22)}${frame(150)}${text(105, 283, '入户照片', { size: 4, anchor: 'middle' })}`);
}

// ---------------------------------------------------------------- raster and scanner defects

/** Renders the SVG, then skews, dirties, turns and encodes it like a scanner would. */
async function rasterize(svg: string, opts: ScanOptions, next: () => number, defaultNoise: number): Promise<Buffer> {
  const dpi = opts.dpi ?? 200;
  const { width, height } = a4Pixels(dpi);
  let img = sharp(Buffer.from(sized(svg, width, height))).flatten({ background: '#ffffff' });
  if (opts.grayscale) img = img.toColourspace('b-w');
  let raw = await img.raw().toBuffer({ resolveWithObject: true });
  if (opts.skew) raw = await skew(raw.data, raw.info, opts.skew, width, height);
  addNoise(raw.data, raw.info.channels, raw.info.width, opts.noise ?? defaultNoise, next);
  let out = sharp(raw.data, { raw: { width, height, channels: raw.info.channels } });
  // Without this, sharp writes single-channel raw data as three-channel sRGB.
  out = out.toColourspace(raw.info.channels === 1 ? 'b-w' : 'srgb');
  if (opts.rotate) out = out.rotate(opts.rotate);
  if (opts.format === 'png') return withPngDpi(await out.png().toBuffer(), dpi);
  return withJpegDpi(await out.jpeg({ quality: opts.quality ?? 85 }).toBuffer(), dpi);
}

/*
 * sharp's withMetadata({ density }) also converts to sRGB (a grey page would
 * become three channels), so the resolution is written into the file here.
 */

/** Sets the JFIF density, adding the APP0 segment that sharp leaves out. */
export function withJpegDpi(jpeg: Buffer, dpi: number): Buffer {
  const app0 = Buffer.alloc(18); // thumbnail 0×0 at the end
  app0.writeUInt16BE(0xffe0, 0);
  app0.writeUInt16BE(16, 2);
  app0.write('JFIF\0', 4, 'latin1');
  app0.writeUInt16BE(0x0101, 9); // version 1.1
  app0[11] = 1; // units: dots per inch
  app0.writeUInt16BE(Math.round(dpi), 12);
  app0.writeUInt16BE(Math.round(dpi), 14);
  const hasApp0 = jpeg[2] === 0xff && jpeg[3] === 0xe0;
  return Buffer.concat([jpeg.subarray(0, 2), app0, jpeg.subarray(hasApp0 ? 4 + jpeg.readUInt16BE(4) : 2)]);
}

/** Writes the pHYs chunk (pixels per metre), replacing the one sharp wrote, if any. */
export function withPngDpi(png: Buffer, dpi: number): Buffer {
  const body = Buffer.alloc(13);
  body.write('pHYs', 0, 'latin1');
  const ppm = Math.round(dpi / 0.0254);
  body.writeUInt32BE(ppm, 4);
  body.writeUInt32BE(ppm, 8);
  body[12] = 1; // unit: metre
  const chunk = Buffer.alloc(4 + 13 + 4);
  chunk.writeUInt32BE(9, 0);
  body.copy(chunk, 4);
  chunk.writeUInt32BE(zlib.crc32(body), 17);
  const ihdrEnd = 8 + 8 + 13 + 4;
  let rest = png.subarray(ihdrEnd);
  if (rest.toString('latin1', 4, 8) === 'pHYs') rest = rest.subarray(12 + rest.readUInt32BE(0));
  return Buffer.concat([png.subarray(0, ihdrEnd), chunk, rest]);
}

export function sized(svg: string, width: number, height: number): string {
  return svg.replace(/^<svg([^>]*?) width="[^"]*" height="[^"]*"/, `<svg$1 width="${width}" height="${height}"`);
}

export type Raw = { data: Buffer; info: sharp.OutputInfo };

export async function skew(data: Buffer, info: sharp.OutputInfo, angle: number, width: number, height: number): Promise<Raw> {
  const white = info.channels === 1 ? { r: 255, g: 255, b: 255 } : '#ffffff';
  const turned = await sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } })
    .rotate(angle, { background: white })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const left = Math.floor((turned.info.width - width) / 2);
  const top = Math.floor((turned.info.height - height) / 2);
  return sharp(turned.data, { raw: { width: turned.info.width, height: turned.info.height, channels: info.channels } })
    .extract({ left, top, width, height })
    .raw()
    .toBuffer({ resolveWithObject: true });
}

/** Grey noise (sum of three uniforms ≈ gaussian), an off-white paper tone, and dark speckles. */
export function addNoise(data: Buffer, channels: number, width: number, amount: number, next: () => number): void {
  if (amount <= 0) return;
  const sigma = 14 * amount;
  const tone = 6 * amount;
  for (let p = 0; p < data.length; p += channels) {
    const delta = (next() + next() + next() - 1.5) * 2 * sigma - tone;
    for (let c = 0; c < channels; c++) data[p + c] = clampByte((data[p + c] ?? 0) + delta);
  }
  const height = data.length / channels / width;
  const speckles = Math.round(amount * 2500 * ((width * height) / 3.9e6));
  for (let i = 0; i < speckles; i++) {
    const x = Math.floor(next() * width);
    const y = Math.floor(next() * height);
    const r = next() < 0.8 ? 1 : 2;
    const v = 30 + next() * 90;
    for (let dy = 0; dy < r; dy++) {
      for (let dx = 0; dx < r; dx++) {
        const p = (Math.min(y + dy, height - 1) * width + Math.min(x + dx, width - 1)) * channels;
        for (let c = 0; c < channels; c++) data[p + c] = v;
      }
    }
  }
}

export function clampByte(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : v;
}

// ---------------------------------------------------------------- public page makers

/** The first page of a form: title, applicant, ID number, reasons, table, signature (or a blank/photo page). */
export function renderFormPage(spec: FormPageSpec = {}): Promise<Buffer> {
  const next = rng(spec.seed ?? 1);
  if (spec.photo) return rasterize(photoSvg(next), spec, next, 0.1);
  if (spec.blank) return rasterize(blankSvg(spec, next), spec, next, 0.08);
  return rasterize(formSvg(spec, next), spec, next, 0.2);
}

/** A second page of a document: body text and a table, no title. */
export function continuationPage(spec: FormPageSpec = {}): Promise<Buffer> {
  const next = rng(spec.seed ?? 2);
  return rasterize(continuationSvg(spec, next), spec, next, 0.2);
}

// ---------------------------------------------------------------- bundles: PDF

const A4_PT = { width: 595.28, height: 841.89 };

/**
 * An image-only PDF as a scanner writes it: one full-page image per A4 page,
 * JPEGs embedded unchanged (DCTDecode), PNGs as Flate images.
 * Landscape images get a landscape page. No dates, so the bytes are stable.
 */
export async function multiPagePdf(pages: Buffer[]): Promise<Buffer> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  for (const bytes of pages) {
    const image = isJpeg(bytes) ? await doc.embedJpg(bytes) : await doc.embedPng(bytes);
    const landscape = image.width > image.height;
    const size = landscape ? [A4_PT.height, A4_PT.width] : [A4_PT.width, A4_PT.height];
    const page = doc.addPage(size as [number, number]);
    page.drawImage(image, { x: 0, y: 0, width: page.getWidth(), height: page.getHeight() });
  }
  return Buffer.from(await doc.save());
}

function isJpeg(bytes: Buffer): boolean {
  return bytes[0] === 0xff && bytes[1] === 0xd8;
}

/**
 * A PDF with a real text layer, in the way Chinese office software often
 * writes one: the non-embedded Adobe-GB1 font STSong-Light with the
 * UniGB-UCS2-H encoding, so strings are UTF-16 code units. pdf-lib's
 * standard fonts cannot draw CJK and no fontkit is installed here; viewers
 * substitute a local CJK font. A ToUnicode map keeps text extraction exact.
 * Characters outside the Basic Multilingual Plane are not supported.
 */
export async function textLayerPdf(lines: string[], fontSize = 14): Promise<Buffer> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const fontRef = doc.context.register(cjkFontDict(doc));
  const page = doc.addPage([A4_PT.width, A4_PT.height]);
  const font = page.node.newFontDictionary('F', fontRef);
  lines.forEach((line, i) => {
    const y = A4_PT.height - 72 - i * fontSize * 1.8;
    page.pushOperators(
      beginText(),
      setFontAndSize(font, fontSize),
      moveText(56, y),
      showText(utf16Hex(line)),
      endText(),
    );
  });
  return Buffer.from(await doc.save());
}

function utf16Hex(line: string): PDFHexString {
  let hex = '';
  for (let i = 0; i < line.length; i++) hex += line.charCodeAt(i).toString(16).padStart(4, '0');
  return PDFHexString.of(hex);
}

function cjkFontDict(doc: PDFDocument) {
  const ctx = doc.context;
  const descriptor = ctx.obj({
    Type: 'FontDescriptor',
    FontName: 'STSong-Light',
    Flags: 6,
    FontBBox: [-25, -254, 1000, 880],
    ItalicAngle: 0,
    Ascent: 880,
    Descent: -120,
    CapHeight: 880,
    StemV: 93,
  });
  const cidFont = ctx.obj({
    Type: 'Font',
    Subtype: 'CIDFontType0',
    BaseFont: 'STSong-Light',
    CIDSystemInfo: { Registry: PDFString.of('Adobe'), Ordering: PDFString.of('GB1'), Supplement: 4 },
    FontDescriptor: ctx.register(descriptor),
    DW: 1000,
    W: [1, 95, 500],
  });
  return ctx.obj({
    Type: 'Font',
    Subtype: 'Type0',
    BaseFont: 'STSong-Light',
    Encoding: 'UniGB-UCS2-H',
    DescendantFonts: [ctx.register(cidFont)],
    ToUnicode: ctx.register(ctx.flateStream(identityToUnicode())),
  });
}

/** Maps every 2-byte code to the same UTF-16 unit (ranges may not cross a high byte). */
function identityToUnicode(): string {
  const ranges: string[] = [];
  for (let hi = 0; hi < 256; hi++) {
    const h = hi.toString(16).padStart(2, '0').toUpperCase();
    ranges.push(`<${h}00> <${h}FF> <${h}00>`);
  }
  const blocks: string[] = [];
  for (let i = 0; i < ranges.length; i += 100) {
    const chunk = ranges.slice(i, i + 100);
    blocks.push(`${chunk.length} beginbfrange\n${chunk.join('\n')}\nendbfrange`);
  }
  return [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange',
    ...blocks,
    'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
  ].join('\n');
}

// ---------------------------------------------------------------- bundles: TIFF

export interface TiffOptions {
  /** 'g4' makes bilevel CCITT Group 4 frames, as office scanners do in black-and-white mode. */
  compression?: 'lzw' | 'deflate' | 'jpeg' | 'g4';
  /** Grey level below which a pixel is black in 'g4' frames. */
  threshold?: number;
}

/**
 * A multi-page TIFF. sharp writes one page at a time, and its own
 * multi-page output needs pages of one size, so the single-page files are
 * spliced into one IFD chain here: no ImageMagick or libtiff tools needed.
 */
export async function multiPageTiff(pages: Buffer[], options: TiffOptions = {}): Promise<Buffer> {
  const singles: Buffer[] = [];
  for (const page of pages) singles.push(await tiffPage(page, options));
  return joinTiffs(singles);
}

async function tiffPage(page: Buffer, options: TiffOptions): Promise<Buffer> {
  const meta = await sharp(page).metadata();
  const res = (meta.density ?? 200) / 25.4; // sharp wants pixels per mm
  const img = sharp(page).flatten({ background: '#ffffff' });
  if (options.compression === 'g4') {
    return img
      .threshold(options.threshold ?? 160)
      .toColourspace('b-w')
      .tiff({ compression: 'ccittfax4', bitdepth: 1, xres: res, yres: res })
      .toBuffer();
  }
  return img.tiff({ compression: options.compression ?? 'lzw', quality: 85, xres: res, yres: res }).toBuffer();
}

/** Tags whose values are file offsets into image data. */
const DATA_OFFSET_TAGS = new Set([273, 324, 513]); // StripOffsets, TileOffsets, JPEGInterchangeFormat
/** Tags pointing at further IFDs, which this splicer does not follow. */
const SUB_IFD_TAGS = new Set([330, 34665, 34853, 40965]);

/**
 * Concatenates classic TIFF files into one multi-page TIFF: each file is
 * copied whole (at an even offset), every offset inside it is shifted by its
 * new position, and the last IFD of each file is linked to the next file's first.
 */
export function joinTiffs(files: Buffer[]): Buffer {
  if (files.length === 0) throw new Error('没有可合并的 TIFF 页面');
  const little = files[0]?.toString('latin1', 0, 2) === 'II';
  const positions: number[] = [];
  let size = 8;
  for (const f of files) {
    if (f.toString('latin1', 0, 2) !== (little ? 'II' : 'MM')) throw new Error('TIFF 页面字节序不一致，无法合并');
    positions.push(size);
    size += f.length + (f.length % 2);
  }
  const out = Buffer.alloc(size);
  out.write(little ? 'II' : 'MM', 0, 'latin1');
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  view.setUint16(2, 42, little);
  files.forEach((f, i) => f.copy(out, positions[i]));
  let link = 4; // where the pointer to the next IFD is written
  files.forEach((f, i) => {
    const base = positions[i] ?? 0;
    const first = new DataView(f.buffer, f.byteOffset, f.byteLength).getUint32(4, little);
    view.setUint32(link, base + first, little);
    link = relocateChain(view, base, base + first, little);
  });
  view.setUint32(link, 0, little);
  return out;
}

/** Shifts the offsets of every IFD in one copied file; returns the position of the last next-IFD pointer. */
function relocateChain(view: DataView, base: number, ifd: number, little: boolean): number {
  for (;;) {
    const count = view.getUint16(ifd, little);
    for (let e = 0; e < count; e++) relocateEntry(view, base, ifd + 2 + e * 12, little);
    const nextPos = ifd + 2 + count * 12;
    const next = view.getUint32(nextPos, little);
    if (next === 0) return nextPos;
    view.setUint32(nextPos, base + next, little);
    ifd = base + next;
  }
}

function relocateEntry(view: DataView, base: number, entry: number, little: boolean): void {
  const tag = view.getUint16(entry, little);
  const type = view.getUint16(entry + 2, little);
  const count = view.getUint32(entry + 4, little);
  if (SUB_IFD_TAGS.has(tag)) throw new Error(`TIFF 含子目录（标签 ${tag}），无法合并`);
  const bytes = (TYPE_SIZE[type] ?? 1) * count;
  let values = entry + 8;
  if (bytes > 4) {
    values = base + view.getUint32(entry + 8, little);
    view.setUint32(entry + 8, values, little);
  }
  if (!DATA_OFFSET_TAGS.has(tag)) return;
  if (type !== 4) throw new Error('TIFF 数据偏移不是 LONG 类型，无法合并');
  for (let i = 0; i < count; i++) view.setUint32(values + i * 4, base + view.getUint32(values + i * 4, little), little);
}

/** First value of an entry (SHORT or LONG), following the offset when the values are stored out of line. */
function firstValue(view: DataView, entry: number, little: boolean): number {
  const type = view.getUint16(entry + 2, little);
  const count = view.getUint32(entry + 4, little);
  const size = TYPE_SIZE[type] ?? 1;
  const at = size * count > 4 ? view.getUint32(entry + 8, little) : entry + 8;
  return size === 2 ? view.getUint16(at, little) : view.getUint32(at, little);
}

export interface TiffFrameInfo {
  width: number;
  height: number;
  compression: number;
  bitsPerSample: number;
}

/** Walks a classic TIFF's IFD chain (for tests: check frame count, size and compression). */
export function tiffFrames(bytes: Buffer): TiffFrameInfo[] {
  const little = bytes.toString('latin1', 0, 2) === 'II';
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const frames: TiffFrameInfo[] = [];
  for (let ifd = view.getUint32(4, little); ifd !== 0 && frames.length < 10_000;) {
    const count = view.getUint16(ifd, little);
    const tags = new Map<number, number>();
    for (let e = 0; e < count; e++) {
      const entry = ifd + 2 + e * 12;
      tags.set(view.getUint16(entry, little), firstValue(view, entry, little));
    }
    frames.push({
      width: tags.get(256) ?? 0,
      height: tags.get(257) ?? 0,
      compression: tags.get(259) ?? 1,
      bitsPerSample: tags.get(258) ?? 1,
    });
    ifd = view.getUint32(ifd + 2 + count * 12, little);
  }
  return frames;
}
