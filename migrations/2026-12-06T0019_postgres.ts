import { sql, type Kysely } from 'kysely';
import { onSqlite } from './engine';

/**
 * PostgreSQL's half of what SQLite's triggers and FTS5 tables do (nothing
 * on SQLite, where migrations 0001–0018 built them step by step). An archive
 * on PostgreSQL starts at this schema, so this builds the final state at once:
 *
 *   - append-only and no-delete guards as plpgsql triggers, with the same
 *     messages; destroying a household's pages or releasing a legal hold
 *     opens a guard only inside the service's own transaction
 *     (hudang_unlocked, answered from a transaction-local setting that
 *     main/db/database.ts whileUnlocked sets and clears);
 *   - the remembered check answers (case_check …) and the background
 *     volumes' stale marks, kept by triggers, so a change made by any
 *     process marks the household for every process;
 *   - page-text and household search with pg_trgm GIN indexes (the database
 *     must use a UTF-8 locale, or pg_trgm makes no trigrams from Chinese).
 *
 * Protection on a server is also a matter of roles: the clerks' login must
 * not own the tables, or it could drop these triggers.
 */

type Trigger = { name: string; on: string; when?: string; body: string };

const mark = (table: string, household: string) =>
  `PERFORM hudang_mark('${table}', ${household});`;
const markAll = (table: string) => `PERFORM hudang_mark_all('${table}');`;
const markNamed = (list: string) =>
  `PERFORM hudang_mark('case_check_stale', value::integer) FROM json_array_elements_text(${list}::json) AS value;`;

const CHECK_SETTINGS = "'packByTown', 'defaultPack'";
const VOLUME_SETTINGS = "'fondsName', 'retentionYears', 'packByTown', 'defaultPack'";
const PAGE_CHANGED = ['review', 'household_id', 'classification', 'suggestions'].map((c) => `old.${c} IS DISTINCT FROM new.${c}`).join(' OR ');
const NAMED_CHANGED = `${PAGE_CHANGED} OR old.named_households IS DISTINCT FROM new.named_households`;

/** Migrations 0007, 0010, 0011 and 0014: what a household's remembered answers depend on. */
const CASE_CHECK: Trigger[] = [
  { name: 'case_check_household_insert', on: 'AFTER INSERT ON household', body: mark('case_check_stale', 'new.id') },
  { name: 'case_check_household_update', on: 'AFTER UPDATE ON household', body: mark('case_check_stale', 'new.id') },
  { name: 'case_check_case_insert', on: 'AFTER INSERT ON assistance_case', body: mark('case_check_stale', 'new.household_id') },
  { name: 'case_check_case_update', on: 'AFTER UPDATE ON assistance_case', body: mark('case_check_stale', 'old.household_id') + mark('case_check_stale', 'new.household_id') },
  { name: 'case_check_case_delete', on: 'AFTER DELETE ON assistance_case', body: mark('case_check_stale', 'old.household_id') },
  { name: 'case_check_document_insert', on: 'AFTER INSERT ON document', when: 'new.checklist_item_code IS NOT NULL', body: mark('case_check_stale', 'new.household_id') },
  {
    name: 'case_check_document_update',
    on: 'AFTER UPDATE OF household_id, case_id, checklist_item_code, confirmed ON document',
    body: mark('case_check_stale', 'old.household_id') + mark('case_check_stale', 'new.household_id'),
  },
  { name: 'case_check_document_delete', on: 'AFTER DELETE ON document', body: mark('case_check_stale', 'old.household_id') },
  { name: 'case_check_setting_insert', on: 'AFTER INSERT ON setting', when: `new.key IN (${CHECK_SETTINGS})`, body: markAll('case_check_stale') },
  { name: 'case_check_setting_update', on: 'AFTER UPDATE ON setting', when: `new.key IN (${CHECK_SETTINGS})`, body: markAll('case_check_stale') },
  { name: 'case_check_setting_delete', on: 'AFTER DELETE ON setting', when: `old.key IN (${CHECK_SETTINGS})`, body: markAll('case_check_stale') },
  { name: 'case_check_pack_insert', on: 'AFTER INSERT ON checklist_pack', body: markAll('case_check_stale') },
  { name: 'case_check_region_update', on: 'AFTER UPDATE OF name, parent_id ON region', body: markAll('case_check_stale') },
  {
    name: 'case_check_page_insert',
    on: 'AFTER INSERT ON page',
    when: "new.review = 'pending' AND new.household_id IS NOT NULL",
    body: mark('case_check_stale', 'new.household_id'),
  },
  {
    name: 'case_check_page_update',
    on: 'AFTER UPDATE OF review, household_id, classification, suggestions ON page',
    when: `(old.review = 'pending' OR new.review = 'pending') AND (${PAGE_CHANGED})`,
    body: mark('case_check_stale', 'old.household_id') + mark('case_check_stale', 'new.household_id'),
  },
  { name: 'case_check_page_delete', on: 'AFTER DELETE ON page', when: "old.review = 'pending' AND old.household_id IS NOT NULL", body: mark('case_check_stale', 'old.household_id') },
  {
    name: 'case_check_page_named_insert',
    on: 'AFTER INSERT ON page',
    when: "new.review = 'pending' AND new.household_id IS NULL AND new.named_households IS NOT NULL",
    body: markNamed('new.named_households'),
  },
  {
    name: 'case_check_page_named_update',
    on: 'AFTER UPDATE OF review, household_id, classification, suggestions, named_households ON page',
    when: `(old.review = 'pending' OR new.review = 'pending') AND (old.named_households IS NOT NULL OR new.named_households IS NOT NULL) AND (${NAMED_CHANGED})`,
    body: markNamed("coalesce(old.named_households, '[]')") + markNamed("coalesce(new.named_households, '[]')"),
  },
];

