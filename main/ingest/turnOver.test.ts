import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckRow, HudangApi, PageRow } from '../api/contract';
import { openArchive, type Archive } from '../archive';
import { makeIdNumber } from '../domain/idNumber';
import { createService } from '../service';
import { rosterCsv, tempDir, writeCsv } from '../testing/fixtures';
import { tesseractProvider, type OcrProvider } from './ocrProvider';

/**
 * A bank card copied mid-page and fed upside down: the top of the page is
 * empty either way, so the title band cannot tell its orientation. The
 * whole page, read turned over, can; the page must not stay upside down
 * (unreadable, and so unknown) while its item is called missing.
 */

const C = { name: '孙秀英', id: makeIdNumber('120116', '19700707', 23) };
const BANK_COPY = '个人银行账户复印件';

let archive: Archive;
let api: HudangApi;
let ocr: OcrProvider;
let page: PageRow | undefined;
let check: CheckRow | undefined;

async function upsideDownCardCopy(): Promise<Buffer> {
  const text = (x: number, y: number, size: number, content: string, anchor = 'start') =>
    `<text x="${x}" y="${y}" font-size="${size}" font-family="Noto Sans CJK SC" text-anchor="${anchor}">${content}</text>`;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="1654" height="2339"><rect width="1654" height="2339" fill="#f6f6f3"/>` +
    `<rect x="430" y="1000" width="790" height="490" fill="#dcdcd8" stroke="#555" stroke-width="4"/>` +
    text(490, 1110, 40, '中国邮政储蓄银行') +
    text(490, 1300, 40, '6228 4804 5439 0000 902') +
    text(490, 1420, 32, `户名：${C.name}`) +
    text(827, 1650, 36, '银行卡（存折）复印件', 'middle') +
    `</svg>`;
  return sharp(Buffer.from(svg)).rotate(180).jpeg({ quality: 82 }).toBuffer();
}

beforeAll(async () => {
  const dir = tempDir();
  archive = await openArchive(path.join(dir, 'archive'));
  ocr = tesseractProvider();
  api = createService({ archive, actor: '经办人:测试', ocr });
  await api.importRoster({ path: writeCsv(path.join(dir, 'r.csv'), rosterCsv([['红旗村', C.name, C.id, '临时救助', '1', '']], ['村(社区)', '户主姓名', '身份证号', '救助类型', '保障人口', '供养方式'])) });
  const file = path.join(dir, 'scans', '红旗村', `${C.name}_${C.id}`, '扫描件001.jpg');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, await upsideDownCardCopy());
  await api.ingest({ paths: [path.join(dir, 'scans')] });
  page = (await api.listPages({}))[0];
  check = (await api.checkHouseholds({})).find((r) => r.household === C.id);
}, 300_000);

afterAll(async () => {
  await ocr?.close();
  await archive?.close();
});

describe('an upside-down page whose text lies away from its top', () => {
  it('is turned upright and read', async () => {
    const stored = await archive.db.selectFrom('page').select(['rotation', 'ocrText']).where('id', '=', page!.id).executeTakeFirstOrThrow();
    expect(stored.rotation).toBe(180);
    expect(stored.ocrText).toContain('储蓄银行');
  });

  it('is not called missing: it is filed as the bank copy or waits as one', () => {
    expect(page).toMatchObject({ household: C.id });
    expect(check?.missing).not.toContain(BANK_COPY);
    expect([...(check?.missing ?? []), ...(check?.unconfirmed ?? [])].includes(BANK_COPY) || page?.docType === BANK_COPY).toBe(true);
  });
});
