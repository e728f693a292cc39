import { SqliteAdapter, sql, type Kysely } from 'kysely';

/**
 * The package keys a district trusts, one current key per 镇街. A town's
 * key is recorded at the first import of a package it signed; from then on
 * its packages must carry that key's signature. A new key replaces it only
 * when the district accepts it explicitly: the old row is retired (never
 * deleted, never rewritten), the new one recorded, both audited. In SQLite,
 * triggers keep rows from being deleted or their key changed, and let a
 * retirement be written once.
 */

const TRIGGERS: [name: string, on: string, message: string][] = [
  ['town_key_never_deleted', 'BEFORE DELETE ON town_key', '已登记的镇街签名密钥不得删除'],
  [
    'town_key_fixed',
    `BEFORE UPDATE ON town_key
     WHEN old.town IS NOT new.town OR old.town_code IS NOT new.town_code OR old.public_key IS NOT new.public_key
       OR old.fingerprint IS NOT new.fingerprint OR old.recorded_at IS NOT new.recorded_at OR old.recorded_by IS NOT new.recorded_by
       OR old.how IS NOT new.how OR old.retired_at IS NOT NULL`,
    '已登记的镇街签名密钥不得修改，只能由区级确认新密钥替换',
  ],
];

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('town_key')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('town', 'text', (c) => c.notNull())
    .addColumn('town_code', 'text')
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('how', 'text', (c) => c.notNull().check(sql`how in ('首次导入','区级确认')`))
    .addColumn('retired_at', 'text')
    .addColumn('retired_by', 'text')
    .execute();
  await db.schema.createIndex('town_key_current').on('town_key').column('town').unique().where(sql.ref('retired_at'), 'is', null).execute();
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
  for (const [name, on, message] of TRIGGERS) await sql.raw(`CREATE TRIGGER ${name} ${on} BEGIN SELECT RAISE(ABORT, '${message}'); END`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) for (const [name] of TRIGGERS) await sql`DROP TRIGGER IF EXISTS ${sql.raw(name)}`.execute(db);
  await db.schema.dropTable('town_key').execute();
}
