import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive, type Archive } from '../archive';
import { createService } from '../service';
import { householdCells, rosterCsv, syntheticHouseholds, tempDir, writeCsv } from '../testing/fixtures';
import { startHost, type Host } from './server';

/** The local browser host: the real service API over HTTP, for this machine and this run only. */

let archive: Archive;
let host: Host;

beforeAll(async () => {
  const dir = tempDir();
  archive = await openArchive(path.join(dir, 'archive'));
  const roster = writeCsv(path.join(dir, 'r.csv'), rosterCsv(syntheticHouseholds(12, ['红旗村', '东风村']).map(householdCells)));
  await createService({ archive, actor: 'test' }).importRoster({ path: roster });
  host = await startHost({ archive, port: 0, actor: 'test' });
});
afterAll(async () => {
  await host.close();
  await archive.close();
});

function call(method: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: host.port, path: `/api/${method}`, method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Hudang-Token': host.token, ...headers } },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

describe('local browser host', () => {
  it('prints a loopback URL carrying its per-run token', () => {
    expect(host.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/\\?token=[0-9a-f]{48}$`));
  });

  it('serves the built renderer with a strict content security policy', async () => {
    const response = await fetch(host.url);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>户档</title>');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('answers API calls carrying the token', async () => {
    const { status, json } = await call('listHouseholds', { village: '红旗村' });
    expect(status).toBe(200);
    expect(json.result).toHaveLength(6);
    // Masked unless the caller asks for full numbers.
    expect(json.result[0].household).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
  });

  it.each([
    ['no token', 'listVillages', {}, { 'X-Hudang-Token': '' }, 403, /访问令牌无效/],
    ['a wrong token', 'listVillages', {}, { 'X-Hudang-Token': 'f'.repeat(48) }, 403, /访问令牌无效/],
    ['another host name (DNS rebinding)', 'listVillages', {}, { Host: `evil.example:${0}` }, 403, /拒绝访问/],
    ['an unknown method', 'dropEverything', {}, {}, 400, /未知的接口/],
    ['a bad argument', 'getHousehold', { id: 'abc' }, {}, 400, /参数无效/],
    ['an unexpected argument', 'listVillages', { sql: 'drop table household' }, {}, 400, /参数无效/],
  ])('refuses %s', async (_name, method, body, headers, status, message) => {
    const response = await call(method, body, headers);
    expect(response.status).toBe(status);
    expect(response.json.error).toMatch(message);
    // Every error answer has the one shape, its kind beside its code.
    expect(response.json.kind).toBe(status === 403 ? 'forbidden' : 'user');
  });

  it('never serves files outside the renderer folder', async () => {
    const text = await new Promise<string>((resolve) => {
      http.get({ host: '127.0.0.1', port: host.port, path: '/../../../../etc/passwd' }, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve(body));
      });
    });
    expect(text).not.toContain('root:');
    expect(text).toContain('<title>户档</title>');
  });
});
