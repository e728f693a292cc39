import { sql, type Kysely } from 'kysely';
import { onSqlite } from './engine';

/**
 * Two things `hudang migrate` (moving a SQLite archive onto the server)
 * needs of PostgreSQL's schema, nothing on SQLite:
 *
 *   - a page's OCR confidence and deskew angle were declared `real`: 8 bytes
 *     in SQLite, but 4 bytes on PostgreSQL, which rounded them; the move
 *     checks every value, so the server keeps them as SQLite does;
 *   - the archive's references run in a circle (a case names its household's
 *     exit, the exit its 停止救助通知书 document, the document its case), so
 *     rows copied table by table can only be checked once all are in. Every
 *     foreign key becomes DEFERRABLE INITIALLY IMMEDIATE: checked at once,
 *     as before, unless a transaction defers it (only the move does).
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (onSqlite(db)) return;
  await db.schema.alterTable('page').alterColumn('confidence', (c) => c.setDataType('double precision')).execute();
  await db.schema.alterTable('page').alterColumn('deskew', (c) => c.setDataType('double precision')).execute();
  await sql`DO $$
    DECLARE r record;
    BEGIN
      FOR r IN SELECT conrelid::regclass AS t, conname FROM pg_constraint WHERE contype = 'f' AND connamespace = current_schema()::regnamespace LOOP
        EXECUTE format('ALTER TABLE %s ALTER CONSTRAINT %I DEFERRABLE INITIALLY IMMEDIATE', r.t, r.conname);
      END LOOP;
    END $$`.execute(db);
}
