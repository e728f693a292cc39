import fs from 'node:fs';
import path from 'node:path';
import type { HudangApi } from '../api/contract';
import type { Archive } from '../archive';
import sharp from 'sharp';
import { renderFormPage, type FormPageSpec } from './scans';

/** Shortcuts for tests and benchmarks that need filled archives, through the real service API. */

/**
 * Renders the given scans into a new folder under `dir`, ingests them without
 * OCR (stored and split, quick) and returns their page ids in file order.
 */
export async function ingestSyntheticScans(
  api: HudangApi,
  archive: Archive,
  dir: string,
  specs: FormPageSpec[],
): Promise<number[]> {
  const folder = fs.mkdtempSync(path.join(dir, 'scans-'));
  for (const [i, spec] of specs.entries())
    fs.writeFileSync(path.join(folder, `p${String(i).padStart(3, '0')}.jpg`), await renderFormPage(spec));
  await api.ingest({ paths: [folder], ocr: false });
  const pages = await archive.db
    .selectFrom('page')
    .select('id')
    .where('sourcePath', 'like', `${folder}%`)
    .orderBy('sourcePath')
    .execute();
  return pages.map((p) => p.id);
}

/** The archive id of the household whose head has this 身份证号 (0 when there is none). */
export async function householdIdOf(api: HudangApi, idNumber: string): Promise<number> {
  return (await api.listHouseholds({ query: idNumber, fullId: true })).find((h) => h.household === idNumber)?.id ?? 0;
}

/** A small plain grey JPEG, base64, for 数字化成果登记 in tests (a different shade makes different bytes). */
export async function placeholderPage(shade: number): Promise<string> {
  const jpeg = await sharp({ create: { width: 62, height: 88, channels: 3, background: { r: shade, g: shade, b: shade } } }).jpeg().toBuffer();
  return jpeg.toString('base64');
}
