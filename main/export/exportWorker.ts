import { serveJobs } from '../support/workerPool';
import { runExportJob, type ExportJob, type ExportOutcome } from './stage';

/**
 * Worker thread of an export (see stagePool in writePackage.ts): writes
 * household packages — page, original and volume copies, volumes not yet
 * current built and stored, metadata.json, tag files — one at a time, and
 * builds volumes in the background (volumeKeeper.ts). Loaded from source
 * under tsx in tests and scripts, and from its own bundle beside the desktop
 * and CLI bundles (dist/main/exportWorker.js, dist/cli/exportWorker.mjs).
 */
serveJobs<ExportJob, ExportOutcome>(runExportJob);
