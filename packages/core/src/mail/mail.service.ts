import { decodeIdCursor, encodeIdCursor } from '../audit/audit.service';
import type { CoreDeps } from '../deps';
import type { OrgActor, OutboxMail } from '../model';
import { assertPermission } from '../rules';

/** One outgoing message as the API shows it; the body only in the dev mailbox. */
export interface MailView {
  id: string;
  to: string;
  subject: string;
  status: OutboxMail['status'];
  transport: OutboxMail['transport'];
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  text: string | null;
  html: string | null;
}

/** The organization's outgoing mail and its delivery state, newest first. */
export async function listMail(
  deps: CoreDeps, actor: OrgActor, input: { cursor?: string; limit?: number },
): Promise<{ items: MailView[]; nextCursor: string | null }> {
  assertPermission(actor, 'mail.read');
  const limit = Math.min(input.limit ?? 50, 200);
  const before = input.cursor === undefined ? undefined : decodeIdCursor(input.cursor);
  const rows = await deps.db.read((store) => store.listMail(actor.orgId, before, limit + 1));
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const devMailbox = deps.config.mailTransport === 'dev_mailbox';
  return {
    items: page.map((mail) => ({
      id: mail.id, to: mail.to, subject: mail.subject, status: mail.status, transport: mail.transport,
      attempts: mail.attempts, lastError: mail.lastError, createdAt: mail.createdAt.toISOString(),
      sentAt: mail.sentAt?.toISOString() ?? null,
      text: devMailbox ? mail.text : null, html: devMailbox ? mail.html : null,
    })),
    nextCursor: rows.length > limit && last !== undefined ? encodeIdCursor(last.id) : null,
  };
}
