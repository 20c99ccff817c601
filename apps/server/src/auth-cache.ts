import type { CacheInvalidation, UserContext } from '@roster/core';

interface CachedSession {
  userId: string;
  sessionId: string;
  expiresAt: number;
}

/** Entries kept per map before the oldest are dropped. */
const MAX_ENTRIES = 50_000;

function setBounded<K, V>(map: Map<K, V>, key: K, value: V): void {
  if (map.size >= MAX_ENTRIES) {
    const oldest = map.keys().next();
    if (oldest.done !== true) map.delete(oldest.value);
  }
  map.set(key, value);
}

/**
 * Sessions and user contexts (memberships, roles), kept in memory so "who am I" and every
 * organization-scoped request skip the database. Every change that could make an entry
 * stale sends an invalidation on commit (to this instance directly, to the others through
 * NOTIFY). A load that races an invalidation is not stored: each load notes the generation
 * it started in, and any invalidation in between moves the generation on.
 */
export class AuthCache {
  private readonly sessions = new Map<string, CachedSession>();
  private readonly contexts = new Map<string, UserContext>();
  private readonly sessionsByUser = new Map<string, Set<string>>();
  private generation = 0;

  /** The current generation; pass it back to the store methods after a load. */
  currentGeneration(): number {
    return this.generation;
  }

  /** A cached, unexpired session for the token hash. */
  getSession(tokenHash: string, now: number): CachedSession | undefined {
    const session = this.sessions.get(tokenHash);
    if (session !== undefined && session.expiresAt <= now) {
      this.sessions.delete(tokenHash);
      return undefined;
    }
    return session;
  }

  /** Caches a session loaded in `generation`, unless an invalidation came in since. */
  storeSession(tokenHash: string, session: CachedSession, generation: number): void {
    if (generation !== this.generation) return;
    setBounded(this.sessions, tokenHash, session);
    let hashes = this.sessionsByUser.get(session.userId);
    if (hashes === undefined) {
      hashes = new Set();
      this.sessionsByUser.set(session.userId, hashes);
    }
    hashes.add(tokenHash);
  }

  /** A cached user context. */
  getContext(userId: string): UserContext | undefined {
    return this.contexts.get(userId);
  }

  /** Caches a user context loaded in `generation`, unless an invalidation came in since. */
  storeContext(userId: string, context: UserContext, generation: number): void {
    if (generation !== this.generation) return;
    setBounded(this.contexts, userId, context);
  }

  /** Forgets what a change made stale. */
  invalidate(change: CacheInvalidation): void {
    this.generation++;
    switch (change.type) {
      case 'session':
        this.sessions.delete(change.tokenHash);
        break;
      case 'user': {
        this.contexts.delete(change.userId);
        for (const hash of this.sessionsByUser.get(change.userId) ?? []) this.sessions.delete(hash);
        this.sessionsByUser.delete(change.userId);
        break;
      }
      case 'organization':
        // Role edits and renames touch every member's context: rare enough to drop them all.
        this.contexts.clear();
        break;
      case 'members_bulk':
        // A bulk action may have ended the sessions of many people: forget every session and context.
        this.sessions.clear();
        this.sessionsByUser.clear();
        this.contexts.clear();
        break;
    }
  }

  /** Forgets everything, e.g. after the invalidation channel was lost for a while. */
  clear(): void {
    this.generation++;
    this.sessions.clear();
    this.contexts.clear();
    this.sessionsByUser.clear();
  }
}
