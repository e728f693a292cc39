import type { Identified } from './types';
import { zipMemberNames } from './zipDirectory';

/**
 * Decides a stored file's type from its bytes. Scanner folders collect
 * everything (Thumbs.db, notes, Word files, phone photos), and extensions
 * lie, so the magic bytes decide; the name only refines the Chinese reason.
 */

const UNSUPPORTED = '不支持的文件类型：';
const SAVE_AS = '（请扫描或另存为 JPEG、PNG、TIFF 或 PDF）';

/** Readers accept a PDF header anywhere in the first 1024 bytes (junk before it is common). */
export function pdfHeaderOffset(bytes: Buffer): number {
  return bytes.subarray(0, 1024).indexOf('%PDF-');
}

export function identifyFile(bytes: Buffer, name: string): Identified {
  if (bytes.length === 0) return { rejected: '空文件（0 字节）' };
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { kind: 'jpeg' };
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { kind: 'png' };
  if (isTiff(bytes)) return { kind: 'tiff' };
  // Before the PDF scan: a zip whose first member is a stored PDF has %PDF- in its first kilobyte.
  if (isZip(bytes)) return identifyZip(bytes);
  if (pdfHeaderOffset(bytes) >= 0) return { kind: 'pdf' };
  const other = otherFormat(bytes, name);
  if (other) return { rejected: UNSUPPORTED + other };
  if (looksLikeText(bytes)) return { rejected: UNSUPPORTED + '文本文件' };
  return { rejected: UNSUPPORTED + '无法识别的文件格式' + SAVE_AS };
}

function startsWith(bytes: Buffer, magic: number[], at = 0): boolean {
  return bytes.length >= at + magic.length && magic.every((b, i) => bytes[at + i] === b);
}

function ascii(bytes: Buffer, at: number, text: string): boolean {
  return bytes.toString('latin1', at, at + text.length) === text;
}

function isTiff(bytes: Buffer): boolean {
  // Classic TIFF (42) and BigTIFF (43), both byte orders.
  return ['II*\0', 'MM\0*', 'II+\0', 'MM\0+'].some((m) => ascii(bytes, 0, m));
}

function isZip(bytes: Buffer): boolean {
  return ascii(bytes, 0, 'PK\x03\x04') || ascii(bytes, 0, 'PK\x05\x06');
}

/** Office, OFD and OpenDocument files are zips too, but not 按户打包 attachment zips. */
function identifyZip(bytes: Buffer): Identified {
  const names = zipMemberNames(bytes);
  const has = (prefix: string) => names.some((n) => n.startsWith(prefix));
  if (names.includes('[Content_Types].xml')) {
    if (has('word/')) return { rejected: UNSUPPORTED + 'Word 文档（.docx）' + SAVE_AS };
    if (has('xl/')) return { rejected: UNSUPPORTED + 'Excel 表格（.xlsx）' + SAVE_AS };
    if (has('ppt/')) return { rejected: UNSUPPORTED + 'PowerPoint 演示文稿（.pptx）' + SAVE_AS };
    return { rejected: UNSUPPORTED + 'Office 文档' + SAVE_AS };
  }
  if (names.includes('OFD.xml')) return { rejected: UNSUPPORTED + 'OFD 版式文件' + SAVE_AS };
  if (names[0] === 'mimetype') return { rejected: UNSUPPORTED + 'OpenDocument 或 EPUB 文档' + SAVE_AS };
  return { kind: 'zip' };
}

/** Names other formats found in scanner folders, so the clerk knows what to do. */
function otherFormat(bytes: Buffer, name: string): string | null {
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return compoundFile(name);
  if (ascii(bytes, 0, 'GIF87a') || ascii(bytes, 0, 'GIF89a')) return 'GIF 图像' + SAVE_AS;
  if (ascii(bytes, 0, 'BM') && bytes.length > 18 && [12, 40, 52, 56, 108, 124].includes(bytes.readUInt32LE(14))) {
    return 'BMP 图像' + SAVE_AS;
  }
  if (ascii(bytes, 0, 'RIFF') && ascii(bytes, 8, 'WEBP')) return 'WebP 图像' + SAVE_AS;
  if (ascii(bytes, 4, 'ftyp')) return isoMedia(bytes.toString('latin1', 8, 12));
  if (startsWith(bytes, [0, 0, 0, 0x0c, 0x6a, 0x50, 0x20, 0x20]) || startsWith(bytes, [0xff, 0x4f, 0xff, 0x51])) {
    return 'JPEG 2000 图像' + SAVE_AS;
  }
  if (ascii(bytes, 0, 'Rar!\x1a\x07')) return 'RAR 压缩包（请改用 ZIP）';
  if (startsWith(bytes, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) return '7z 压缩包（请改用 ZIP）';
  if (startsWith(bytes, [0x1f, 0x8b])) return 'gzip 压缩文件（请改用 ZIP）';
  if (ascii(bytes, 0, 'MZ') || ascii(bytes, 0, '\x7fELF')) return '可执行程序';
  if (ascii(bytes, 0, '{\\rtf')) return 'RTF 文档' + SAVE_AS;
  return null;
}

function compoundFile(name: string): string {
  const lower = name.toLowerCase();
  if (lower.endsWith('thumbs.db')) return 'Windows 缩略图缓存（Thumbs.db）';
  if (lower.endsWith('.doc') || lower.endsWith('.wps')) return 'Word/WPS 97-2003 文档' + SAVE_AS;
  if (lower.endsWith('.xls') || lower.endsWith('.et')) return 'Excel/WPS 97-2003 表格' + SAVE_AS;
  return 'Office 97-2003 文档' + SAVE_AS;
}

function isoMedia(brand: string): string {
  if (['heic', 'heix', 'heim', 'heis', 'hevc', 'mif1', 'msf1'].includes(brand)) return 'HEIC 照片' + SAVE_AS;
  if (brand === 'avif' || brand === 'avis') return 'AVIF 图像' + SAVE_AS;
  return '视频文件';
}

/** Plain text (UTF-8, GBK or UTF-16 with BOM): no control bytes besides tab, newlines, form feed, escape. */
function looksLikeText(bytes: Buffer): boolean {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf]) || startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    return true;
  }
  const head = bytes.subarray(0, 4096);
  for (const b of head) {
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b) return false;
    if (b === 0x7f) return false;
  }
  return true;
}
