import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AssistanceType } from '../domain/assistance';
import { parseRoster, type RosterRecord } from '../domain/roster';
import { mutate, type AuditContext, type AuditedTransaction } from '../db/audit';
import type { Database, Household } from '../db/schema';
import type { Kysely } from 'kysely';
import type { RosterImportReport, RosterRowError } from '../api/contract';
import { villageResolver } from '../regions/regions';
import { beijingDate } from '../domain/beijingDate';
import { noteReapplication } from '../retention/exits';
import { DEFAULT_TOWN, readSettings } from '../settings/settings';
import { UserError } from '../support/errors';
import { crashPointReached } from '../support/faultInjection';
import { readTable, TableReadError } from './readTable';

/**
 * Roster import (花名册导入): good rows land, bad rows are reported with their
 * row numbers, and the whole import is one transaction, so a crash leaves the
 * archive as it was before. Re-importing updates households by 户主身份证号
 * and never duplicates them.
 */

export class RosterFileError extends UserError {}

type HouseholdFields = Pick<Household, 'headName' | 'villageId' | 'insuredCount' | 'address' | 'phone' | 'familySize' | 'extra'>;

function desiredFields(record: RosterRecord, villageId: number, existing: Household | undefined): HouseholdFields {
  const oldExtra = existing ? (JSON.parse(existing.extra) as Record<string, string>) : {};
  return {
    headName: record.headName,
    villageId,
    insuredCount: record.insured,
    // Optional columns a roster leaves out keep what the archive already knows.
    address: record.address ?? existing?.address ?? null,
    phone: record.phone ?? existing?.phone ?? null,
    familySize: record.familySize ?? existing?.familySize ?? null,
    extra: JSON.stringify({ ...oldExtra, ...record.extra }),
  };
}

function changedFields(existing: Household, wanted: HouseholdFields): Partial<HouseholdFields> {
  const changes: Partial<HouseholdFields> = {};
  for (const key of Object.keys(wanted) as (keyof HouseholdFields)[]) {
    if (existing[key] !== wanted[key]) Object.assign(changes, { [key]: wanted[key] });
  }
  return changes;
}

async function openCaseTypes(tx: AuditedTransaction, householdId: number): Promise<AssistanceType[]> {
  const rows = await tx.trx
    .selectFrom('assistanceCase')
    .select('assistanceType')
    .where('householdId', '=', householdId)
    .where('closedOn', 'is', null)
    .execute();
  return rows.map((r) => r.assistanceType);
}

/** Opens a case for each assistance type the roster gives that the household has no open case of; their ids. */
async function addMissingCases(tx: AuditedTransaction, householdId: number, record: RosterRecord): Promise<number[]> {
  const have = await openCaseTypes(tx, householdId);
  const added: number[] = [];
  for (const type of record.assistance.filter((t) => !have.includes(t))) {
    const careMode = type === '特困' ? record.careMode : null;
    const created = await tx.trx
      .insertInto('assistanceCase')
      .values({ householdId, assistanceType: type, careMode })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx.record({ action: 'case.create', entity: 'case', entityId: created.id, after: { householdId, assistanceType: type, careMode } });
    added.push(created.id);
  }
  return added;
}

type Outcome = 'created' | 'updated' | 'unchanged';

/**
 * One roster row into the archive. An exit stands: a household that exited
 * (整户退出) and is on a roster again stays exited with its exited file in
 * 退出档案, untouched; the roster's assistance opens new cases beside it (a
 * re-application), and the report says so.
 */
async function applyRecord(tx: AuditedTransaction, record: RosterRecord, villageId: number, now: string, notices: RosterRowError[]): Promise<Outcome> {
  const existing = await tx.trx.selectFrom('household').selectAll().where('idNumber', '=', record.idNumber).executeTakeFirst();
  const wanted = desiredFields(record, villageId, existing);
  if (!existing) {
    const created = await tx.trx
      .insertInto('household')
      .values({ idNumber: record.idNumber, ...wanted, status: '在册', exitDate: null, exitReason: null, createdAt: now, updatedAt: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx.record({ action: 'household.create', entity: 'household', entityId: created.id, after: { idNumber: record.idNumber, ...wanted } });
    await addMissingCases(tx, created.id, record);
    return 'created';
  }
  const changes = changedFields(existing, wanted);
  let changed = Object.keys(changes).length > 0;
  if (changed) {
    await tx.trx.updateTable('household').set({ ...changes, updatedAt: now }).where('id', '=', existing.id).execute();
    const before = Object.fromEntries(Object.keys(changes).map((k) => [k, existing[k as keyof HouseholdFields]]));
    await tx.record({ action: 'household.update', entity: 'household', entityId: existing.id, before, after: changes });
  }
  const opened = await addMissingCases(tx, existing.id, record);
  if (opened.length > 0) changed = true;
  if (existing.status === '整户退出' && opened.length > 0) {
    await noteReapplication(tx, existing.id, beijingDate(new Date(now)), opened);
    notices.push({ row: record.row, reason: reapplicationNotice(existing, opened.length) });
  }
  return changed ? 'updated' : 'unchanged';
}

function reapplicationNotice(household: Household, opened: number): string {
  const on = household.exitDate ? `已于 ${household.exitDate} 整户退出` : '已整户退出';
  return `${household.headName}${on}，退出不因花名册而撤销，原档案仍在退出档案中；花名册中的救助按重新申请另立 ${opened} 个新案卷`;
}

/** A roster sent as bytes (picked in the UI): imported from a private temporary copy, reported under its own name. */
export async function importRosterBytes(db: Kysely<Database>, ctx: AuditContext, name: string, bytes: Buffer): Promise<RosterImportReport> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'hudang-roster-'));
  const file = path.join(dir, path.basename(name).replace(/[^\p{L}\p{N}._-]/gu, '_'));
  try {
    await fs.writeFile(file, bytes);
    return { ...(await importRoster(db, ctx, file)), file: name };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

export async function importRoster(db: Kysely<Database>, ctx: AuditContext, file: string): Promise<RosterImportReport> {
  let table;
  try {
    table = await readTable(file);
  } catch (error) {
    if (error instanceof TableReadError) throw new RosterFileError(error.message);
    throw error;
  }
  const parsed = parseRoster(table.header, table.rows);
  if (!parsed.ok) throw new RosterFileError(parsed.reason);
  const settings = await readSettings(db);
  const report: RosterImportReport = { file, rows: parsed.rows, created: 0, updated: 0, unchanged: 0, errors: parsed.errors, notices: [] };
  const now = ctx.now().toISOString();
  await mutate(db, ctx, async (tx) => {
    const resolveVillage = villageResolver(tx);
    for (const record of parsed.records) {
      const villageId = await resolveVillage({
        district: record.district ?? settings.district,
        town: record.town ?? settings.town ?? DEFAULT_TOWN,
        village: record.village,
      });
      report[await applyRecord(tx, record, villageId, now, report.notices)]++;
      crashPointReached('roster-import');
    }
  });
  return report;
}
