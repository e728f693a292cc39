import { SqliteAdapter, sql, type Kysely } from 'kysely';

/**
 * Full-text search over households (户主姓名, 身份证号, 住址) with SQLite FTS5's
 * trigram tokenizer, which finds any 3+ character fragment of Chinese text or
 * digits. Households that existed before this migration are indexed by the
 * rebuild. Other databases search with LIKE and need no index here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
  await sql`CREATE VIRTUAL TABLE household_fts USING fts5(
    head_name, id_number, address, content='household', content_rowid='id', tokenize='trigram')`.execute(db);
  await sql`CREATE TRIGGER household_fts_insert AFTER INSERT ON household BEGIN
    INSERT INTO household_fts(rowid, head_name, id_number, address)
    VALUES (new.id, new.head_name, new.id_number, new.address); END`.execute(db);
  await sql`CREATE TRIGGER household_fts_delete AFTER DELETE ON household BEGIN
    INSERT INTO household_fts(household_fts, rowid, head_name, id_number, address)
    VALUES ('delete', old.id, old.head_name, old.id_number, old.address); END`.execute(db);
  await sql`CREATE TRIGGER household_fts_update AFTER UPDATE OF head_name, id_number, address ON household BEGIN
    INSERT INTO household_fts(household_fts, rowid, head_name, id_number, address)
    VALUES ('delete', old.id, old.head_name, old.id_number, old.address);
    INSERT INTO household_fts(rowid, head_name, id_number, address)
    VALUES (new.id, new.head_name, new.id_number, new.address); END`.execute(db);
  await sql`INSERT INTO household_fts(household_fts) VALUES ('rebuild')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
  for (const trigger of ['household_fts_insert', 'household_fts_delete', 'household_fts_update']) {
    await sql`DROP TRIGGER IF EXISTS ${sql.raw(trigger)}`.execute(db);
  }
  await sql`DROP TABLE IF EXISTS household_fts`.execute(db);
}
