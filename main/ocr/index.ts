/**
 * OCR of scanned household-file pages (Chinese, offline).
 *
 * - createOcrPool(): warm tesseract.js workers with chi_sim data read from the
 *   local @tesseract.js-data/chi_sim package (never the network); title jobs
 *   (classification) overtake queued full pages; orientation by confidence.
 * - cleanOcrText(): tesseract output → searchable text (no spaces between CJK,
 *   half-width digits and colons), pure.
 */
export { cleanOcrText } from './cleanText';
export { chiSimLangPath } from './langData';
export { createOcrPool, poolSize } from './pool';
export { PAGE_MAX_SIDE, TITLE_BAND } from './prepare';
export type { PreparedImage } from './prepare';
export type { OcrPool, OcrPoolOptions, OcrResult, OcrStats, OrientationResult, Rotation } from './types';
