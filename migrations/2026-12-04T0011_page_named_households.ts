import { SqliteAdapter, sql, type Kysely } from 'kysely';

/**
 * A page that names several households (a 公示 listing the village's new
 * cases, a page with two heads' 身份证号) waits in the inbox with no
 * household. It may still be any of theirs: while it waits, the items it
 * could be are 待确认 for each household it names, not 缺件. The households
 * are kept as a JSON array of ids; triggers mark each of them stale when such
 * a waiting page changes (its review, suggestions, or the households named).
 */
const MARK = (list: string) => `INSERT OR REPLACE INTO case_check_stale(household_id) SELECT value FROM json_each(${list});`;

const CHANGED = ['review', 'household_id', 'classification', 'suggestions', 'named_households'].map((c) => `old.${c} IS NOT new.${c}`).join(' OR ');

const TRIGGERS: [name: string, on: string, body: string][] = [
  [
    'case_check_page_named_insert',
    "AFTER INSERT ON page WHEN new.review = 'pending' AND new.household_id IS NULL AND new.named_households IS NOT NULL",
    MARK('new.named_households'),
  ],
  [
    'case_check_page_named_update',
    `AFTER UPDATE OF review, household_id, classification, suggestions, named_households ON page
     WHEN (old.review = 'pending' OR new.review = 'pending') AND (old.named_households IS NOT NULL OR new.named_households IS NOT NULL) AND (${CHANGED})`,
    MARK("coalesce(old.named_households, '[]')") + MARK("coalesce(new.named_households, '[]')"),
  ],
];

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('page').addColumn('named_households', 'text').execute();
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
  for (const [name, on, body] of TRIGGERS) await sql.raw(`CREATE TRIGGER ${name} ${on} BEGIN ${body} END`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) for (const [name] of TRIGGERS) await sql`DROP TRIGGER IF EXISTS ${sql.raw(name)}`.execute(db);
  await db.schema.alterTable('page').dropColumn('named_households').execute();
}
