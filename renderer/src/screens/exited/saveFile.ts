import type { PrintedPdf } from '../../../../main/api/contract';

/** Hands a file from the service (a PDF unless it says otherwise) to the browser as a download under its own name, to save and print. */
export function saveFile(file: Pick<PrintedPdf, 'fileName' | 'contentBase64'> & { mime?: string }): void {
  const bytes = Uint8Array.from(atob(file.contentBase64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: file.mime ?? 'application/pdf' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
