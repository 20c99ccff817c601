import type { MailQueue, NewOutboxMail, OutboxMail, Store } from '@roster/core';
import { sql, type Insertable, type Selectable } from 'kysely';
import type { MailOutboxTable } from '../schema';
import type { Executor } from './executor';

/** The channel that wakes delivery workers when mail is queued. */
export const OUTBOX_CHANNEL = 'roster_outbox';

/** Maps a `mail_outbox` row to an OutboxMail. */
export function mailRowToMail(row: Omit<Selectable<MailOutboxTable>, 'sender_member_id'>): OutboxMail {
  return {
    id: String(row.id), orgId: row.org_id, to: row.to_address, subject: row.subject, text: row.text_body, html: row.html_body,
    status: row.status as OutboxMail['status'], attempts: row.attempts, lastError: row.last_error,
    nextAttemptAt: row.next_attempt_at, createdAt: row.created_at, sentAt: row.sent_at,
    transport: row.transport as OutboxMail['transport'],
  };
}

/** The row a queued message is stored as; dev-mailbox mail is "sent" at once. */
export function mailInsertRow(mail: NewOutboxMail, now: Date, transport: 'smtp' | 'dev_mailbox'): Insertable<MailOutboxTable> {
  const dev = transport === 'dev_mailbox';
  return {
    org_id: mail.orgId, sender_member_id: mail.senderMemberId, to_address: mail.to, subject: mail.subject, text_body: mail.text, html_body: mail.html,
    status: dev ? 'sent' : 'queued', transport, last_error: null, next_attempt_at: now, locked_until: null,
    created_at: now, sent_at: dev ? now : null,
  };
}

const MAIL_COLUMNS = [
  sql<string>`id::text`.as('id'), 'org_id', 'to_address', 'subject', 'text_body', 'html_body', 'status', 'transport', 'attempts',
  'last_error', 'next_attempt_at', 'locked_until', 'created_at', 'sent_at',
] as const;

/** The mail outbox, written in the caller's transaction. */
export function createMailRepository(db: Executor): Pick<Store, 'enqueueMail' | 'listMail'> {
  return {
    async enqueueMail(mail, now, transport) {
      await db.insertInto('mail_outbox').values(mailInsertRow(mail, now, transport)).execute();
      if (transport === 'smtp') await sql`select pg_notify(${OUTBOX_CHANNEL}, '')`.execute(db);
    },
    async listMail(orgId, beforeId, limit) {
      let query = db.selectFrom('mail_outbox').select(MAIL_COLUMNS).where('org_id', '=', orgId);
      if (beforeId !== undefined) query = query.where(sql`id`, '<', sql`${beforeId}::bigint`);
      const rows = await query.orderBy('id', 'desc').limit(limit).execute();
      return rows.map(mailRowToMail);
    },
  };
}

/** The delivery worker's side of the outbox. Any number of instances may run it at once. */
export function createMailQueue(db: Executor): MailQueue {
  return {
    async claimDueMail(now, limit, leaseMs) {
      const until = new Date(now.getTime() + leaseMs);
      const rows = await db.updateTable('mail_outbox')
        .set({ locked_until: until })
        .where('id', 'in', (eb) => eb.selectFrom('mail_outbox').select('id')
          .where('status', 'in', ['queued', 'retrying']).where('next_attempt_at', '<=', now)
          .where((w) => w.or([w('locked_until', 'is', null), w('locked_until', '<', now)]))
          .orderBy('id').limit(limit).forUpdate().skipLocked())
        .returning(MAIL_COLUMNS)
        .execute();
      return rows.map(mailRowToMail);
    },
    async markMailSent(id, now) {
      // The body held the link's token until delivery; it is not kept once the mail has left.
      await db.updateTable('mail_outbox').set({
        status: 'sent', sent_at: now, locked_until: null, last_error: null, text_body: null, html_body: null,
        attempts: sql`attempts + 1`,
      }).where(sql`id`, '=', sql`${id}::bigint`).execute();
    },
    async markMailRetry(id, error, nextAttemptAt) {
      await db.updateTable('mail_outbox').set({
        status: 'retrying', last_error: error, next_attempt_at: nextAttemptAt, locked_until: null, attempts: sql`attempts + 1`,
      }).where(sql`id`, '=', sql`${id}::bigint`).execute();
    },
    async markMailFailed(id, error) {
      await db.updateTable('mail_outbox').set({
        status: 'failed', last_error: error, locked_until: null, text_body: null, html_body: null, attempts: sql`attempts + 1`,
      }).where(sql`id`, '=', sql`${id}::bigint`).execute();
    },
  };
}
