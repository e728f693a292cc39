import { getDocument, GlobalWorkerOptions } from 'pdfjs-dist';
import PdfWorker from 'pdfjs-dist/build/pdf.worker.min.mjs?worker';

/**
 * A PDF from the service as page images, drawn in this window with pdf.js:
 * the preview and what 打印 sends to the printer look the same in the
 * desktop app and in any browser, with or without a PDF viewer.
 */

let worker: Worker | null = null;

/** Draws every page at `scale` (1 = 72 dpi), reporting each as it is ready; stops when `stop()` says so. */
export async function renderPdfPages(bytes: Uint8Array, scale: number, onPage: (url: string, done: number, total: number) => void, stop: () => boolean): Promise<void> {
  if (!worker) {
    worker = new PdfWorker();
    GlobalWorkerOptions.workerPort = worker;
  }
  // pdf.js hands its buffer to the worker, which leaves it empty here: it gets a copy, the caller keeps the bytes to save.
  const doc = await getDocument({ data: bytes.slice(), isEvalSupported: false }).promise;
  try {
    for (let i = 1; i <= doc.numPages && !stop(); i++) {
      const page = await doc.getPage(i);
      const viewport = page.getViewport({ scale });
      const canvas = document.createElement('canvas');
      canvas.width = Math.ceil(viewport.width);
      canvas.height = Math.ceil(viewport.height);
      await page.render({ canvas, viewport }).promise;
      const blob = await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('无法生成预览图像'))), 'image/png'));
      page.cleanup();
      onPage(URL.createObjectURL(blob), i, doc.numPages);
    }
  } finally {
    await doc.destroy();
  }
}
