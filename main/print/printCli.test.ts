import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../archive';
import { makeIdNumber } from '../domain/idNumber';
import { createService } from '../service';
import { projectRoot } from '../support/paths';
import { runCli } from '../testing/cli';
import { rosterCsv, tempDir, writeCsv } from '../testing/fixtures';
import { householdIdOf, ingestSyntheticScans } from '../testing/archives';

/** print and volume through the CLI, on an archive with filed pages. */

const A = makeIdNumber('120116', '19450512', 31);
const B = makeIdNumber('120116', '19500101', 32);
let dir: string;
let dataDir: string;

const text = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');

beforeAll(async () => {
  dir = tempDir();
  dataDir = path.join(dir, 'archive');
  const archive = await openArchive(dataDir);
  const api = createService({ archive, actor: '经办人' });
  await api.updateSettings({ fondsName: '城南镇人民政府', fondsCode: 'J012', town: '城南镇' });
  await api.importRoster({ path: writeCsv(path.join(dir, 'r.csv'), rosterCsv([['红旗村', '王桂兰', A, '低保', '2'], ['红旗村', '李建国', B, '低保', '1']])) });
  const titles = ['最低生活保障待遇申请书', '居民家庭经济状况核对委托授权书', '最低生活保障待遇申请书'];
  const pages = await ingestSyntheticScans(api, archive, dir, titles.map((title, i) => ({ dpi: 100, seed: 40 + i, title })));
  const householdId = await householdIdOf(api, A);
  await api.fileDocument({ householdId, itemCode: 'dibao.02', pageIds: [pages[0] ?? 0, pages[2] ?? 0], docDate: '2025-03-02', responsible: '王桂兰' });
  await api.fileDocument({ householdId, itemCode: 'dibao.05', pageIds: [pages[1] ?? 0], docDate: '2025-03-05' });
  await archive.close();
}, 120_000);

describe('print', () => {
  it('prints covers with the 案卷题名 and a stable 档号', async () => {
    const out = path.join(dir, 'cover.pdf');
    const r = await runCli(['--data', dataDir, 'print', 'cover', '--village', '红旗村', '--out', out]);
    expect(r.stderr).toBe('');
    const t = text(out);
    expect(t).toContain('城南镇红旗村王桂兰最低生活保障档案');
    expect(t).toContain('J012-DB-01-0001');
    await runCli(['--data', dataDir, 'print', 'cover', '--village', '红旗村', '--out', path.join(dir, 'again.pdf')]);
    expect(text(path.join(dir, 'again.pdf'))).toContain('J012-DB-01-0001');
  });

  it('prints the 卷内目录 in checklist order with page ranges', async () => {
    const out = path.join(dir, 'catalogue.pdf');
    await runCli(['--data', dataDir, 'print', 'catalogue', '--village', '红旗村', '--out', out]);
    const t = text(out);
    expect(t.indexOf('最低生活保障待遇申请书')).toBeLessThan(t.indexOf('居民家庭经济状况核对委托授权书'));
    expect(t).toContain('1-2');
  });

  it('prints a 整改清单 naming each household’s missing items', async () => {
    const out = path.join(dir, 'rect.pdf');
    await runCli(['--data', dataDir, 'print', 'rectification', '--village', '红旗村', '--out', out]);
    const t = text(out);
    expect(t).toContain('李建国');
    expect(t).toContain('铁岭市居民最低生活保障审核确认表');
    expect(t).not.toContain(B);
  });

  it('lists each household’s 附件7 points found wanting with the detail, and the manual points nobody checked', async () => {
    const archive = await openArchive(dataDir);
    const api = createService({ archive, actor: '李四' });
    const [dibao] = await api.getArchiveChecks({ householdId: await householdIdOf(api, A) });
    await api.recordArchiveCheck({ caseId: dibao?.caseId ?? 0, point: 4, state: 'problem', note: '公示地点不在村务公开栏' });
    await api.recordArchiveCheck({ caseId: dibao?.caseId ?? 0, point: 1, state: 'ok' });
    await archive.close();
    const out = path.join(dir, 'rect-points.pdf');
    const r = await runCli(['--data', dataDir, 'print', 'rectification', '--village', '红旗村', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const t = text(out);
    // Still households in the header: two households, whatever their cases and points.
    expect(t).toContain('本村(社区)共检查2户');
    expect(t).toContain('档案管理检查（附件7）：2户有检查项有问题，2户有须人工检查的项目尚未检查');
    // The completeness point is wanting in both, by the same missing items: not printed twice.
    expect(t).toContain('【有问题】附件7-2档案基础信息填写及各类要件齐全、完整：见上列缺少的要件');
    expect(t).toContain('【有问题】附件7-4开展审核公示时,公示内容、地点、时间符合规定：管理员李四');
    expect(t).toContain('记录：有问题——公示地点不在村务公开栏');
    // 王桂兰: points 1 (recorded 合格) and 4 (有问题) are not unchecked; 李建国: nobody checked any manual point.
    expect(t).toContain('【未检查】附件7第5、6、7、8、9、10、11、12、14项，须人工检查');
    expect(t).toContain('【未检查】附件7第1、4、5、6、7、8、9、10、11、12、14项，须人工检查');
    expect(t).toContain('档案管理检查（附件7）统计');
    expect(t).toContain('附件7-14保障金发生变化重新核算和告知记录要件齐全2户');
    expect(t).not.toContain(A);
  });

  it('prints spine labels and separator sheets for the village', async () => {
    for (const kind of ['spine', 'separators']) {
      const out = path.join(dir, `${kind}.pdf`);
      const r = await runCli(['--data', dataDir, 'print', kind, '--village', '红旗村', '--out', out]);
      expect(r.code, r.stderr).toBe(0);
      expect(text(out)).toContain('红旗村');
    }
  });
});

describe('volume', () => {
  it('binds one household’s volume: cover, catalogue, pages in checklist order, 备考表', async () => {
    const out = path.join(dir, 'volume.pdf');
    const r = await runCli(['--data', dataDir, 'volume', '--household', A, '--out', out, '--json']);
    expect(JSON.parse(r.stdout).pages).toBeGreaterThanOrEqual(6);
    const t = text(out);
    expect(t).toContain('卷内备考表');
    expect(t).toContain('铁岭市居民最低生活保障审核确认表');
    const png = path.join(projectRoot(), 'test-output', 'pdf');
    fs.mkdirSync(png, { recursive: true });
    execFileSync('pdftoppm', ['-r', '40', '-png', '-f', '1', '-l', '3', out, path.join(png, 'cli-volume')]);
  });

  it('says clearly when a household has nothing filed yet', async () => {
    const r = await runCli(['--data', dataDir, 'volume', '--household', B, '--out', path.join(dir, 'b.pdf')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/还没有已归档的扫描页面/);
  });
});
