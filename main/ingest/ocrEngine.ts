import type { PageLayout } from '../domain/classify/layout';

/**
 * What ingestion needs from OCR. The real engine is main/ocr's tesseract.js
 * pool; keeping the shape here lets the pipeline run without OCR (`--no-ocr`)
 * and lets the OCR capability evolve on its own.
 */
export interface OcrEngine {
  /**
   * The whole page's text and, where the engine gives it, its layout (lines and word boxes).
   * Given a PageImage, it must be one this engine's pageImage made.
   */
  pageText(image: Buffer | PageImage): Promise<{ text: string; confidence: number; layout?: PageLayout }>;
  /** The page prepared for pageText ahead of the read, so the separator's QR code is looked for in the same pixels; optional. */
  pageImage?(image: Buffer): Promise<PageImage>;
  /** The upper part of the page (ocr TITLE_REGION) re-read as sparse text, with its layout; optional (engines without it skip the re-read). */
  titleRegion?(image: Buffer): Promise<{ text: string; confidence: number; layout?: PageLayout }>;
  orientation(image: Buffer): Promise<{ rotation: 0 | 90 | 180 | 270; certainty: number }>;
}

/** A page made ready for reading by an engine: its 8-bit grey pixels, row by row, serve other readers too. */
export interface PageImage {
  grey: Uint8Array;
  width: number;
  height: number;
}
