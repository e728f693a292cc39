import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CheckRow, PageRow, RejectedRow } from '../../api/contract';
import { openArchive } from '../../archive';
import { tesseractProvider } from '../../ingest/ocrProvider';
import { createService } from '../../service';
import { planCorpus, writeCorpus, type CorpusPlan, type WrittenCorpus } from './build';
import { defaultPackFile, packNames, scoreFiling, type Scores } from './score';
import { FAMILIES, HELD_OUT_FAMILY, TUNED_FAMILIES, type FamilyId } from './types';

/**
 * The filing measurement: writes the corpus to a temporary folder, creates a
 * real archive, imports the roster CSV, ingests the corpus folder through the
 * service API with real OCR (what `hudang ingest DIR` does: the same
 * tesseract provider, the same pipeline), reads the `pages --json` rows and
 * the `check --json` answers back through the service, and scores them
 * against the truth. Prints counts only, never names or ID numbers.
 */

export type FamilySelection = 'all' | 'tuned' | 'heldout' | FamilyId[];

export function familiesOf(selection: FamilySelection): readonly FamilyId[] {
  if (selection === 'all') return FAMILIES;
  if (selection === 'tuned') return TUNED_FAMILIES;
  if (selection === 'heldout') return [HELD_OUT_FAMILY];
  return selection;
}

/** Parses `all`, `tuned`, `heldout` or a comma list of family names. */
export function parseFamilies(text: string | undefined): FamilySelection {
  if (!text || text === 'all') return 'all';
  if (text === 'tuned' || text === 'heldout') return text;
  const list = text.split(',').map((s) => s.trim()) as FamilyId[];
  const bad = list.filter((f) => !(FAMILIES as readonly string[]).includes(f));
  if (bad.length > 0)
    throw new Error(`unknown families: ${bad.join(', ')} (known: ${FAMILIES.join(', ')}, or all/tuned/heldout)`);
  return list;
}

export interface MeasureOptions {
  households: number;
  seed?: number;
  families?: FamilySelection;
  /** Where to build the corpus and the archive (a new temporary folder by default; removed unless `keep`). */
  workDir?: string;
  keep?: boolean;
  /** Keep every captured page image as its own file (for timing native OCR on the same pages). */
  keepPages?: boolean;
  log?: (line: string) => void;
  /** A ready plan instead of one made from households/seed/families (small end-to-end tests). */
  plan?: CorpusPlan;
}

export interface Measurement {
  corpus: WrittenCorpus;
  scores: Scores;
  rows: PageRow[];
  checks: CheckRow[];
  rejected: RejectedRow[];
  families: readonly FamilyId[];
  pages: number;
  files: number;
  generateMs: number;
  ingestMs: number;
  workDir: string;
}

export async function measureFiling(options: MeasureOptions): Promise<Measurement> {
  const log = options.log ?? (() => undefined);
  const workDir = options.workDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'hudang-filing-'));
  const families = familiesOf(options.families ?? 'all');
  try {
    const plan = options.plan ?? planCorpus({ households: options.households, seed: options.seed ?? 2025, families });
    const pages = plan.files.reduce((n, f) => n + f.pages.length, 0);
    log(
      `corpus: ${plan.households.length} households, ${plan.files.length} files, ${pages} pages (families: ${families.join(', ')})`,
    );
    const genStart = performance.now();
    const corpus = await writeCorpus(path.join(workDir, 'corpus'), plan, { keepPages: options.keepPages ?? false });
    const generateMs = performance.now() - genStart;
    log(`written in ${(generateMs / 1000).toFixed(0)} s`);

    const archive = await openArchive(path.join(workDir, 'archive'));
    const ocr = tesseractProvider();
    try {
      const api = createService({ archive, actor: 'filing-bench', ocr });
      const roster = await api.importRoster({ path: corpus.rosterFile });
      if (roster.errors.length > 0)
        throw new Error(`roster rows refused: ${roster.errors.map((e) => `${e.row} ${e.reason}`).join('; ')}`);
      const filesRoot = path.join(corpus.root, 'files');
      const start = performance.now();
      await api.ingest({ paths: [filesRoot] });
      const ingestMs = performance.now() - start;
      log(`ingested in ${(ingestMs / 1000).toFixed(0)} s`);
      const rows = await api.listPages({});
      const checks = await api.checkHouseholds({});
      const rejected = await api.listRejected({});
      const scores = scoreFiling(corpus.truth, filesRoot, rows, checks, packNames(defaultPackFile()));
      return {
        corpus,
        scores,
        rows,
        checks,
        rejected,
        families,
        pages,
        files: plan.files.length,
        generateMs,
        ingestMs,
        workDir,
      };
    } finally {
      await ocr.close();
      await archive.close();
    }
  } finally {
    if (!options.keep && !options.workDir) fs.rmSync(workDir, { recursive: true, force: true });
  }
}
