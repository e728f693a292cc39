import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { Archive } from '../archive';
import { ApiError, dispatch, kindOfCode, toErrorBody } from '../api/dispatch';
import { startRuntime } from '../app/runtime';
import type { ApiErrorBody, ErrorKind, ProgressEvent } from '../api/contract';
import type { WatchOptions } from '../ingest/watch';
import { resolveInside } from '../support/paths';
import { ensureRendererBuilt } from './renderer';

/**
 * The local browser host: the same service API over HTTP on 127.0.0.1, with a
 * random token per run, serving the built renderer. It is how the app runs
 * without an Electron binary and how the UI is tested.
 */

export interface Host {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export interface HostOptions {
  archive: Archive;
  port: number;
  actor: string;
  /** Watch the configured scanner folders (the app does; most tests do not). */
  watch?: boolean;
  /** The watcher's timings (tests shorten the rescan). */
  watchOptions?: WatchOptions;
}

const MAX_BODY = 32 * 1024 * 1024; // a roster or pack sent from the UI
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

const SECURITY_HEADERS = {
  'Content-Security-Policy': "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; connect-src 'self'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

function imageType(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'image/jpeg';
  if (bytes[0] === 0x89 && bytes[1] === 0x50) return 'image/png';
  return 'application/octet-stream';
}

function send(res: http.ServerResponse, status: number, body: string | Buffer, type: string, headers: http.OutgoingHttpHeaders = {}): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...SECURITY_HEADERS, ...headers });
  res.end(body);
}

function sendJson(res: http.ServerResponse, status: number, value: unknown, headers: http.OutgoingHttpHeaders = {}): void {
  send(res, status, JSON.stringify(value), 'application/json; charset=utf-8', headers);
}

const STATUS: Record<string, number> = { 'bad-request': 400, forbidden: 403, 'not-found': 404 };

/** An error answer in the API's one shape (ApiErrorBody), its kind told apart from its code. */
function sendError(res: http.ServerResponse, status: number, error: string, code: ApiErrorBody['code'], kind: ErrorKind = kindOfCode(code), headers: http.OutgoingHttpHeaders = {}): void {
  sendJson(res, status, { error, code, kind } satisfies ApiErrorBody, headers);
}

/** A request the host cannot read as a call is the caller's mistake: 400 with what is wrong, never 500. */
const badRequest = (message: string) => new ApiError(message, 'bad-request');
const TOO_LARGE = `请求内容过大（上限 ${MAX_BODY / 1024 / 1024} MB）`;
const JSON_TYPE = /^application\/json\s*(;|$)/i;

function tokenMatches(given: string | undefined, token: string): boolean {
  if (!given || given.length !== token.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(token));
}

function parseBody(bytes: Buffer, type: string | undefined): unknown {
  if (bytes.length === 0) return {};
  if (type === undefined || !JSON_TYPE.test(type)) throw badRequest('请求内容应为 JSON（Content-Type: application/json）');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw badRequest('请求内容不是有效的 UTF-8 文本');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw badRequest('请求内容不是有效的 JSON，无法读取');
  }
}

/**
 * The call's argument. An oversized body is refused as soon as it is seen,
 * and the rest is read and dropped (up to a bound) so the caller still
 * receives the answer instead of a reset connection.
 */
function readBody(req: http.IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const type = req.headers['content-type'];
    if (type !== undefined && !JSON_TYPE.test(type)) return reject(badRequest('请求内容应为 JSON（Content-Type: application/json）'));
    const chunks: Buffer[] = [];
    let size = Number(req.headers['content-length'] ?? 0);
    let refused = size > MAX_BODY;
    if (refused) reject(badRequest(TOO_LARGE));
    size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (refused) {
        if (size > 4 * MAX_BODY) req.destroy();
        return;
      }
      if (size <= MAX_BODY) return void chunks.push(chunk);
      refused = true;
      chunks.length = 0;
      reject(badRequest(TOO_LARGE));
    });
    req.on('end', () => {
      if (refused) return;
      try {
        resolve(parseBody(Buffer.concat(chunks), type));
      } catch (error) {
        reject(error as Error);
      }
    });
    req.on('error', reject);
  });
}

function serveStatic(res: http.ServerResponse, distDir: string, urlPath: string): void {
  let relative: string;
  try {
    relative = urlPath === '/' ? 'index.html' : decodeURIComponent(urlPath).replace(/^\/+/, '');
  } catch {
    return sendError(res, 400, '地址无效（编码错误）', 'bad-request');
  }
  const target = resolveInside(distDir, relative);
  // Unknown paths, and any that would leave the renderer folder, get the app shell, so reloading a screen keeps working.
  const file = target !== null && fs.existsSync(target) && fs.statSync(target).isFile() ? target : path.join(distDir, 'index.html');
  send(res, 200, fs.readFileSync(file), TYPES[path.extname(file)] ?? 'application/octet-stream');
}

