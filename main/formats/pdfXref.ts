import { pdfHeaderOffset } from './identify';

/**
 * Whether the cross-reference data a PDF reader starts from is usable. pdfjs
 * and pdf-lib both silently rebuild a broken xref by scanning the file, which
 * is what we want, but the clerk should hear that the file was damaged
 * ("PDF 已修复"). So: %%EOF must close the file, startxref must point at an
 * xref table or stream, and the table's first few in-use entries must point
 * at the objects they name.
 * Offsets count from the file start or, as Acrobat allows, from the header.
 */
export function xrefLooksIntact(bytes: Buffer): boolean {
  // Readers look for %%EOF in the last 1024 bytes; startxref sits just before it.
  const tail = bytes.toString('latin1', Math.max(0, bytes.length - 1024 - 64));
  const eof = tail.lastIndexOf('%%EOF');
  if (eof < 0 || tail.length - eof > 1024) return false;
  const match = /startxref\s+(\d+)\s+$/.exec(tail.slice(Math.max(0, eof - 64), eof));
  if (!match) return false;
  const offset = Number(match[1]);
  const header = Math.max(0, pdfHeaderOffset(bytes));
  return [0, header].some((shift) => xrefAt(bytes, offset + shift, shift));
}

function xrefAt(bytes: Buffer, at: number, shift: number): boolean {
  if (at >= bytes.length) return false;
  const text = bytes.toString('latin1', at, Math.min(bytes.length, at + 4096));
  if (/^\s*\d+\s+\d+\s+obj\b/.test(text)) return true; // an xref stream object
  if (!/^\s*xref\b/.test(text)) return false;
  return sampleEntriesPoint(bytes, text, shift);
}

/** Checks up to five in-use entries of the first subsection. */
function sampleEntriesPoint(bytes: Buffer, table: string, shift: number): boolean {
  const section = /^\s*xref\s+(\d+)\s+(\d+)\s+/.exec(table);
  if (!section) return false;
  const first = Number(section[1]);
  const entries = table.slice(section[0].length).match(/\d{10} \d{5} [nf]/g) ?? [];
  let checked = 0;
  for (const [i, entry] of entries.entries()) {
    if (checked >= 5) break;
    const [offset, , kind] = entry.split(' ');
    if (kind !== 'n' || Number(offset) === 0) continue;
    checked++;
    const at = Number(offset) + shift;
    const head = bytes.toString('latin1', at, Math.min(bytes.length, at + 32));
    if (!new RegExp(`^\\s*${first + i}\\s+\\d+\\s+obj\\b`).test(head)) return false;
  }
  return true;
}