/** Migration 0018: the rows a household's bound volumes are made of. */
const VOLUMES: Trigger[] = [
  { name: 'volume_household_insert', on: 'AFTER INSERT ON household', body: mark('volume_stale', 'new.id') },
  { name: 'volume_household_update', on: 'AFTER UPDATE ON household', body: mark('volume_stale', 'new.id') },
  { name: 'volume_case_insert', on: 'AFTER INSERT ON assistance_case', body: mark('volume_stale', 'new.household_id') },
  { name: 'volume_case_update', on: 'AFTER UPDATE ON assistance_case', body: mark('volume_stale', 'old.household_id') + mark('volume_stale', 'new.household_id') },
  { name: 'volume_document_insert', on: 'AFTER INSERT ON document', body: mark('volume_stale', 'new.household_id') },
  { name: 'volume_document_update', on: 'AFTER UPDATE ON document', body: mark('volume_stale', 'old.household_id') + mark('volume_stale', 'new.household_id') },
  { name: 'volume_document_delete', on: 'AFTER DELETE ON document', body: mark('volume_stale', 'old.household_id') },
  { name: 'volume_page_insert', on: 'AFTER INSERT ON page', when: 'new.household_id IS NOT NULL', body: mark('volume_stale', 'new.household_id') },
  { name: 'volume_page_update', on: 'AFTER UPDATE ON page', body: mark('volume_stale', 'old.household_id') + mark('volume_stale', 'new.household_id') },
  { name: 'volume_page_delete', on: 'AFTER DELETE ON page', when: 'old.household_id IS NOT NULL', body: mark('volume_stale', 'old.household_id') },
  { name: 'volume_exit_insert', on: 'AFTER INSERT ON household_exit', body: mark('volume_stale', 'new.household_id') },
  { name: 'volume_exit_update', on: 'AFTER UPDATE ON household_exit', body: mark('volume_stale', 'new.household_id') },
  { name: 'volume_case_check_insert', on: 'AFTER INSERT ON case_check', body: mark('volume_stale', 'new.household_id') },
  { name: 'volume_case_check_update', on: 'AFTER UPDATE ON case_check', body: mark('volume_stale', 'new.household_id') },
  { name: 'volume_setting_insert', on: 'AFTER INSERT ON setting', when: `new.key IN (${VOLUME_SETTINGS})`, body: markAll('volume_stale') },
  { name: 'volume_setting_update', on: 'AFTER UPDATE ON setting', when: `new.key IN (${VOLUME_SETTINGS})`, body: markAll('volume_stale') },
  { name: 'volume_region_update', on: 'AFTER UPDATE OF name, parent_id ON region', body: markAll('volume_stale') },
  { name: 'volume_pack_insert', on: 'AFTER INSERT ON checklist_pack', body: markAll('volume_stale') },
];

