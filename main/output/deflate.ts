import { deflateSync } from 'node:zlib';
import { PDFFlateStream, PDFRawStream, typedArrayFor } from 'pdf-lib';
import type { PDFContext, PDFDict } from 'pdf-lib';

/**
 * Streams compressed by Node's own zlib instead of pdf-lib's JavaScript
 * deflate (pako). pako took about a fifth of the time of an export's bound
 * volumes (fonts, ToUnicode maps and page content are all deflated for
 * every volume); native zlib does the same work several times faster.
 * The PDF keeps the same objects, dictionaries and FlateDecode filter;
 * only the compressed bytes are zlib's. Output stays deterministic: the
 * same input gives the same bytes with the same Node build.
 */

type FlateStream = PDFContext['flateStream'];

/** Makes `context.flateStream` (font files, ToUnicode maps) compress natively, as pdf-lib's own does otherwise. */
export function deflateNatively(context: PDFContext): void {
  const flateStream: FlateStream = (contents, dict = {}) => context.stream(deflateSync(typedArrayFor(contents)), { ...dict, Filter: 'FlateDecode' });
  context.flateStream = flateStream;
}

/**
 * Page content streams deflate themselves when written; this swaps each for
 * a raw stream holding the natively compressed bytes. Call it last, once
 * nothing more is drawn.
 */
export function deflateContentNatively(context: PDFContext): void {
  for (const [ref, object] of context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFFlateStream)) continue;
    const plain = object.getUnencodedContents();
    const contents = isEncoded(object) ? deflateSync(plain) : plain;
    context.assign(ref, PDFRawStream.of(object.dict as PDFDict, contents));
  }
}

/** PDFFlateStream's `encode` flag is not in pdf-lib's typings; it is set exactly when the dictionary says FlateDecode. */
function isEncoded(stream: PDFFlateStream): boolean {
  return (stream as unknown as { encode?: boolean }).encode === true;
}
