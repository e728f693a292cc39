import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { readQrCodes } from '../ingest/qr';
import { buildLabelSheet, EXITED_CABINET } from './labels';
import { inspectPdf, pageText, rasterise } from './pdfInspect';
import { sampleLabels } from './samples';
import type { BoxLabel } from './types';

/** 盒脊 strips and 柜标 cards: fields, several per sheet, exited boxes marked, QR readable. */

const labels = sampleLabels();

describe('buildLabelSheet', () => {
  it.each([
    [20, 9],
    [30, 6],
    [40, 4],
  ] as const)('fits %i mm spine strips %i to an A4 sheet', async (width, perSheet) => {
    const many: BoxLabel[] = Array.from({ length: perSheet + 1 }, (_, i) => ({
      ...labels[0]!,
      boxNumber: String(i + 1).padStart(3, '0'),
    }));
    const doc = await PDFDocument.load(await buildLabelSheet(many, { kind: 'spine', widthMm: width }));
    expect(doc.getPageCount()).toBe(2);
  });

  it('prints 村(社区), 类别, 年度, 起止户号 and 盒号 on each strip, and marks the exited box', async () => {
    const pdf = await inspectPdf(await buildLabelSheet(labels, { kind: 'spine', widthMm: 30 }));
    const text = pageText(pdf.pages[0] ?? []);
    for (const s of ['村(社区)', '类别', '年度', '起止户号', '盒号', '2024', '0041', '0075', '002', '901'])
      expect(text).toContain(s);
    // Stacked characters come out one per item; the exited mark appears once, as the top cell of one strip.
    expect(text.split(EXITED_CABINET)).toHaveLength(2);
  });

  it('prints cabinet cards eight to a sheet with readable QR codes', async () => {
    const bytes = await buildLabelSheet(labels, { kind: 'cabinet' });
    const pdf = await inspectPdf(bytes);
    expect(pdf.pages).toHaveLength(1);
    const text = pageText(pdf.pages[0] ?? []);
    expect(text).toContain(EXITED_CABINET);
    expect(text).toContain('东棘坨镇于家岭村');
    expect(text).toContain('0001—0040');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hudang-labels-'));
    try {
      fs.writeFileSync(path.join(dir, 'cards.pdf'), bytes);
      const [png] = rasterise(path.join(dir, 'cards.pdf'), dir, 200);
      const codes = await readQrCodes(fs.readFileSync(png!));
      expect([...codes].sort()).toEqual(labels.map((l) => l.qrPayload).sort());
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an empty list', async () => {
    await expect(buildLabelSheet([], { kind: 'cabinet' })).rejects.toThrow('没有要打印的标签');
  });
});