const refuse = (message: string) => `RAISE EXCEPTION '%', '${message}';`;
const DELETE_REFUSED = '档案不得删除：只有经鉴定批准的销毁程序才能移除';
const KEPT_FOREVER = '此记录永久保存，不得删除';

/** Migrations 0001, 0005, 0012, 0013 and 0014: what no statement may do. */
const GUARDS: Trigger[] = [
  { name: 'audit_log_no_update', on: 'BEFORE UPDATE ON audit_log', body: refuse('审计日志只能追加，不能修改') },
  { name: 'audit_log_no_delete', on: 'BEFORE DELETE ON audit_log', body: refuse('审计日志只能追加，不能删除') },
  ...['page', 'document', 'assistance_case'].map((table) => ({
    name: `${table}_no_delete`,
    on: `BEFORE DELETE ON ${table}`,
    when: "hudang_unlocked('destroy', old.household_id) IS DISTINCT FROM 1",
    body: refuse(DELETE_REFUSED),
  })),
  ...['member', 'household', 'household_exit'].map((table) => ({ name: `${table}_no_delete`, on: `BEFORE DELETE ON ${table}`, body: refuse(DELETE_REFUSED) })),
  ...['source_file', 'destruction_register', 'appraisal', 'appraisal_approval', 'user', 'checklist_pack'].map((table) => ({
    name: `${table}_no_delete`,
    on: `BEFORE DELETE ON "${table}"`,
    body: refuse(KEPT_FOREVER),
  })),
  { name: 'destruction_register_no_update', on: 'BEFORE UPDATE ON destruction_register', body: refuse('销毁清册不得修改') },
  {
    name: 'household_exit_dates_fixed',
    on: 'BEFORE UPDATE OF household_id, exited_on, retention_start, retention_until ON household_exit',
    when: `old.household_id IS DISTINCT FROM new.household_id OR old.exited_on IS DISTINCT FROM new.exited_on
       OR old.retention_start IS DISTINCT FROM new.retention_start OR old.retention_until IS DISTINCT FROM new.retention_until`,
    body: refuse('退出日期和保管期限一经登记不得修改'),
  },
  {
    name: 'household_exit_hold_kept',
    on: 'BEFORE UPDATE OF legal_hold ON household_exit',
    when: "old.legal_hold = 1 AND new.legal_hold IS DISTINCT FROM 1 AND hudang_unlocked('release', old.id) IS DISTINCT FROM 1",
    body: refuse('法律保全（冻结）只能通过“解除保全”操作解除'),
  },
  {
    name: 'household_exit_destroyed_fixed',
    on: 'BEFORE UPDATE OF destroyed_on ON household_exit',
    when: "old.destroyed_on IS DISTINCT FROM new.destroyed_on AND (old.destroyed_on IS NOT NULL OR hudang_unlocked('destroy', old.household_id) IS DISTINCT FROM 1)",
    body: refuse('销毁日期只能由经鉴定批准的销毁程序写入'),
  },
  { name: 'town_key_never_deleted', on: 'BEFORE DELETE ON town_key', body: refuse('已登记的镇街签名密钥不得删除') },
  {
    name: 'town_key_fixed',
    on: 'BEFORE UPDATE ON town_key',
    when: `old.town IS DISTINCT FROM new.town OR old.town_code IS DISTINCT FROM new.town_code OR old.public_key IS DISTINCT FROM new.public_key
       OR old.fingerprint IS DISTINCT FROM new.fingerprint OR old.recorded_at IS DISTINCT FROM new.recorded_at OR old.recorded_by IS DISTINCT FROM new.recorded_by
       OR old.how IS DISTINCT FROM new.how OR old.retired_at IS NOT NULL`,
    body: refuse('已登记的镇街签名密钥不得修改，只能由区级确认新密钥替换'),
  },
  { name: 'archive_check_record_fixed', on: 'BEFORE UPDATE ON archive_check_record', body: refuse('已记录的档案检查结果不得修改，请重新记录') },
];

