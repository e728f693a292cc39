import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HudangApi, PrintedPdf } from '../api/contract';
import { openArchive, type Archive } from '../archive';
import { createGuardedApi } from '../app/guard';
import { SessionStore } from '../auth/sessions';
import { makeIdNumber } from '../domain/idNumber';
import { createService } from '../service';
import { householdIdOf, placeholderPage } from '../testing/archives';
import { rosterCsv, tempDir, writeCsv } from '../testing/fixtures';

/**
 * 档号 are given on a volume's first print, by someone who may change the
 * file. A 检查员 or 区级 who prints a 卷皮 (or binds the volume) of a case
 * that has none gets the paper with the 档号 left blank, and the archive is
 * as it was: no 档号, no 村代码, no audit entry. The clerk's first print
 * then gives the 档号, and the inspector's next print shows it.
 */

const WANG = makeIdNumber('120116', '19450512', 61);
const PASSWORD = 'Hudang-2025!';

let dir: string;
let archive: Archive;
let wang: number;

const text = (pdf: PrintedPdf) => {
  const file = path.join(dir, 'out.pdf');
  fs.writeFileSync(file, Buffer.from(pdf.contentBase64, 'base64'));
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
};

async function loginAs(username: string): Promise<HudangApi> {
  const guarded = createGuardedApi({ archive, setupActor: 'setup', sessions: new SessionStore(), caller: { token: null } });
  await guarded.login({ username, password: PASSWORD });
  return guarded;
}

/** What a print could write: the cases' 档号, the villages' 村代码 and the audit log. */
async function written() {
  const codes = await archive.db.selectFrom('assistanceCase').select('archiveCode').execute();
  const regions = await archive.db.selectFrom('region').select('code').execute();
  const audit = await archive.db.selectFrom('auditLog').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { codes: codes.map((c) => c.archiveCode), regions: regions.map((r) => r.code), audit: Number(audit.n) };
}

beforeAll(async () => {
  dir = tempDir('hudang-readonly-print-');
  archive = await openArchive(path.join(dir, 'archive'));
  const api = createService({ archive, actor: 'setup' });
  await api.importRoster({ path: writeCsv(path.join(dir, 'r.csv'), rosterCsv([['红旗村', '王桂兰', WANG, '低保', '1']])) });
  await api.updateSettings({ fondsName: '城南镇人民政府', fondsCode: 'J012', town: '城南镇' });
  wang = await householdIdOf(api, WANG);
  await api.registerDigitisedPages({ householdId: wang, documents: [{ itemCode: 'dibao.02', docDate: '2025-03-02', pages: [{ imageBase64: await placeholderPage(200) }] }] });
  for (const [username, role] of [['clerk', '经办人'], ['inspector', '检查员'], ['district', '区级']] as const) {
    await api.createUser({ username, displayName: username, role, password: PASSWORD });
  }
}, 60_000);

afterAll(async () => {
  await archive?.close();
});

describe('printing by a role that may not change the file', () => {
  it('leaves the 档号 blank on the 检查员’s and the 区级’s papers and writes nothing', async () => {
    const inspector = await loginAs('inspector');
    const district = await loginAs('district');
    const before = await written();
    expect(before.codes).toEqual([null]);

    const cover = await inspector.printPdf({ kind: 'cover', householdId: wang });
    expect(cover.fileName).toBe('王桂兰 卷皮.pdf');
    const page = text(cover);
    expect(page).toContain('城南镇红旗村王桂兰最低生活保障档案');
    expect(page).not.toMatch(/J012-/);
    expect(text(await inspector.printPdf({ kind: 'volume', householdId: wang }))).not.toMatch(/J012-/);
    expect(text(await district.printPdf({ kind: 'catalogue', householdId: wang }))).not.toMatch(/J012-/);

    expect(await written()).toEqual(before);
  });

  it('gives the 档号 on the clerk’s first print, and the inspector’s paper then shows it', async () => {
    const clerk = await loginAs('clerk');
    const cover = await clerk.printPdf({ kind: 'cover', householdId: wang });
    const [code] = (await written()).codes;
    expect(code).toMatch(/^J012-DB-01-\d{4}$/);
    expect(cover.fileName).toBe(`${code} 王桂兰 卷皮.pdf`);
    const inspector = await loginAs('inspector');
    const again = await inspector.printPdf({ kind: 'cover', householdId: wang });
    expect(again.fileName).toBe(`${code} 王桂兰 卷皮.pdf`);
    expect(text(again)).toContain(code);
  });
});
