/**
 * Shared shapes of main/formats/: what a stored file turns into (pages) or
 * why it cannot (a Chinese reason the clerk reads).
 */

/** File types hudang ingests, decided from the bytes, never from the extension. */
export type FileKind = 'jpeg' | 'png' | 'tiff' | 'pdf' | 'zip';

export type Identified = { kind: FileKind } | { rejected: string };

export interface SourcePage {
  /** 1-based position in the source file. */
  index: number;
  image: Buffer;
  format: 'jpeg' | 'png';
  width: number;
  height: number;
  /** Scan resolution when the file states it (or the rasterising dpi), else null. */
  dpi: number | null;
  /** The PDF's own text layer (digital text or an earlier OCR), else null. */
  textLayer: string | null;
  /** True when `image` holds the scanner's original bytes, not a re-encoding. */
  lossless: boolean;
}

export interface SplitResult {
  pages: SourcePage[];
  /** Things the clerk should know although the file was accepted (Chinese). */
  warnings: string[];
}

export interface SplitOptions {
  /** User password for an encrypted PDF, when the clerk has typed one. */
  password?: string;
  /** Rasterising resolution for PDF pages that are not one plain JPEG (default 200). */
  dpi?: number;
  /** Largest rasterised page in pixels; bigger pages are rendered at a lower dpi (default 25 MP). */
  maxPagePixels?: number;
  /** Largest image a PDF page may hold; bigger ones make the file rejected (default 150 MP). */
  maxImagePixels?: number;
  /**
   * The caller decodes every page in full right away (preparePage does, and
   * rejects a truncated image the same way), so a JPEG or PNG kept as it is
   * need not be decoded once more here just to prove it decodes.
   */
  decodedByCaller?: boolean;
}

/** The file cannot become pages; `message` is the Chinese reason shown to the clerk. */
export class RejectedFileError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'RejectedFileError';
  }
}
