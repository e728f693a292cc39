import type { OcrEngine } from './ocrEngine';

/**
 * A warm OCR pool shared by every ingest call of one process: created on
 * first use (loading Chinese language data takes seconds), closed when the
 * process is done with it.
 */
export interface OcrProvider {
  get(): Promise<OcrEngine>;
  close(): Promise<void>;
}

export function tesseractProvider(): OcrProvider {
  let pool: Promise<OcrEngine & { close(): Promise<void> }> | null = null;
  return {
    get() {
      pool ??= import('../ocr').then(({ createOcrPool }) => createOcrPool({}));
      return pool;
    },
    async close() {
      if (pool) await (await pool).close();
      pool = null;
    },
  };
}
