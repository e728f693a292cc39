import { SqliteAdapter, sql, type Kysely } from 'kysely';

/**
 * Remembered completeness answers per case (status, missing and unconfirmed
 * items, timeline, review due date), so the workbench and `check` read them
 * instead of judging 50,000 households again. Triggers mark a household stale
 * whenever anything its answer depends on changes: the household (facts,
 * village), its cases, its filed documents, the pack chosen for its town, a
 * region's name or parent. Stale households are judged again before the next
 * read (main/checklist/caseCheckCache.ts).
 *
 * INSERT OR REPLACE gives a re-marked household a new seq (AUTOINCREMENT never
 * reuses one), so a refresh that judged a household while it changed again
 * sees that its mark is not the one it read and leaves it stale.
 */
const STALE = (householdId: string) => `INSERT OR REPLACE INTO case_check_stale(household_id) VALUES (${householdId});`;
const ALL_STALE = 'INSERT OR REPLACE INTO case_check_stale(household_id) SELECT id FROM household;';

const TRIGGERS: [name: string, on: string, body: string][] = [
  ['case_check_household_insert', 'AFTER INSERT ON household', STALE('new.id')],
  ['case_check_household_update', 'AFTER UPDATE ON household', STALE('new.id')],
  ['case_check_household_delete', 'AFTER DELETE ON household', STALE('old.id')],
  ['case_check_case_insert', 'AFTER INSERT ON assistance_case', STALE('new.household_id')],
  ['case_check_case_update', 'AFTER UPDATE ON assistance_case', STALE('old.household_id') + STALE('new.household_id')],
  ['case_check_case_delete', 'AFTER DELETE ON assistance_case', STALE('old.household_id')],
  ['case_check_document_insert', 'AFTER INSERT ON document WHEN new.checklist_item_code IS NOT NULL', STALE('new.household_id')],
  [
    'case_check_document_update',
    'AFTER UPDATE OF household_id, case_id, checklist_item_code, confirmed ON document',
    STALE('old.household_id') + STALE('new.household_id'),
  ],
  ['case_check_document_delete', 'AFTER DELETE ON document', STALE('old.household_id')],
  ['case_check_setting_insert', "AFTER INSERT ON setting WHEN new.key IN ('packByTown', 'defaultPack')", ALL_STALE],
  ['case_check_setting_update', "AFTER UPDATE ON setting WHEN new.key IN ('packByTown', 'defaultPack')", ALL_STALE],
  ['case_check_setting_delete', "AFTER DELETE ON setting WHEN old.key IN ('packByTown', 'defaultPack')", ALL_STALE],
  // A new pack can become the default when none is chosen.
  ['case_check_pack_insert', 'AFTER INSERT ON checklist_pack', ALL_STALE],
  ['case_check_region_update', 'AFTER UPDATE OF name, parent_id ON region', ALL_STALE],
];

export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
  await sql`CREATE TABLE case_check (
    case_id INTEGER PRIMARY KEY REFERENCES assistance_case(id) ON DELETE CASCADE,
    household_id INTEGER NOT NULL,
    status TEXT NOT NULL,
    missing TEXT NOT NULL,
    unconfirmed TEXT NOT NULL,
    timeline TEXT NOT NULL,
    review_due_on TEXT,
    review_detail TEXT)`.execute(db);
  await sql`CREATE INDEX case_check_household ON case_check(household_id)`.execute(db);
  await sql`CREATE TABLE case_check_stale (seq INTEGER PRIMARY KEY AUTOINCREMENT, household_id INTEGER NOT NULL UNIQUE)`.execute(db);
  await sql`CREATE TABLE case_check_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`.execute(db);
  for (const [name, on, body] of TRIGGERS) {
    await sql.raw(`CREATE TRIGGER ${name} ${on} BEGIN ${body} END`).execute(db);
  }
  // Everything already in the archive is judged on the first read.
  await sql.raw(ALL_STALE).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
  for (const [name] of TRIGGERS) await sql`DROP TRIGGER IF EXISTS ${sql.raw(name)}`.execute(db);
  for (const table of ['case_check_meta', 'case_check_stale', 'case_check']) await sql`DROP TABLE IF EXISTS ${sql.raw(table)}`.execute(db);
}
