import zlib from 'node:zlib';
import type { ExtraField } from 'yauzl';

/**
 * Member names of zips made on Chinese Windows. Explorer's "发送到压缩文件夹",
 * older WinRAR and 360压缩 write names in GBK without setting the UTF-8 flag;
 * yauzl would read them as CP437 mojibake, so it hands us the raw bytes
 * (decodeStrings: false) and we decide here.
 */

const UTF8_FLAG = 0x800;
const UNICODE_PATH_FIELD = 0x7075;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const gb18030 = new TextDecoder('gb18030');

/** UTF-8 when flagged or when the bytes are valid UTF-8 (ASCII included), else GB18030 (a superset of GBK). */
export function decodeEntryName(raw: Buffer, flags: number, extraFields: ExtraField[]): string {
  const unicode = unicodePathField(raw, extraFields);
  if (unicode !== null) return unicode;
  if (flags & UTF8_FLAG) return raw.toString('utf8');
  try {
    return strictUtf8.decode(raw);
  } catch {
    return gb18030.decode(raw);
  }
}

/** Info-ZIP's UTF-8 copy of the name, valid only while its CRC matches the header name. */
function unicodePathField(raw: Buffer, extraFields: ExtraField[]): string | null {
  const field = extraFields.find((f) => f.id === UNICODE_PATH_FIELD);
  if (!field || field.data.length < 6 || field.data[0] !== 1) return null;
  if (field.data.readUInt32LE(1) !== zlib.crc32(raw)) return null;
  return field.data.subarray(5).toString('utf8');
}

/** Forward slashes only; Windows tools sometimes write backslashes. */
export function normaliseEntryName(name: string): string {
  return name.replace(/\\/g, '/');
}

/** Zip-slip: a name that would land outside the extraction folder. Reported, never followed. */
export function unsafeNameReason(name: string): string | null {
  if (name.includes('\0')) return '文件名含有非法字符，已拒绝';
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name)) return '文件路径是绝对路径（不安全），已拒绝';
  if (name.split('/').includes('..')) return '文件路径含有“..”（可能写到压缩包以外），已拒绝';
  return null;
}

/** Folders and the junk macOS and Windows leave in archives; skipped without a reason. */
export function isSkippedEntry(name: string): boolean {
  if (name.endsWith('/')) return true;
  const parts = name.split('/');
  const base = parts[parts.length - 1] ?? '';
  return parts.includes('__MACOSX') || base === '.DS_Store' || base.startsWith('._');
}
