import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HudangApi } from '../api/contract';
import { dispatch } from '../api/dispatch';
import { openArchive, type Archive } from '../archive';
import { createGuardedApi } from '../app/guard';
import { SessionStore } from '../auth/sessions';
import { exportedTown, FIXED_NOW, TODAY, type FixtureHousehold } from '../export/testFixture';
import { inspectPdf, pageText } from '../output/pdfInspect';
import { tempDir } from '../testing/fixtures';

/**
 * The inspector's report and households through the guarded API, as the app
 * calls them: saving the 抽查报告 (PDF, workbook) under a name with the town
 * and day, its print preview, and a sampled household opened read-only from
 * its package — masked for a 检查员, only inside the 交换文件夹, only a
 * package of the folder, only pages that still have their recorded hash.
 */

const SEED = '2026年第四季度抽查';
const SINCE = '2025-06-01';
const PASSWORD = 'Jiancha-2026!';

let dir: string;
let exchange: string;
let laptop: Archive;
let inspector: HudangApi;
let households: FixtureHousehold[];

const reportArgs = () => ({ path: exchange, today: TODAY, seed: SEED, since: SINCE });
const fullIdsIn = (text: string) => households.filter((h) => text.includes(h.idNumber)).map((h) => h.name);

beforeAll(async () => {
  dir = tempDir('hudang-inspector-app-');
  ({ exchange, households } = await exportedTown(dir));
  laptop = await openArchive(path.join(dir, 'laptop'));
  const sessions = new SessionStore(() => FIXED_NOW().getTime());
  const guarded = () =>
    createGuardedApi({ archive: laptop, setupActor: 'setup', sessions, caller: { token: null }, now: FIXED_NOW });
  const setup = guarded();
  await setup.updateSettings({ packageFolders: [path.join(dir, '交换')] });
  await setup.createUser({ username: 'inspector', displayName: '孙检查', role: '检查员', password: PASSWORD });
  inspector = guarded();
  await inspector.login({ username: 'inspector', password: PASSWORD });
}, 180_000);

afterAll(async () => {
  await laptop?.close();
});

