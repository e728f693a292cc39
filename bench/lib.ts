import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Shared benchmark helpers: medians, timing, and the sections of bench/RESULTS.md. */

export const benchDir = path.dirname(fileURLToPath(import.meta.url));
export const resultsFile = path.join(benchDir, 'RESULTS.md');

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export async function timeRuns(runs: number, work: () => Promise<unknown> | unknown): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  return times;
}

/** Peak resident set size of this process so far, in MiB. */
export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

export function machineLine(): string {
  const cpu = os.cpus()[0]?.model ?? '未知';
  const mem = (os.totalmem() / 2 ** 30).toFixed(0);
  return `${os.availableParallelism()} cores (${cpu}), ${mem} GiB RAM, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`;
}

/** The body of the section starting with `heading` in bench/RESULTS.md as it stands, or null. */
export function readSection(heading: string): string | null {
  if (!fs.existsSync(resultsFile)) return null;
  const text = fs.readFileSync(resultsFile, 'utf8');
  const start = text.indexOf(`${heading}\n`);
  if (start < 0) return null;
  const next = text.indexOf('\n## ', start + heading.length);
  return text.slice(start + heading.length + 1, next < 0 ? undefined : next).trim();
}

/** Replaces (or appends) the section starting with `heading` in bench/RESULTS.md. */
export function writeSection(heading: string, body: string): void {
  const header = '# Benchmark results\n\nRun with `npm run bench`. Medians of several runs on the machine named in each section.\n';
  const text = fs.existsSync(resultsFile) ? fs.readFileSync(resultsFile, 'utf8') : header;
  const section = `${heading}\n\n${body.trim()}\n`;
  const start = text.indexOf(`${heading}\n`);
  if (start < 0) {
    fs.writeFileSync(resultsFile, `${text.trimEnd()}\n\n${section}`);
    return;
  }
  const next = text.indexOf('\n## ', start + heading.length);
  fs.writeFileSync(resultsFile, `${text.slice(0, start)}${section}${next < 0 ? '' : text.slice(next)}`);
}

/** Wall-clock time of a whole command, as a clerk's script would see it. */
export function timeCommand(command: string, args: string[], cwd: string): { ms: number; stdout: string } {
  const start = performance.now();
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${r.stderr}`);
  return { ms: performance.now() - start, stdout: r.stdout };
}

/** A JPEG made unique by a comment segment after SOI: cheap distinct files from a few rendered images. */
export function withJpegComment(jpeg: Buffer, tag: string): Buffer {
  const text = Buffer.from(tag, 'utf8');
  const segment = Buffer.concat([Buffer.from([0xff, 0xfe, (text.length + 2) >> 8, (text.length + 2) & 0xff]), text]);
  return Buffer.concat([jpeg.subarray(0, 2), segment, jpeg.subarray(2)]);
}
