/** Public shapes of the OCR capability (see index.ts). */

import type { PageLayout } from '../domain/classify/layout';
import type { PreparedImage } from './prepare';

/** Clockwise rotation in degrees. */
export type Rotation = 0 | 90 | 180 | 270;

export interface OcrResult {
  /** Recognised text after cleanOcrText (no spaces between CJK characters). */
  text: string;
  /** tesseract's mean word confidence, 0..1. */
  confidence: number;
  /** Time the job spent on a worker (preparing the image and recognising), without queue wait. */
  ms: number;
  /** Lines and word boxes (full pages only), from the same recognition. */
  layout?: PageLayout;
}

export interface OrientationResult {
  /** Clockwise rotation that makes the page upright. */
  rotation: Rotation;
  /** 0..1; 0 when the page has too little text to tell (blank, photo). */
  certainty: number;
}

export interface OcrStats {
  queued: number;
  running: number;
  /** Jobs finished, successfully or not. */
  done: number;
  failed: number;
  /** Recent throughput in jobs per minute (title and full-page jobs alike); 0 before two jobs finish. */
  pagesPerMinute: number;
}

export interface OcrPoolOptions {
  /** Number of warm workers; default min(available cores, 4), at most 8. */
  workers?: number;
  /** Folder holding chi_sim.traineddata.gz; default: the @tesseract.js-data/chi_sim package. */
  langPath?: string;
  /** Full pages are shrunk to this longest side first (≈150 dpi for A4: faster and as accurate). */
  pageMaxSide?: number;
}

export interface OcrPool {
  /** Resolves once every worker is warm; rejects if the language data cannot be loaded. */
  ready(): Promise<void>;
  /**
   * Title band (top ~20% of the page): fast, for classifying a page. Runs
   * before any queued full page. `rotation` (clockwise, e.g. from
   * orientation()) is applied first.
   */
  titleText(image: Buffer, rotation?: Rotation): Promise<OcrResult>;
  /**
   * Whole page (shrunk if very large), turned `rotation` degrees clockwise first, with its layout.
   * Given what pageImage made, reads those pixels as they are (`rotation` is then already applied).
   */
  pageText(image: Buffer | PreparedImage, rotation?: Rotation): Promise<OcrResult>;
  /**
   * The page as pageText reads it (grey, turned, shrunk), prepared ahead: the caller may read its
   * pixels too (a separator's QR code) and hand it to pageText, so the page is decoded once.
   */
  pageImage(image: Buffer, rotation?: Rotation): Promise<PreparedImage>;
  /**
   * The upper part of the page (TITLE_REGION) read as sparse text, with its
   * layout, in the full page's scale: for a page whose title the full
   * page's layout analysis missed (a seal across it, a letterhead above it).
   */
  titleRegion(image: Buffer, rotation?: Rotation): Promise<OcrResult>;
  /** Rotation that makes the page upright, by title-band confidence at candidate rotations. */
  orientation(image: Buffer): Promise<OrientationResult>;
  stats(): OcrStats;
  /** Called on every queue change; returns an unsubscribe function. */
  onProgress(listener: (stats: OcrStats) => void): () => void;
  /** Rejects waiting and running jobs and terminates the workers. */
  close(): Promise<void>;
}
