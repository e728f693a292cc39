import { SqliteAdapter, sql, type Kysely } from 'kysely';
import { nowText } from './engine';

/**
 * The archive core: regions (区 → 镇/街道 → 村/社区), households (户),
 * members, assistance cases (救助类别, one volume 案卷 each, with its key
 * dates, 档号 and shelf location), documents (要件), pages, settings and the
 * append-only, hash-chained audit log.
 *
 * Frozen in time: never import application code here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const now = nowText(db);

  await db.schema
    .createTable('region')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('parent_id', 'integer', (c) => c.references('region.id'))
    .addColumn('level', 'text', (c) => c.notNull().check(sql`level in ('区','镇街','村社区')`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('code', 'text')
    .execute();
  await db.schema.createIndex('region_parent_name').on('region').columns(['parent_id', 'level', 'name']).unique().execute();

  await db.schema
    .createTable('household')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('id_number', 'text', (c) => c.notNull().unique())
    .addColumn('head_name', 'text', (c) => c.notNull())
    .addColumn('village_id', 'integer', (c) => c.notNull().references('region.id'))
    .addColumn('address', 'text')
    .addColumn('phone', 'text')
    .addColumn('insured_count', 'integer')
    .addColumn('family_size', 'integer')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('在册').check(sql`status in ('在册','整户退出')`))
    .addColumn('exit_date', 'text')
    .addColumn('exit_reason', 'text')
    .addColumn('facts', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('extra', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex('household_village').on('household').columns(['village_id', 'status']).execute();
  await db.schema.createIndex('household_head_name').on('household').column('head_name').execute();

  await db.schema
    .createTable('member')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('household_id', 'integer', (c) => c.notNull().references('household.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('id_number', 'text')
    .addColumn('relation', 'text')
    .execute();
  await db.schema.createIndex('member_household').on('member').column('household_id').execute();

  await db.schema
    .createTable('assistance_case')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('household_id', 'integer', (c) => c.notNull().references('household.id'))
    .addColumn('assistance_type', 'text', (c) =>
      c.notNull().check(sql`assistance_type in ('低保','特困','临时救助','刚性支出')`),
    )
    .addColumn('care_mode', 'text', (c) => c.check(sql`care_mode in ('集中供养','分散供养')`))
    .addColumn('applied_on', 'text')
    .addColumn('accepted_on', 'text')
    .addColumn('investigated_on', 'text')
    .addColumn('publicity_start', 'text')
    .addColumn('publicity_end', 'text')
    .addColumn('confirmed_on', 'text')
    .addColumn('last_review_on', 'text')
    .addColumn('closed_on', 'text')
    .addColumn('facts', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('archive_code', 'text', (c) => c.unique())
    .addColumn('cabinet', 'text')
    .addColumn('box', 'text')
    .addColumn('shelf_position', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute();
  // One open case per household and type; closed cases stay as history.
  await db.schema
    .createIndex('assistance_case_open')
    .on('assistance_case')
    .columns(['household_id', 'assistance_type'])
    .unique()
    .where(sql.ref('closed_on'), 'is', null)
    .execute();

  await db.schema
    .createTable('document')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('household_id', 'integer', (c) => c.notNull().references('household.id'))
    .addColumn('case_id', 'integer', (c) => c.references('assistance_case.id'))
    .addColumn('checklist_item_code', 'text')
    .addColumn('title', 'text')
    .addColumn('doc_number', 'text')
    .addColumn('responsible', 'text')
    .addColumn('doc_date', 'text')
    .addColumn('confirmed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex('document_household').on('document').columns(['household_id', 'case_id']).execute();

  await db.schema
    .createTable('page')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('household_id', 'integer', (c) => c.references('household.id'))
    .addColumn('document_id', 'integer', (c) => c.references('document.id'))
    .addColumn('position_in_document', 'integer')
    .addColumn('image_sha256', 'text', (c) => c.notNull())
    .addColumn('source_sha256', 'text', (c) => c.notNull())
    .addColumn('source_path', 'text', (c) => c.notNull())
    .addColumn('page_index', 'integer', (c) => c.notNull())
    .addColumn('ocr_text', 'text')
    .addColumn('classification', 'text')
    .addColumn('confidence', 'real')
    .addColumn('blank', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex('page_source').on('page').columns(['source_sha256', 'page_index']).unique().execute();
  await db.schema.createIndex('page_household').on('page').column('household_id').execute();
  await db.schema.createIndex('page_document').on('page').columns(['document_id', 'position_in_document']).execute();

  await db.schema
    .createTable('setting')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text')
    .addColumn('before', 'text')
    .addColumn('after', 'text')
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_entity').on('audit_log').columns(['entity', 'entity_id']).execute();

  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    // Append-only: the database itself refuses to rewrite history.
    await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, '审计日志只能追加，不能修改'); END`.execute(db);
    await sql`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, '审计日志只能追加，不能删除'); END`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['audit_log', 'setting', 'page', 'document', 'assistance_case', 'member', 'household', 'region']) {
    await db.schema.dropTable(table).execute();
  }
}
