import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { Archive } from '../archive';
import { dispatch, toErrorBody } from '../api/dispatch';
import { startRuntime } from '../app/runtime';
import type { ProgressEvent } from '../api/contract';
import type { WatchOptions } from '../ingest/watch';
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

function send(res: http.ServerResponse, status: number, body: string | Buffer, type: string): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...SECURITY_HEADERS });
  res.end(body);
}

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  send(res, status, JSON.stringify(value), 'application/json; charset=utf-8');
}

function tokenMatches(given: string | undefined, token: string): boolean {
  if (!given || given.length !== token.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(token));
}

async function readBody(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('请求内容过大');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as unknown) : {};
}

function serveStatic(res: http.ServerResponse, distDir: string, urlPath: string): void {
  const relative = urlPath === '/' ? 'index.html' : decodeURIComponent(urlPath).replace(/^\/+/, '');
  const target = path.resolve(distDir, relative);
  const inside = !path.relative(distDir, target).startsWith('..') && !path.isAbsolute(path.relative(distDir, target));
  // Unknown paths get the app shell, so reloading a screen keeps working.
  const file = inside && fs.existsSync(target) && fs.statSync(target).isFile() ? target : path.join(distDir, 'index.html');
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

  /** Page images and thumbnails by content hash; immutable, so cacheable for good. */
  const serveBlob = (res: http.ServerResponse, url: URL) => {
    if (!tokenMatches(url.searchParams.get('token') ?? undefined, token)) return sendJson(res, 403, { error: '访问令牌无效', code: 'forbidden' });
    const sha = url.pathname.slice('/blob/'.length);
    if (!/^[0-9a-f]{64}$/.test(sha) || !archive.store.has(sha)) return sendJson(res, 404, { error: '找不到图像', code: 'not-found' });
    const bytes = archive.store.read(sha);
    res.writeHead(200, { 'Content-Type': imageType(bytes), 'Cache-Control': 'private, max-age=31536000, immutable', ...SECURITY_HEADERS });
    res.end(bytes);
  };

  /** Progress as server-sent events; EventSource cannot send headers, so the token rides in the query. */
  const subscribe = (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => {
    if (!tokenMatches(url.searchParams.get('token') ?? undefined, token)) return sendJson(res, 403, { error: '访问令牌无效', code: 'forbidden' });
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.write(': 户档进度\n\n');
    listeners.add(res);
    req.on('close', () => listeners.delete(res));
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    // A page on another site could point a DNS name at 127.0.0.1; only our own host name is served.
    if (!allowedHosts.includes(req.headers.host ?? '')) return sendJson(res, 403, { error: '拒绝访问', code: 'forbidden' });
    if (url.pathname === '/events' && req.method === 'GET') return subscribe(req, res, url);
    if (url.pathname.startsWith('/blob/') && req.method === 'GET') return serveBlob(res, url);
    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') return sendJson(res, 405, { error: '只接受 POST 请求', code: 'bad-request' });
      if (!tokenMatches(req.headers['x-hudang-token'] as string | undefined, token)) {
        return sendJson(res, 403, { error: '访问令牌无效，请用启动时显示的完整地址打开户档', code: 'forbidden' });
      }
      const method = url.pathname.slice('/api/'.length);
      // The user session rides in its own header; the per-run token above only proves the caller is our page.
      const api = runtime.apiFor({ token: (req.headers['x-hudang-session'] as string | undefined) ?? null });
      readBody(req)
        .then((arg) => dispatch(api, method, arg))
        .then((result) => sendJson(res, 200, { result: result ?? null }))
        .catch((error: unknown) => {
          const body = toErrorBody(error);
          sendJson(res, body.code === 'bad-request' ? 400 : body.code === 'forbidden' ? 403 : 500, body);
        });
      return;
    }
    if (req.method !== 'GET') return sendJson(res, 405, { error: '不支持的请求', code: 'bad-request' });
    try {
      serveStatic(res, distDir, url.pathname);
    } catch {
      // The renderer folder can vanish while it is being rebuilt; say so rather than drop the connection.
      sendJson(res, 503, { error: '界面文件暂不可用，请稍后刷新页面', code: 'failed' });
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
