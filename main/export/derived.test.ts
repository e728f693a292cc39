import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../api/contract';
import { folderOf } from '../store/folderStore';
import { tempDir } from '../testing/fixtures';
import { exportPackages } from './exportPackages';
import { buildTownFixture, FIXED_NOW, type TownFixture } from './testFixture';
import type { ArchiveDeps } from './types';
import { verifyPath } from './verify';
import { refreshVolumes } from './volumeKeeper';

/**
 * Issue 19 against a real town archive: the volume keeper builds every
 * case's bound volume in the background and records the blobs' digests; an
 * export then only copies; a clerk's edit makes a volume out of date, which
 * the keeper or the next export builds (the export says so); and a blob
 * damaged in the store is copied as it is and named by verify, since the
 * export no longer reads it.
 */

let dir: string;
let town: TownFixture;
let deps: ArchiveDeps;

beforeAll(async () => {
  dir = tempDir('hudang-derived-');
  town = await buildTownFixture(dir);
  deps = { db: town.archive.db, store: town.archive.store, audit: { actor: '经办人:测试', now: FIXED_NOW } };
});

afterAll(async () => {
  await town?.archive.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function exportWithProgress(name: string): Promise<{ messages: string[]; report: Awaited<ReturnType<typeof exportPackages>> }> {
  const messages: string[] = [];
  const report = await exportPackages(deps, { outDir: path.join(dir, name), idMasking: 'full', onProgress: (e: ProgressEvent) => messages.push(e.message ?? '') });
  return { messages, report };
}

const rebuilding = (messages: string[]) => messages.filter((m) => m.includes('卷宗不是最新的，先生成卷宗'));

describe('volumes kept current and blobs copied without reading', () => {
  it('builds every case volume in the background; the export then builds none and writes verified packages', async () => {
    let total = { households: 0, built: 0, learned: 0 };
    for (let pass = await refreshVolumes(deps); pass.households > 0; pass = await refreshVolumes(deps)) total = { households: total.households + pass.households, built: total.built + pass.built, learned: total.learned + pass.learned };
    const cases = await deps.db.selectFrom('assistanceCase').select('id').execute();
    expect(total.built).toBe(cases.length);
    expect(total.learned).toBeGreaterThan(0);
    expect(await deps.db.selectFrom('volumeStale').selectAll().execute()).toEqual([]);
    const { messages, report } = await exportWithProgress('after-keeper');
    expect(report).toMatchObject({ households: 6, written: 6, failed: 0 });
    expect(rebuilding(messages)).toEqual([]);
    expect((await verifyPath(path.join(dir, 'after-keeper'))).problems).toBe(0);
  });

  it("after a clerk's edit the export builds that household's volume first and says so in its progress", async () => {
    const a = town.households.find((h) => h.key === 'A')!;
    await town.api.fileDocument({ householdId: a.id, itemCode: 'dibao.10' });
    expect((await deps.db.selectFrom('volumeStale').select('householdId').execute()).map((r) => r.householdId)).toContain(a.id);
    const { messages, report } = await exportWithProgress('after-edit');
    expect(report.failed).toBe(0);
    expect(rebuilding(messages)).toEqual([`${a.village}：卷宗不是最新的，先生成卷宗`]);
    expect((await verifyPath(path.join(dir, 'after-edit'))).problems).toBe(0);
    // Built once: the keeper finds it current, and so does the next export.
    expect(await refreshVolumes(deps)).toMatchObject({ built: 0 });
    expect(rebuilding((await exportWithProgress('again')).messages)).toEqual([]);
  });

  it('copies a blob damaged in the store as it is, and verify names it (校验值不符)', async () => {
    const d = town.households.find((h) => h.key === 'D')!;
    const page = await deps.db.selectFrom('page').select('imageSha256').where('householdId', '=', d.id).where('documentId', 'is not', null).executeTakeFirstOrThrow();
    const blob = folderOf(deps.store, '测试').pathOf(page.imageSha256);
    const bytes = fs.readFileSync(blob);
    bytes[bytes.length - 3] = (bytes[bytes.length - 3] ?? 0) ^ 0xff;
    fs.chmodSync(blob, 0o644);
    fs.writeFileSync(blob, bytes);
    const { report } = await exportWithProgress('damaged');
    expect(report).toMatchObject({ written: 6, failed: 0 });
    const verified = await verifyPath(path.join(dir, 'damaged'));
    const problems = verified.packages.flatMap((p) => p.problems.map((problem) => ({ package: p.package, ...problem })));
    // Named by both payload manifests, in that one package only.
    const named = expect.objectContaining({ package: `${d.village}_${d.name}_${d.idNumber.slice(-6)}`, kind: '校验值不符', file: expect.stringMatching(/^data\/pages\/01_低保\/000\d\.jpg$/) });
    expect(problems).toEqual([named, named]);
    expect(problems.map((p) => p.detail.split(' ')[0])).toEqual(['manifest-sha256.txt', 'manifest-sm3.txt']);
  });
});
