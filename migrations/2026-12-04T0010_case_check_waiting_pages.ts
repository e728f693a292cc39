import { SqliteAdapter, sql, type Kysely } from 'kysely';

/**
 * Remembered completeness answers now depend on the review inbox: while a
 * page of a household waits for a clerk, the items it could be are 待确认
 * (有待审页面) instead of 缺件. case_check keeps those items apart in
 * `waiting` (the 整改清单 and the 备考表 name them), and triggers on page mark
 * the household stale when a page's review, household, classification or
 * suggestions change.
 *
 * Only pages that wait before or after the change matter: an auto-filed or
 * accepted page counts through its document, which migration 0007's triggers
 * already watch. Ingest writes every page row once or twice with all of these
 * columns in the SET list, so the WHEN clause compares values (IS NOT, NULL
 * safe) and the trigger body runs only for a real change. `UPDATE OF` keeps the
 * trigger out of the OCR-text and document-position updates altogether.
 */
const STALE = (householdId: string) =>
  `INSERT OR REPLACE INTO case_check_stale(household_id) SELECT ${householdId} WHERE ${householdId} IS NOT NULL;`;

const CHANGED = ['review', 'household_id', 'classification', 'suggestions'].map((c) => `old.${c} IS NOT new.${c}`).join(' OR ');

const TRIGGERS: [name: string, on: string, body: string][] = [
  ['case_check_page_insert', "AFTER INSERT ON page WHEN new.review = 'pending' AND new.household_id IS NOT NULL", STALE('new.household_id')],
  [
    'case_check_page_update',
    `AFTER UPDATE OF review, household_id, classification, suggestions ON page WHEN (old.review = 'pending' OR new.review = 'pending') AND (${CHANGED})`,
    // Both households: the page may have moved from one to the other.
    STALE('old.household_id') + STALE('CASE WHEN new.household_id IS NOT old.household_id THEN new.household_id END'),
  ],
  ['case_check_page_delete', "AFTER DELETE ON page WHEN old.review = 'pending' AND old.household_id IS NOT NULL", STALE('old.household_id')],
];

export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
  await sql`ALTER TABLE case_check ADD COLUMN waiting TEXT NOT NULL DEFAULT '[]'`.execute(db);
  for (const [name, on, body] of TRIGGERS) {
    await sql.raw(`CREATE TRIGGER ${name} ${on} BEGIN ${body} END`).execute(db);
  }
  // Answers remembered before knew nothing of waiting pages: every household is judged again on the next read.
  await sql`INSERT OR REPLACE INTO case_check_stale(household_id) SELECT id FROM household`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
  for (const [name] of TRIGGERS) await sql`DROP TRIGGER IF EXISTS ${sql.raw(name)}`.execute(db);
  await sql`ALTER TABLE case_check DROP COLUMN waiting`.execute(db);
  await sql`INSERT OR REPLACE INTO case_check_stale(household_id) SELECT id FROM household`.execute(db);
}
