import { SqliteAdapter, sql, type Kysely } from 'kysely';

/**
 * 附件7 archive checks, run. Table archive_check_record keeps every result a
 * clerk or an inspector recorded for a point of a case (人工检查记录), with who,
 * in which role and when: append-only, a later record of the same point
 * supersedes the earlier ones, which stay as its history (a trigger refuses
 * edits). The records go with their case only when an approved destruction
 * removes it.
 *
 * case_check remembers the engines' day-independent outcomes per case in
 * `archive_checks`; every household is judged again once to fill it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('archive_check_record')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('case_id', 'integer', (c) => c.notNull().references('assistance_case.id').onDelete('cascade'))
    .addColumn('point', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('ok','problem')`))
    .addColumn('note', 'text')
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_role', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('archive_check_record_case').on('archive_check_record').columns(['case_id', 'point']).execute();
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
  await sql`CREATE TRIGGER archive_check_record_fixed BEFORE UPDATE ON archive_check_record BEGIN SELECT RAISE(ABORT, '已记录的档案检查结果不得修改，请重新记录'); END`.execute(db);
  await sql`ALTER TABLE case_check ADD COLUMN archive_checks TEXT NOT NULL DEFAULT '[]'`.execute(db);
  await sql`INSERT OR REPLACE INTO case_check_stale(household_id) SELECT id FROM household`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    await sql`DROP TRIGGER IF EXISTS archive_check_record_fixed`.execute(db);
    await sql`ALTER TABLE case_check DROP COLUMN archive_checks`.execute(db);
  }
  await db.schema.dropTable('archive_check_record').execute();
}
