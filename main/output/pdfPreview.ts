import { openPdf, renderPage } from '../formats/pdfRender';

/**
 * A PDF we made, drawn as page images for an on-screen preview that is also
 * what gets printed: 150 dpi is sharp on paper and a few hundred KB a page.
 */

const PREVIEW_DPI = 150;
/** A landscape A4 page at 150 dpi is about 2.2 megapixels; anything far larger is not one of our papers. */
const MAX_PIXELS = 12_000_000;

export async function pdfPageImages(bytes: Uint8Array, dpi = PREVIEW_DPI): Promise<Buffer[]> {
  const doc = await openPdf(Buffer.from(bytes), undefined, MAX_PIXELS);
  try {
    const images: Buffer[] = [];
    for (let i = 1; i <= doc.numPages; i++)
      images.push((await renderPage(doc, await doc.getPage(i), dpi, MAX_PIXELS)).image);
    return images;
  } finally {
    await doc.destroy();
  }
}
