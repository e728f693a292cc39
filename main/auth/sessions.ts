import { randomBytes } from 'node:crypto';
import type { SessionUser } from '../api/contract';

/**
 * Logged-in sessions of one running app, in memory: a random token per login,
 * ended by logout or after a period without calls (an office PC left
 * unattended). Restarting the app logs everyone out, as it should.
 * A session only says who logged in: the guard reads the user row on every
 * call, so a disabled account or a changed role counts at once.
 */

export const IDLE_MINUTES = 30;

interface Session {
  user: SessionUser;
  lastSeen: number;
}

export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly idleMs = IDLE_MINUTES * 60_000,
  ) {}

  open(user: SessionUser): string {
    const token = randomBytes(24).toString('hex');
    this.sessions.set(token, { user, lastSeen: this.now() });
    return token;
  }

  /** The session's user, refreshing its idle timer; null when unknown or timed out. */
  touch(token: string | null | undefined): SessionUser | null {
    if (!token) return null;
    const session = this.sessions.get(token);
    if (!session) return null;
    if (this.now() - session.lastSeen > this.idleMs) {
      this.sessions.delete(token);
      return null;
    }
    session.lastSeen = this.now();
    return session.user;
  }

  close(token: string | null | undefined): void {
    if (token) this.sessions.delete(token);
  }
}
