import sharp from 'sharp';
import { a4Pixels, addNoise, clampByte, sized, skew, withJpegDpi, withPngDpi } from '../scans';
import { type PageDrawing, sealSvg } from './svg';
import type { Degradation } from './types';

/**
 * How a page is captured, on top of any layout family:
 * - clean: a good 200-dpi grey scan;
 * - scan: grey or colour, 150–300 dpi, skewed, noisy, JPEG'd hard;
 * - fax: a 150-dpi bilevel copy with thickened or broken strokes and streaks;
 * - photo: a phone photo (perspective, a shadow across the page, the desk
 *   around it, an odd pixel size, no dpi);
 * plus a red stamp across the title and upside-down feeding.
 */

type Rng = () => number;
const between = (a: number, b: number, next: Rng) => a + (b - a) * next();

export interface CapturedPage {
  bytes: Buffer;
  format: 'jpeg' | 'png';
  width: number;
  height: number;
  dpi: number;
}

/** The SVG with a red seal across its title (the page is returned unchanged when it has no title). */
export function withStamp(drawing: PageDrawing, next: Rng, issuer: string): string {
  const box = drawing.titleBox;
  if (!box) return drawing.svg;
  const r = between(13, 19, next);
  const cx = box.x + box.width * between(0.2, 0.8, next);
  const cy = box.y + box.height * between(0.2, 0.9, next);
  return drawing.svg.replace(/<\/svg>$/, `${sealSvg(cx, cy, r, issuer, between(0.7, 0.88, next), 'stamp')}</svg>`);
}

/** Three channels always: scans.ts's skew() reads a one-channel page wrongly, so pages turn grey after skewing. */
async function render(svg: string, dpi: number): Promise<{ data: Buffer; info: sharp.OutputInfo }> {
  const { width, height } = a4Pixels(dpi);
  return sharp(Buffer.from(sized(svg, width, height)))
    .flatten({ background: '#ffffff' })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
}

/** skew() hands back three channels even for a grey page: keep one. */
function grey1(raw: { data: Buffer; info: sharp.OutputInfo }): { data: Buffer; info: sharp.OutputInfo } {
  const { channels, width, height } = raw.info;
  if (channels === 1) return raw;
  const out = Buffer.alloc(width * height);
  const d = raw.data;
  for (let i = 0; i < out.length; i++)
    out[i] =
      0.299 * (d[i * channels] ?? 255) + 0.587 * (d[i * channels + 1] ?? 255) + 0.114 * (d[i * channels + 2] ?? 255);
  return { data: out, info: { ...raw.info, channels: 1 } };
}

async function encode(
  data: Buffer,
  width: number,
  height: number,
  channels: number,
  d: Degradation,
  dpi: number,
  jpeg: number | null,
): Promise<CapturedPage> {
  let out = sharp(data, { raw: { width, height, channels: channels as 1 | 3 } }).toColourspace(
    channels === 1 ? 'b-w' : 'srgb',
  );
  if (d.upsideDown) out = out.rotate(180);
  if (jpeg === null)
    return {
      bytes: withPngDpi(await out.png({ compressionLevel: 6 }).toBuffer(), dpi),
      format: 'png',
      width,
      height,
      dpi,
    };
  const bytes = await out.jpeg({ quality: jpeg }).toBuffer();
  return { bytes: dpi > 0 ? withJpegDpi(bytes, dpi) : bytes, format: 'jpeg', width, height, dpi };
}

async function scanLike(svg: string, d: Degradation, next: Rng): Promise<CapturedPage> {
  const clean = d.base === 'clean';
  const dpi = clean ? 200 : (([150, 200, 240, 300] as const)[Math.floor(next() * 4)] ?? 200);
  // Stamped pages are more often scanned in colour (offices keep the red seal visible).
  const grey = clean || next() < (d.stamp ? 0.3 : 0.7);
  let raw = await render(svg, dpi);
  const { width, height } = raw.info;
  if (!clean) {
    const angle = between(-1.5, 1.5, next);
    if (Math.abs(angle) > 0.15) raw = await skew(raw.data, raw.info, angle, width, height);
  }
  if (grey) raw = grey1(raw);
  addNoise(raw.data, raw.info.channels, width, clean ? 0.08 : between(0.2, 0.5, next), next);
  return encode(raw.data, width, height, raw.info.channels, d, dpi, clean ? 90 : Math.round(between(40, 85, next)));
}

