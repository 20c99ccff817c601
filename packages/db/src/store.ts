import { ErrorCodes, RosterError, type CacheInvalidation, type Organization, type Store, type Transactor } from '@roster/core';
import { sql, type AliasedRawBuilder, type Insertable, type QueryCreator } from 'kysely';
import { isStalePlanError, type Db } from './create-db';
import { auditInsertRow, createAuditRepository, insertAuditRows } from './repositories/audit.repository';
import type { Executor } from './repositories/executor';
import { createInvitationRepository } from './repositories/invitation.repository';
import { OUTBOX_CHANNEL, createMailRepository, mailInsertRow } from './repositories/mail.repository';
import { createMemberRepository } from './repositories/member.repository';
import { createOrganizationRepository } from './repositories/organization.repository';
import { createUserRepository } from './repositories/user.repository';
import { createAccessRepository } from './repositories/access.repository';
import { createApiTokenRepository } from './repositories/api-token.repository';
import { createBulkRepository } from './repositories/bulk.repository';
import { createUsageRepository } from './repositories/usage.repository';
import type { AuditEventTable, Database, MailOutboxTable } from './schema';

/** The channel on which every instance hears what to drop from its caches. */
export const CACHE_CHANNEL = 'roster_cache';

/** Encodes an invalidation for the cache channel. */
export function encodeInvalidation(change: CacheInvalidation): string {
  switch (change.type) {
    case 'user': return `u:${change.userId}`;
    case 'session': return `s:${change.tokenHash}`;
    case 'organization': return `o:${change.orgId}`;
    case 'member': return `m:${change.orgId} ${change.memberId}`;
    case 'resources': return `r:${change.orgId}`;
    case 'api_token': return `t:${change.tokenId}`;
    case 'members_bulk': return `b:${change.orgId}`;
  }
}

/** Decodes a cache channel payload; undefined for anything unknown. */
export function decodeInvalidation(payload: string): CacheInvalidation | undefined {
  const value = payload.slice(2);
  switch (payload.slice(0, 2)) {
    case 'u:': return { type: 'user', userId: value };
    case 's:': return { type: 'session', tokenHash: value };
    case 'o:': return { type: 'organization', orgId: value };
    case 'r:': return { type: 'resources', orgId: value };
    case 't:': return { type: 'api_token', tokenId: value };
    case 'b:': return { type: 'members_bulk', orgId: value };
    case 'm:': {
      const [orgId, memberId] = value.split(' ');
      return orgId && memberId ? { type: 'member', orgId, memberId } : undefined;
    }
    default: return undefined;
  }
}

/** What a committed transaction leaves for its own instance to act on at once. */
export interface CommitEvents {
  invalidations: CacheInvalidation[];
  /** Links of mail kept in the dev mailbox, to print to the log. */
  devMail: Array<{ orgId: string | null; link: string }>;
}

function emptyEvents(): CommitEvents {
  return { invalidations: [], devMail: [] };
}

/** A Store inside a transaction, with the writes it holds back until just before commit. */
export interface TransactionStore extends Store {
  /** Writes the held-back audit entries, mail and notifications in one statement. */
  flushPending(): Promise<void>;
}

const FLUSH_SLICE = 4000;
const NOTIFY_SLICE = 500;

/**
 * The Store on one executor. Inside a transaction (`deferWrites`), audit entries, outbox
 * mail and notifications are write-only within it, so they are held back and written in
 * one statement just before commit — one round trip instead of one each.
 */
