import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { mutate, type AuditContext } from '../db/audit';
import type { Database } from '../db/schema';
import type { BlobStore } from '../store/blobStore';
import type { Kysely } from 'kysely';
import { UserError } from '../support/errors';
import { fingerprint, generateKeyPair, isPublicKey, publicKeyOf, type KeyPair } from './signing';

/**
 * The archive's own SM2 key pair, which signs every package it exports.
 * Made once per archive, on first need (audited with its fingerprint), and
 * kept in the archive folder beside the database, never in it, and left
 * out of backups: a database copy or a backup ZIP cannot sign. Readable by
 * the owner only (0600; on Windows the folder's own permissions apply).
 * Losing it, or restoring from a backup, means a new key at the next
 * export, which the district must accept explicitly (district/townKeys.ts).
 */

export const KEY_FILE = 'package-signing-key.json';

const keyFileSchema = z.object({
  algorithm: z.literal('SM2'),
  publicKey: z.string(),
  privateKey: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: z.string(),
});

export interface ArchiveKey extends KeyPair {
  createdAt: string;
  fingerprint: string;
  file: string;
}

/** The archive folder, wherever its blobs are (archive.ts): the key stays with the archive, never in object storage. */
export function archiveFolder(store: BlobStore): string {
  return store.archiveDir;
}

function damaged(file: string, why: string): UserError {
  return new UserError(`本档案库的导出签名密钥文件已损坏（${why}）：${file}。请从原处恢复该文件；无法恢复时删除它，下次导出会生成新密钥，区级须核对指纹后确认新密钥`);
}

/** The archive's key, or null when it has none yet. */
export function readArchiveKey(root: string): ArchiveKey | null {
  const file = path.join(root, KEY_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  let parsed: z.infer<typeof keyFileSchema>;
  try {
    parsed = keyFileSchema.parse(JSON.parse(text));
  } catch {
    throw damaged(file, '内容无法读取');
  }
  if (!isPublicKey(parsed.publicKey) || publicKeyOf(parsed.privateKey) !== parsed.publicKey) throw damaged(file, '公钥与私钥不配对');
  return { publicKey: parsed.publicKey, privateKey: parsed.privateKey, createdAt: parsed.createdAt, fingerprint: fingerprint(parsed.publicKey), file };
}

/**
 * The archive's key, made now if it has none. Written whole under a
 * temporary name and linked into place, so two processes exporting at once
 * end up with the same key and a crash never leaves half a key file.
 */
export function archiveKey(root: string, now: Date): ArchiveKey {
  const existing = readArchiveKey(root);
  if (existing) return existing;
  const pair = generateKeyPair();
  const file = path.join(root, KEY_FILE);
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const body = `${JSON.stringify({ algorithm: 'SM2', publicKey: pair.publicKey, privateKey: pair.privateKey, createdAt: now.toISOString() }, null, 2)}\n`;
  const fd = fs.openSync(temp, 'wx', 0o600);
  try {
    fs.writeSync(fd, body);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.linkSync(temp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    fs.rmSync(temp, { force: true });
  }
  const key = readArchiveKey(root);
  if (!key) throw new Error(`签名密钥文件未能写入：${file}`);
  return key;
}

/** The archive's key for an export; its making is audited (with the fingerprint), so a new key never appears unnoticed. */
export async function exportKey(db: Kysely<Database>, audit: AuditContext, store: BlobStore): Promise<ArchiveKey> {
  const root = archiveFolder(store);
  const existing = readArchiveKey(root);
  if (existing) return existing;
  const key = archiveKey(root, audit.now());
  await mutate(db, audit, (tx) => tx.record({ action: 'package.key.create', entity: 'packageKey', entityId: key.fingerprint, after: { publicKey: key.publicKey, fingerprint: key.fingerprint, file: KEY_FILE } }));
  return key;
}