/** 150-dpi bilevel: thresholded with noise, strokes thickened or broken, streaks from a dirty drum. */
async function faxLike(svg: string, d: Degradation, next: Rng): Promise<CapturedPage> {
  const dpi = 150;
  let raw = await render(svg, dpi);
  const { width, height } = raw.info;
  const angle = between(-1, 1, next);
  if (Math.abs(angle) > 0.2) raw = await skew(raw.data, raw.info, angle, width, height);
  raw = grey1(raw);
  const src = raw.data;
  const threshold = between(140, 185, next);
  const bw = new Uint8Array(width * height);
  for (let i = 0; i < bw.length; i++) bw[i] = (src[i] ?? 255) + (next() - 0.5) * 60 < threshold ? 1 : 0;
  const out = Buffer.alloc(width * height, 255);
  const thicken = next() < 0.5;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      let black = bw[i] === 1;
      if (thicken) black ||= (x > 0 && bw[i - 1] === 1) || (y > 0 && bw[i - width] === 1);
      out[i] = black ? 0 : 255;
    }
  }
  if (!thicken) {
    // Broken strokes: short white dropouts along rows.
    const drops = Math.round(width * height * 0.0015);
    for (let k = 0; k < drops; k++) {
      const y = Math.floor(next() * height);
      const x0 = Math.floor(next() * width);
      const len = 2 + Math.floor(next() * 6);
      for (let x = x0; x < Math.min(width, x0 + len); x++) out[y * width + x] = 255;
    }
  }
  // Streaks: a few thin black lines across, one grey vertical drum mark, salt-and-pepper.
  for (let k = Math.floor(between(1, 5, next)); k > 0; k--) {
    const y = Math.floor(next() * height);
    const gap = next() < 0.5;
    for (let x = 0; x < width; x++) if (!gap || next() < 0.7) out[y * width + x] = 0;
  }
  if (next() < 0.6) {
    const x0 = Math.floor(next() * width);
    for (let y = 0; y < height; y++)
      for (let x = x0; x < Math.min(width, x0 + 2); x++) if (next() < 0.6) out[y * width + x] = 0;
  }
  for (let k = Math.round(width * height * 0.0004); k > 0; k--)
    out[Math.floor(next() * out.length)] = next() < 0.5 ? 0 : 255;
  return encode(out, width, height, 1, d, dpi, null);
}

/** Projective map of the unit square onto a quad (Heckbert): returns a 3×3 matrix, row-major. */
function squareToQuad(q: [number, number][]): number[] {
  const [[x0, y0], [x1, y1], [x2, y2], [x3, y3]] = q as [
    [number, number],
    [number, number],
    [number, number],
    [number, number],
  ];
  const dx1 = x1 - x2;
  const dx2 = x3 - x2;
  const dy1 = y1 - y2;
  const dy2 = y3 - y2;
  const sx = x0 - x1 + x2 - x3;
  const sy = y0 - y1 + y2 - y3;
  const den = dx1 * dy2 - dx2 * dy1;
  const g = (sx * dy2 - dx2 * sy) / den;
  const h = (dx1 * sy - sx * dy1) / den;
  return [x1 - x0 + g * x1, x3 - x0 + h * x3, x0, y1 - y0 + g * y1, y3 - y0 + h * y3, y0, g, h, 1];
}

function invert3(m: number[]): number[] {
  const [a, b, c, d, e, f, g, h, i] = m as [number, number, number, number, number, number, number, number, number];
  const A = e * i - f * h;
  const B = -(d * i - f * g);
  const C = d * h - e * g;
  const det = a * A + b * B + c * C;
  return [
    A / det,
    -(b * i - c * h) / det,
    (b * f - c * e) / det,
    B / det,
    (a * i - c * g) / det,
    -(a * f - c * d) / det,
    C / det,
    -(a * h - b * g) / det,
    (a * e - b * d) / det,
  ];
}

/**
 * Inverse-mapping bilinear warp on raw RGB pixels: every output pixel is
 * taken back through the homography to the flat page and sampled there;
 * outside the page it is the desk.
 */
