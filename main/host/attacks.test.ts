import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive, type Archive } from '../archive';
import { makeIdNumber } from '../domain/idNumber';
import { createService } from '../service';
import { householdIdOf, placeholderPage } from '../testing/archives';
import { rosterCsv, tempDir, writeCsv } from '../testing/fixtures';
import { startHost, type Host } from './server';

/**
 * The browser host under the attacks of issue 16 (findings 8, 9, 11 and 14),
 * on an archive with users: a request it cannot read is a 400 with a Chinese
 * message, never a 500 or a crash; images need a logged-in session; a
 * disabled user's session is over; no path leaves the renderer folder.
 */

let archive: Archive;
let host: Host;
let image: string;
const id = makeIdNumber('120101', '19900101', 123);

interface Answer {
  status: number;
  text: string;
  json: any;
}

function request(options: { path: string; method?: string; headers?: Record<string, string>; body?: Buffer | string }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: host.port, method: options.method ?? 'GET', path: options.path, headers: options.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown = null;
        try {
          json = JSON.parse(text);
        } catch {
          // an image or a page
        }
        resolve({ status: res.statusCode ?? 0, text, json });
      });
    });
    // The host may close the connection while a refused body is still being sent: the answer has already arrived.
    req.on('error', (error) => (error.message.includes('EPIPE') || error.message.includes('ECONNRESET') ? undefined : reject(error)));
    req.end(options.body);
  });
}

const api = (method: string, body: Buffer | string, headers: Record<string, string> = {}) =>
  request({ path: `/api/${method}`, method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Hudang-Token': host.token, ...headers }, body });

async function login(username: string): Promise<string> {
  const answer = await api('login', JSON.stringify({ username, password: `${username}-密码123` }));
  expect(answer.status).toBe(200);
  return answer.json.result.token as string;
}

const blob = (sha: string, session?: string) => request({ path: `/blob/${sha}?token=${host.token}${session ? `&session=${session}` : ''}` });

beforeAll(async () => {
  const dir = tempDir('hudang-host-attacks-');
  archive = await openArchive(path.join(dir, 'archive'));
  const setup = createService({ archive, actor: 'setup' });
  await setup.importRoster({ path: writeCsv(path.join(dir, 'r.csv'), rosterCsv([['红旗村', '王桂兰', id, '低保', '2']])) });
  const householdId = await householdIdOf(setup, id);
  await setup.registerDigitisedPages({ householdId, documents: [{ itemCode: 'dibao.02', pages: [{ imageBase64: await placeholderPage(90), text: '申请书' }] }] });
  image = (await archive.db.selectFrom('page').select('imageSha256').executeTakeFirstOrThrow()).imageSha256;
  await setup.createUser({ username: 'admin', displayName: '管理员', role: '管理员', password: 'admin-密码123' });
  await setup.createUser({ username: 'clerk', displayName: '经办人', role: '经办人', password: 'clerk-密码123' });
  host = await startHost({ archive, port: 0, actor: 'test' });
});
afterAll(async () => {
  await host.close();
  await archive.close();
});

describe('finding 14: a request the host cannot read is a 400, never a 500', () => {
  it.each([
    ['malformed JSON', () => api('listVillages', '{"village": '), /请求内容不是有效的 JSON/],
    ['JSON cut off mid-string', () => api('login', '{"username": "adm'), /请求内容不是有效的 JSON/],
    ['a body that is not UTF-8', () => api('listVillages', Buffer.from([0x7b, 0xff, 0xfe, 0x7d])), /不是有效的 UTF-8/],
    ['a form instead of JSON', () => api('login', 'username=admin&password=x', { 'Content-Type': 'application/x-www-form-urlencoded' }), /请求内容应为 JSON/],
    ['a body without a content type', () => request({ path: '/api/listVillages', method: 'POST', headers: { 'X-Hudang-Token': host.token }, body: '{}' }), /请求内容应为 JSON/],
    ['an announced body over the limit', () => api('importRosterFile', 'x', { 'Content-Length': String(33 * 1024 * 1024) }), /请求内容过大（上限 32 MB）/],
    ['a body over the limit, sent in chunks', () => api('importRosterFile', Buffer.alloc(33 * 1024 * 1024, 0x20), { 'Transfer-Encoding': 'chunked' }), /请求内容过大/],
    ['a path with broken percent-encoding', () => request({ path: '/%E0%A4%A' }), /地址无效/],
  ])('answers %s with 400 and a Chinese message', async (_name, send, message) => {
    const answer = await send();
    expect(answer.status).toBe(400);
    expect(answer.json.error).toMatch(message);
    expect(answer.json.code).toBe('bad-request');
  });

  it('survives a request line no URL parser accepts, and keeps serving', async () => {
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(host.port, '127.0.0.1', () => socket.write(`GET //[ HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nConnection: close\r\n\r\n`));
      let text = '';
      socket.on('data', (d: Buffer) => (text += d.toString('utf8')));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400/);
    expect(raw).toContain('请求地址无效');
    expect((await api('appInfo', '{}')).status).toBe(200);
  });
});

describe('finding 9: page images need a logged-in session, not only the run token', () => {
  it('refuses an image to the run token alone, serves it to a session, and refuses it again after logout', async () => {
    const refused = await blob(image);
    expect(refused.status).toBe(403);
    expect(refused.json.error).toMatch(/请先登录后再查看图像/);
    const session = await login('clerk');
    const served = await blob(image, session);
    expect(served.status).toBe(200);
    expect(served.text.length).toBeGreaterThan(100);
    expect((await blob(image, 'f'.repeat(48))).status).toBe(403);
    await api('logout', '{}', { 'X-Hudang-Session': session });
    expect((await blob(image, session)).status).toBe(403);
  });
});

describe('finding 8: a disabled user is out of the host at the next request', () => {
  it('refuses API calls and images of a session whose user was disabled', async () => {
    const admin = await login('admin');
    await api('createUser', JSON.stringify({ username: 'temp', displayName: '临时', role: '经办人', password: 'temp-密码123' }), { 'X-Hudang-Session': admin });
    const temp = await login('temp');
    expect((await api('listVillages', '{}', { 'X-Hudang-Session': temp })).status).toBe(200);
    expect((await blob(image, temp)).status).toBe(200);
    const users = (await api('listUsers', '{}', { 'X-Hudang-Session': admin })).json.result as { id: number; username: string }[];
    const tempId = users.find((u) => u.username === 'temp')?.id;
    expect((await api('setUserDisabled', JSON.stringify({ id: tempId, disabled: true }), { 'X-Hudang-Session': admin })).status).toBe(200);
    const refused = await api('listVillages', '{}', { 'X-Hudang-Session': temp });
    expect(refused.status).toBe(403);
    expect(refused.json.error).toBe('该用户已被停用，登录已结束；如有疑问请联系管理员');
    expect((await blob(image, temp)).status).toBe(403);
    expect((await api('listVillages', '{}', { 'X-Hudang-Session': admin })).json.result).toHaveLength(1);
  });
});

describe('finding 11: no path leaves the renderer folder (the one check hudang:// uses too)', () => {
  it.each(['/..%2F..%2F..%2F..%2Fetc%2Fpasswd', '/%2E%2E/%2E%2E/%2E%2E/etc/passwd', '/..%5C..%5C..%5Cetc%5Cpasswd', '//etc/passwd', '/%00index.html'])('never serves %s', async (target) => {
    const answer = await request({ path: target });
    expect(answer.text).not.toContain('root:');
    expect([200, 400]).toContain(answer.status);
  });
});
