import type { PrintedPdf } from '../../../../main/api/contract';

/** Hands a PDF from the service to the browser as a download under its own name, to save and print. */
export function saveFile(pdf: PrintedPdf): void {
  const bytes = Uint8Array.from(atob(pdf.contentBase64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = pdf.fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
