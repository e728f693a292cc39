import type { PageLayout } from '../domain/classify/layout';

/**
 * What ingestion needs from OCR. The real engine is main/ocr's tesseract.js
 * pool; keeping the shape here lets the pipeline run without OCR (`--no-ocr`)
 * and lets the OCR capability evolve on its own.
 */
export interface OcrEngine {
  /** The whole page's text and, where the engine gives it, its layout (lines and word boxes). */
  pageText(image: Buffer): Promise<{ text: string; confidence: number; layout?: PageLayout }>;
  /** The upper part of the page (ocr TITLE_REGION) re-read as sparse text, with its layout; optional (engines without it skip the re-read). */
  titleRegion?(image: Buffer): Promise<{ text: string; confidence: number; layout?: PageLayout }>;
  orientation(image: Buffer): Promise<{ rotation: 0 | 90 | 180 | 270; certainty: number }>;
}
