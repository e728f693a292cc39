import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskIdNumber } from '../domain/masking';
import { householdSeparatorPayload, itemSeparatorPayload, parseSeparator } from '../domain/ingest/separator';
import { separatorCheck } from '../ingest/households';
import { preparePage } from '../formats';
import { readQrCodes, readQrCodesInGrey } from '../ingest/qr';
import { fullPage } from '../ocr/prepare';
import { inspectPdf, pageText, rasterise } from './pdfInspect';
import { sampleSeparators } from './samples';
import { buildSeparatorSheets } from './separators';

/** Separator sheets survive print → scan: rasterised at 200 dpi, every QR reads back exactly. */

const batch = sampleSeparators();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hudang-sep-'));
let bytes: Uint8Array;

beforeAll(async () => {
  bytes = await buildSeparatorSheets(batch);
  fs.writeFileSync(path.join(dir, 'separators.pdf'), bytes);
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function expectedPayloads(): string[] {
  return batch.households.flatMap((h) => [
    householdSeparatorPayload(h.householdId, separatorCheck(h.idNumber)),
    ...(h.items ?? []).map((i) => itemSeparatorPayload(i.code)),
  ]);
}

/** A sheet as a worn office scanner gives it back: crooked, blurred, grey, low-quality JPEG. */
function wear(png: string): Promise<Buffer> {
  return sharp(fs.readFileSync(png)).rotate(3, { background: '#fff' }).blur(1.2).greyscale().linear(0.8, 30).jpeg({ quality: 45 }).toBuffer();
}

describe('buildSeparatorSheets', () => {
  it('prints a household sheet, then one sheet per item, for each household', async () => {
    const pdf = await inspectPdf(bytes);
    expect(pdf.pages).toHaveLength(expectedPayloads().length);
    const [first, item] = pdf.pages.map(pageText);
    const head = batch.households[0]!;
    expect(first).toContain('户分隔页');
    expect(first).toContain(head.headName);
    expect(first).toContain(maskIdNumber(head.idNumber));
    expect(first).not.toContain(head.idNumber);
    expect(first).toContain('城南镇红旗村');
    expect(first).toContain(head.assistance);
    expect(item).toContain('要件分隔页');
    expect(item).toContain(`第${head.items?.[0]?.number}项`);
    expect(item).toContain(head.items?.[0]?.name);
  });

  it('reads every QR back exactly from a 200 dpi raster', async () => {
    const pngs = rasterise(path.join(dir, 'separators.pdf'), dir, 200);
    const read: string[][] = [];
    for (const png of pngs) read.push(await readQrCodes(fs.readFileSync(png)));
    expect(read).toEqual(expectedPayloads().map((p) => [p]));
    expect(parseSeparator(read[0]?.[0] ?? '')).toEqual({
      kind: 'household',
      householdId: 42,
      check: separatorCheck(batch.households[0]!.idNumber),
    });
  });

  it('still reads after a crooked, blurred, grey, low-quality JPEG scan', async () => {
    const [png] = rasterise(path.join(dir, 'separators.pdf'), path.join(dir, 'worn'), 200, 1);
    const worn = await wear(png!);
    expect(await readQrCodes(worn)).toEqual([expectedPayloads()[0]]);
  });

  it('reads every QR back in the pixels ingest hands the OCR (the stored page, grey at ≈150 dpi), worn scan too', async () => {
    const inOcrPixels = async (scan: Buffer) => readQrCodesInGrey(await fullPage((await preparePage(scan, { rotation: 0 })).image));
    const pngs = rasterise(path.join(dir, 'separators.pdf'), path.join(dir, 'ocr'), 200);
    const read: string[][] = [];
    for (const png of pngs) read.push(await inOcrPixels(fs.readFileSync(png)));
    expect(read).toEqual(expectedPayloads().map((p) => [p]));
    const worn = await wear(pngs[0]!);
    expect(await inOcrPixels(worn)).toEqual([expectedPayloads()[0]]);
  });

  it('refuses an empty batch', async () => {
    await expect(buildSeparatorSheets({ village: '红旗村', households: [] })).rejects.toThrow('没有要打印分隔页的家庭');
  });
});
