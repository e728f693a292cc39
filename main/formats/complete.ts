import { readTiffStructure } from './tiffStructure';
import type { FileKind } from './types';
import { directoryIsWhole, findZipDirectory } from './zipDirectory';

/**
 * Whether a file looks completely written. Scanners and network copies write
 * files over seconds; the watcher combines this with a stable size so it
 * never ingests half a file. Every format here ends with a structure written
 * last (PDF trailer, JPEG EOI, PNG IEND, ZIP directory) or, for TIFF, points
 * at data that must already be present.
 */
export function isComplete(bytes: Buffer, kind: FileKind): boolean {
  if (bytes.length === 0) return false;
  switch (kind) {
    case 'pdf':
      return pdfComplete(bytes);
    case 'jpeg':
      return jpegComplete(bytes);
    case 'png':
      return pngComplete(bytes);
    case 'tiff':
      return tiffComplete(bytes);
    case 'zip':
      return zipComplete(bytes);
  }
}

/** The last bytes as latin1, so binary can be searched for ASCII markers. */
function tail(bytes: Buffer, length: number): string {
  return bytes.toString('latin1', Math.max(0, bytes.length - length));
}

/** %%EOF and startxref are written last; writers may pad a little after %%EOF. */
function pdfComplete(bytes: Buffer): boolean {
  const end = tail(bytes, 2048);
  const eof = end.lastIndexOf('%%EOF');
  return eof >= 0 && end.lastIndexOf('startxref', eof) >= 0 && end.length - eof <= 1024;
}

/** The IEND chunk and its 4-byte CRC are the last thing a PNG writer puts out. */
function pngComplete(bytes: Buffer): boolean {
  const end = tail(bytes, 64);
  const at = end.lastIndexOf('IEND');
  return at >= 0 && end.length - at >= 8;
}

/** Ends with EOI (FF D9), allowing zero/FF padding some devices add after it. */
function jpegComplete(bytes: Buffer): boolean {
  let end = bytes.length;
  while (end > 2 && bytes.length - end < 4096 && (bytes[end - 1] === 0x00 || bytes[end - 1] === 0xff)) end--;
  return end >= 4 && bytes[end - 2] === 0xff && bytes[end - 1] === 0xd9;
}

function tiffComplete(bytes: Buffer): boolean {
  const tiff = readTiffStructure(bytes);
  if (tiff.broken || tiff.frames.length === 0) return false;
  return tiff.frames.every((f) => f.dataEnd > 0 && f.dataEnd <= bytes.length);
}

function zipComplete(bytes: Buffer): boolean {
  const dir = findZipDirectory(bytes);
  return dir !== null && directoryIsWhole(bytes, dir);
}
