import { sql, type Kysely } from 'kysely';

/**
 * Holiday tables an administrator imported (国务院办公厅's yearly notice on
 * 部分节假日安排): one row per day that differs from plain Monday–Friday,
 * 休 or 班. They fill the years the built-in calendar does not know, so the
 * working-day time limits of those years can be judged (issue 17).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('holiday_day')
    .addColumn('date', 'text', (c) => c.primaryKey())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('休','班')`))
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addColumn('imported_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('holiday_day_year').on('holiday_day').column('year').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('holiday_day').execute();
}
