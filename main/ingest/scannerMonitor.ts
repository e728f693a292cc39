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
    for (const dir of [...this.folderProblems.keys()]) if (!dirs.includes(dir)) this.folder(dir, null);
  }

  /**
   * A folder's state as found now: a problem, or null once it reads again.
   * A new problem is raised once; one that is gone stays listed as resolved
   * (for whoever missed it) and its alert is cleared; if it comes back it is
   * a new problem, raised again.
   */
  folder(dir: string, problem: string | null): void {
    const was = this.folderProblems.get(dir) ?? null;
    if (was === problem) return;
    if (was !== null) {
      const at = this.now().toISOString();
      for (const p of this.problems) if (p.path === dir && p.message === was && p.resolvedAt === null) p.resolvedAt = at;
    }
    if (problem === null) {
      this.folderProblems.delete(dir);
      return;
    }
    this.folderProblems.set(dir, problem);
    this.problem(dir, problem);
  }

  /** A problem met; the same problem again (while not resolved) only moves its time and count, so alerts are raised once. */
  problem(path: string, message: string): void {
    const at = this.now().toISOString();
    const same = this.problems.find((p) => p.path === path && p.message === message && p.resolvedAt === null);
    if (same) {
      same.at = at;
      same.count++;
      return;
    }
    this.problems = [{ id: this.nextId++, at, path, message, count: 1, resolvedAt: null }, ...this.problems].slice(0, KEEP);
  }

  /** The folders watched now. */
  watched(): readonly string[] {
    return this.dirs;
  }

  snapshot(): { watching: boolean; folders: { path: string; problem: string | null }[]; problems: ScannerProblem[] } {
    return {
      watching: this.dirs.length > 0,
      folders: this.dirs.map((path) => ({ path, problem: this.folderProblems.get(path) ?? null })),
      problems: [...this.problems].sort((a, b) => b.at.localeCompare(a.at) || b.id - a.id).map((p) => ({ ...p })),
    };
  }
}
