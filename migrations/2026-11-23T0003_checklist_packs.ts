import { sql, type Kysely } from 'kysely';

/**
 * Checklist packs live in the archive itself (the source of truth), so every
 * judgement can name the exact pack version it used, and a district's own
 * pack, once imported, travels with the archive. Cases also remember where
 * each key date came from (花名册, 经办人录入, …) for the timeline checks.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('checklist_pack')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('pack_id', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('json', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull().check(sql`origin in ('builtin','imported')`))
    .addColumn('added_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.alterTable('assistance_case').addColumn('date_sources', 'text', (c) => c.notNull().defaultTo('{}')).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('assistance_case').dropColumn('date_sources').execute();
  await db.schema.dropTable('checklist_pack').execute();
}
