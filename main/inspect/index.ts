/**
 * The inspector (issue 8): judges a folder of export packages with no town
 * database and draws the reproducible 30% 抽查 sample.
 */
export type * from './types';
export { inspectPath, SAMPLE_BASIS } from './inspectPath';
export { writeInspectionFiles, REPORT_PDF, REPORT_XLSX } from './files';
export { judgePackage } from './judge';
export { drawSample, sampleSize, seededRandom, SAMPLE_PERCENT } from './sample';
