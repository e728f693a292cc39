import type { ScannerProblem } from '../api/contract';

/**
 * What the scanner-folder watcher has run into during this run of the
 * program: each folder's current state, and the problems it met (a folder
 * gone or unreadable, the file system's watcher failing, a file that could
 * not be processed). The 工作台 shows them and raises new ones as alerts.
 * Kept in memory: it describes the watcher running now, not the archive.
 */

const KEEP = 50;

export class ScannerMonitor {
  private dirs: string[] = [];
  private readonly folderProblems = new Map<string, string>();
  private problems: ScannerProblem[] = [];
  private nextId = 1;

  constructor(private readonly now: () => Date = () => new Date()) {}

  /** The folders being watched from now on (none: nothing is watched). */
  watching(dirs: string[]): void {
    this.dirs = [...dirs];
    for (const dir of [...this.folderProblems.keys()]) if (!dirs.includes(dir)) this.folderProblems.delete(dir);
  }

  /** A folder's state changed: a problem, or null once it reads again. */
  folder(dir: string, problem: string | null): void {
    if (problem === null) {
      this.folderProblems.delete(dir);
      return;
    }
    this.folderProblems.set(dir, problem);
    this.problem(dir, problem);
  }

  /** A problem met; the same problem again only moves its time and count, so alerts are raised once. */
  problem(path: string, message: string): void {
    const at = this.now().toISOString();
    const same = this.problems.find((p) => p.path === path && p.message === message);
    if (same) {
      same.at = at;
      same.count++;
      return;
    }
    this.problems = [{ id: this.nextId++, at, path, message, count: 1 }, ...this.problems].slice(0, KEEP);
  }

  snapshot(): { watching: boolean; folders: { path: string; problem: string | null }[]; problems: ScannerProblem[] } {
    return {
      watching: this.dirs.length > 0,
      folders: this.dirs.map((path) => ({ path, problem: this.folderProblems.get(path) ?? null })),
      problems: [...this.problems].sort((a, b) => b.at.localeCompare(a.at) || b.id - a.id).map((p) => ({ ...p })),
    };
  }
}
