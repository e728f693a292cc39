import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { householdSeparatorPayload } from '../domain/ingest/separator';
import { qrPng, readQrCodes } from './qr';

describe('QR codes offline', () => {
  it('reads back a separator payload printed on an A4 page, scanned as a JPEG', async () => {
    const payload = householdSeparatorPayload(123, 'a1b2c3');
    const page = await sharp({ create: { width: 1654, height: 2339, channels: 3, background: '#fff' } })
      .composite([{ input: await qrPng(payload, 500), left: 577, top: 400 }])
      .jpeg({ quality: 70 })
      .toBuffer();
    expect(await readQrCodes(page)).toEqual([payload]);
  });

  it('finds nothing on a page without a code', async () => {
    const page = await sharp({ create: { width: 800, height: 1100, channels: 3, background: '#fff' } }).png().toBuffer();
    expect(await readQrCodes(page)).toEqual([]);
  });
});
