import type { Kysely } from 'kysely';

/**
 * Logged-in sessions move from one process's memory into the database, so
 * every process serving an archive knows them (main/auth/sessions.ts). Not
 * audited and not archive data: a session is a token's hash and a time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('session')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('last_seen', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('session_last_seen').on('session').column('last_seen').execute();
}
