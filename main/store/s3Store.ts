import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable, Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { UserError } from '../support/errors';
import { checkSha256, HashMismatchError, MissingBlobError, redactStoreSpec, sha256Of, type BlobStore, type StoredBlob } from './blobStore';
import { copyChecked } from './folderStore';

export interface S3StoreOptions {
  bucket: string;
  /** Key prefix without leading or trailing slash ('' for the bucket's top). */
  prefix: string;
  /** http(s)://host:port of an S3-compatible service (MinIO, Ceph, a cloud's S3); AWS itself when absent. */
  endpoint?: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
  /** The URL as given, for `location` (secrets redacted). */
  url: string;
}

/** How many blobs putAll sends at once: enough to hide latency, few enough not to swamp a small server. */
const PARALLEL = 6;

/**
 * The blob store as S3-compatible object storage: a blob is the object
 * `<prefix>/<first two hex digits>/<sha256>`, the same layout as the folder.
 * Write-once: a blob already there (HeadObject, and If-None-Match on the
 * upload where the service honours it) is never uploaded again. Every upload
 * carries the blob's SHA-256 for the service to check where it can, and its
 * stored length is read back before the blob counts as stored.
 */
export class S3Store implements BlobStore {
  readonly location: string;
  private readonly client: S3Client;

  constructor(
    private readonly options: S3StoreOptions,
    readonly archiveDir: string,
  ) {
    this.location = redactStoreSpec(options.url);
    // The SDK warns in English on stderr about a future Node.js requirement: the packager's concern, not the clerk's.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    const credentials = options.accessKeyId && options.secretAccessKey ? { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey, ...(options.sessionToken ? { sessionToken: options.sessionToken } : {}) } : undefined;
    this.client = new S3Client({
      region: options.region,
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(credentials ? { credentials } : {}),
      // Path-style URLs: most self-hosted services (and loopback endpoints) have no per-bucket host names.
      forcePathStyle: true,
      // Checksums only where an operation needs them: the SDK's default streams
      // uploads as aws-chunked with trailers, which several S3-compatible
      // services do not understand. The blob's own SHA-256 is sent instead.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  /** s3://bucket/prefix?endpoint=http://host:9000&region=…&accessKeyId=…&secretAccessKey=… (keys also from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY). */
  static fromUrl(spec: string, archiveDir: string): S3Store {
    let url: URL;
    try {
      url = new URL(spec);
    } catch {
      throw new UserError(`无法识别的对象存储地址：${redactStoreSpec(spec)}`);
    }
    const bucket = url.hostname;
    if (!bucket) throw new UserError(`对象存储地址缺少存储桶名：${redactStoreSpec(spec)}`);
    const q = url.searchParams;
    const env = process.env;
    return new S3Store({
      bucket,
      prefix: decodeURIComponent(url.pathname).replace(/^\/+|\/+$/g, ''),
      endpoint: q.get('endpoint') ?? env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL ?? undefined,
      region: q.get('region') ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
      accessKeyId: decodeURIComponent(url.username) || q.get('accessKeyId') || env.AWS_ACCESS_KEY_ID,
      secretAccessKey: decodeURIComponent(url.password) || q.get('secretAccessKey') || env.AWS_SECRET_ACCESS_KEY,
      sessionToken: q.get('sessionToken') ?? env.AWS_SESSION_TOKEN,
      url: spec,
    }, archiveDir);
  }

  private key(sha256: string): string {
    checkSha256(sha256);
    const name = `${sha256.slice(0, 2)}/${sha256}`;
    return this.options.prefix ? `${this.options.prefix}/${name}` : name;
  }

  async size(sha256: string): Promise<number | null> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: this.key(sha256) }));
      return head.ContentLength ?? 0;
    } catch (error) {
      if (isNotFound(error)) return null;
      throw this.failure(error);
    }
  }

  async has(sha256: string): Promise<boolean> {
    return (await this.size(sha256)) !== null;
  }

  async read(sha256: string): Promise<Buffer> {
    try {
      const got = await this.client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: this.key(sha256) }));
      if (!got.Body) throw new MissingBlobError(sha256);
      return Buffer.from(await got.Body.transformToByteArray());
    } catch (error) {
      if (isNotFound(error)) throw new MissingBlobError(sha256);
      throw this.failure(error);
    }
  }

  async copyTo(sha256: string, destination: string | Writable): Promise<void> {
    let body: Readable;
    try {
      const got = await this.client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: this.key(sha256) }));
      if (!(got.Body instanceof Readable)) throw new MissingBlobError(sha256);
      body = got.Body;
    } catch (error) {
      if (isNotFound(error)) throw new MissingBlobError(sha256);
      throw this.failure(error);
    }
    await copyChecked(body, sha256, destination);
  }

  async discard(sha256: string): Promise<void> {
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.key(sha256) }));
    } catch (error) {
      if (!isNotFound(error)) throw this.failure(error);
    }
  }

  async put(bytes: Buffer): Promise<StoredBlob> {
    const sha256 = sha256Of(bytes);
    return { sha256, size: bytes.length, created: await this.commit(sha256, bytes.length, () => bytes) };
  }

  private readonly inFlight = new Map<string, Promise<boolean>>();

  async putAll(blobs: Buffer[]): Promise<StoredBlob[]> {
    const results: StoredBlob[] = new Array(blobs.length);
    let next = 0;
    const worker = async () => {
      while (next < blobs.length) {
        const i = next++;
        const bytes = blobs[i] as Buffer;
        results[i] = await this.put(bytes);
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL, blobs.length) }, worker));
    // The same bytes twice in one call: only the first counts as created, as in the folder store.
    const seen = new Set<string>();
    return results.map((r) => {
      const again = seen.has(r.sha256);
      seen.add(r.sha256);
      return again ? { ...r, created: false } : r;
    });
  }

  /** The name is known only once every byte has been read: the stream is staged in a local temporary file, then uploaded from it. */
  async putStream(source: Readable, expected?: string): Promise<StoredBlob> {
    if (expected !== undefined) {
      const size = await this.size(expected);
      if (size !== null) {
        source.destroy();
        return { sha256: expected, size, created: false };
      }
    }
    const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'hudang-s3-'));
    const temp = path.join(dir, randomBytes(6).toString('hex'));
    try {
      const hash = createHash('sha256');
      let size = 0;
      await pipeline(
        source,
        new Transform({
          transform(chunk: Buffer, _encoding, callback) {
            hash.update(chunk);
            size += chunk.length;
            callback(null, chunk);
          },
        }),
        fs.createWriteStream(temp),
      );
      const sha256 = hash.digest('hex');
      if (expected !== undefined && sha256 !== expected) throw new HashMismatchError(expected, sha256);
      return { sha256, size, created: await this.commit(sha256, size, () => fs.createReadStream(temp)) };
    } finally {
      await fsp.rm(dir, { recursive: true, force: true });
    }
  }

  /**
   * The one write routine: skip a blob that is already there, upload with
   * its SHA-256 and If-None-Match, then read its length back. Concurrent puts
   * of the same blob share one upload.
   */
  private commit(sha256: string, size: number, body: () => Buffer | Readable): Promise<boolean> {
    const pending = this.inFlight.get(sha256);
    if (pending) return pending.then(() => false);
    const done = (async () => {
      const existing = await this.size(sha256);
      if (existing !== null) {
        if (existing !== size) throw new UserError(`对象存储中的文件 ${sha256} 长度不符（${existing} 字节，应为 ${size}），请运行完整性检查（fsck）`);
        return false;
      }
      try {
        await this.client.send(
          new PutObjectCommand({
            Bucket: this.options.bucket,
            Key: this.key(sha256),
            Body: body(),
            ContentLength: size,
            ContentType: 'application/octet-stream',
            ChecksumSHA256: Buffer.from(sha256, 'hex').toString('base64'),
            Metadata: { sha256 },
            IfNoneMatch: '*',
          }),
        );
      } catch (error) {
        // Stored meanwhile by another clerk: an existing blob is never rewritten.
        if (error instanceof S3ServiceException && (error.$metadata.httpStatusCode === 412 || error.name === 'PreconditionFailed')) return false;
        throw this.failure(error);
      }
      const stored = await this.size(sha256);
      if (stored !== size) throw new UserError(`对象存储未完整保存文件 ${sha256}（${stored ?? 0} 字节，应为 ${size}）`);
      return true;
    })().finally(() => this.inFlight.delete(sha256));
    this.inFlight.set(sha256, done);
    return done;
  }

  /** A service error in the clerk's language, naming the store without its secret. */
  private failure(error: unknown): Error {
    if (error instanceof UserError) return error;
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return new UserError(`对象存储（${this.location}）操作失败：${detail}`, { cause: error });
  }
}

function isNotFound(error: unknown): boolean {
  if (error instanceof S3ServiceException) return error.$metadata.httpStatusCode === 404 || error.name === 'NotFound' || error.name === 'NoSuchKey';
  return false;
}