export function perspectiveWarp(
  src: Buffer,
  sw: number,
  sh: number,
  outW: number,
  outH: number,
  quad: [number, number][],
  desk: [number, number, number],
): Buffer {
  const inv = invert3(squareToQuad(quad));
  const out = Buffer.alloc(outW * outH * 3);
  for (let y = 0; y < outH; y++) {
    for (let x = 0; x < outW; x++) {
      const w = (inv[6] ?? 0) * x + (inv[7] ?? 0) * y + (inv[8] ?? 1);
      const u = ((inv[0] ?? 0) * x + (inv[1] ?? 0) * y + (inv[2] ?? 0)) / w;
      const v = ((inv[3] ?? 0) * x + (inv[4] ?? 0) * y + (inv[5] ?? 0)) / w;
      const o = (y * outW + x) * 3;
      if (u < 0 || u > 1 || v < 0 || v > 1) {
        out[o] = desk[0];
        out[o + 1] = desk[1];
        out[o + 2] = desk[2];
        continue;
      }
      const fx = u * (sw - 1);
      const fy = v * (sh - 1);
      const x0 = Math.floor(fx);
      const y0 = Math.floor(fy);
      const x1 = Math.min(x0 + 1, sw - 1);
      const y1 = Math.min(y0 + 1, sh - 1);
      const ax = fx - x0;
      const ay = fy - y0;
      for (let c = 0; c < 3; c++) {
        const p00 = src[(y0 * sw + x0) * 3 + c] ?? 0;
        const p10 = src[(y0 * sw + x1) * 3 + c] ?? 0;
        const p01 = src[(y1 * sw + x0) * 3 + c] ?? 0;
        const p11 = src[(y1 * sw + x1) * 3 + c] ?? 0;
        out[o + c] = (p00 * (1 - ax) + p10 * ax) * (1 - ay) + (p01 * (1 - ax) + p11 * ax) * ay;
      }
    }
  }
  return out;
}

/** Odd phone-camera sizes (portrait). */
const PHONE_SIZES: [number, number][] = [
  [1512, 2016],
  [1224, 1632],
  [1728, 2304],
  [1080, 1440],
  [1400, 1867],
];

async function photoLike(svg: string, d: Degradation, next: Rng): Promise<CapturedPage> {
  const page = await render(svg, 170);
  const [outW, outH] = PHONE_SIZES[Math.floor(next() * PHONE_SIZES.length)] ?? [1512, 2016];
  // The page fills most of the frame, each corner pulled in by its own amount (camera not square on).
  const m = () => between(0.02, 0.09, next);
  const quad: [number, number][] = [
    [outW * m(), outH * m()],
    [outW * (1 - m()), outH * m()],
    [outW * (1 - m()), outH * (1 - m())],
    [outW * m(), outH * (1 - m())],
  ];
  const deskGrey = between(60, 140, next);
  const desk: [number, number, number] = [deskGrey * 1.1, deskGrey, deskGrey * 0.8];
  const warped = perspectiveWarp(page.data, page.info.width, page.info.height, outW, outH, quad, desk);
  // A shadow gradient from one side (the phone and the hand), warm indoor light, sensor noise.
  const angle = next() * Math.PI * 2;
  const [ux, uy] = [Math.cos(angle), Math.sin(angle)];
  const depth = between(0.25, 0.5, next);
  const warm = [1, between(0.94, 0.99, next), between(0.82, 0.92, next)];
  for (let y = 0; y < outH; y++) {
    for (let x = 0; x < outW; x++) {
      const t = ((x / outW - 0.5) * ux + (y / outH - 0.5) * uy + 0.7) / 1.4; // 0..1 across the frame
      const shade = 1 - depth * Math.max(0, 1 - t * 1.6) ** 1.5;
      const o = (y * outW + x) * 3;
      const n = (next() - 0.5) * 10;
      for (let c = 0; c < 3; c++) warped[o + c] = clampByte((warped[o + c] ?? 0) * shade * (warm[c] ?? 1) + n);
    }
  }
  return encode(warped, outW, outH, 3, d, 0, Math.round(between(72, 88, next)));
}

/** Captures a page the way its degradation says; deterministic for the same drawing, degradation and seed. */
export async function capture(
  drawing: PageDrawing,
  d: Degradation,
  next: Rng,
  stampIssuer = '开原市民政局',
): Promise<CapturedPage> {
  const svg = d.stamp ? withStamp(drawing, next, stampIssuer) : drawing.svg;
  if (d.base === 'fax') return faxLike(svg, d, next);
  if (d.base === 'photo') return photoLike(svg, d, next);
  return scanLike(svg, d, next);
}
