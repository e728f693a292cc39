import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from '../support/paths';

/** Runs the real CLI in a child process, as a clerk's script would. */

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

const root = projectRoot();
const entry = path.join(root, 'bin', 'hudang.js');

export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [entry, ...args], { cwd: root, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** The documented form: `npm run -s hudang -- --data DIR …`. */
export function runNpmHudang(args: string[]): CliResult {
  const r = spawnSync('npm', ['run', '-s', 'hudang', '--', ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}
