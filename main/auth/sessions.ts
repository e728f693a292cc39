import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

/**
 * Logged-in sessions, in the archive's database: a random token per login,
 * ended by logout or after a period without calls (an office PC left
 * unattended). Because they live in the database, a login counts in every
 * process serving the archive (several browser hosts in front of one
 * PostgreSQL archive), and a logout or time-out ends it in all of them.
 * Only the token's SHA-256 is stored, so whoever reads the database cannot
 * act as the user. A session only says who logged in: the guard reads the
 * user row on every call, so a disabled account or a changed role counts at
 * once.
 */

export const IDLE_MINUTES = 30;

/** The last-seen time is written at most this often: a session's calls are not each a write. */
const REFRESH_MS = 60_000;

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

/** The sessions' rules (the clock, the idle limit); the rows are in the database each call names. */
export class SessionStore {
  constructor(
    private readonly now: () => number = Date.now,
    private readonly idleMs = IDLE_MINUTES * 60_000,
  ) {}

  async open(db: Kysely<Database>, username: string): Promise<string> {
    const token = randomBytes(24).toString('hex');
    const at = new Date(this.now()).toISOString();
    // Sessions left to time out are cleared as new ones open.
    await db.deleteFrom('session').where('lastSeen', '<', new Date(this.now() - this.idleMs).toISOString()).execute();
    await db.insertInto('session').values({ tokenHash: digest(token), username, openedAt: at, lastSeen: at }).execute();
    return token;
  }

  /** Who the session belongs to, refreshing its idle timer; null when unknown or timed out. */
  async touch(db: Kysely<Database>, token: string | null | undefined): Promise<{ username: string } | null> {
    if (!token) return null;
    const tokenHash = digest(token);
    const session = await db.selectFrom('session').select(['username', 'lastSeen']).where('tokenHash', '=', tokenHash).executeTakeFirst();
    if (!session) return null;
    const idle = this.now() - Date.parse(session.lastSeen);
    if (idle > this.idleMs) {
      await this.close(db, token);
      return null;
    }
    if (idle > REFRESH_MS) await db.updateTable('session').set({ lastSeen: new Date(this.now()).toISOString() }).where('tokenHash', '=', tokenHash).execute();
    return { username: session.username };
  }

  async close(db: Kysely<Database>, token: string | null | undefined): Promise<void> {
    if (token) await db.deleteFrom('session').where('tokenHash', '=', digest(token)).execute();
  }
}
