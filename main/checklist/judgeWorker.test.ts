import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive, type Archive } from '../archive';
import { createService } from '../service';
import { workerEntry, workerPool } from '../support/workerPool';
import { householdCells, rosterCsv, syntheticHouseholds, tempDir, writeCsv } from '../testing/fixtures';
import { bundleWorker } from '../testing/workers';
import { loadRecords, type JudgeRecords } from './judge';
import { caseCheckRows } from './judgeRecords';

/** The judging worker loads from the bundle the desktop build makes (dist/main/judgeWorker.js) and answers as this thread does. */

let archive: Archive;
let records: JudgeRecords;

beforeAll(async () => {
  const dir = tempDir();
  archive = await openArchive(path.join(dir, 'archive'));
  const api = createService({ archive, actor: 'test' });
  await api.importRoster({ path: writeCsv(path.join(dir, 'r.csv'), rosterCsv(syntheticHouseholds(40, ['红旗村', '东风村'], 5).map(householdCells))) });
  records = await loadRecords(archive.db, { actor: 'test', now: () => new Date() }, {});
});

afterAll(() => archive.close());

describe('judge worker', () => {
  it('answers from its bundle exactly as the calling thread does', async () => {
    const { near, remove } = await bundleWorker('judgeWorker', 'main/checklist/judgeWorker.ts');
    expect(workerEntry('judgeWorker', near)?.kind).toBe('bundle');
    const pool = workerPool({ name: 'judgeWorker', near, local: async (r: JudgeRecords) => caseCheckRows(r), threads: 1 });
    try {
      const rows = await pool.run(records);
      expect(pool.done).toEqual({ worker: 1, inProcess: 0 });
      expect(rows).toHaveLength(40);
      expect(rows).toEqual(caseCheckRows(records));
    } finally {
      await pool.close();
      remove();
    }
  }, 60_000);
});