export function createStore(db: Executor, events: CommitEvents = emptyEvents(), deferWrites = false): TransactionStore {
  const mail = createMailRepository(db);
  const audit = createAuditRepository(db);
  const members = createMemberRepository(db);
  const organizations = createOrganizationRepository(db);
  const bulk = createBulkRepository(db);
  const pendingAudit: Array<Insertable<AuditEventTable>> = [];
  const pendingMail: Array<Insertable<MailOutboxTable>> = [];
  const pendingNotifications: Array<[channel: string, payload: string]> = [];
  const announced = new Set<string>();
  // Organizations read within one transaction: sign-up, invitations and mail read the same row.
  const organizationMemo = new Map<string, Organization | undefined>();

  async function flushPending(): Promise<void> {
    if (pendingAudit.length === 0 && pendingMail.length === 0 && pendingNotifications.length === 0) return;
    let auditRows = pendingAudit.splice(0);
    let mailRows = pendingMail.splice(0);
    // Thousands of rows (a bulk action) go first, as arrays: a statement takes at most 65,535 parameters.
    if (auditRows.length > FLUSH_SLICE) {
      await insertAuditRows(db, auditRows);
      auditRows = [];
    }
    if (mailRows.length > FLUSH_SLICE / 2) {
      for (let start = 0; start < mailRows.length; start += FLUSH_SLICE / 2) {
        await db.insertInto('mail_outbox').values(mailRows.slice(start, start + FLUSH_SLICE / 2)).execute();
      }
      mailRows = [];
    }
    const notifications = pendingNotifications.splice(0);
    // A select list holds at most 1,664 columns: a long tail of notifications goes first.
    while (notifications.length > NOTIFY_SLICE) {
      const slice = notifications.splice(0, NOTIFY_SLICE);
      await db.selectNoFrom(slice.map(([channel, payload], i) => sql<number>`pg_notify(${channel}, ${payload})`.as(`n${i}`))).execute();
    }
    const selections = notifications.length === 0
      ? [sql<number>`1`.as('flushed')]
      : notifications.map(([channel, payload], i) => sql<number>`pg_notify(${channel}, ${payload})`.as(`n${i}`));
    // Data-modifying CTEs run whether or not the final select reads them: one statement does it all.
    let creator: QueryCreator<Database> = db;
    if (auditRows.length > 0) {
      creator = creator.with('flushed_audit', (qb) => qb.insertInto('audit_events').values(auditRows).returning('id')) as unknown as QueryCreator<Database>;
    }
    if (mailRows.length > 0) {
      creator = creator.with('flushed_mail', (qb) => qb.insertInto('mail_outbox').values(mailRows).returning('id')) as unknown as QueryCreator<Database>;
    }
    const query = creator.selectNoFrom(selections as Array<AliasedRawBuilder<number, string>>);
    await query.execute();
  }

  async function invalidate(change: CacheInvalidation): Promise<void> {
    const payload = encodeInvalidation(change);
    // Within one transaction each change is announced once.
    if (deferWrites) {
      if (announced.has(payload)) return;
      announced.add(payload);
    }
    events.invalidations.push(change);
    // NOTIFY is transactional: listeners hear it only if, and when, the transaction commits.
    if (deferWrites) pendingNotifications.push([CACHE_CHANNEL, payload]);
    else await sql`select pg_notify(${CACHE_CHANNEL}, ${payload})`.execute(db);
  }

  return {
    ...createUserRepository(db),
    ...organizations,
    ...members,
    ...createInvitationRepository(db),
    ...audit,
    ...mail,
    ...createAccessRepository(db),
    ...createApiTokenRepository(db),
    ...createUsageRepository(db),
    ...bulk,
    flushPending,
    async updateMembersBulk(orgId, memberIds, patch) {
      await bulk.updateMembersBulk(orgId, memberIds, patch);
      if (memberIds.length > 0) await invalidate({ type: 'members_bulk', orgId });
    },
    async updateMember(orgId, memberId, patch) {
      await members.updateMember(orgId, memberId, patch);
      // Whatever path changes a member, access decisions about them are stale from this commit on.
      await invalidate({ type: 'member', orgId, memberId });
    },
    async findOrganization(orgId) {
      if (!deferWrites) return organizations.findOrganization(orgId);
      if (!organizationMemo.has(orgId)) organizationMemo.set(orgId, await organizations.findOrganization(orgId));
      return organizationMemo.get(orgId);
    },
    async findMembershipOfUser(orgId, userId) {
      const found = await members.findMembershipOfUser(orgId, userId);
      // Every write reads the actor first: its organization row comes along for the rest of the transaction.
      if (deferWrites && found !== undefined && !organizationMemo.has(orgId)) organizationMemo.set(orgId, found.organization);
      return found;
    },
    async lockOrganization(orgId) {
      const organization = await organizations.lockOrganization(orgId);
      organizationMemo.set(orgId, organization);
      return organization;
    },
    async updateOrganization(orgId, patch) {
      organizationMemo.delete(orgId);
      await organizations.updateOrganization(orgId, patch);
    },
    async setInviteLinkToken(orgId, token, tokenHash, now) {
      organizationMemo.delete(orgId);
      await organizations.setInviteLinkToken(orgId, token, tokenHash, now);
    },
    findInviteLinkToken: (orgId) => organizations.findInviteLinkToken(orgId),
    async appendAudit(entry) {
      if (!deferWrites) return audit.appendAudit(entry);
      pendingAudit.push(auditInsertRow(entry));
    },
    async enqueueMail(message, now, transport) {
      if (!deferWrites) {
        await mail.enqueueMail(message, now, transport);
      } else {
        pendingMail.push(mailInsertRow(message, now, transport));
        // One wake-up for the mail worker however many messages the transaction queues.
        if (transport === 'smtp' && !pendingNotifications.some(([channel]) => channel === OUTBOX_CHANNEL)) {
          pendingNotifications.push([OUTBOX_CHANNEL, '']);
        }
      }
      if (transport === 'dev_mailbox' && message.devLink !== null) {
        events.devMail.push({ orgId: message.orgId, link: message.devLink });
      }
    },
    async eraseMember(orgId, memberId, now) {
      // Erasure rewrites audit entries and mail: the held-back ones must be there first.
      await flushPending();
      await members.eraseMember(orgId, memberId, now);
      await invalidate({ type: 'member', orgId, memberId });
    },
    invalidate,
  };
}

