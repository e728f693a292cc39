import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../testing/fixtures';
import { copyHashedSync, IN_MEMORY_COPY_LIMIT, writeHashedSync } from './bagit';

/** Copying payload files: the checksum is of the bytes written, small files in memory, large ones streamed. */

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('copyHashedSync', () => {
  it.each([
    ['a small file (one read, one write)', 37_000],
    ['a file over the in-memory limit (streamed)', IN_MEMORY_COPY_LIMIT + 1],
    ['an empty file', 0],
  ])('copies %s and returns its SHA-256 and size', (_name, size) => {
    const dir = tempDir();
    const bytes = Buffer.alloc(size);
    for (let i = 0; i < size; i += 4096) bytes[i] = (i / 4096) % 251;
    fs.writeFileSync(path.join(dir, 'from'), bytes);
    const copied = copyHashedSync(path.join(dir, 'from'), path.join(dir, 'to'));
    expect({ sha256: copied.sha256, size: copied.size }).toEqual({ sha256: sha(bytes), size });
    expect(copied.bytes === null).toBe(size > IN_MEMORY_COPY_LIMIT);
    expect(fs.readFileSync(path.join(dir, 'to')).equals(bytes)).toBe(true);
  });

  it('never overwrites a file already there', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'from'), 'new');
    fs.writeFileSync(path.join(dir, 'to'), 'old');
    expect(() => copyHashedSync(path.join(dir, 'from'), path.join(dir, 'to'))).toThrow(/EEXIST/);
    expect(() => writeHashedSync(path.join(dir, 'to'), 'new')).toThrow(/EEXIST/);
    expect(fs.readFileSync(path.join(dir, 'to'), 'utf8')).toBe('old');
  });
});

describe('writeHashedSync', () => {
  it('writes bytes in pieces (texts as UTF-8) as one file, hashed as one', () => {
    const dir = tempDir();
    const pieces = ['{"户档": ', Buffer.from('"包"'), '', new Uint8Array(new SharedArrayBuffer(3)).fill(0x20), '}\n'];
    const whole = Buffer.concat(pieces.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)));
    const entry = writeHashedSync(path.join(dir, 'pieces'), pieces);
    expect(fs.readFileSync(path.join(dir, 'pieces')).equals(whole)).toBe(true);
    expect(entry).toEqual({ sha256: sha(whole), sm3: createHash('sm3').update(whole).digest('hex'), size: whole.length });
    expect(writeHashedSync(path.join(dir, 'whole'), whole)).toEqual(entry);
  });
});
