import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { Archive } from '../archive';
import { dispatch, toErrorBody } from '../api/dispatch';
import { createService } from '../service';
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
}

const MAX_BODY = 1024 * 1024;
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

export async function startHost({ archive, port, actor }: HostOptions): Promise<Host> {
  const distDir = await ensureRendererBuilt();
  const token = randomBytes(24).toString('hex');
  const api = createService({ archive, actor });
  let allowedHosts: string[] = [];

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    // A page on another site could point a DNS name at 127.0.0.1; only our own host name is served.
    if (!allowedHosts.includes(req.headers.host ?? '')) return sendJson(res, 403, { error: '拒绝访问', code: 'forbidden' });
    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') return sendJson(res, 405, { error: '只接受 POST 请求', code: 'bad-request' });
      if (!tokenMatches(req.headers['x-hudang-token'] as string | undefined, token)) {
        return sendJson(res, 403, { error: '访问令牌无效，请用启动时显示的完整地址打开户档', code: 'forbidden' });
      }
      const method = url.pathname.slice('/api/'.length);
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
    serveStatic(res, distDir, url.pathname);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actualPort = (server.address() as { port: number }).port;
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
