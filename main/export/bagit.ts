import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';

/**
 * BagIt (RFC 8493) building blocks: manifest lines with their path
 * encoding, the tag files, Payload-Oxum, and streaming SHA-256 (with SM3
 * alongside, in the same read) so a large scan is never held in memory whole.
 */

export const BAGIT_TXT = 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n';
export const MANIFEST = 'manifest-sha256.txt';
/** A second payload manifest by the national hash (GB/T 32905), for a district that checks with SM3. */
export const MANIFEST_SM3 = 'manifest-sm3.txt';
export const TAG_MANIFEST = 'tagmanifest-sha256.txt';
export const BAG_INFO = 'bag-info.txt';
export const BAGIT = 'bagit.txt';
export const TAG_FILES = [BAGIT, BAG_INFO, MANIFEST] as const;

export interface FileEntry {
  /** Path inside the bag, '/'-separated (e.g. data/pages/01_低保/0001.jpg). */
  path: string;
  sha256: string;
  size: number;
  /** SM3 of the same bytes; payload files have it, for manifest-sm3.txt. */
  sm3?: string;
}

/** RFC 8493 §2.1.3: CR, LF and % in a manifest path are percent-encoded. */
export function encodeManifestPath(p: string): string {
  return p.replace(/%/g, '%25').replace(/\n/g, '%0A').replace(/\r/g, '%0D');
}

export function decodeManifestPath(p: string): string {
  return p.replace(/%0A/gi, '\n').replace(/%0D/gi, '\r').replace(/%25/g, '%');
}

const byPath = (a: FileEntry, b: FileEntry) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/** Manifest text in code-point order of the paths, so the same files give the same bytes. */
export function manifestText(entries: FileEntry[], algorithm: 'sha256' | 'sm3' = 'sha256'): string {
  return [...entries]
    .sort(byPath)
    .map((e) => {
      const digest = algorithm === 'sha256' ? e.sha256 : e.sm3;
      if (!digest) throw new Error(`${e.path} 没有 ${algorithm} 校验值`);
      return `${digest}  ${encodeManifestPath(e.path)}\n`;
    })
    .join('');
}

export interface ManifestLine {
  line: number;
  sha256: string;
  path: string;
}

/** Parses manifest text; lines that are not "<hex>  <path>" come back as `bad`. */
export function parseManifest(text: string): { lines: ManifestLine[]; bad: number[] } {
  const lines: ManifestLine[] = [];
  const bad: number[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') return;
    const m = /^([0-9a-fA-F]{64})[ \t]+\*?(.+)$/.exec(line);
    if (m && m[1] && m[2]) lines.push({ line: i + 1, sha256: m[1].toLowerCase(), path: decodeManifestPath(m[2]) });
    else bad.push(i + 1);
  });
  return { lines, bad };
}

/**
 * Why a manifest path may not be opened: absolute, a drive letter, a
 * backslash, an empty, "." or ".." segment — anything that could point
 * outside the bag (zip-slip). Null when the path is safe.
 */
export function unsafePathReason(p: string): string | null {
  if (p.includes('\\')) return '路径含反斜杠';
  if (p.startsWith('/') || /^[A-Za-z]:/.test(p)) return '绝对路径';
  if (p.includes('\0')) return '路径含空字符';
  const segments = p.split('/');
  if (segments.some((s) => s === '..')) return '路径含“..”，指向包外';
  if (segments.some((s) => s === '' || s === '.')) return '路径含空段或“.”';
  return null;
}

/** Payload-Oxum: "<total bytes>.<file count>". */
export function payloadOxum(entries: FileEntry[]): string {
  return `${entries.reduce((sum, e) => sum + e.size, 0)}.${entries.length}`;
}

/** bag-info.txt from ordered label/value pairs; values never span lines. */
export function bagInfoText(fields: [string, string][]): string {
  return fields.map(([k, v]) => `${k}: ${v.replace(/\s*[\r\n]+\s*/g, ' ')}\n`).join('');
}

export function parseBagInfo(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  let last: string | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (/^[ \t]/.test(line) && last) fields.set(last, `${fields.get(last) ?? ''} ${line.trim()}`);
    else {
      const at = line.indexOf(':');
      if (at <= 0) continue;
      last = line.slice(0, at).trim();
      fields.set(last, line.slice(at + 1).trim());
    }
  }
  return fields;
}

function hashingStream(hash: ReturnType<typeof createHash>, counter: { size: number }): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      counter.size += chunk.length;
      done(null, chunk);
    },
  });
}

