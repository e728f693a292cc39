import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { afterAuditCommit, GENESIS_HASH, type ChainProblem } from './audit';
import type { Database } from './schema';
import { writeFileAtomically } from '../support/atomicFile';

/**
 * The audit chain's head, kept outside the database. Someone who can edit the
 * SQLite file can drop the triggers, cut the last entries and reset the id
 * counter, and the chain that is left still links up. So after every commit
 * that appends audit entries, the head (its sequence number and hash) is
 * written to `audit-head.json` beside the database, with an HMAC under a key
 * of this archive kept in `audit-anchor.key` (also beside it, never in the
 * database). `audit verify` compares the database with it, backups carry
 * both files, and exports carry the head.
 *
 * The anchor only ever moves forward along the chain it vouches for: an
 * anchor that the database contradicts (a cut or rewritten tail), or one that
 * is missing or forged, is left as it is, so the evidence stays until someone
 * looks at it.
 */

export const ANCHOR_FILE = 'audit-head.json';
export const ANCHOR_KEY_FILE = 'audit-anchor.key';
const FORMAT = 'hudang-audit-head-1';

export interface AuditHead {
  seq: number;
  hash: string;
}

interface AnchorDocument extends AuditHead {
  format: string;
  writtenAt: string;
  hmac: string;
}

type AnchorState = { state: 'missing' } | { state: 'invalid'; why: string } | { state: 'valid'; head: AuditHead; writtenAt: string };

