import { serveJobs } from '../support/workerPool';
import type { JudgeRecords } from './judge';
import { caseCheckRows } from './judgeRecords';

/**
 * Worker thread of a refresh of remembered answers (caseCheckCache.ts): judges
 * one chunk of households from their plain records. Loaded from source under
 * tsx in tests and scripts, and from its own bundle beside the desktop and CLI
 * bundles (dist/main/judgeWorker.js, dist/cli/judgeWorker.mjs).
 */
serveJobs<JudgeRecords, ReturnType<typeof caseCheckRows>>(async (records) => caseCheckRows(records));