/** SHA-256 and size of a file, read as a stream. */
export async function hashFile(file: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  const counter = { size: 0 };
  for await (const chunk of fs.createReadStream(file)) {
    hash.update(chunk as Buffer);
    counter.size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size: counter.size };
}

/** SHA-256, SM3 and size of a file in one read (a package's two payload manifests). */
export async function hashFileBoth(file: string): Promise<{ sha256: string; sm3: string; size: number }> {
  const sha256 = createHash('sha256');
  const sm3 = createHash('sm3');
  let size = 0;
  for await (const chunk of fs.createReadStream(file)) {
    sha256.update(chunk as Buffer);
    sm3.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: sha256.digest('hex'), sm3: sm3.digest('hex'), size };
}

/** SHA-256 and SM3 of bytes in memory. */
function digests(bytes: Buffer): { sha256: string; sm3: string } {
  return { sha256: createHash('sha256').update(bytes).digest('hex'), sm3: createHash('sm3').update(bytes).digest('hex') };
}

/** Copies a file while hashing what was read, in one pass. */
export async function copyHashed(from: string, to: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  const counter = { size: 0 };
  await pipeline(fs.createReadStream(from), hashingStream(hash, counter), fs.createWriteStream(to, { flags: 'wx' }));
  return { sha256: hash.digest('hex'), size: counter.size };
}

/** Files up to this size are copied with one read and one write; larger ones stream, so a big scan is never held whole. */
export const IN_MEMORY_COPY_LIMIT = 8 * 1024 * 1024;

/** Streams an open file through one buffer into a new file, hashing what was read. */
function copyStreamingSync(fd: number, to: string): { sha256: string; sm3: string; size: number } {
  const hash = createHash('sha256');
  const sm3 = createHash('sm3');
  const chunk = Buffer.allocUnsafe(1 << 20);
  const out = fs.openSync(to, 'wx');
  let size = 0;
  try {
    for (;;) {
      const n = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      hash.update(chunk.subarray(0, n));
      sm3.update(chunk.subarray(0, n));
      fs.writeSync(out, chunk, 0, n);
      size += n;
    }
  } finally {
    fs.closeSync(out);
  }
  return { sha256: hash.digest('hex'), sm3: sm3.digest('hex'), size };
}

/**
 * Copies a file and returns the SHA-256, SM3 and size of the bytes copied,
 * synchronously (a package writer's worker thread does a package's files in
 * a row). A small file is read once and written once, and its bytes are
 * handed back; a file over IN_MEMORY_COPY_LIMIT streams (bytes: null).
 * Never overwrites: the target must not exist.
 */
export function copyHashedSync(from: string, to: string): { sha256: string; sm3: string; size: number; bytes: Buffer | null } {
  const fd = fs.openSync(from, 'r');
  try {
    if (fs.fstatSync(fd).size > IN_MEMORY_COPY_LIMIT) return { ...copyStreamingSync(fd, to), bytes: null };
    const bytes = fs.readFileSync(fd);
    fs.writeFileSync(to, bytes, { flag: 'wx' });
    return { ...digests(bytes), size: bytes.length, bytes };
  } finally {
    fs.closeSync(fd);
  }
}

const asBuffer = (part: Uint8Array | string) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.from(part.buffer, part.byteOffset, part.byteLength));

/**
 * Writes bytes to a new file and returns their checksum entry data. Bytes
 * in pieces (texts as UTF-8) are written and hashed piece by piece, never
 * joined in memory.
 */
export function writeHashedSync(to: string, content: Uint8Array | string | (Uint8Array | string)[]): { sha256: string; sm3: string; size: number } {
  if (!Array.isArray(content)) {
    const buffer = asBuffer(content);
    fs.writeFileSync(to, buffer, { flag: 'wx' });
    return { ...digests(buffer), size: buffer.length };
  }
  const parts = content.map(asBuffer);
  const sha256 = createHash('sha256');
  const sm3 = createHash('sm3');
  let size = 0;
  for (const part of parts) {
    sha256.update(part);
    sm3.update(part);
    size += part.length;
  }
  const fd = fs.openSync(to, 'wx');
  try {
    let rest = parts.filter((part) => part.length > 0);
    while (rest.length > 0) {
      let written = fs.writevSync(fd, rest);
      while (rest.length > 0 && written >= (rest[0]?.length ?? 0)) written -= rest.shift()?.length ?? 0;
      if (written > 0) rest = [rest[0]!.subarray(written), ...rest.slice(1)];
    }
  } finally {
    fs.closeSync(fd);
  }
  return { sha256: sha256.digest('hex'), sm3: sm3.digest('hex'), size };
}
