import { serveJobs } from '../support/workerPool';
import { stage, type StageJob, type StageOutcome } from './stage';

/**
 * Worker thread of an export (see stagePool in writePackage.ts): writes
 * household packages — page and original copies with their hashes, bound
 * volume PDFs, metadata.json, tag files — one at a time. Loaded from source
 * under tsx in tests and scripts, and from its own bundle beside the desktop
 * and CLI bundles (dist/main/exportWorker.js, dist/cli/exportWorker.mjs).
 */
serveJobs<StageJob, StageOutcome>(stage);