async function createTrigger(db: Kysely<any>, t: Trigger): Promise<void> {
  // A guard's RAISE ends the statement; an after-trigger's return value is ignored.
  await sql.raw(`CREATE FUNCTION ${t.name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ${t.body} RETURN NULL; END $$`).execute(db);
  const when = t.when ? `WHEN (${t.when})` : '';
  await sql.raw(`CREATE TRIGGER ${t.name} ${t.on} FOR EACH ROW ${when} EXECUTE FUNCTION ${t.name}()`).execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  if (onSqlite(db)) return;
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);

  await sql`CREATE TABLE case_check (
    case_id integer PRIMARY KEY REFERENCES assistance_case(id) ON DELETE CASCADE,
    household_id integer NOT NULL,
    status text NOT NULL,
    missing text NOT NULL,
    unconfirmed text NOT NULL,
    timeline text NOT NULL,
    review_due_on text,
    review_detail text,
    waiting text NOT NULL DEFAULT '[]',
    archive_checks text NOT NULL DEFAULT '[]')`.execute(db);
  await sql`CREATE INDEX case_check_household ON case_check(household_id)`.execute(db);
  await sql`CREATE TABLE case_check_meta (key text PRIMARY KEY, value text NOT NULL)`.execute(db);
  // A re-marked household gets a new seq, so a refresh that judged it while it changed leaves it stale (see 0007).
  for (const table of ['case_check_stale', 'volume_stale']) {
    await sql.raw(`CREATE TABLE ${table} (seq integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, household_id integer NOT NULL UNIQUE)`).execute(db);
  }
  await sql`CREATE FUNCTION hudang_mark(stale text, household integer) RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      IF household IS NULL THEN RETURN; END IF;
      EXECUTE format('INSERT INTO %I(household_id) VALUES ($1) ON CONFLICT (household_id) DO UPDATE SET seq = nextval(pg_get_serial_sequence(%L, ''seq''))', stale, stale)
        USING household;
    END $$`.execute(db);
  await sql`CREATE FUNCTION hudang_mark_all(stale text) RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      EXECUTE format('INSERT INTO %I(household_id) SELECT id FROM household ON CONFLICT (household_id) DO UPDATE SET seq = nextval(pg_get_serial_sequence(%L, ''seq''))', stale, stale);
    END $$`.execute(db);
  // Set (transaction-local) only by the service's destroy and release transactions.
  await sql`CREATE FUNCTION hudang_unlocked(kind text, id integer) RETURNS integer LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN kind || ':' || id = ANY (string_to_array(current_setting('hudang.unlock', true), ',')) THEN 1 ELSE 0 END $$`.execute(db);

  for (const trigger of [...CASE_CHECK, ...VOLUMES, ...GUARDS]) await createTrigger(db, trigger);

  await sql`CREATE INDEX page_text_trgm ON page USING gin ((coalesce(ocr_text, title_text)) gin_trgm_ops)`.execute(db);
  await sql`CREATE INDEX household_text_trgm ON household USING gin ((head_name || ' ' || id_number || ' ' || coalesce(address, '')) gin_trgm_ops)`.execute(db);

  await sql`SELECT hudang_mark_all('case_check_stale'), hudang_mark_all('volume_stale')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (onSqlite(db)) return;
  for (const t of [...CASE_CHECK, ...VOLUMES, ...GUARDS]) await sql.raw(`DROP FUNCTION IF EXISTS ${t.name}() CASCADE`).execute(db);
  for (const fn of ['hudang_mark(text, integer)', 'hudang_mark_all(text)', 'hudang_unlocked(text, integer)']) await sql.raw(`DROP FUNCTION IF EXISTS ${fn}`).execute(db);
  for (const table of ['case_check_stale', 'volume_stale', 'case_check_meta', 'case_check']) await sql.raw(`DROP TABLE IF EXISTS ${table}`).execute(db);
  await sql`DROP INDEX IF EXISTS page_text_trgm`.execute(db);
  await sql`DROP INDEX IF EXISTS household_text_trgm`.execute(db);
}
