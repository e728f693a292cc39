import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HudangApi, PageRow } from '../api/contract';
import { openArchive, type Archive } from '../archive';
import { makeIdNumber } from '../domain/idNumber';
import { createService } from '../service';
import { rosterCsv, tempDir, writeCsv } from '../testing/fixtures';
import { continuationPage, multiPagePdf, renderFormPage } from '../testing/scans';
import { tesseractProvider, type OcrProvider } from './ocrProvider';

/**
 * Loose ADF PDFs holding several households' files one after the other,
 * through the real pipeline with real OCR: the file is cut into household
 * runs, and no page lands under a household it does not belong to.
 */

// Heads' names differ from the family names the scan generator prints in every form's member table.
const A = { village: '红旗村', name: '赵德胜', id: makeIdNumber('120116', '19380303', 61), type: '低保' };
const B = { village: '红旗村', name: '孙秀英', id: makeIdNumber('120116', '19700707', 62), type: '低保' };
const C = { village: '东风村', name: '周振东', id: makeIdNumber('120116', '19520909', 63), type: '低保' };
/** A 身份证号 whose check digit fails, as OCR misreads one: no evidence of anyone. */
const MISREAD = (() => {
  const id = makeIdNumber('120116', '19520909', 63);
  return `${id.slice(0, 17)}${id[17] === '1' ? '2' : '1'}`;
})();

let dir: string;
let archive: Archive;
let api: HudangApi;
let ocr: OcrProvider;
let pages: PageRow[];

/** Expected household per page of each file, in page order. */
const expected: Record<string, string[]> = {};

const form = (h: typeof A, title: string, seed: number, idNumber = h.id) =>
  renderFormPage({ title, applicant: h.name, idNumber, lines: [`家住${h.village}，因病致贫，家庭生活困难，`, '特申请救助。'], seed, noise: 0.2 });
/** An untitled second page; the 身份证号 printed on it belongs to nobody on the roster. */
const untitled = (seed: number) => continuationPage({ seed, idNumber: makeIdNumber('110101', '19990101', 900 + seed) });

beforeAll(async () => {
  dir = tempDir();
  archive = await openArchive(path.join(dir, 'archive'));
  ocr = tesseractProvider();
  api = createService({ archive, actor: '经办人:测试', ocr });
  const roster = [A, B, C].map((h) => [h.village, h.name, h.id, h.type, '1']);
  await api.importRoster({ path: writeCsv(path.join(dir, 'r.csv'), rosterCsv(roster)) });
  const scans = path.join(dir, 'scans', '批量扫描');
  fs.mkdirSync(scans, { recursive: true });

  // Two households, as the ADF takes them: each starts with an application carrying its 身份证号.
  fs.writeFileSync(
    path.join(scans, 'adf-two.pdf'),
    await multiPagePdf([
      await form(A, '最低生活保障待遇申请书', 1),
      await untitled(2),
      await form(A, '居民家庭经济状况核对委托授权书', 3),
      await form(B, '最低生活保障待遇申请书', 4),
      await untitled(5),
      await form(B, '家庭经济状况入户调查表', 6),
      await untitled(7),
    ]),
  );
  expected['adf-two.pdf'] = [A.id, A.id, A.id, B.id, B.id, B.id, B.id];
  // Three households; the third's first page has its 身份证号 misread, so only 申请人 and 村 name it.
  fs.writeFileSync(
    path.join(scans, 'adf-three.pdf'),
    await multiPagePdf([
      await untitled(8),
      await form(B, '最低生活保障待遇申请书', 9),
      await form(A, '最低生活保障待遇申请书', 10),
      await untitled(11),
      await form(C, '最低生活保障待遇申请书', 12, MISREAD),
      await untitled(13),
      await form(C, '居民家庭经济状况核对委托授权书', 14),
    ]),
  );
  expected['adf-three.pdf'] = [B.id, B.id, A.id, A.id, C.id, C.id, C.id];

  await api.ingest({ paths: [path.join(dir, 'scans')] });
  pages = await api.listPages({});
}, 900_000);

afterAll(async () => {
  await ocr?.close();
  await archive?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('several households in one scanned file', () => {
  for (const file of ['adf-two.pdf', 'adf-three.pdf']) {
    it(`${file}: at least 90% of pages assigned, none to the wrong household`, () => {
      const rows = pages.filter((p) => p.source.endsWith(file)).sort((a, b) => a.page - b.page);
      const want = expected[file] ?? [];
      expect(rows).toHaveLength(want.length);
      const wrong = rows.filter((r, i) => r.household !== null && r.household !== want[i]);
      expect(wrong.map((r) => r.page)).toEqual([]);
      const assigned = rows.filter((r) => r.household !== null).length;
      expect(assigned / rows.length).toBeGreaterThanOrEqual(0.9);
    });
  }

  it('no longer leaves a two-household file wholly unassigned', async () => {
    const inbox = await api.listInbox({});
    expect(inbox.some((p) => /多户的身份证号/.test(p.note ?? ''))).toBe(false);
  });
});