/** The anchor file's text as it stands, for backups and export packages; null when the archive has none. */
export async function readAuditAnchor(archiveRoot: string): Promise<string | null> {
  try {
    return await fs.promises.readFile(path.join(archiveRoot, ANCHOR_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function mac(key: Buffer, head: AuditHead, writtenAt: string): string {
  return createHmac('sha256', key).update(`${FORMAT}\n${head.seq}\n${head.hash}\n${writtenAt}`).digest('hex');
}

function parseAnchor(text: string | null, key: Buffer): AnchorState {
  if (text === null) return { state: 'missing' };
  let doc: Partial<AnchorDocument>;
  try {
    doc = JSON.parse(text) as Partial<AnchorDocument>;
  } catch {
    return { state: 'invalid', why: '文件内容无法解析' };
  }
  if (doc.format !== FORMAT || !Number.isInteger(doc.seq) || typeof doc.hash !== 'string' || typeof doc.writtenAt !== 'string' || typeof doc.hmac !== 'string') {
    return { state: 'invalid', why: '文件格式不对' };
  }
  const head = { seq: doc.seq as number, hash: doc.hash };
  const expected = Buffer.from(mac(key, head, doc.writtenAt), 'hex');
  const given = Buffer.from(doc.hmac, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { state: 'invalid', why: '签名与本档案的密钥不符（文件被改动或替换）' };
  return { state: 'valid', head, writtenAt: doc.writtenAt };
}

async function databaseHead(db: Kysely<Database>): Promise<AuditHead> {
  const last = await db.selectFrom('auditLog').select(['id', 'hash']).orderBy('id', 'desc').limit(1).executeTakeFirst();
  return last ? { seq: last.id, hash: last.hash } : { seq: 0, hash: GENESIS_HASH };
}

async function hashAt(db: Kysely<Database>, seq: number): Promise<string | null> {
  if (seq === 0) return GENESIS_HASH;
  return (await db.selectFrom('auditLog').select('hash').where('id', '=', seq).executeTakeFirst())?.hash ?? null;
}

export class AuditAnchor {
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;
  /** The last write failure, reported by `audit verify` until a write succeeds. */
  private failure: string | null = null;

  constructor(
    readonly root: string,
    private readonly key: Buffer,
    private readonly db: Kysely<Database>,
  ) {}

  get file(): string {
    return path.join(this.root, ANCHOR_FILE);
  }

  async state(): Promise<AnchorState> {
    return parseAnchor(await readAuditAnchor(this.root), this.key);
  }

  async write(head: AuditHead): Promise<void> {
    const writtenAt = new Date().toISOString();
    const doc: AnchorDocument = { format: FORMAT, seq: head.seq, hash: head.hash, writtenAt, hmac: mac(this.key, head, writtenAt) };
    await writeFileAtomically(this.file, `${JSON.stringify(doc, null, 2)}\n`, 0o644);
  }

  /**
   * Brings the anchor up to the database's head after a commit. Commits that
   * land while a write is under way share the next write: a busy ingest
   * pays for one file write per round of commits, not one per page.
   */
  afterCommit(): Promise<void> {
    if (!this.running) {
      this.running = this.advance().finally(() => {
        this.running = null;
      });
      return this.running;
    }
    if (!this.queued) {
      this.queued = this.running.then(() => {
        this.queued = null;
        return this.afterCommit();
      });
    }
    return this.queued;
  }

  private async advance(): Promise<void> {
    try {
      const head = await databaseHead(this.db);
      const current = await this.state();
      // Missing (deleted after the archive had one) or forged: keep it that way for audit verify to report.
      if (current.state !== 'valid') return;
      if (current.head.seq >= head.seq) return;
      if ((await hashAt(this.db, current.head.seq)) !== current.head.hash) return;
      await this.write(head);
      this.failure = null;
    } catch (error) {
      // The change itself is committed; a failed anchor write only leaves the anchor behind, which verify reports.
      this.failure = (error as Error).message;
    }
  }

  /** What the anchor says about the database's log: a cut or rewritten tail, a missing or forged anchor. */
  async check(): Promise<ChainProblem[]> {
    const head = await databaseHead(this.db);
    const current = await this.state();
    const problems: ChainProblem[] = [];
    if (current.state === 'missing') {
      problems.push({ id: head.seq, problem: `审计锚点文件 ${ANCHOR_FILE} 缺失：无法确认审计日志末尾是否完整，请与最近的备份核对` });
    } else if (current.state === 'invalid') {
      problems.push({ id: head.seq, problem: `审计锚点文件 ${ANCHOR_FILE} 无效：${current.why}` });
    } else {
      const anchored = current.head;
      if (anchored.seq > head.seq) {
        problems.push({ id: head.seq, problem: `审计日志在第 ${head.seq} 条之后被截断：锚点记录到第 ${anchored.seq} 条（${current.writtenAt.slice(0, 19).replace('T', ' ')} UTC），数据库中只到第 ${head.seq} 条` });
      } else if ((await hashAt(this.db, anchored.seq)) !== anchored.hash) {
        problems.push({ id: anchored.seq, problem: `审计日志在第 ${anchored.seq} 条或之前被截断或改写：第 ${anchored.seq} 条与锚点记录的不符` });
      }
    }
    if (this.failure) problems.push({ id: head.seq, problem: `审计锚点未能写入：${this.failure}` });
    return problems;
  }
}

const anchors = new WeakMap<Kysely<Database>, AuditAnchor>();

/** The anchor kept for this database, if it was opened as an archive. */
export function anchorOf(db: Kysely<Database>): AuditAnchor | undefined {
  return anchors.get(db);
}

/**
 * Opens the anchor of the archive whose database lives in `root`. A first
 * open (no key yet: a new archive, or one made before anchors existed)
 * creates the key and anchors the current head. If a key exists, nothing is
 * recreated: a deleted anchor stays missing for verify to report.
 */
export async function openAuditAnchor(db: Kysely<Database>, root: string): Promise<AuditAnchor> {
  const keyFile = path.join(root, ANCHOR_KEY_FILE);
  let key: Buffer;
  let created = false;
  try {
    key = Buffer.from((await fs.promises.readFile(keyFile, 'utf8')).trim(), 'hex');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    key = randomBytes(32);
    try {
      await writeAtomicallyExclusive(keyFile, key.toString('hex'));
      created = true;
    } catch (raced) {
      // Another process opening the same archive created it first: use theirs.
      if ((raced as NodeJS.ErrnoException).code !== 'EEXIST') throw raced;
      key = Buffer.from((await fs.promises.readFile(keyFile, 'utf8')).trim(), 'hex');
    }
  }
  if (key.length !== 32) throw new Error(`审计锚点密钥文件 ${keyFile} 已损坏`);
  const anchor = new AuditAnchor(root, key, db);
  if (created && (await readAuditAnchor(root)) === null) await anchor.write(await databaseHead(db));
  anchors.set(db, anchor);
  afterAuditCommit(db, () => anchor.afterCommit());
  return anchor;
}

/**
 * The key is written once, readable by its owner only, and never
 * overwritten: written whole to a temp file, then linked into place, which
 * fails if another process got there first.
 */
async function writeAtomicallyExclusive(file: string, text: string): Promise<void> {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await fs.promises.open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.promises.link(temp, file);
  } finally {
    await fs.promises.rm(temp, { force: true });
  }
}
