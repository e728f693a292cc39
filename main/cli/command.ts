import type { HudangApi } from '../api/contract';
import type { Archive } from '../archive';
import type { AuditContext } from '../db/audit';
import type { OcrProvider } from '../ingest/ocrProvider';

/** What every CLI command receives and returns. */

export interface CliOptions {
  dataDir: string;
  actor: string;
  json: boolean;
  village: string | undefined;
  port: string | undefined;
  fullId: boolean;
  noOcr: boolean;
  town: string | undefined;
  help: boolean;
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
}

export class UsageError extends Error {}
