import { sql, type Kysely } from 'kysely';
import { onSqlite } from './engine';

/**
 * What an export needs to know about stored blobs without reading them
 * (issue 19):
 *   - blob_digest: the SM3 and size of a blob of the page store, whose name
 *     is already its SHA-256, for the package's manifest-sm3.txt and
 *     Payload-Oxum. Filled the first time a blob is hashed (the background
 *     volume keeper, or an export that meets an unknown blob).
 *   - volume_blob: a case's bound volume PDF, built in the background and
 *     stored content-addressed like a page. `input_sha256` names everything
 *     the volume is made of (cover, documents, page blobs, 备考表), so a
 *     volume is current exactly when its inputs hash to a recorded row.
 *   - volume_stale: households whose volumes may be out of date, marked by
 *     triggers on the rows a volume is made of, for the background keeper.
 */

// Delete then insert rather than INSERT OR REPLACE: inside a trigger, an outer statement's own conflict
// clause (an upsert of a setting, an INSERT OR ABORT) overrides the trigger's OR REPLACE and the mark fails.
const STALE = (householdId: string) =>
  `DELETE FROM volume_stale WHERE household_id = ${householdId}; INSERT INTO volume_stale(household_id) SELECT ${householdId} WHERE ${householdId} IS NOT NULL;`;
const ALL_STALE = 'DELETE FROM volume_stale; INSERT INTO volume_stale(household_id) SELECT id FROM household;';

const VOLUME_SETTINGS = "'fondsName', 'retentionYears', 'packByTown', 'defaultPack'";

const TRIGGERS: [name: string, on: string, body: string][] = [
  ['volume_household_insert', 'AFTER INSERT ON household', STALE('new.id')],
  ['volume_household_update', 'AFTER UPDATE ON household', STALE('new.id')],
  ['volume_case_insert', 'AFTER INSERT ON assistance_case', STALE('new.household_id')],
  ['volume_case_update', 'AFTER UPDATE ON assistance_case', STALE('old.household_id') + STALE('new.household_id')],
  ['volume_document_insert', 'AFTER INSERT ON document', STALE('new.household_id')],
  ['volume_document_update', 'AFTER UPDATE ON document', STALE('old.household_id') + STALE('new.household_id')],
  ['volume_document_delete', 'AFTER DELETE ON document', STALE('old.household_id')],
  ['volume_page_insert', 'AFTER INSERT ON page WHEN new.household_id IS NOT NULL', STALE('new.household_id')],
  ['volume_page_update', 'AFTER UPDATE ON page', `${STALE('coalesce(old.household_id, new.household_id)')}${STALE('coalesce(new.household_id, old.household_id)')}`],
  ['volume_page_delete', 'AFTER DELETE ON page WHEN old.household_id IS NOT NULL', STALE('old.household_id')],
  ['volume_exit_insert', 'AFTER INSERT ON household_exit', STALE('new.household_id')],
  ['volume_exit_update', 'AFTER UPDATE ON household_exit', STALE('new.household_id')],
  ['volume_case_check_update', 'AFTER UPDATE ON case_check', STALE('new.household_id')],
  ['volume_case_check_insert', 'AFTER INSERT ON case_check', STALE('new.household_id')],
  // Only the settings a volume shows (全宗名称, 保管期限) or that change its 备考表 (the checklist packs).
  ['volume_setting_insert', `AFTER INSERT ON setting WHEN new.key IN (${VOLUME_SETTINGS})`, ALL_STALE],
  ['volume_setting_update', `AFTER UPDATE ON setting WHEN new.key IN (${VOLUME_SETTINGS})`, ALL_STALE],
  ['volume_region_update', 'AFTER UPDATE OF name, parent_id ON region', ALL_STALE],
  ['volume_pack_insert', 'AFTER INSERT ON checklist_pack', ALL_STALE],
];

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('blob_digest')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('sm3', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('volume_blob')
    .addColumn('input_sha256', 'text', (c) => c.primaryKey())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('household_id', 'integer', (c) => c.notNull())
    .addColumn('case_id', 'integer', (c) => c.notNull())
    .addColumn('built_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('volume_blob_case').on('volume_blob').column('case_id').execute();
  // PostgreSQL gets volume_stale and its triggers in migration 0019.
  if (!onSqlite(db)) return;
  await sql`CREATE TABLE volume_stale (seq INTEGER PRIMARY KEY AUTOINCREMENT, household_id INTEGER NOT NULL UNIQUE)`.execute(db);
  for (const [name, on, body] of TRIGGERS) await sql.raw(`CREATE TRIGGER ${name} ${on} BEGIN ${body} END`).execute(db);
  // Every household's volumes are built once in the background after the upgrade.
  await sql`INSERT INTO volume_stale(household_id) SELECT id FROM household`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (onSqlite(db)) for (const [name] of TRIGGERS) await sql`DROP TRIGGER IF EXISTS ${sql.raw(name)}`.execute(db);
  await db.schema.dropTable('volume_stale').ifExists().execute();
  await db.schema.dropTable('volume_blob').execute();
  await db.schema.dropTable('blob_digest').execute();
}