describe('the 抽查报告 saved and printed from the app', () => {
  it('saves the PDF under the town and the day; it is the report on screen, citing the notice and the share drawn', async () => {
    const shown = await inspector.inspectPackages(reportArgs());
    const sampled = shown.sample.map((s) => s.name);
    expect(sampled).toHaveLength(1);
    const file = await inspector.inspectionReportFile({ ...reportArgs(), format: 'pdf' });
    expect(file.fileName).toBe('城南镇抽查报告（2026年11月23日）.pdf');
    expect(file.mime).toBe('application/pdf');
    const text = pageText((await inspectPdf(Buffer.from(file.contentBase64, 'base64'))).pages.flat());
    for (const name of sampled) expect(text).toContain(name);
    expect(text).toContain('《天津市社会救助审核确认权限下放改革工作的意见》');
    expect(text).toContain('占33.3%');
    expect(text).toContain(`抽查编号：${SEED}`);
    expect(text).not.toMatch(/种子|sfc32|Fisher/);
    expect(fullIdsIn(text)).toEqual([]);
  });

  it('saves the workbook with the sample list, numbers masked for the 检查员', async () => {
    const file = await inspector.inspectionReportFile({ ...reportArgs(), format: 'xlsx' });
    expect(file.fileName).toBe('城南镇抽查报告（2026年11月23日）.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(file.contentBase64, 'base64') as unknown as ArrayBuffer);
    const rows = (book.getWorksheet('抽查名单')?.getSheetValues() ?? []).slice(2) as unknown[][];
    expect(rows).toHaveLength(1);
    const [sampled] = (await inspector.inspectPackages(reportArgs())).sample;
    expect(rows[0]).toContain(sampled?.name);
    expect(String(rows[0]?.[5])).toMatch(/^120116\*{8}\d{3}[\dX]$/);
    expect(JSON.stringify(book.getWorksheet('抽查规则')?.getSheetValues())).not.toMatch(/种子|sfc32|Fisher/);
  });

  it('previews every page of the PDF as an image before printing', async () => {
    const file = await inspector.inspectionReportFile({ ...reportArgs(), format: 'pdf' });
    const preview = await inspector.inspectionReportPreview(reportArgs());
    expect(preview.fileName).toBe(file.fileName);
    expect(preview.pages).toBe((await inspectPdf(Buffer.from(file.contentBase64, 'base64'))).pages.length);
    const first = await sharp(Buffer.from(preview.pageImagesBase64[0] ?? '', 'base64')).metadata();
    // Landscape A4 at print resolution.
    expect(first.width).toBeGreaterThan(1600);
    expect((first.width ?? 0) / (first.height ?? 1)).toBeCloseTo(297 / 210, 1);
  });
});

describe('a sampled household opened read-only from its package', () => {
  it('shows the file as the package holds it: checklist as judged, documents with pages, every number masked', async () => {
    const report = await inspector.inspectPackages(reportArgs());
    const sampled = report.households.find((h) => h.sampled);
    expect(sampled).toBeDefined();
    const view = await inspector.packageHousehold({
      path: exchange,
      package: sampled?.package ?? '',
      today: TODAY,
      fullId: true,
    });
    const head = households.find((h) => h.name === sampled?.name);
    expect(view.household.name).toBe(head?.name);
    expect(view.household.household).toBe(`${head?.idNumber.slice(0, 6)}********${head?.idNumber.slice(-4)}`);
    expect(fullIdsIn(JSON.stringify({ ...view, thumbsBase64: null }))).toEqual([]);
    expect(view.fixityOk).toBe(true);
    expect(view.checklists.map((c) => c.status)).toEqual(sampled?.cases.map((c) => c.status));
    const pages = view.documents.documents.flatMap((d) => d.pages);
    expect(pages.length).toBeGreaterThan(0);
    expect(Object.keys(view.thumbsBase64).sort()).toEqual(pages.map((p) => String(p.id)).sort());

    const page = pages[0];
    const image = await inspector.packagePageImage({ path: exchange, package: view.package, page: page?.id ?? 0 });
    expect(createHash('sha256').update(Buffer.from(image.contentBase64, 'base64')).digest('hex')).toBe(page?.image);
  });

  it('refuses a path outside the 交换文件夹, a name that is not one of its packages, and a page whose image was changed', async () => {
    const elsewhere = path.join(dir, '别处');
    fs.cpSync(exchange, elsewhere, { recursive: true });
    await expect(
      inspector.packageHousehold({ path: elsewhere, package: fs.readdirSync(elsewhere)[0] ?? '', today: TODAY }),
    ).rejects.toThrow(/交换文件夹/);
    await expect(
      inspector.inspectionReportFile({ path: elsewhere, today: TODAY, seed: SEED, format: 'pdf' }),
    ).rejects.toThrow(/交换文件夹/);
    await expect(inspector.inspectionReportPreview({ path: elsewhere, today: TODAY, seed: SEED })).rejects.toThrow(/交换文件夹/);
    await expect(inspector.packagePageImage({ path: elsewhere, package: fs.readdirSync(elsewhere)[0] ?? '', page: 1 })).rejects.toThrow(/交换文件夹/);
    // An output folder slipped past the argument schema is not where anything is written.
    const smuggled = path.join(dir, '偷写');
    await inspector.inspectionReportFile({ path: exchange, today: TODAY, seed: SEED, format: 'pdf', outDir: smuggled } as Parameters<HudangApi['inspectionReportFile']>[0]);
    expect(fs.existsSync(smuggled)).toBe(false);
    await expect(
      dispatch(inspector, 'packageHousehold', { path: exchange, package: '..', today: TODAY }),
    ).rejects.toThrow(/档案包名称无效/);
    await expect(inspector.packageHousehold({ path: exchange, package: '不存在的户', today: TODAY })).rejects.toThrow(
      '档案包目录中没有“不存在的户”这个档案包',
    );

    const report = await inspector.inspectPackages(reportArgs());
    const target = report.households.find((h) => !h.sampled && h.name === '赵德胜');
    const view = await inspector.packageHousehold({ path: exchange, package: target?.package ?? '', today: TODAY });
    const page = view.documents.documents.flatMap((d) => d.pages)[0];
    const file = fs
      .readdirSync(path.join(exchange, view.package, 'data', 'pages'), { recursive: true, withFileTypes: true })
      .find((e) => e.isFile());
    fs.appendFileSync(path.join(file?.parentPath ?? '', file?.name ?? ''), 'x');
    const tampered = await inspector.packageHousehold({ path: exchange, package: view.package, today: TODAY });
    expect(tampered.fixityOk).toBe(false);
    const changed = tampered.documents.documents
      .flatMap((d) => d.pages)
      .find((p) => !tampered.thumbsBase64[String(p.id)]);
    expect(changed).toBeDefined();
    await expect(
      inspector.packagePageImage({ path: exchange, package: view.package, page: changed?.id ?? page?.id ?? 0 }),
    ).rejects.toThrow(/与档案包的记录不符/);
  });
});
