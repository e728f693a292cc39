/**
 * A minimal, allocation-free reader of a ZIP's central directory. identifyFile
 * needs the member names to tell a 按户打包 zip from a .docx/.ofd (which are
 * zips too), and isComplete needs to know the directory at the end is whole.
 * Full extraction goes through yauzl in zip.ts.
 */

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL_HEADER = 0x02014b50;

export interface ZipDirectory {
  entryCount: number;
  offset: number;
  size: number;
  /** Byte position of the end-of-central-directory record. */
  eocdAt: number;
}

/** Finds the end-of-central-directory record (it sits in the last 64 KiB + 22 bytes). */
export function findZipDirectory(bytes: Buffer): ZipDirectory | null {
  const lowest = Math.max(0, bytes.length - 22 - 0xffff);
  for (let at = bytes.length - 22; at >= lowest; at--) {
    if (bytes.readUInt32LE(at) !== EOCD) continue;
    const commentLength = bytes.readUInt16LE(at + 20);
    if (at + 22 + commentLength > bytes.length) continue;
    const dir = {
      entryCount: bytes.readUInt16LE(at + 10),
      size: bytes.readUInt32LE(at + 12),
      offset: bytes.readUInt32LE(at + 16),
      eocdAt: at,
    };
    return dir.offset === 0xffffffff || dir.entryCount === 0xffff ? zip64Directory(bytes, at) : dir;
  }
  return null;
}

function zip64Directory(bytes: Buffer, eocdAt: number): ZipDirectory | null {
  const locator = eocdAt - 20;
  if (locator < 0 || bytes.readUInt32LE(locator) !== ZIP64_LOCATOR) return null;
  const at = Number(bytes.readBigUInt64LE(locator + 8));
  if (at + 56 > bytes.length || bytes.readUInt32LE(at) !== ZIP64_EOCD) return null;
  return {
    entryCount: Number(bytes.readBigUInt64LE(at + 32)),
    size: Number(bytes.readBigUInt64LE(at + 40)),
    offset: Number(bytes.readBigUInt64LE(at + 48)),
    eocdAt,
  };
}

/** The directory lies inside the file, before its end record. */
export function directoryIsWhole(bytes: Buffer, dir: ZipDirectory): boolean {
  const end = dir.offset + dir.size;
  if (end > dir.eocdAt) return false;
  return dir.entryCount === 0 || bytes.readUInt32LE(dir.offset) === CENTRAL_HEADER;
}

/** Raw member names (latin1; only ASCII comparisons are made on them), at most `limit`. */
export function zipMemberNames(bytes: Buffer, limit = 5000): string[] {
  const dir = findZipDirectory(bytes);
  if (!dir || !directoryIsWhole(bytes, dir)) return [];
  const names: string[] = [];
  let at = dir.offset;
  while (names.length < Math.min(dir.entryCount, limit) && at + 46 <= dir.eocdAt) {
    if (bytes.readUInt32LE(at) !== CENTRAL_HEADER) break;
    const nameLength = bytes.readUInt16LE(at + 28);
    const skip = nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
    names.push(bytes.toString('latin1', at + 46, Math.min(at + 46 + nameLength, bytes.length)));
    at += 46 + skip;
  }
  return names;
}