export async function startHost({ archive, port, actor, watch = false, watchOptions }: HostOptions): Promise<Host> {
  const distDir = await ensureRendererBuilt();
  const token = randomBytes(24).toString('hex');
  const listeners = new Set<http.ServerResponse>();
  const onProgress = (event: ProgressEvent) => {
    for (const res of listeners) res.write(`data: ${JSON.stringify(event)}\n\n`);
  };
  const runtime = await startRuntime({ archive, actor, onProgress, watch, ...(watchOptions ? { watchOptions } : {}) });
  let allowedHosts: string[] = [];

  /**
   * Page images and thumbnails by content hash, for a logged-in session only
   * (an <img> cannot send headers, so the session rides in the query like the
   * token). The browser revalidates every time, so a logged-out or disabled
   * session is refused even for an image it saw before; unchanged bytes are
   * not sent again.
   */
  const serveBlob = async (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => {
    if (!tokenMatches(url.searchParams.get('token') ?? undefined, token)) return sendError(res, 403, '访问令牌无效', 'forbidden');
    const session = url.searchParams.get('session') || (req.headers['x-hudang-session'] as string | undefined) || null;
    if (!(await runtime.apiFor({ token: session }).whoami({}))) return sendError(res, 403, '请先登录后再查看图像（登录已超时、已退出或用户已停用）', 'forbidden', 'unauthenticated');
    const sha = url.pathname.slice('/blob/'.length);
    if (!/^[0-9a-f]{64}$/.test(sha) || !(await archive.store.has(sha))) return sendError(res, 404, '找不到图像', 'not-found');
    const headers = { 'Cache-Control': 'private, no-cache', ETag: `"${sha}"`, ...SECURITY_HEADERS };
    if (req.headers['if-none-match'] === `"${sha}"`) {
      res.writeHead(304, headers);
      return res.end();
    }
    const bytes = await archive.store.read(sha);
    res.writeHead(200, { 'Content-Type': imageType(bytes), ...headers });
    res.end(bytes);
  };

  /** Progress as server-sent events; EventSource cannot send headers, so the token rides in the query. */
  const subscribe = (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => {
    if (!tokenMatches(url.searchParams.get('token') ?? undefined, token)) return sendError(res, 403, '访问令牌无效', 'forbidden');
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.write(': 户档进度\n\n');
    listeners.add(res);
    req.on('close', () => listeners.delete(res));
  };

  const handle = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    // A page on another site could point a DNS name at 127.0.0.1; only our own host name is served.
    if (!allowedHosts.includes(req.headers.host ?? '')) return sendError(res, 403, '拒绝访问', 'forbidden');
    if (url.pathname === '/events' && req.method === 'GET') return subscribe(req, res, url);
    if (url.pathname.startsWith('/blob/') && req.method === 'GET') {
      return void serveBlob(req, res, url).catch((error: Error) => sendError(res, 500, `读取图像失败：${error.message}`, 'failed'));
    }
    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') return sendError(res, 405, '只接受 POST 请求', 'bad-request');
      if (!tokenMatches(req.headers['x-hudang-token'] as string | undefined, token)) {
        return sendError(res, 403, '访问令牌无效，请用启动时显示的完整地址打开户档', 'forbidden');
      }
      const method = url.pathname.slice('/api/'.length);
      // The user session rides in its own header; the per-run token above only proves the caller is our page.
      const api = runtime.apiFor({ token: (req.headers['x-hudang-session'] as string | undefined) ?? null });
      readBody(req)
        .then((arg) => dispatch(api, method, arg))
        .then((result) => sendJson(res, 200, { result: result ?? null }))
        .catch((error: unknown) => {
          const body = toErrorBody(error);
          // A refused body may still be arriving: close the connection once the answer is out.
          sendJson(res, STATUS[body.code] ?? 500, body, req.complete ? {} : { Connection: 'close' });
        });
      return;
    }
    if (req.method !== 'GET') return sendError(res, 405, '不支持的请求', 'bad-request');
    try {
      serveStatic(res, distDir, url.pathname);
    } catch {
      // The renderer folder can vanish while it is being rebuilt; say so rather than drop the connection.
      sendError(res, 503, '界面文件暂不可用，请稍后刷新页面', 'failed');
    }
  };
  const server = http.createServer((req, res) => {
    try {
      handle(req, res);
    } catch {
      // A request line no URL parser accepts ("GET //[ HTTP/1.1") must not take the host down with it.
      if (!res.headersSent) sendError(res, 400, '请求地址无效', 'bad-request', undefined, { Connection: 'close' });
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actualPort = (server.address() as { port: number }).port;
  server.on('close', () => void runtime.close());
  allowedHosts = [`127.0.0.1:${actualPort}`, `localhost:${actualPort}`];
  return {
    url: `http://127.0.0.1:${actualPort}/?token=${token}`,
    port: actualPort,
    token,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
