import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openArchive } from '../archive';
import { tesseractProvider } from '../ingest/ocrProvider';
import { createService } from '../service';
import type { ProgressEvent } from '../api/contract';
import type { CliOptions } from './command';
import { commands, usage, UsageError } from './commands';

/**
 * The hudang command line: `hudang --data DIR <command> [...]`. Parses
 * arguments, opens the archive, calls the service API, prints the result.
 * Human output is Chinese; --json prints only JSON on stdout; errors go to
 * stderr with a non-zero exit code.
 */

function defaultDataDir(): string {
  return process.env.HUDANG_DATA ?? path.join(os.homedir(), '.hudang');
}

/** Long work reports on stderr, one updating line, so stdout stays clean for scripts. */
function progressLine(event: ProgressEvent): void {
  if (!process.stderr.isTTY) return;
  process.stderr.write(`\r${event.task}：${event.done}/${event.total}${event.done === event.total ? '\n' : ''}`);
}

function parse(argv: string[]): { options: CliOptions; positionals: string[] } {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      data: { type: 'string' },
      user: { type: 'string' },
      json: { type: 'boolean', default: false },
      village: { type: 'string' },
      town: { type: 'string' },
      port: { type: 'string' },
      'full-id': { type: 'boolean', default: false },
      'no-ocr': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  return {
    positionals,
    options: {
      dataDir: values.data ?? defaultDataDir(),
      actor: values.user ?? `cli:${os.userInfo().username}`,
      json: values.json ?? false,
      village: values.village,
      town: values.town,
      port: values.port,
      fullId: values['full-id'] ?? false,
      noOcr: values['no-ocr'] ?? false,
      help: values.help ?? false,
    },
  };
}

export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parse(argv);
  } catch (error) {
    process.stderr.write(`参数错误：${(error as Error).message}\n${usage}\n`);
    return 2;
  }
  const { options, positionals } = parsed;
  const name = positionals[0];
  const command = name ? commands[name] : undefined;
  if (options.help || !command) {
    (name && !command ? process.stderr : process.stdout).write(`${name && !command ? `未知命令：${name}\n` : ''}${usage}\n`);
    return options.help || !name ? 0 : 2;
  }
  const archive = await openArchive(options.dataDir);
  const ocr = tesseractProvider();
  const onProgress = options.json ? undefined : progressLine;
  try {
    const api = createService({ archive, actor: options.actor, ocr, ...(onProgress ? { onProgress } : {}) });
    const audit = { actor: options.actor, now: () => new Date() };
    return await command.run({ api, archive, options, args: positionals.slice(1), ocr, audit });
  } catch (error) {
    const message = error instanceof UsageError ? `${error.message}\n${usage}` : (error as Error).message;
    process.stderr.write(`错误：${message}\n`);
    return error instanceof UsageError ? 2 : 1;
  } finally {
    if (!command.keepsRunning) {
      await ocr.close();
      await archive.close();
    }
  }
}

