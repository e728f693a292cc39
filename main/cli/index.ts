import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openArchive } from '../archive';
import { tesseractProvider } from '../ingest/ocrProvider';
import { createGuardedApi } from '../app/guard';
import { SessionStore } from '../auth/sessions';
import { hasUsers } from '../auth/users';
import type { Archive } from '../archive';
import { askPassword } from './prompt';
import type { HudangApi, ProgressEvent, SessionUser } from '../api/contract';
import type { CliOptions, Command } from './command';
import { commands, usage, UsageError } from './commands';
import { CASE_OPTIONS, caseArgs } from './caseCommands';

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

/** With users set up, every CLI run logs in: --user NAME, password from HUDANG_PASSWORD or typed at the prompt. */
async function logIn(api: HudangApi, archive: Archive, options: CliOptions): Promise<SessionUser | null> {
  if (!(await hasUsers(archive.db))) return api.whoami({});
  if (!options.user) throw new UsageError('此档案已设置用户：请用 --user 指定用户名（密码由环境变量 HUDANG_PASSWORD 提供，或在提示时输入）');
  const password = process.env.HUDANG_PASSWORD ?? (await askPassword(`用户 ${options.user} 的密码：`));
  return (await api.login({ username: options.user, password })).user;
}

async function runStandalone(run: NonNullable<Command['standalone']>, options: CliOptions, args: string[]): Promise<number> {
  try {
    return await run(options, args);
  } catch (error) {
    process.stderr.write(`错误：${(error as Error).message}\n`);
    return error instanceof UsageError ? 2 : 1;
  }
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
      role: { type: 'string' },
      name: { type: 'string' },
      date: { type: 'string' },
      reason: { type: 'string' },
      within: { type: 'string' },
      years: { type: 'string' },
      start: { type: 'string' },
      release: { type: 'boolean', default: false },
      opinion: { type: 'string' },
      out: { type: 'string' },
      from: { type: 'string' },
      household: { type: 'string' },
      item: { type: 'string' },
      type: { type: 'string' },
      masked: { type: 'boolean', default: false },
      seed: { type: 'string' },
      since: { type: 'string' },
      port: { type: 'string' },
      db: { type: 'string' },
      'to-db': { type: 'string' },
      'to-store': { type: 'string' },
      store: { type: 'string' },
      'full-id': { type: 'boolean', default: false },
      'no-ocr': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      'include-exited': { type: 'boolean', default: false },
      point: { type: 'string' },
      state: { type: 'string' },
      note: { type: 'string' },
      ...CASE_OPTIONS,
    },
  });
  return {
    positionals,
    options: {
      dataDir: values.data ?? defaultDataDir(),
      db: values.db,
      toDb: values['to-db'],
      toStore: values['to-store'],
      store: values.store,
      actor: values.user ?? `cli:${os.userInfo().username}`,
      user: values.user,
      json: values.json ?? false,
      village: values.village,
      town: values.town,
      role: values.role,
      name: values.name,
      date: values.date,
      reason: values.reason,
      within: values.within,
      years: values.years,
      start: values.start,
      release: values.release ?? false,
      opinion: values.opinion,
      out: values.out,
      from: values.from,
      household: values.household,
      item: values.item,
      type: values.type,
      masked: values.masked ?? false,
      seed: values.seed,
      since: values.since,
      port: values.port,
      fullId: values['full-id'] ?? false,
      noOcr: values['no-ocr'] ?? false,
      help: values.help ?? false,
      includeExited: values['include-exited'] ?? false,
      point: values.point,
      state: values.state,
      note: values.note,
      caseArgs: caseArgs(values),
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
  if (command.standalone) return runStandalone(command.standalone, options, positionals.slice(1));
  const archive = await openArchive(options.dataDir, { ...(options.db ? { db: options.db } : {}), ...(options.store ? { store: options.store } : {}) });
  const ocr = tesseractProvider();
  const onProgress = options.json ? undefined : progressLine;
  try {
    const caller = { token: null };
    const api = createGuardedApi({ archive, setupActor: options.actor, sessions: new SessionStore(), caller, ocr, ...(onProgress ? { onProgress } : {}) });
    const me = await logIn(api, archive, options);
    const audit = { actor: me?.username ?? options.actor, now: () => new Date() };
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

