import { ErrorCodes, RosterError, type CacheInvalidation, type Store, type Transactor } from '@roster/core';
import { sql } from 'kysely';
import type { Db } from './create-db';
import { createAuditRepository } from './repositories/audit.repository';
import type { Executor } from './repositories/executor';
import { createInvitationRepository } from './repositories/invitation.repository';
import { createMailRepository } from './repositories/mail.repository';
import { createMemberRepository } from './repositories/member.repository';
import { createOrganizationRepository } from './repositories/organization.repository';
import { createUserRepository } from './repositories/user.repository';

/** The channel on which every instance hears what to drop from its caches. */
export const CACHE_CHANNEL = 'roster_cache';

/** Encodes an invalidation for the cache channel. */
export function encodeInvalidation(change: CacheInvalidation): string {
  switch (change.type) {
    case 'user': return `u:${change.userId}`;
    case 'session': return `s:${change.tokenHash}`;
    case 'organization': return `o:${change.orgId}`;
  }
}

/** Decodes a cache channel payload; undefined for anything unknown. */
export function decodeInvalidation(payload: string): CacheInvalidation | undefined {
  const value = payload.slice(2);
  switch (payload.slice(0, 2)) {
    case 'u:': return { type: 'user', userId: value };
    case 's:': return { type: 'session', tokenHash: value };
    case 'o:': return { type: 'organization', orgId: value };
    default: return undefined;
  }
}

/** What a committed transaction leaves for its own instance to act on at once. */
export interface CommitEvents {
  invalidations: CacheInvalidation[];
  /** Links of mail kept in the dev mailbox, to print to the log. */
  devMail: Array<{ orgId: string | null; subject: string; link: string }>;
}

function emptyEvents(): CommitEvents {
  return { invalidations: [], devMail: [] };
}

/** The Store on one executor: the database itself, or an open transaction. */
export function createStore(db: Executor, events: CommitEvents = emptyEvents()): Store {
  const mail = createMailRepository(db);
  return {
    ...createUserRepository(db),
    ...createOrganizationRepository(db),
    ...createMemberRepository(db),
    ...createInvitationRepository(db),
    ...createAuditRepository(db),
    ...mail,
    async enqueueMail(message, now, transport) {
      await mail.enqueueMail(message, now, transport);
      if (transport === 'dev_mailbox' && message.devLink !== null) {
        events.devMail.push({ orgId: message.orgId, subject: message.subject, link: message.devLink });
      }
    },
    async invalidate(change) {
      events.invalidations.push(change);
      // NOTIFY is transactional: listeners hear it only if, and when, the transaction commits.
      await sql`select pg_notify(${CACHE_CHANNEL}, ${encodeInvalidation(change)})`.execute(db);
    },
  };
}

// Unique constraints that mean a client conflict, each with its code.
const UNIQUE_VIOLATIONS: Record<string, (typeof ErrorCodes)[keyof typeof ErrorCodes]> = {
  users_email_key: ErrorCodes.AUTH_EMAIL_TAKEN,
  members_org_email_key: ErrorCodes.INVITATION_ALREADY_PENDING,
  members_org_user_key: ErrorCodes.INVITATION_ALREADY_MEMBER,
  roles_org_key_key: ErrorCodes.ROLE_KEY_TAKEN,
};

interface PgError {
  code?: string;
  constraint?: string;
}

/** Turns a unique violation into its registry error; other errors pass through. */
export function mapDatabaseError(error: unknown): unknown {
  const pgError = error as PgError;
  if (pgError?.code === '23505' && pgError.constraint !== undefined) {
    const definition = UNIQUE_VIOLATIONS[pgError.constraint];
    if (definition !== undefined) return new RosterError(definition);
  }
  return error;
}

// Serialization failures and deadlocks are retried: the transaction saw nothing of its own yet.
const RETRYABLE = new Set(['40001', '40P01']);
const MAX_ATTEMPTS = 3;

/**
 * Runs use cases in transactions on `db`, mapping constraint violations to error codes.
 * `onCommit` hears what each committed transaction changed, before its caller does: this
 * instance forgets stale cache entries at once, other instances hear it through NOTIFY.
 */
export function createTransactor(db: Db, onCommit: (events: CommitEvents) => void = () => undefined): Transactor {
  const readStore = createStore(db.kysely);
  return {
    async transaction(work) {
      for (let attempt = 1; ; attempt++) {
        const events = emptyEvents();
        try {
          const result = await db.kysely.transaction().execute((trx) => work(createStore(trx, events)));
          onCommit(events);
          return result;
        } catch (error) {
          if (attempt < MAX_ATTEMPTS && RETRYABLE.has((error as PgError)?.code ?? '')) continue;
          throw mapDatabaseError(error);
        }
      }
    },
    async read(work) {
      try {
        return await work(readStore);
      } catch (error) {
        throw mapDatabaseError(error);
      }
    },
  };
}
