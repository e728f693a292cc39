import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HudangApi } from '../api/contract';
import { openArchive, type Archive } from '../archive';
import { makeIdNumber } from '../domain/idNumber';
import { createService } from '../service';
import { rosterCsv, tempDir, writeCsv } from '../testing/fixtures';
import { tesseractProvider, type OcrProvider } from './ocrProvider';

/**
 * Scans taken in without reading (`ingest --no-ocr`) wait; a clerk files one
 * of them by hand; later the reading runs. The clerk's filing must stand:
 * reading adds the page's text, it never puts a decided page back in the inbox.
 */

const C = { name: '周桂兰', id: makeIdNumber('120116', '19620314', 41) };

let archive: Archive;
let api: HudangApi;
let ocr: OcrProvider;

function formPage(title: string): Promise<Buffer> {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="1654" height="2339"><rect width="1654" height="2339" fill="#fff"/>` +
    `<text x="827" y="260" font-size="64" font-family="Noto Sans CJK SC" text-anchor="middle">${title}</text>` +
    `<text x="200" y="420" font-size="36" font-family="Noto Sans CJK SC">申请人：${C.name}  身份证号：${C.id}</text>` +
    `<text x="200" y="520" font-size="36" font-family="Noto Sans CJK SC">因家庭生活困难，特申请临时救助。</text></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
}

beforeAll(async () => {
  const dir = tempDir();
  archive = await openArchive(path.join(dir, 'archive'));
  ocr = tesseractProvider();
  api = createService({ archive, actor: '经办人:测试', ocr });
  await api.importRoster({
    path: writeCsv(
      path.join(dir, 'r.csv'),
      rosterCsv(
        [['红旗村', C.name, C.id, '临时救助', '1', '']],
        ['村(社区)', '户主姓名', '身份证号', '救助类型', '保障人口', '供养方式'],
      ),
    ),
  });
  const folder = path.join(dir, 'scans', '红旗村', `${C.name}_${C.id}`);
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, '扫描件001.jpg'), await formPage('临时救助申请书'));
  await api.ingest({ paths: [path.join(dir, 'scans')], ocr: false });
}, 300_000);

afterAll(async () => {
  await ocr?.close();
  await archive?.close();
});

describe('a page a clerk filed before it was read', () => {
  it('keeps the clerk’s household and item once the reading runs, and gains its text', async () => {
    const [waiting] = await api.listPages({});
    expect(waiting?.review).toBe('pending');
    const household = await archive.db.selectFrom('household').select('id').executeTakeFirstOrThrow();
    // The clerk files it under another item than its title says, on purpose: the reading must not overrule the clerk.
    await api.reviewPage({ pageId: waiting?.id ?? 0, householdId: household.id, itemCode: 'linshi.02' });
    const filed = (await api.listPages({}))[0];

    await api.ingest({ paths: [] });

    const after = (await api.listPages({}))[0];
    expect(after).toMatchObject({ id: filed?.id, review: 'accepted', household: C.id, docType: filed?.docType });
    const row = await archive.db
      .selectFrom('page')
      .select(['ocrText', 'ocrState', 'documentId'])
      .where('id', '=', after?.id ?? 0)
      .executeTakeFirstOrThrow();
    expect(row.ocrState).toBe('done');
    expect(row.ocrText).toContain('申请');
    expect(row.documentId).not.toBeNull();
    expect(await api.listInbox({})).toHaveLength(0);
  }, 300_000);
});
