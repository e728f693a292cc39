/**
 * main/formats/: from a stored file's bytes to pages, or a clear reason.
 *
 * - identifyFile: the type by magic bytes (JPEG, PNG, TIFF, PDF, attachment
 *   ZIP), or a Chinese rejection (empty, text, Office, OFD, Thumbs.db…).
 * - isComplete: whether a file looks completely written (the watcher's check
 *   besides a stable size).
 * - splitPages: pages of a JPEG/PNG/TIFF/PDF, with scan JPEGs in PDFs copied
 *   out losslessly and other PDF pages rasterised at 200 dpi; throws
 *   RejectedFileError (message = reason) when the file cannot become pages.
 * - unpackZip: the members of a 按户打包 zip, each taken or refused with a
 *   reason, safe against zip-slip, bombs and nesting.
 * - normalisePage, thumbnail, isBlankPage: the archive's page image (upright,
 *   deskewed, on A4 at 200 dpi), its thumbnail, and duplex-back detection;
 *   preparePage does all three from one decode.
 *
 * Pure I/O on buffers: no database, no files written, no electron.
 */
export { isComplete } from './complete';
export { identifyFile } from './identify';
export type { NormalisedPage, PreparedPage, Rotation } from './normalise';
export { A4_LANDSCAPE, A4_PORTRAIT, isBlankPage, normalisePage, preparePage, thumbnail } from './normalise';
export { splitPages } from './split';
export type { FileKind, Identified, SourcePage, SplitOptions, SplitResult } from './types';
export { RejectedFileError } from './types';
export type { UnpackedZip, ZipLimits } from './zip';
export { DEFAULT_ZIP_LIMITS, unpackZip } from './zip';
