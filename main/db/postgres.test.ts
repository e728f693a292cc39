import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openArchive, type Archive } from '../archive';
import { backupArchive } from '../integrity/backup';
import { createService } from '../service';
import { verifyAuditChain, mutate } from './audit';
import { householdCells, rosterCsv, syntheticHouseholds, tempDir, writeCsv } from '../testing/fixtures';
import { otherClient } from '../testing/otherClient';

/**
 * What only an archive on a PostgreSQL server has to get right: Chinese
 * search through pg_trgm, an audit chain without gaps although the server's
 * sequences skip rolled-back numbers, two processes appending to one chain,
 * and the guards against another client. Runs in `npm run test:postgres`
 * (.ci/run starts the server); skipped where HUDANG_DB names none.
 */

const server = process.env.HUDANG_DB;
const onServer = !!server && /^postgres/i.test(server);

let dir: string;
let archive: Archive;
const ctx = { actor: '经办人:测试', now: () => new Date('2026-12-06T08:00:00Z') };

beforeEach(async () => {
  if (!onServer) return;
  dir = tempDir();
  archive = await openArchive(path.join(dir, 'archive'));
});
afterEach(async () => {
  if (onServer) await archive.close();
});

describe.skipIf(!onServer)('the archive on PostgreSQL', () => {
  it('runs in a UTF-8 database, where pg_trgm makes trigrams of Chinese, and finds households by name and by the last digits of an ID number', async () => {
    expect(archive.engine).toBe('postgres');
    const trigrams = await sql<{ n: number }>`select cardinality(show_trgm('社会救助申请')) as n`.execute(archive.db);
    expect(trigrams.rows[0]?.n).toBeGreaterThan(0);
    const api = createService({ archive, ...ctx });
    const households = syntheticHouseholds(12, ['红旗村', '东风村'], 3);
    await api.importRoster({ path: writeCsv(path.join(dir, 'r.csv'), rosterCsv(households.map(householdCells))) });
    const head = households[4]?.headName ?? '';
    expect((await api.listHouseholds({ query: head })).map((h) => h.name)).toContain(head);
    expect((await api.listHouseholds({ query: (households[4]?.idNumber ?? '').slice(-6), fullId: true })).map((h) => h.household)).toEqual([households[4]?.idNumber]);
  });

  it('numbers the audit log without gaps although a rolled-back change used up a number', async () => {
    await mutate(archive.db, ctx, (tx) => tx.record({ action: 'test.one', entity: 'test', entityId: 1 }));
    await expect(
      mutate(archive.db, ctx, async (tx) => {
        await tx.record({ action: 'test.two', entity: 'test', entityId: 2 });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await mutate(archive.db, ctx, (tx) => tx.record({ action: 'test.three', entity: 'test', entityId: 3 }));
    const chain = await verifyAuditChain(archive.db);
    expect(chain.problems).toEqual([]);
    expect((await archive.db.selectFrom('auditLog').select('id').orderBy('id').execute()).map((r) => r.id)).toEqual([1, 2]);
  });

  it('keeps one unbroken chain when two processes record changes at the same time', async () => {
    // A second connection pool on the same database stands for a second app or CLI process.
    const second = await openArchive(archive.dataDir);
    try {
      const burst = (a: Archive, name: string) =>
        Promise.all(Array.from({ length: 25 }, (_, i) => mutate(a.db, ctx, (tx) => tx.record({ action: `test.${name}`, entity: 'test', entityId: i }))));
      await Promise.all([burst(archive, 'a'), burst(second, 'b')]);
    } finally {
      await second.close();
    }
    const chain = await verifyAuditChain(archive.db);
    expect(chain).toEqual({ entries: 50, problems: [] });
  });

  it('refuses another client the deletes and edits the service alone may make', async () => {
    const api = createService({ archive, ...ctx });
    await api.importRoster({ path: writeCsv(path.join(dir, 'r.csv'), rosterCsv(syntheticHouseholds(2, ['红旗村'], 4).map(householdCells))) });
    const psql = await otherClient(archive);
    try {
      await expect(psql.run('delete from assistance_case')).rejects.toThrow(/档案不得删除/);
      await expect(psql.run('delete from household')).rejects.toThrow(/档案不得删除/);
      await expect(psql.run("update audit_log set actor = '某人'")).rejects.toThrow(/审计日志只能追加/);
      await expect(psql.run('delete from audit_log')).rejects.toThrow(/审计日志只能追加/);
    } finally {
      await psql.close();
    }
    expect(await archive.db.selectFrom('assistanceCase').select('id').execute()).toHaveLength(2);
  });

  it('says in Chinese that an archive on a server is backed up with pg_dump, writing no half backup', async () => {
    const file = path.join(dir, 'backup.zip');
    await expect(backupArchive(archive, file)).rejects.toThrow(/pg_dump/);
    expect(fs.existsSync(file)).toBe(false);
  });
});
