import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import type { Archive } from '../archive';
import { databaseFor } from '../db/postgres';

/**
 * Another client of an archive's database: a sqlite3 shell on the file, or
 * psql on the server. It is not the app's connection, so none of the guards
 * the service opens (whileUnlocked) are open for it.
 */
export interface OtherClient {
  run(statement: string, ...params: unknown[]): Promise<void>;
  rows<T>(query: string, ...params: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export async function otherClient(archive: Archive): Promise<OtherClient> {
  if (archive.engine === 'sqlite') {
    const db = new BetterSqlite3(archive.dbFile);
    // PostgreSQL's $1 placeholders, so one test text serves both engines.
    const prepare = (text: string) => db.prepare(text.replace(/\$\d+/g, '?'));
    return {
      run: async (text, ...params) => void prepare(text).run(...params),
      rows: async <T>(text: string, ...params: unknown[]) => prepare(text).all(...params) as T[],
      close: async () => void db.close(),
    };
  }
  const server = process.env.HUDANG_DB;
  if (!server) throw new Error('otherClient needs HUDANG_DB for an archive on PostgreSQL');
  const client = new pg.Client({ connectionString: databaseFor(server, archive.dataDir) });
  await client.connect();
  return {
    run: async (text, ...params) => void (await client.query(text, params)),
    rows: async <T>(text: string, ...params: unknown[]) => (await client.query(text, params)).rows as T[],
    close: () => client.end(),
  };
}
