import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HudangApi } from '../api/contract';
import { openArchive, type Archive } from '../archive';
import { createService } from '../service';
import { householdCells, rosterCsv, syntheticHouseholds, tempDir, writeCsv } from '../testing/fixtures';

/** Every change the archive makes leaves a chained audit entry written in the same transaction. */

let archive: Archive;
let api: HudangApi;
let dir: string;
const households = syntheticHouseholds(40, ['红旗村', '东风村'], 5);

beforeEach(async () => {
  dir = tempDir();
  archive = await openArchive(path.join(dir, 'archive'));
  api = createService({ archive, actor: '经办人:测试', now: () => new Date('2026-11-23T08:00:00Z') });
});
afterEach(() => archive.close());

function raw(): BetterSqlite3.Database {
  return new BetterSqlite3(archive.dbFile);
}

async function auditKeys(action: string): Promise<string[]> {
  const rows = await archive.db.selectFrom('auditLog').select('entityId').where('action', '=', action).execute();
  return rows.map((r) => r.entityId ?? '').sort();
}

async function ids(table: 'region' | 'household' | 'assistanceCase'): Promise<string[]> {
  const rows = await archive.db.selectFrom(table).select('id').execute();
  return rows.map((r) => String(r.id)).sort();
}

describe('audit log', () => {
  it('has one entry per created region, household and case, naming who did it', async () => {
    await api.importRoster({ path: writeCsv(path.join(dir, 'r.csv'), rosterCsv(households.map(householdCells))) });
    expect(await auditKeys('region.create')).toEqual(await ids('region'));
    expect(await auditKeys('household.create')).toEqual(await ids('household'));
    expect(await auditKeys('case.create')).toEqual(await ids('assistanceCase'));
    const entries = await api.listAudit({ limit: 1000 });
    expect(entries).toHaveLength(3 + 40 + 40); // town + 2 villages, households, cases
    expect(new Set(entries.map((e) => e.actor))).toEqual(new Set(['经办人:测试']));
  });

  it('records an update with the before and after values of what changed', async () => {
    const file = path.join(dir, 'r.csv');
    await api.importRoster({ path: writeCsv(file, rosterCsv(households.map(householdCells))) });
    const changed = households.map((h, i) => (i < 3 ? { ...h, insured: h.insured + 2 } : h));
    await api.importRoster({ path: writeCsv(file, rosterCsv(changed.map(householdCells))) });
    const updates = await archive.db.selectFrom('auditLog').selectAll().where('action', '=', 'household.update').execute();
    expect(updates).toHaveLength(3);
    expect(JSON.parse(updates[0]?.before ?? '')).toEqual({ insuredCount: households[0]?.insured });
    expect(JSON.parse(updates[0]?.after ?? '')).toEqual({ insuredCount: (households[0]?.insured ?? 0) + 2 });
  });

  it('verifies an untouched chain', async () => {
    await api.importRoster({ path: writeCsv(path.join(dir, 'r.csv'), rosterCsv(households.map(householdCells))) });
    expect(await api.verifyAudit({})).toEqual({ entries: 83, problems: [] });
  });

  it('refuses to update or delete entries through SQL', async () => {
    await api.importRoster({ path: writeCsv(path.join(dir, 'r.csv'), rosterCsv(households.map(householdCells))) });
    const db = raw();
    expect(() => db.prepare("update audit_log set actor = 'x' where id = 1").run()).toThrow(/只能追加/);
    expect(() => db.prepare('delete from audit_log where id = 1').run()).toThrow(/只能追加/);
    db.close();
  });

  it('names an edited entry and a removed entry once someone gets round the triggers', async () => {
    await api.importRoster({ path: writeCsv(path.join(dir, 'r.csv'), rosterCsv(households.map(householdCells))) });
    const db = raw();
    db.exec('drop trigger audit_log_no_update; drop trigger audit_log_no_delete;');
    db.prepare("update audit_log set after = '{}' where id = 10").run();
    db.prepare('delete from audit_log where id = 20').run();
    db.close();
    const report = await api.verifyAudit({});
    expect(report.problems).toEqual([
      { id: 10, problem: '记录内容被改动' },
      { id: 21, problem: '第 20–20 条记录缺失' },
      { id: 21, problem: '与上一条记录的链接不符' },
    ]);
  });
});
