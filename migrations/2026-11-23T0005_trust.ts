import { SqliteAdapter, sql, type Kysely } from 'kysely';
import { nowText } from './engine';

/**
 * Trust: local users and roles; exits (整户退出) with their retention dates and
 * legal holds; appraisal (鉴定) with two approvals before any destruction; the
 * destruction register (销毁清册), kept permanently. In SQLite, triggers refuse
 * to delete any part of a household file unless a destruction of that
 * household is running, and refuse to delete registers or users at all.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const now = nowText(db);
  await db.schema
    .createTable('user')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('管理员','经办人','区级','检查员')`))
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'text')
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute();

  await db.schema
    .createTable('household_exit')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('household_id', 'integer', (c) => c.notNull().references('household.id'))
    .addColumn('exited_on', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('notice_document_id', 'integer', (c) => c.references('document.id'))
    .addColumn('retention_start', 'text', (c) => c.notNull())
    .addColumn('retention_until', 'text', (c) => c.notNull())
    .addColumn('legal_hold', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('legal_hold_reason', 'text')
    .addColumn('re_entered_on', 'text')
    .addColumn('destroyed_on', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex('household_exit_until').on('household_exit').column('retention_until').execute();
  await db.schema.alterTable('assistance_case').addColumn('exit_id', 'integer', (c) => c.references('household_exit.id')).execute();

  await db.schema
    .createTable('appraisal')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('exit_id', 'integer', (c) => c.notNull().references('household_exit.id'))
    .addColumn('opinion', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(sql`status in ('open','executed')`))
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema
    .createTable('appraisal_approval')
    .addColumn('appraisal_id', 'integer', (c) => c.notNull().references('appraisal.id'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('user.id'))
    .addColumn('approved_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('appraisal_approval_pk', ['appraisal_id', 'user_id'])
    .execute();
  await db.schema
    .createTable('destruction_register')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('appraisal_id', 'integer', (c) => c.notNull().references('appraisal.id'))
    .addColumn('executed_at', 'text', (c) => c.notNull())
    .addColumn('executed_by', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('pdf_sha256', 'text', (c) => c.notNull())
    .execute();
  // Set only inside a destruction's own transaction; the delete triggers look for it.
  await db.schema
    .createTable('destruction_in_progress')
    .addColumn('household_id', 'integer', (c) => c.primaryKey())
    .execute();

  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
  const guarded: [string, string][] = [
    ['page', 'old.household_id'],
    ['document', 'old.household_id'],
    ['assistance_case', 'old.household_id'],
    ['member', 'old.household_id'],
    ['household', 'old.id'],
    ['household_exit', 'old.household_id'],
  ];
  for (const [table, household] of guarded) {
    await sql
      .raw(
        `CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table}
         WHEN NOT EXISTS (SELECT 1 FROM destruction_in_progress d WHERE d.household_id = ${household})
         BEGIN SELECT RAISE(ABORT, '档案不得删除：只有经鉴定批准的销毁程序才能移除'); END`,
      )
      .execute(db);
  }
  for (const table of ['source_file', 'destruction_register', 'appraisal', 'appraisal_approval', 'user', 'checklist_pack']) {
    await sql.raw(`CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table} BEGIN SELECT RAISE(ABORT, '此记录永久保存，不得删除'); END`).execute(db);
  }
  await sql.raw(`CREATE TRIGGER destruction_register_no_update BEFORE UPDATE ON destruction_register BEGIN SELECT RAISE(ABORT, '销毁清册不得修改'); END`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['page', 'document', 'assistance_case', 'member', 'household', 'household_exit', 'source_file', 'destruction_register', 'appraisal', 'appraisal_approval', 'user', 'checklist_pack']) {
    await sql.raw(`DROP TRIGGER IF EXISTS ${t}_no_delete`).execute(db);
  }
  await sql.raw('DROP TRIGGER IF EXISTS destruction_register_no_update').execute(db);
  await db.schema.alterTable('assistance_case').dropColumn('exit_id').execute();
  for (const t of ['destruction_in_progress', 'destruction_register', 'appraisal_approval', 'appraisal', 'household_exit', 'user']) await db.schema.dropTable(t).execute();
}
