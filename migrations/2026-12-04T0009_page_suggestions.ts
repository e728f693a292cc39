import type { Kysely } from 'kysely';

/**
 * What filing thought each page could be: the title's reading, the whole
 * text's reading and any continuation, as JSON
 * `[{"itemCode", "confidence", "source", "reason"}]`, best first. The inbox
 * shows them side by side, and while a page waits for a clerk the items it
 * could be are 待确认 for its household rather than 缺件.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('page').addColumn('suggestions', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('page').dropColumn('suggestions').execute();
}
