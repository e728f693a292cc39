import { sql, type Kysely } from 'kysely';
import { nowText } from './engine';

/**
 * Scanner ingestion: every file found (source_file) is a row before anything
 * else happens to it, so the queue survives a crash; pages gain what splitting,
 * OCR, classification and household assignment learn about them; clerk
 * corrections are kept as training samples for the classifier.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const now = nowText(db);
  await db.schema
    .createTable('source_file')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    // Null only for a ZIP member rejected before its bytes could be read.
    .addColumn('sha256', 'text')
    .addColumn('source_path', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text')
    .addColumn('parent_id', 'integer', (c) => c.references('source_file.id'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('queued','split','done','rejected','duplicate')`))
    .addColumn('reason', 'text')
    .addColumn('duplicate_of', 'integer', (c) => c.references('source_file.id'))
    .addColumn('page_count', 'integer')
    // Started-but-unfinished runs of a step: a file that crashes the process again and again is set aside.
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('received_at', 'text', (c) => c.notNull().defaultTo(now))
    .addColumn('finished_at', 'text')
    .execute();
  // The same bytes at the same place are the same event: seeing them again (a restart, a rescan) records nothing new.
  await db.schema.createIndex('source_file_seen').on('source_file').columns(['source_path', 'sha256']).unique().execute();
  await db.schema.createIndex('source_file_sha').on('source_file').column('sha256').execute();
  await db.schema.createIndex('source_file_status').on('source_file').column('status').execute();

  await db.schema.alterTable('page').addColumn('source_file_id', 'integer', (c) => c.references('source_file.id')).execute();
  await db.schema.alterTable('page').addColumn('thumb_sha256', 'text').execute();
  await db.schema.alterTable('page').addColumn('width', 'integer').execute();
  await db.schema.alterTable('page').addColumn('height', 'integer').execute();
  await db.schema.alterTable('page').addColumn('rotation', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('page').addColumn('deskew', 'real').execute();
  await db.schema.alterTable('page').addColumn('title_text', 'text').execute();
  await db.schema.alterTable('page').addColumn('text_layer', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema
    .alterTable('page')
    .addColumn('ocr_state', 'text', (c) => c.notNull().defaultTo('pending').check(sql`ocr_state in ('pending','title','done')`))
    .execute();
  await db.schema.alterTable('page').addColumn('photo', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('page').addColumn('separator', 'text').execute();
  await db.schema.alterTable('page').addColumn('note', 'text').execute();
  await db.schema
    .alterTable('page')
    .addColumn('assigned_by', 'text', (c) => c.check(sql`assigned_by in ('separator','folder','idnumber','clerk')`))
    .execute();
  await db.schema
    .alterTable('page')
    .addColumn('review', 'text', (c) => c.notNull().defaultTo('pending').check(sql`review in ('pending','auto','accepted')`))
    .execute();
  await db.schema.createIndex('page_ocr_state').on('page').column('ocr_state').execute();
  await db.schema.createIndex('page_review').on('page').column('review').execute();
  await db.schema.createIndex('page_source_file').on('page').columns(['source_file_id', 'page_index']).execute();

  await db.schema
    .createTable('classifier_sample')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('item_code', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('classifier_sample').execute();
  for (const index of ['page_ocr_state', 'page_review', 'page_source_file']) await db.schema.dropIndex(index).execute();
  for (const column of ['source_file_id', 'thumb_sha256', 'width', 'height', 'rotation', 'deskew', 'title_text', 'text_layer', 'ocr_state', 'photo', 'separator', 'note', 'assigned_by', 'review']) {
    await db.schema.alterTable('page').dropColumn(column).execute();
  }
  await db.schema.dropTable('source_file').execute();
}
