import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openArchive, type Archive } from '../archive';
import { tempDir } from '../testing/fixtures';
import { Claims, LostClaim } from './claims';

/**
 * The queue's claims on one archive (SQLite here; the two-process race on
 * PostgreSQL is ingestRace.test.ts): a claimed file is nobody else's until
 * its lease runs out or its process is gone, and only the claimant records
 * the step.
 */

let archive: Archive;
let ids: number[];

beforeEach(async () => {
  archive = await openArchive(path.join(tempDir(), 'archive'));
  ids = [];
  for (const name of ['a.jpg', 'b.jpg', 'c.jpg']) {
    const row = await archive.db
      .insertInto('sourceFile')
      .values({ sha256: name.repeat(8), sourcePath: `/scans/${name}`, name, size: 1, kind: 'jpeg', parentId: null, status: 'queued', reason: null, duplicateOf: null, pageCount: null, finishedAt: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.push(row.id);
  }
});
afterEach(async () => {
  await archive.close();
});

/** Records a step on `id` as `claims` would: true when it was this claimant's to record. */
async function finish(claims: Claims, id: number): Promise<boolean> {
  try {
    await archive.db.transaction().execute(async (trx) => {
      await claims.finish(trx, 'sourceFile', id);
      await trx.updateTable('sourceFile').set({ status: 'split' }).where('id', '=', id).execute();
    });
    return true;
  } catch (error) {
    if (error instanceof LostClaim) return false;
    throw error;
  }
}

const claimOf = (id: number) => archive.db.selectFrom('sourceFile').select(['claimedBy', 'claimedUntil', 'status']).where('id', '=', id).executeTakeFirstOrThrow();

describe('claims on the ingest queue', () => {
  it('hands a claimed file to no second claimant while its lease holds, and lets only its claimant record the step', async () => {
    const first = new Claims(archive.db);
    const second = new Claims(archive.db);
    expect((await first.files('queued', 2)).map((f) => f.id)).toEqual(ids.slice(0, 2));
    expect((await second.files('queued', 5)).map((f) => f.id)).toEqual(ids.slice(2));
    expect(await second.files('queued', 5)).toEqual([]);
    expect(await new Claims(archive.db).files('queued', 5)).toEqual([]);
    const held = await claimOf(ids[0] as number);
    expect(held.claimedBy).toBe(first.me);
    expect(held.claimedUntil! > new Date(Date.now() + 60_000).toISOString()).toBe(true);

    expect(await finish(second, ids[0] as number)).toBe(false);
    expect((await claimOf(ids[0] as number)).status).toBe('queued');
    expect(await finish(first, ids[0] as number)).toBe(true);
    expect(await claimOf(ids[0] as number)).toEqual({ claimedBy: null, claimedUntil: null, status: 'split' });
    // Recorded once: the step is not the claimant's to record again.
    expect(await finish(first, ids[0] as number)).toBe(false);
  });

  it('takes over a claim whose lease ran out, and the old claimant can no longer record the step', async () => {
    const crashed = new Claims(archive.db);
    const next = new Claims(archive.db);
    await crashed.files('queued', 1);
    await archive.db.updateTable('sourceFile').set({ claimedUntil: '2026-01-01T00:00:00.000Z' }).where('id', '=', ids[0] as number).execute();
    expect((await next.files('queued', 1)).map((f) => f.id)).toEqual([ids[0]]);
    expect(await finish(crashed, ids[0] as number)).toBe(false);
    expect(await finish(next, ids[0] as number)).toBe(true);
  });

  it('keeps a lease alive while its claimant works', async () => {
    const worker = new Claims(archive.db);
    await worker.files('queued', 1);
    await archive.db.updateTable('sourceFile').set({ claimedUntil: '2026-01-01T00:00:00.000Z' }).where('id', '=', ids[0] as number).execute();
    await worker.renew();
    expect(await new Claims(archive.db).files('queued', 1)).toEqual([expect.objectContaining({ id: ids[1] })]);
  });

  it('frees at once the claims of a process of this machine that is gone (a crash, then a restart)', async () => {
    const me = new Claims(archive.db);
    const host = me.me.split('/')[0] as string;
    // Pid 2^22 + 1 is above Linux's pid_max: no process has it.
    await archive.db.updateTable('sourceFile').set({ claimedBy: `${host}/4194305/dead`, claimedUntil: '2999-01-01T00:00:00.000Z' }).where('id', '=', ids[0] as number).execute();
    // A live process elsewhere keeps its claim until its lease runs out.
    await archive.db.updateTable('sourceFile').set({ claimedBy: `another-pc/1/live`, claimedUntil: '2999-01-01T00:00:00.000Z' }).where('id', '=', ids[1] as number).execute();
    expect((await me.files('queued', 5)).map((f) => f.id)).toEqual([ids[0], ids[2]]);
  });

  it('claims pages waiting for their full text the same way, and only the claimant records the reading', async () => {
    const pageIds: number[] = [];
    for (const pageIndex of [1, 2]) {
      const row = await archive.db
        .insertInto('page')
        .values({ householdId: null, documentId: null, positionInDocument: null, imageSha256: `img${pageIndex}`, sourceSha256: 'a.jpg'.repeat(8), sourcePath: '/scans/a.jpg', pageIndex, ocrText: null, classification: null, confidence: null, sourceFileId: ids[0] as number, thumbSha256: null, width: null, height: null, deskew: null, titleText: '申请书', separator: null, note: null, assignedBy: null, suggestions: null, namedHouseholds: null, ocrState: 'title' })
        .returning('id')
        .executeTakeFirstOrThrow();
      pageIds.push(row.id);
    }
    const reader = new Claims(archive.db);
    const other = new Claims(archive.db);
    expect(await reader.pages(1)).toEqual([{ id: pageIds[0], imageSha256: 'img1' }]);
    expect((await other.pages(5)).map((p) => p.id)).toEqual([pageIds[1]]);
    await expect(archive.db.transaction().execute((trx) => other.finish(trx, 'page', pageIds[0] as number))).rejects.toBeInstanceOf(LostClaim);
    await archive.db.transaction().execute((trx) => reader.finish(trx, 'page', pageIds[0] as number));
    expect(await archive.db.selectFrom('page').select('claimedBy').where('id', '=', pageIds[0] as number).executeTakeFirstOrThrow()).toEqual({ claimedBy: null });
  });
});