// Unique constraints that mean a client conflict, each with its code.
const UNIQUE_VIOLATIONS: Record<string, (typeof ErrorCodes)[keyof typeof ErrorCodes]> = {
  users_email_key: ErrorCodes.AUTH_EMAIL_TAKEN,
  members_org_email_key: ErrorCodes.INVITATION_ALREADY_PENDING,
  members_org_user_key: ErrorCodes.INVITATION_ALREADY_MEMBER,
  roles_org_key_key: ErrorCodes.ROLE_KEY_TAKEN,
  resource_types_org_key_key: ErrorCodes.RESOURCE_TYPE_KEY_TAKEN,
  resources_type_external_key: ErrorCodes.RESOURCE_EXTERNAL_ID_TAKEN,
  access_grants_target_key: ErrorCodes.GRANT_DUPLICATE,
  tags_org_name_key: ErrorCodes.TAG_NAME_TAKEN,
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
// Each stale connection is dropped when it fails, so a retry per pooled connection suffices.
const MAX_STALE_PLAN_ATTEMPTS = 12;

function shouldRetry(error: unknown, attempt: number): boolean {
  if (isStalePlanError(error)) return attempt < MAX_STALE_PLAN_ATTEMPTS;
  return attempt < MAX_ATTEMPTS && RETRYABLE.has((error as PgError)?.code ?? '');
}

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
          const result = await db.kysely.transaction().execute(async (trx) => {
            const store = createStore(trx, events, true);
            const value = await work(store);
            await store.flushPending();
            return value;
          });
          onCommit(events);
          return result;
        } catch (error) {
          if (shouldRetry(error, attempt)) continue;
          throw mapDatabaseError(error);
        }
      }
    },
    async read(work) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await work(readStore);
        } catch (error) {
          if (isStalePlanError(error) && attempt < MAX_STALE_PLAN_ATTEMPTS) continue;
          throw mapDatabaseError(error);
        }
      }
    },
  };
}
