/** PDFs the service made, on their way to the user: bytes from base64, and a download under their own name. */

/** The service's base64 PDF as bytes. */
export function pdfBytes(contentBase64: string): Uint8Array {
  return Uint8Array.from(atob(contentBase64), (c) => c.charCodeAt(0));
}

/** Hands the PDF to the browser as a download under its own name (档号 and 户主姓名, or the village). */
export function savePdf(bytes: Uint8Array, fileName: string): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/pdf' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
