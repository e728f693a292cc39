import type { HudangApi } from '../api/contract';
import type { Archive } from '../archive';
import type { AuditContext } from '../db/audit';
import type { OcrProvider } from '../ingest/ocrProvider';
import type { CaseArgs } from './caseCommands';

/** What every CLI command receives and returns. */

export interface CliOptions {
  dataDir: string;
  /** --db: a postgres:// URL for the archive's database (default HUDANG_DB, else hudang.db in --data). */
  db: string | undefined;
  /** migrate --to-db: the PostgreSQL database to move this archive to. */
  toDb: string | undefined;
  /** migrate --to-store: a folder or s3:// URL to copy the blobs to as well. */
  toStore: string | undefined;
  /** --store: a folder or an s3:// URL for the archive's blobs (default HUDANG_STORE, else store/ in --data). */
  store: string | undefined;
  actor: string;
  /** --user: the login name once the archive has users. */
  user: string | undefined;
  json: boolean;
  village: string | undefined;
  port: string | undefined;
  fullId: boolean;
  noOcr: boolean;
  town: string | undefined;
  role: string | undefined;
  name: string | undefined;
  date: string | undefined;
  reason: string | undefined;
  within: string | undefined;
  years: string | undefined;
  start: string | undefined;
  release: boolean;
  opinion: string | undefined;
  out: string | undefined;
  from: string | undefined;
  household: string | undefined;
  /** --item: a checklist item code (file). */
  item: string | undefined;
  type: string | undefined;
  masked: boolean;
  seed: string | undefined;
  since: string | undefined;
  help: boolean;
  /** --include-exited: check also households that exited (整户退出). */
  includeExited: boolean;
  /** checks record: the 附件7 point's number, ok|problem, and the note. */
  point: string | undefined;
  state: string | undefined;
  note: string | undefined;
  /** The options of `case set` (caseCommands.ts). */
  caseArgs: CaseArgs;
}

export interface CommandInput {
  api: HudangApi;
  archive: Archive;
  options: CliOptions;
  args: string[];
  ocr: OcrProvider;
  audit: AuditContext;
}

export interface Command {
  run(input: CommandInput): Promise<number>;
  /** Servers keep the archive open after run() returns. */
  keepsRunning?: boolean;
  /** Commands that must not open the archive at --data (restore fills an empty folder). */
  standalone?: (options: CliOptions, args: string[]) => Promise<number>;
}

export class UsageError extends Error {}
