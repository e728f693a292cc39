import type { PrintedPdf } from '../../../main/api/contract';

/** Files the service made, on their way to the user: bytes from base64, and a download under their own name. */

/** The service's base64 content as bytes. */
export function pdfBytes(contentBase64: string): Uint8Array {
  return Uint8Array.from(atob(contentBase64), (c) => c.charCodeAt(0));
}

/** Hands the bytes to the browser as a download under their own name (档号 and 户主姓名, the village, the town and day). */
export function savePdf(bytes: Uint8Array, fileName: string, mime = 'application/pdf'): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: mime }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A file from the service (a PDF unless it says otherwise), saved under its own name. */
export function saveFile(file: Pick<PrintedPdf, 'fileName' | 'contentBase64'> & { mime?: string }): void {
  savePdf(pdfBytes(file.contentBase64), file.fileName, file.mime);
}
