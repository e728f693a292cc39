import type { Kysely } from 'kysely';

/**
 * Claims on the ingest queue (issue 20): several processes may work one
 * archive on a server, and splitting and OCR run outside any transaction,
 * so a file (or a page waiting for its full text) records who is working
 * it and until when. A claim whose lease runs out, or whose process on
 * this machine is gone, is taken over (main/ingest/claims.ts).
 */

const TABLES = ['source_file', 'page'];

export async function up(db: Kysely<any>): Promise<void> {
  for (const table of TABLES) {
    await db.schema.alterTable(table).addColumn('claimed_by', 'text').execute();
    // ISO UTC text, like every other time in the archive: compared as text.
    await db.schema.alterTable(table).addColumn('claimed_until', 'text').execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of TABLES) {
    await db.schema.alterTable(table).dropColumn('claimed_until').execute();
    await db.schema.alterTable(table).dropColumn('claimed_by').execute();
  }
}
