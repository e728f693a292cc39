import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openArchive, type Archive } from '../archive';
import { tempDir } from '../testing/fixtures';
import { createGuardedApi } from '../app/guard';
import { IDLE_MINUTES, SessionStore } from './sessions';

/**
 * Sessions live in the archive's database: a login made through one
 * process counts in another serving the same archive (two browser hosts in
 * front of one PostgreSQL archive), and a logout or an idle time-out ends it
 * everywhere. Two archive openings stand for the two processes.
 */

let dir: string;
let first: Archive;
let second: Archive;
let clock: number;

beforeEach(async () => {
  dir = path.join(tempDir('hudang-sessions-'), 'archive');
  first = await openArchive(dir);
  second = await openArchive(dir);
  clock = Date.parse('2026-12-06T08:00:00Z');
  const setup = createGuardedApi({ archive: first, setupActor: 'setup', sessions: new SessionStore(), caller: { token: null } });
  await setup.createUser({ username: 'clerk', displayName: '经办人甲', role: '经办人', password: 'clerk-密码123' });
});
afterEach(async () => {
  await first.close();
  await second.close();
});

/** An API as one process serves it, for a caller holding `token`. */
function processApi(archive: Archive, token: string | null) {
  return createGuardedApi({ archive, setupActor: 'setup', sessions: new SessionStore(() => clock), caller: { token }, now: () => new Date(clock) });
}

describe('sessions in the database', () => {
  it('a login through one process counts in another, and a logout through either ends it in both', async () => {
    const { token } = await processApi(first, null).login({ username: 'clerk', password: 'clerk-密码123' });
    expect((await processApi(second, token).whoami({}))?.username).toBe('clerk');
    await expect(processApi(second, token).listVillages({})).resolves.toEqual([]);
    await processApi(second, token).logout({});
    expect(await processApi(first, token).whoami({})).toBeNull();
    await expect(processApi(first, token).listVillages({})).rejects.toThrow(/请先登录/);
  });

  it('keeps only the hash of a token, and ends a session left idle, in every process', async () => {
    const { token } = await processApi(first, null).login({ username: 'clerk', password: 'clerk-密码123' });
    const rows = await second.db.selectFrom('session').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(token);
    // Calls keep it alive …
    clock += (IDLE_MINUTES - 1) * 60_000;
    expect((await processApi(second, token).whoami({}))?.username).toBe('clerk');
    clock += (IDLE_MINUTES - 1) * 60_000;
    expect((await processApi(first, token).whoami({}))?.username).toBe('clerk');
    // … and a pause longer than the limit ends it.
    clock += (IDLE_MINUTES + 1) * 60_000;
    expect(await processApi(second, token).whoami({})).toBeNull();
    expect(await first.db.selectFrom('session').selectAll().execute()).toEqual([]);
  });
});
