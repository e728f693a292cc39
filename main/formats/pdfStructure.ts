import type { PDFContext, PDFObject } from 'pdf-lib';
import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRawStream, PDFRef } from 'pdf-lib';

/**
 * The PDF's object structure through pdf-lib's low-level API: the page list
 * (walked by hand, so a page tree that loops back on itself or lies in its
 * /Count cannot hang or mislead us), each page's inherited boxes, rotation
 * and resources, and its decoded content stream. pdf-lib parses objects in
 * file order, so it copes with a broken xref; it does not decrypt, so streams
 * of encrypted files are not read here.
 */

export interface PdfPage {
  dict: PDFDict;
  /** Visible area in PDF points: CropBox clipped to MediaBox. [x0, y0, x1, y1]. */
  box: [number, number, number, number];
  /** /Rotate normalised to 0, 90, 180 or 270 (clockwise). */
  rotate: number;
  resources: PDFDict | undefined;
}

export interface PdfStructure {
  context: PDFContext;
  pages: PdfPage[];
  /** The page tree referred back to a node already visited. */
  loop: boolean;
  encrypted: boolean;
}

const MAX_TREE_DEPTH = 64;
const MAX_PAGES = 100_000;
const name = (text: string) => PDFName.of(text);

/** Loads the structure, or null when pdf-lib cannot make sense of the file (pdfjs may still). */
export async function loadStructure(bytes: Buffer): Promise<PdfStructure | null> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { ignoreEncryption: true, throwOnInvalidObject: false, updateMetadata: false });
  } catch {
    return null;
  }
  try {
    const { pages, loop } = walkPages(doc.context, doc.catalog.get(name('Pages')));
    return { context: doc.context, pages, loop, encrypted: doc.isEncrypted };
  } catch {
    return null;
  }
}

/** Follows a reference; undefined when the object does not exist (a damaged file). */
export function resolve(context: PDFContext, value: PDFObject | undefined): PDFObject | undefined {
  return value instanceof PDFRef ? context.lookup(value) : value;
}

interface Inherited {
  mediaBox?: PDFObject;
  cropBox?: PDFObject;
  rotate?: PDFObject;
  resources?: PDFObject;
}

/** Depth-first, in document order, visiting each node once. */
function walkPages(context: PDFContext, root: PDFObject | undefined): { pages: PdfPage[]; loop: boolean } {
  const pages: PdfPage[] = [];
  const seen = new Set<PDFObject>();
  let loop = false;
  const visit = (ref: PDFObject | undefined, inherited: Inherited, depth: number): void => {
    const node = resolve(context, ref);
    if (!(node instanceof PDFDict) || pages.length >= MAX_PAGES) return;
    if (seen.has(node) || depth > MAX_TREE_DEPTH) {
      loop = true;
      return;
    }
    seen.add(node);
    const own = inherit(node, inherited);
    const kids = resolve(context, node.get(name('Kids')));
    if (kids instanceof PDFArray) {
      for (const kid of kids.asArray()) visit(kid, own, depth + 1);
    } else if (node.get(name('Type')) !== name('Pages')) {
      pages.push(makePage(context, node, own));
    }
  };
  visit(root, {}, 0);
  return { pages, loop };
}

function inherit(node: PDFDict, from: Inherited): Inherited {
  return {
    mediaBox: node.get(name('MediaBox')) ?? from.mediaBox,
    cropBox: node.get(name('CropBox')) ?? from.cropBox,
    rotate: node.get(name('Rotate')) ?? from.rotate,
    resources: node.get(name('Resources')) ?? from.resources,
  };
}

function makePage(context: PDFContext, dict: PDFDict, attrs: Inherited): PdfPage {
  const media = rect(context, attrs.mediaBox) ?? [0, 0, 612, 792];
  const crop = rect(context, attrs.cropBox) ?? media;
  const box: PdfPage['box'] = [
    Math.max(media[0], crop[0]),
    Math.max(media[1], crop[1]),
    Math.min(media[2], crop[2]),
    Math.min(media[3], crop[3]),
  ];
  const rotation = numberOf(context, attrs.rotate) ?? 0;
  const resources = resolve(context, attrs.resources);
  return {
    dict,
    box: box[2] > box[0] && box[3] > box[1] ? box : media,
    rotate: rotation % 90 === 0 ? ((rotation % 360) + 360) % 360 : 0,
    resources: resources instanceof PDFDict ? resources : undefined,
  };
}

function rect(context: PDFContext, value: PDFObject | undefined): [number, number, number, number] | null {
  const array = resolve(context, value);
  if (!(array instanceof PDFArray) || array.size() !== 4) return null;
  const [a, b, c, d] = array.asArray().map((v) => numberOf(context, v) ?? NaN) as [number, number, number, number];
  if (![a, b, c, d].every(Number.isFinite)) return null;
  return [Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d)];
}

export function numberOf(context: PDFContext, value: PDFObject | undefined): number | undefined {
  const resolved = resolve(context, value);
  return resolved instanceof PDFNumber ? resolved.asNumber() : undefined;
}

/**
 * The page's content streams, decoded and joined (a page may split them
 * across an array). Null when a stream is missing or uses a filter pdf-lib
 * cannot decode: the caller then leaves the page to pdfjs.
 */
export function pageContent(context: PDFContext, page: PdfPage): Uint8Array | null {
  const contents = resolve(context, page.dict.get(name('Contents')));
  const parts = contents instanceof PDFArray ? contents.asArray() : contents === undefined ? [] : [contents];
  const decoded: Uint8Array[] = [];
  for (const part of parts) {
    const stream = resolve(context, part);
    if (!(stream instanceof PDFRawStream)) return null;
    try {
      decoded.push(decodePDFRawStream(stream).decode());
    } catch {
      return null;
    }
  }
  return joinWithNewlines(decoded);
}

function joinWithNewlines(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length + 1, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    out[at + part.length] = 0x0a;
    at += part.length + 1;
  }
  return out;
}

/** An XObject named in the page's resources, or undefined when the name or its object is missing. */
export function pageXObject(context: PDFContext, page: PdfPage, xname: string): PDFObject | undefined {
  const xobjects = resolve(context, page.resources?.get(name('XObject')));
  if (!(xobjects instanceof PDFDict)) return undefined;
  return resolve(context, xobjects.get(name(xname)));
}

/** Pixel sizes of the page's image XObjects (one level of forms deep), to refuse decompression bombs early. */
export function pageImageSizes(context: PDFContext, page: PdfPage): { width: number; height: number }[] {
  const sizes: { width: number; height: number }[] = [];
  const collect = (resources: PDFObject | undefined, depth: number) => {
    const dict = resolve(context, resources);
    const xobjects = dict instanceof PDFDict ? resolve(context, dict.get(name('XObject'))) : undefined;
    if (!(xobjects instanceof PDFDict)) return;
    for (const [, value] of xobjects.entries()) {
      const stream = resolve(context, value);
      if (!(stream instanceof PDFRawStream)) continue;
      const subtype = stream.dict.get(name('Subtype'));
      if (subtype === name('Image')) {
        sizes.push({
          width: numberOf(context, stream.dict.get(name('Width'))) ?? 0,
          height: numberOf(context, stream.dict.get(name('Height'))) ?? 0,
        });
      } else if (subtype === name('Form') && depth < 2) {
        collect(stream.dict.get(name('Resources')), depth + 1);
      }
    }
  };
  collect(page.resources, 0);
  return sizes;
}
