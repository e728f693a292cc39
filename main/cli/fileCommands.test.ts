import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PageRow } from '../api/contract';
import { openArchive } from '../archive';
import { makeIdNumber } from '../domain/idNumber';
import { createService } from '../service';
import { householdIdOf, placeholderPage } from '../testing/archives';
import { runCli } from '../testing/cli';
import { rosterCsv, tempDir, writeCsv } from '../testing/fixtures';

/** `file` and `unfile` through the real CLI in a child process; `pages --json` carries id and review. */

const A = { name: '孙淑华', id: makeIdNumber('120116', '19470203', 21) };
const B = { name: '周振东', id: makeIdNumber('120116', '19620710', 22) };
const C = { name: '吴玉珍', id: makeIdNumber('120116', '19410101', 23) };

let data: string;
let ids: { apply: number; report: number; exited: number };
let hh: { a: number; b: number };

beforeAll(async () => {
  const dir = tempDir();
  data = path.join(dir, 'archive');
  const archive = await openArchive(data);
  const api = createService({ archive, actor: 'setup' });
  await api.importRoster({ path: writeCsv(path.join(dir, 'r.csv'), rosterCsv([['红旗村', A.name, A.id, '低保', '1'], ['红旗村', B.name, B.id, '低保', '1'], ['东风村', C.name, C.id, '低保', '1']])) });
  hh = { a: await householdIdOf(api, A.id), b: await householdIdOf(api, B.id) };
  await api.registerDigitisedPages({
    householdId: hh.a,
    documents: [
      { itemCode: 'dibao.02', pages: [{ imageBase64: await placeholderPage(120), text: '申请书' }] },
      { itemCode: 'dibao.08', pages: [{ imageBase64: await placeholderPage(121), text: '入户调查表' }, { imageBase64: await placeholderPage(122), text: '核对报告' }] },
    ],
  });
  const c = await householdIdOf(api, C.id);
  await api.registerDigitisedPages({ householdId: c, documents: [{ itemCode: 'dibao.02', pages: [{ imageBase64: await placeholderPage(130), text: '申请书' }] }] });
  await api.exitHousehold({ householdId: c, exitedOn: '2025-03-01', reason: '迁出' });
  const rows = await api.listPages({});
  const idOf = (text: string, household: string) => rows.find((r) => r.household === household && archiveText.get(r.id) === text)?.id ?? 0;
  const archiveText = new Map((await archive.db.selectFrom('page').select(['id', 'ocrText']).execute()).map((p) => [p.id, p.ocrText]));
  ids = { apply: idOf('申请书', A.id), report: idOf('核对报告', A.id), exited: idOf('申请书', C.id) };
  await archive.close();
}, 60_000);

const pagesJson = async () => JSON.parse((await runCli(['--data', data, 'pages', '--json'])).stdout) as PageRow[];

describe('file and unfile', () => {
  it('pages --json rows keep their fields and gain id and review', async () => {
    const rows = await pagesJson();
    for (const row of rows) expect(Object.keys(row)).toEqual(['source', 'page', 'household', 'docType', 'confidence', 'blank', 'id', 'review']);
    expect(rows.find((r) => r.id === ids.report)).toMatchObject({ household: A.id, docType: '最低生活保障入户调查表及入户照片', review: 'accepted' });
  });

  it('files a page under another item by 身份证号, and another household by record number', async () => {
    const r = await runCli(['--data', data, 'file', String(ids.report), '--household', A.id, '--item', 'dibao.09']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('已将 1 页归入');
    expect((await pagesJson()).find((p) => p.id === ids.report)).toMatchObject({ household: A.id, docType: '居民家庭经济状况核对报告', review: 'accepted', confidence: 1 });

    // A page filed under A goes to B only by an explicit move naming A (issue 16); a bare page number is refused.
    const bare = await runCli(['--data', data, '--json', 'file', String(ids.apply), '--household', String(hh.b), '--item', 'dibao.02']);
    expect(bare.code).toBe(1);
    expect(bare.stdout).toBe('');
    expect(bare.stderr).toContain(`页面 ${ids.apply} 已归入另一户的档案，只能在该户的档案中移出（命令行请用 --from 指明原来的户）`);
    expect((await pagesJson()).find((p) => p.id === ids.apply)).toMatchObject({ household: A.id });
    const j = await runCli(['--data', data, '--json', 'file', String(ids.apply), '--household', String(hh.b), '--item', 'dibao.02', '--from', A.id]);
    expect(j.code).toBe(0);
    expect(JSON.parse(j.stdout)).toEqual({ documentId: expect.any(Number), pages: 1 });
    expect((await pagesJson()).find((p) => p.id === ids.apply)).toMatchObject({ household: B.id, docType: '最低生活保障待遇申请书' });
  });

  it('sends pages back to the inbox', async () => {
    const r = await runCli(['--data', data, 'unfile', String(ids.apply)]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('已将 1 页退回收件箱');
    expect((await pagesJson()).find((p) => p.id === ids.apply)).toMatchObject({ household: B.id, review: 'pending' });
    const inbox = await runCli(['--data', data, '--json', 'inbox']);
    expect((JSON.parse(inbox.stdout) as { pageId: number }[]).map((p) => p.pageId)).toContain(ids.apply);
    const again = await runCli(['--data', data, '--json', 'unfile', String(ids.apply)]);
    expect(JSON.parse(again.stdout)).toEqual({ pages: 0 });
  });

  it('says what is wrong: usage errors exit 2, refusals exit 1 with a Chinese message', async () => {
    const noItem = await runCli(['--data', data, 'file', String(ids.report), '--household', A.id]);
    expect(noItem.code).toBe(2);
    expect(noItem.stderr).toContain('请用 --item 指定要件编号');
    const badId = await runCli(['--data', data, 'unfile', 'abc']);
    expect(badId.code).toBe(2);
    expect(badId.stderr).toContain('“abc”不是页面编号');
    const unknownHousehold = await runCli(['--data', data, 'file', String(ids.report), '--household', '123', '--item', 'dibao.09']);
    expect(unknownHousehold.code).toBe(1);
    expect(unknownHousehold.stderr).toContain('找不到户档');
    const exited = await runCli(['--data', data, '--json', 'file', String(ids.exited), '--household', A.id, '--item', 'dibao.02']);
    expect(exited.code).toBe(1);
    expect(exited.stdout).toBe('');
    expect(exited.stderr).toContain(`页面 ${ids.exited} 属于已整户退出的档案，只能在该户的档案中调整`);
    const unknownItem = await runCli(['--data', data, 'file', String(ids.report), '--household', A.id, '--item', 'dibao.99']);
    expect(unknownItem.code).toBe(1);
    expect(unknownItem.stderr).toContain('核查清单中没有要件编号“dibao.99”');
  });
});
