import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import type { Entry, ZipFile } from 'yauzl';
import yauzl from 'yauzl';
import { identifyFile } from './identify';
import { RejectedFileError } from './types';
import { decodeEntryName, isSkippedEntry, normaliseEntryName, unsafeNameReason } from './zipNames';

/**
 * Unpacks the business system's 按户打包下载 attachment zips into memory.
 * A zip from outside is untrusted: names may point outside the folder
 * (zip-slip), sizes in the headers may lie, and a few kilobytes may inflate
 * to gigabytes. So every limit is counted on the bytes actually inflated, the
 * stream stops the moment a limit is crossed, and each member that cannot be
 * taken gets its own Chinese reason while the others still come through.
 */

export interface ZipLimits {
  maxEntries: number;
  /** Largest inflated member. */
  maxEntryBytes: number;
  /** Largest sum of inflated members. */
  maxTotalBytes: number;
  /** Inflated : compressed, checked once a member passes RATIO_FLOOR bytes. */
  maxRatio: number;
}

export interface UnpackedZip {
  entries: { name: string; bytes: Buffer }[];
  rejected: { name: string; reason: string }[];
}

const MB = 1024 * 1024;
export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 2000,
  maxEntryBytes: 300 * MB,
  maxTotalBytes: 2048 * MB,
  // Scans (JPEG, PDF, G4 TIFF) are already compressed and inflate about 1:1;
  // 200:1 over 10 MB is only reached by blank raw rasters and bombs.
  maxRatio: 200,
};
const RATIO_FLOOR = 10 * MB;
const TOTAL_EXCEEDED = '压缩包解压后的总量超过上限，该文件未解压';
const SIZE_MISMATCH = '解压后的大小与目录记录不符，文件已损坏';

export async function unpackZip(bytes: Buffer, limits: Partial<ZipLimits> = {}): Promise<UnpackedZip> {
  const lim = { ...DEFAULT_ZIP_LIMITS, ...limits };
  const zip = await openZip(bytes);
  if (zip.entryCount > lim.maxEntries) {
    zip.close();
    throw new RejectedFileError(`压缩包内文件过多（${zip.entryCount} 个，上限 ${lim.maxEntries} 个）`);
  }
  const result: UnpackedZip = { entries: [], rejected: [] };
  let total = 0;
  try {
    for await (const entry of zip.eachEntry()) {
      const name = normaliseEntryName(
        decodeEntryName(entry.fileNameRaw, entry.generalPurposeBitFlag, entry.extraFields),
      );
      if (isSkippedEntry(name)) continue;
      const outcome = await takeEntry(zip, entry, name, { ...lim, maxTotalBytes: lim.maxTotalBytes - total });
      if ('reason' in outcome) result.rejected.push({ name, reason: outcome.reason });
      else {
        total += outcome.bytes.length;
        result.entries.push({ name, bytes: outcome.bytes });
      }
    }
  } catch {
    // The central directory broke part-way: keep what was read, say what was lost.
    result.rejected.push({ name: '（压缩包目录）', reason: '压缩包目录已损坏，其余文件无法读取' });
  } finally {
    zip.close();
  }
  return result;
}

async function openZip(bytes: Buffer): Promise<ZipFile> {
  try {
    return await yauzl.fromBufferPromise(bytes, {
      lazyEntries: true,
      decodeStrings: false, // names are decoded in zipNames.ts (GBK)
      validateEntrySizes: false, // sizes are checked here, per member, without aborting the whole zip
      autoClose: false,
    });
  } catch {
    throw new RejectedFileError('压缩包已损坏，无法读取文件目录');
  }
}

type Outcome = { bytes: Buffer } | { reason: string };

async function takeEntry(zip: ZipFile, entry: Entry, name: string, lim: ZipLimits): Promise<Outcome> {
  const early = refuseBeforeReading(entry, name, lim);
  if (early) return { reason: early };
  let stream: Readable;
  try {
    stream = await zip.openReadStreamPromise(entry);
  } catch {
    return { reason: '文件数据已损坏，无法读取' };
  }
  const outcome = await inflate(stream, entry, lim);
  if ('reason' in outcome) return outcome;
  const kind = identifyFile(outcome.bytes, name);
  if ('kind' in kind && kind.kind === 'zip')
    return { reason: '嵌套压缩包（压缩包里的压缩包不予解压，请先解开再导入）' };
  return outcome;
}

/** What the directory alone already rules out: unsafe names, encryption, unknown methods, stated sizes over a limit. */
function refuseBeforeReading(entry: Entry, name: string, lim: ZipLimits): string | null {
  const unsafe = unsafeNameReason(name);
  if (unsafe) return unsafe;
  if (entry.isEncrypted()) return '文件已加密，需要密码才能解压';
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
    return `不支持的压缩方法（${entry.compressionMethod}），请用“存储”或“Deflate”方式重新压缩`;
  }
  if (entry.uncompressedSize > lim.maxEntryBytes) return tooBig(lim.maxEntryBytes);
  if (entry.uncompressedSize > lim.maxTotalBytes) return TOTAL_EXCEEDED;
  return null;
}

function tooBig(limit: number): string {
  return `文件解压后超过 ${Math.round(limit / MB)} MB 上限，已停止解压`;
}

/**
 * Collects the inflated bytes, stopping at the first limit crossed, or as
 * soon as the member outgrows the size its header states (a header that lies
 * small cannot smuggle a bomb past the checks made before reading); checks
 * CRC and size at the end.
 */
function inflate(stream: Readable, entry: Entry, lim: ZipLimits): Promise<Outcome> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let length = 0;
    let crc = 0;
    let settled = false;
    const finish = (outcome: Outcome) => {
      if (settled) return;
      settled = true;
      if ('reason' in outcome) stream.destroy();
      resolve(outcome);
    };
    stream.on('data', (chunk: Buffer) => {
      if (settled) return;
      length += chunk.length;
      const limit = length > entry.uncompressedSize ? SIZE_MISMATCH : overLimit(length, entry.compressedSize, lim);
      if (limit) return finish({ reason: limit });
      crc = zlib.crc32(chunk, crc);
      chunks.push(chunk);
    });
    stream.on('error', () => finish({ reason: '压缩数据已损坏，无法解压' }));
    stream.on('end', () => {
      if (crc !== entry.crc32) return finish({ reason: 'CRC 校验错误，文件已损坏' });
      if (length !== entry.uncompressedSize) return finish({ reason: SIZE_MISMATCH });
      finish({ bytes: Buffer.concat(chunks, length) });
    });
  });
}

function overLimit(length: number, compressed: number, lim: ZipLimits): string | null {
  if (length > lim.maxEntryBytes) return tooBig(lim.maxEntryBytes);
  if (length > lim.maxTotalBytes) return TOTAL_EXCEEDED;
  if (length > RATIO_FLOOR && length > Math.max(compressed, 1) * lim.maxRatio) {
    return `压缩比异常（超过 ${lim.maxRatio}:1），疑似压缩炸弹，已停止解压`;
  }
  return null;
}
