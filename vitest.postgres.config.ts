import { defineConfig } from 'vitest/config';
import base from './vitest.config';

/**
 * The API suite on PostgreSQL: `.ci/run` starts a server and sets HUDANG_DB
 * to a URL whose database name holds `*`, so every test archive gets a
 * database of its own there (main/db/postgres.ts databaseFor).
 *
 * Left out: tests of the SQLite file itself (attacks with a sqlite3 shell on
 * hudang.db, migrations step by step, killed writers, the audit anchor
 * against a cut file), the ZIP backup (SQLite only; a server has pg_dump),
 * the golden export (a checked-in SQLite archive), and OCR ingestion, whose
 * database work the other suites already cover, except the queue's claims
 * and two processes ingesting into one archive at once (main/ingest/claims,
 * ingestRace), which only a server has to get right.
 */
export default defineConfig({
  test: {
    ...base.test,
    include: [
        'main/db/postgres.test.ts',
        'main/integrity/migrate.test.ts',
        'renderer/e2e/databaseServer.test.ts',
        'main/ingest/claims.test.ts',
        'main/ingest/ingestRace.test.ts',
        'main/{api,app,auth,checklist,cli,district,documents,export,holidays,host,households,inspect,print,retention,roster,search,service,settings}/**/*.test.ts',
      ],
      exclude: [
        'main/retention/destructionGuards.test.ts',
        'main/roster/rosterCli.test.ts',
        'main/export/golden.test.ts',
        '**/node_modules/**',
      ],
  },
});
