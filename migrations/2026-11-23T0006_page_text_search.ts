import { SqliteAdapter, sql, type Kysely } from 'kysely';

/**
 * Full-text search over what was read on every page (OCR or the PDF's own
 * text; the title band until the full page is read), with FTS5's trigram
 * tokenizer: any 3+ character fragment of Chinese text or digits. The index is
 * contentless (the text stays in page only, not twice on disk); answers come
 * back as page ids and the snippet is cut from page.ocr_text. Pages that
 * existed before this migration are indexed here.
 */
const PAGE_TEXT = sql`coalesce(new.ocr_text, new.title_text)`;

export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
  await sql`CREATE VIRTUAL TABLE page_fts USING fts5(text, content='', contentless_delete=1, tokenize='trigram')`.execute(db);
  await sql`CREATE TRIGGER page_fts_insert AFTER INSERT ON page WHEN ${PAGE_TEXT} IS NOT NULL BEGIN
    INSERT INTO page_fts(rowid, text) VALUES (new.id, ${PAGE_TEXT}); END`.execute(db);
  await sql`CREATE TRIGGER page_fts_update AFTER UPDATE OF ocr_text, title_text ON page BEGIN
    DELETE FROM page_fts WHERE rowid = old.id;
    INSERT INTO page_fts(rowid, text) SELECT new.id, ${PAGE_TEXT} WHERE ${PAGE_TEXT} IS NOT NULL; END`.execute(db);
  await sql`CREATE TRIGGER page_fts_delete AFTER DELETE ON page BEGIN
    DELETE FROM page_fts WHERE rowid = old.id; END`.execute(db);
  await sql`INSERT INTO page_fts(rowid, text)
    SELECT id, coalesce(ocr_text, title_text) FROM page WHERE coalesce(ocr_text, title_text) IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
  for (const trigger of ['page_fts_insert', 'page_fts_update', 'page_fts_delete']) {
    await sql`DROP TRIGGER IF EXISTS ${sql.raw(trigger)}`.execute(db);
  }
  await sql`DROP TABLE IF EXISTS page_fts`.execute(db);
}
