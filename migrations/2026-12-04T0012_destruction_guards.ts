import { SqliteAdapter, sql, type Kysely } from 'kysely';

/**
 * Guards a row cannot switch off. Until now the delete triggers let a
 * household's pages, documents and cases go whenever a row for it stood in
 * destruction_in_progress, so one INSERT from any SQLite client unlocked
 * them. Now they ask hudang_unlocked(), a function only the app's own
 * connection registers (main/db/sqlite.ts) and which answers 1 only inside
 * the service's destroy transaction; any other client gets "no such
 * function" and its delete fails. The table goes. Members, households and
 * exit records are never deleted at all. An exit's dates and retention can
 * never change, a legal hold comes off only through the service's release,
 * and only a destruction marks an exit destroyed.
 */

const DELETE_REFUSED = '档案不得删除：只有经鉴定批准的销毁程序才能移除';

const UNLOCKED_DELETES: [table: string, household: string][] = [
  ['page', 'old.household_id'],
  ['document', 'old.household_id'],
  ['assistance_case', 'old.household_id'],
];
const NEVER_DELETED = ['member', 'household', 'household_exit'];

const EXIT_TRIGGERS: [name: string, on: string, message: string][] = [
  [
    'household_exit_dates_fixed',
    `BEFORE UPDATE OF household_id, exited_on, retention_start, retention_until ON household_exit
     WHEN old.household_id IS NOT new.household_id OR old.exited_on IS NOT new.exited_on
       OR old.retention_start IS NOT new.retention_start OR old.retention_until IS NOT new.retention_until`,
    '退出日期和保管期限一经登记不得修改',
  ],
  [
    'household_exit_hold_kept',
    `BEFORE UPDATE OF legal_hold ON household_exit
     WHEN old.legal_hold = 1 AND new.legal_hold IS NOT 1 AND hudang_unlocked('release', old.id) IS NOT 1`,
    '法律保全（冻结）只能通过“解除保全”操作解除',
  ],
  [
    'household_exit_destroyed_fixed',
    `BEFORE UPDATE OF destroyed_on ON household_exit
     WHEN old.destroyed_on IS NOT new.destroyed_on AND (old.destroyed_on IS NOT NULL OR hudang_unlocked('destroy', old.household_id) IS NOT 1)`,
    '销毁日期只能由经鉴定批准的销毁程序写入',
  ],
];

const raise = (message: string) => `BEGIN SELECT RAISE(ABORT, '${message}'); END`;

export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    for (const [table, household] of UNLOCKED_DELETES) {
      await sql.raw(`DROP TRIGGER IF EXISTS ${table}_no_delete`).execute(db);
      await sql
        .raw(`CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table} WHEN hudang_unlocked('destroy', ${household}) IS NOT 1 ${raise(DELETE_REFUSED)}`)
        .execute(db);
    }
    for (const table of NEVER_DELETED) {
      await sql.raw(`DROP TRIGGER IF EXISTS ${table}_no_delete`).execute(db);
      await sql.raw(`CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table} ${raise(DELETE_REFUSED)}`).execute(db);
    }
    for (const [name, on, message] of EXIT_TRIGGERS) await sql.raw(`CREATE TRIGGER ${name} ${on} ${raise(message)}`).execute(db);
  }
  await db.schema.dropTable('destruction_in_progress').ifExists().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('destruction_in_progress').addColumn('household_id', 'integer', (c) => c.primaryKey()).execute();
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
  for (const [name] of EXIT_TRIGGERS) await sql.raw(`DROP TRIGGER IF EXISTS ${name}`).execute(db);
  const household: Record<string, string> = { page: 'old.household_id', document: 'old.household_id', assistance_case: 'old.household_id', member: 'old.household_id', household: 'old.id', household_exit: 'old.household_id' };
  for (const [table, id] of Object.entries(household)) {
    await sql.raw(`DROP TRIGGER IF EXISTS ${table}_no_delete`).execute(db);
    await sql
      .raw(`CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table} WHEN NOT EXISTS (SELECT 1 FROM destruction_in_progress d WHERE d.household_id = ${id}) ${raise(DELETE_REFUSED)}`)
      .execute(db);
  }
}
