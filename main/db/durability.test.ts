import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runCli } from '../testing/cli';
import { householdCells, rosterCsv, syntheticHouseholds, tempDir, writeCsv } from '../testing/fixtures';

/**
 * A process killed in the middle of an import (SIGKILL, no clean-up) leaves
 * the archive exactly as before the import or exactly as after it.
 */

function snapshot(dataDir: string): { households: number; cases: number; audit: number; insuredSum: number } {
  const db = new BetterSqlite3(path.join(dataDir, 'hudang.db'));
  try {
    const one = (sql: string) => (db.prepare(sql).get() as { n: number | null }).n ?? 0;
    return {
      households: one('select count(*) n from household'),
      cases: one('select count(*) n from assistance_case'),
      audit: one('select count(*) n from audit_log'),
      insuredSum: one('select sum(insured_count) n from household'),
    };
  } finally {
    db.close();
  }
}

describe('interrupted roster import', () => {
  const households = syntheticHouseholds(1200, ['红旗村', '东风村', '向阳社区'], 11);

  it('a first import killed half-way leaves an empty archive; the retry imports everything once', async () => {
    const dir = tempDir();
    const dataDir = path.join(dir, 'archive');
    const file = writeCsv(path.join(dir, 'r.csv'), rosterCsv(households.map(householdCells)));

    const killed = await runCli(['--data', dataDir, 'roster', 'import', file], { HUDANG_CRASH_AT: 'roster-import:600' });
    expect(killed.signal).toBe('SIGKILL');
    expect(snapshot(dataDir)).toEqual({ households: 0, cases: 0, audit: 0, insuredSum: 0 });

    const retried = await runCli(['--data', dataDir, 'roster', 'import', file, '--json']);
    expect(JSON.parse(retried.stdout)).toMatchObject({ created: 1200 });
    expect(snapshot(dataDir)).toMatchObject({ households: 1200, cases: 1200 });
  });

  it('a re-import killed half-way keeps every household as it was before', async () => {
    const dir = tempDir();
    const dataDir = path.join(dir, 'archive');
    const before = writeCsv(path.join(dir, 'before.csv'), rosterCsv(households.map(householdCells)));
    await runCli(['--data', dataDir, 'roster', 'import', before]);
    const stateBefore = snapshot(dataDir);

    const bigger = households.map((h) => ({ ...h, insured: h.insured + 1 }));
    const after = writeCsv(path.join(dir, 'after.csv'), rosterCsv(bigger.map(householdCells)));
    for (const at of [1, 599, 1199]) {
      const killed = await runCli(['--data', dataDir, 'roster', 'import', after], { HUDANG_CRASH_AT: `roster-import:${at}` });
      expect(killed.signal).toBe('SIGKILL');
      expect(snapshot(dataDir)).toEqual(stateBefore);
    }
    await runCli(['--data', dataDir, 'roster', 'import', after]);
    expect(snapshot(dataDir)).toMatchObject({ households: 1200, insuredSum: stateBefore.insuredSum + 1200 });
  });
});
