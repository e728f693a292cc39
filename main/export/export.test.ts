import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CliOptions, CommandInput } from '../cli/command';
import { tesseractProvider } from '../ingest/ocrProvider';
import { createService } from '../service';
import type { CheckRow } from '../api/contract';
import { checkHouseholds } from '../checklist/checkArchive';
import { judgePackage } from '../inspect/judge';
import { folderOf } from '../store/folderStore';
import { tempDir } from '../testing/fixtures';
import { exportCommands, localExportApi } from '../cli/exportCommands';
import { exportPackages } from './exportPackages';
import { LEDGER_NAME } from './ledger';
import { parseMetadata, type PackageMetadata } from './metadataSchema';
import { buildTownFixture, FIXED_NOW, TODAY, type TownFixture } from './testFixture';
import type { ArchiveDeps, ExportReport } from './types';
import { verifyPath } from './verify';
import { sharedStagePool } from './writePackage';

/**
 * Export against a real town archive (roster, ingested scans, filed
 * documents, an exit): package layout and metadata, the 台账, determinism,
 * resume after a cancel, and the masked 公示 copy.
 */

let dir: string;
let town: TownFixture;
let deps: ArchiveDeps;
let first: ExportReport;
let townRows: CheckRow[];

const out = (name: string) => path.join(dir, name);

/** Every file under a folder: relative path → bytes. */
function files(root: string): Map<string, Buffer> {
  const found = new Map<string, Buffer>();
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(child);
      else found.set(child, fs.readFileSync(path.join(root, child)));
    }
  };
  walk('');
  return found;
}

function metadataOf(outDir: string, pkg: string): PackageMetadata {
  const parsed = parseMetadata(fs.readFileSync(path.join(outDir, pkg, 'data', 'metadata.json'), 'utf8'));
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.metadata;
}

const packageDirsOf = (outDir: string) => fs.readdirSync(outDir).filter((n) => fs.statSync(path.join(outDir, n)).isDirectory()).sort();

beforeAll(async () => {
  dir = tempDir('hudang-export-');
  town = await buildTownFixture(dir);
  deps = { db: town.archive.db, store: town.archive.store, audit: { actor: '经办人:测试', now: FIXED_NOW } };
  townRows = await checkHouseholds(deps.db, deps.audit, { includeExited: true });
  first = await exportPackages(deps, { outDir: out('first'), idMasking: 'full' });
});

afterAll(async () => {
  await town?.archive.close();
});

describe('exportPackages', () => {
  it('writes one verified BagIt package per household, named <村>_<户主姓名>_<ID last 6>, plus the 台账', async () => {
    expect(first).toMatchObject({ households: 6, written: 6, unchanged: 0, failed: 0, cancelled: false });
    // Written by the export's worker threads (a run of households per message), not on the main thread.
    expect(sharedStagePool().threads).toBeGreaterThan(0);
    expect(sharedStagePool().done.inProcess).toBe(0);
    expect(sharedStagePool().done.worker).toBeGreaterThan(0);
    const expected = town.households.map((h) => `${h.village}_${h.name}_${h.idNumber.slice(-6)}`).sort();
    expect(packageDirsOf(out('first'))).toEqual(expected);
    expect(fs.existsSync(path.join(out('first'), LEDGER_NAME))).toBe(true);
    const report = await verifyPath(out('first'));
    expect(report.problems).toBe(0);
    expect(report.ok).toBe(true);
  });

  it('lays out bagit.txt, bag-info.txt with Payload-Oxum and 档号, both manifests, originals, pages by 页号 and the volume PDF', () => {
    const a = town.households.find((h) => h.key === 'A');
    const pkg = path.join(out('first'), `红旗村_王桂兰_${a?.idNumber.slice(-6)}`);
    const all = [...files(pkg).keys()].sort();
    expect(all).toEqual([
      'audit-head.json',
      'bag-info.txt',
      'bagit.txt',
      'data/metadata.json',
      'data/originals/扫描1.jpg',
      'data/originals/扫描2.jpg',
      'data/originals/扫描3.jpg',
      'data/pages/01_低保/0001.jpg',
      'data/pages/01_低保/0002.jpg',
      'data/pages/01_低保/0003.jpg',
      'data/volumes/01_低保.pdf',
      'hudang-signature.txt',
      'manifest-sha256.txt',
      'manifest-sm3.txt',
      'tagmanifest-sha256.txt',
    ]);
    const info = fs.readFileSync(path.join(pkg, 'bag-info.txt'), 'utf8');
    expect(info).toContain('Source-Organization: 城南镇人民政府');
    expect(info).toContain('External-Identifier: J012-DB-001-0001');
    expect(info).toContain(`Bagging-Date: ${TODAY}`);
    expect(info).toMatch(/Payload-Oxum: \d+\.8\n/);
    expect(info).toMatch(/Bag-Count: \d of 6\n/);
    expect(fs.readFileSync(path.join(pkg, 'bagit.txt'), 'utf8')).toBe('BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n');
    expect(fs.readFileSync(path.join(pkg, 'data/volumes/01_低保.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('records household, cases, documents with item names and 页号, the check rows, the pack and the masking in metadata.json', () => {
    for (const pkg of packageDirsOf(out('first'))) {
      const m = metadataOf(out('first'), pkg);
      expect(m.idMasking).toBe('full');
      expect(m.schemaVersion).toMatch(/^\d{4}-\d{2}-\d{2}T\d{4}_/);
      expect(m.checklist.packKey).toBe('kaiyuan-tieling-2025@2025.1');
      expect((m.checklist.pack as { id: string }).id).toBe('kaiyuan-tieling-2025');
      // The same rows as `check --json`, and the pure engines agree from the package alone.
      expect(m.checklist.rows).toEqual(townRows.filter((r) => r.household === m.household.idNumber));
      expect(judgePackage(m, TODAY).map((j) => j.row)).toEqual(m.checklist.rows);
      expect(m.audit.length).toBeGreaterThan(0);
      expect(m.audit.every((e) => e.action !== 'export')).toBe(true);
    }
    const a = metadataOf(out('first'), packageDirsOf(out('first')).find((n) => n.includes('王桂兰')) ?? '');
    expect(a.source).toMatchObject({ district: '河西区', town: '城南镇', village: '红旗村', fondsName: '城南镇人民政府' });
    expect(a.cases[0]).toMatchObject({ assistanceType: '低保', archiveCode: 'J012-DB-001-0001', confirmedOn: '2026-03-10', cabinet: '1', box: '3', volumeFile: 'data/volumes/01_低保.pdf', pages: 3 });
    const application = a.documents.find((d) => d.itemCode === 'dibao.02');
    expect(application).toMatchObject({ itemName: '最低生活保障待遇申请书', volume: '01_低保', firstPage: 1, lastPage: 2, confirmed: true });
    expect(a.pages.filter((p) => p.documentSourceId === application?.sourceId).map((p) => p.file)).toEqual(['data/pages/01_低保/0001.jpg', 'data/pages/01_低保/0002.jpg']);
    const f = metadataOf(out('first'), packageDirsOf(out('first')).find((n) => n.includes('吴志强')) ?? '');
    expect(f.household.status).toBe('整户退出');
    expect(f.exits).toHaveLength(1);
    expect(f.cases[0]?.exitSourceId).toBe(f.exits[0]?.sourceId);
  });

  it('fills the 台账 with one row per household and case (status, missing items by name) and a summary per village', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(path.join(out('first'), LEDGER_NAME));
    const sheet = book.getWorksheet('台账');
    const header = (sheet?.getRow(1).values as string[]).slice(1);
    expect(header).toContain('缺少的要件');
    const rows = (sheet?.getSheetValues() ?? []).slice(2).map((r) => (r as string[]).slice(1));
    expect(rows).toHaveLength(townRows.length);
    const at = (name: string) => header.indexOf(name);
    for (const row of townRows) {
      const line = rows.find((r) => r[at('身份证号')] === row.household && r[at('救助类别')] === row.assistance);
      expect(line?.[at('档案状态')]).toBe(row.status);
      expect(line?.[at('缺少的要件')] ?? '').toBe(row.missing.join('；'));
    }
    const summary = (book.getWorksheet('按村汇总')?.getSheetValues() ?? []).slice(2).map((r) => (r as unknown[]).slice(1));
    expect(summary.map((r) => [r[0], r[1]])).toEqual([['城南镇', '东风村'], ['城南镇', '红旗村'], ['合计', undefined]]);
    expect(summary.find((r) => r[1] === '红旗村')?.slice(2, 4)).toEqual([3, 4]);
  });

  it('writes an audit entry for the export', async () => {
    const entry = await deps.db.selectFrom('auditLog').selectAll().where('action', '=', 'export').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(JSON.parse(entry.after ?? '{}')).toMatchObject({ households: 6, written: 6, idMasking: 'full' });
  });

  it('gives byte-identical packages on a second export, apart from the Bagging-Date line, the audit head and the signature (and their checksums in the tag manifest)', async () => {
    const later = { ...deps, audit: { ...deps.audit, now: () => new Date('2026-12-02T09:30:00Z') } };
    await exportPackages(later, { outDir: out('second'), idMasking: 'full' });
    for (const pkg of packageDirsOf(out('first'))) {
      const a = files(path.join(out('first'), pkg));
      const b = files(path.join(out('second'), pkg));
      expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
      for (const [name, bytes] of a) {
        // The audit chain has moved on since the first export, and the tag manifest's new bytes have a new signature.
        if (['bag-info.txt', 'tagmanifest-sha256.txt', 'audit-head.json', 'hudang-signature.txt'].includes(name)) continue;
        expect(b.get(name)?.equals(bytes), `${pkg}/${name}`).toBe(true);
      }
      const diff = (x: Buffer | undefined, y: Buffer | undefined) => {
        const [xs, ys] = [String(x).split('\n'), String(y).split('\n')];
        return xs.filter((line, i) => line !== ys[i]);
      };
      expect(diff(a.get('bag-info.txt'), b.get('bag-info.txt'))).toEqual([`Bagging-Date: ${TODAY}`]);
      expect(diff(a.get('tagmanifest-sha256.txt'), b.get('tagmanifest-sha256.txt'))).toEqual([expect.stringMatching(/ {2}audit-head\.json$/), expect.stringMatching(/ {2}bag-info\.txt$/)]);
      expect(diff(a.get('hudang-signature.txt'), b.get('hudang-signature.txt'))).toEqual([expect.stringMatching(/^Signature: /)]);
    }
  });

  it('resumes after a cancel: finished packages stay, nothing half-written, the rerun completes the set', async () => {
    const controller = new AbortController();
    const stopped = await exportPackages(deps, { outDir: out('resume'), idMasking: 'full', signal: controller.signal, onProgress: (e) => e.done === 2 && controller.abort() });
    expect(stopped).toMatchObject({ cancelled: true, written: 2, ledger: null });
    expect(fs.readdirSync(out('resume')).filter((n) => n.startsWith('.'))).toEqual([]);
    expect(packageDirsOf(out('resume'))).toHaveLength(2);
    expect((await verifyPath(out('resume'))).ok).toBe(true);
    // A crash mid-package leaves only a hidden partial folder; the next run clears it.
    fs.mkdirSync(path.join(out('resume'), '.partial-红旗村_某某_000000', 'data'), { recursive: true });
    const resumed = await exportPackages(deps, { outDir: out('resume'), idMasking: 'full' });
    expect(resumed).toMatchObject({ cancelled: false, written: 4, unchanged: 2, failed: 0 });
    expect(packageDirsOf(out('resume'))).toEqual(packageDirsOf(out('first')));
    expect(fs.readdirSync(out('resume')).filter((n) => n.startsWith('.'))).toEqual([]);
    const verified = await verifyPath(out('resume'));
    expect(verified.ok).toBe(true);
    expect(verified.packages).toHaveLength(6);
  });

  it('exports only the scope, and with since only households changed on or after that day', async () => {
    const village = await exportPackages(deps, { outDir: out('village'), idMasking: 'full', scope: { village: '东风村' } });
    expect(village.packages.map((p) => p.village)).toEqual(['东风村', '东风村', '东风村']);
    // A mistyped village is refused by name, nothing written, rather than exporting 0 户 without a word.
    await expect(exportPackages(deps, { outDir: out('typo'), idMasking: 'full', scope: { village: '东风材' } })).rejects.toThrow(/没有村\(社区\)“东风材”。现有：.*东风村/);
    expect(fs.existsSync(out('typo')) ? fs.readdirSync(out('typo')) : []).toEqual([]);
    const none = await exportPackages(deps, { outDir: out('since'), idMasking: 'full', since: '2030-01-01' });
    expect(none).toMatchObject({ households: 0, ledger: null });
    const all = await exportPackages(deps, { outDir: out('since'), idMasking: 'full', since: '2020-01-01' });
    expect(all.households).toBe(6);
  });

  it('masks every ID number (6+4) in a 公示 copy: metadata, file names, folder names and the 台账', async () => {
    const masked = await exportPackages(deps, { outDir: out('masked'), idMasking: 'masked' });
    expect(masked.written).toBe(6);
    expect((await verifyPath(out('masked'))).ok).toBe(true);
    const everything = files(out('masked'));
    for (const h of town.households) {
      for (const [name, bytes] of everything) {
        if (!/\.(json|txt)$/.test(name)) continue;
        expect(bytes.includes(h.idNumber), `${name} shows ${h.name}'s ID`).toBe(false);
      }
      expect([...everything.keys()].some((n) => n.includes(h.idNumber.slice(-6)))).toBe(false);
    }
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(path.join(out('masked'), LEDGER_NAME));
    const ids = (book.getWorksheet('台账')?.getColumn(5).values ?? []).slice(2);
    expect(ids.every((v) => /^\d{6}\*{8}\d{3}[\dX]$/.test(String(v)))).toBe(true);
    const m = metadataOf(out('masked'), packageDirsOf(out('masked'))[0] ?? '');
    expect(m.idMasking).toBe('masked');
    expect(m.household.idNumber).toMatch(/^\d{6}\*{8}/);
  });

  it('copies a page image changed in the store as it is, for verify to name; one never hashed before is refused, naming fsck', async () => {
    const household = town.households[0];
    const page = await deps.db.selectFrom('page').select('imageSha256').where('householdId', '=', household?.id ?? 0).executeTakeFirstOrThrow();
    const blob = folderOf(deps.store, '测试').pathOf(page.imageSha256);
    const original = fs.readFileSync(blob);
    const scope = { householdId: household?.id ?? 0 };
    try {
      const damaged = Buffer.from(original);
      damaged[damaged.length - 3] = (damaged.at(-3) ?? 0) ^ 0xff;
      fs.writeFileSync(blob, damaged);
      // Its digests are on record from the exports above: copied without being read, named by verify.
      expect(await exportPackages(deps, { outDir: out('damaged-known'), idMasking: 'full', scope })).toMatchObject({ written: 1, failed: 0 });
      const verified = await verifyPath(out('damaged-known'));
      expect(verified.packages[0]?.problems.map((p) => p.kind)).toEqual(['校验值不符', '校验值不符']);
      // Never hashed (an archive just upgraded): hashed while copied, and refused.
      await deps.db.deleteFrom('blobDigest').where('sha256', '=', page.imageSha256).execute();
      const report = await exportPackages(deps, { outDir: out('damaged'), idMasking: 'full', scope });
      expect(report).toMatchObject({ written: 0, failed: 1 });
      expect(report.packages[0]?.reason).toMatch(/页面图像已损坏.*fsck/);
      expect(fs.readdirSync(out('damaged')).filter((n) => !n.endsWith('.xlsx'))).toEqual([]);
    } finally {
      fs.writeFileSync(blob, original);
    }
  });
});

describe('CLI commands', () => {
  // Other commands add options of their own; these are the ones ours read.
  const options = { dataDir: '', actor: 'cli:测试', user: undefined, json: false, village: undefined, fullId: false, town: undefined, date: undefined, out: undefined, from: undefined, help: false } as CliOptions;

  async function run(name: string, args: string[], extra: Partial<CliOptions> & { masked?: boolean; seed?: string } = {}): Promise<{ code: number; out: string }> {
    const commands = exportCommands((input) => localExportApi({ db: input.archive.db, store: input.archive.store, audit: input.audit }));
    const input: CommandInput = { api: createService({ archive: town.archive, actor: 'cli:测试', now: FIXED_NOW }), archive: town.archive, options: { ...options, ...extra }, args, ocr: tesseractProvider(), audit: deps.audit };
    const chunks: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (chunks.push(String(chunk)), true));
    try {
      const code = (await commands[name]?.run(input)) ?? -1;
      return { code, out: chunks.join('') };
    } finally {
      spy.mockRestore();
    }
  }

  it('exports, verifies and inspects with Chinese output and exit codes', async () => {
    const exported = await run('export', [], { out: out('cli'), village: '红旗村' });
    expect(exported.code).toBe(0);
    expect(exported.out).toContain('导出完成：范围内 3 户，新写入 3');
    const verified = await run('verify', [out('cli')]);
    expect(verified).toMatchObject({ code: 0 });
    expect(verified.out).toContain('共 3 个导出包，3 个通过，问题 0 处');
    fs.rmSync(path.join(out('cli'), packageDirsOf(out('cli'))[0] ?? '', 'data', 'metadata.json'));
    const broken = await run('verify', [out('cli')], { json: true });
    expect(broken.code).toBe(1);
    expect(JSON.parse(broken.out)).toMatchObject({ ok: false });
    const inspected = await run('inspect', [out('first')], { date: TODAY, seed: '1', json: true });
    expect(JSON.parse(inspected.out)).toMatchObject({ rule: { seed: '1', population: 3, size: 1 } });
  });
});
