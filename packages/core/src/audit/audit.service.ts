import type { CoreDeps } from '../deps';
import { ErrorCodes, fail } from '../errors';
import type { OrgActor } from '../model';
import { assertPermission } from '../rules';
import type { AuditEntryView } from '../store';

/** How erased people are shown wherever they appear. */
export const DELETED_USER = 'Deleted User';

/** A person named by an audit entry. */
export interface AuditPersonView {
  memberId: string | null;
  name: string;
  email: string | null;
}

/** One audit entry as the API shows it. */
export interface AuditEventView {
  id: string;
  action: string;
  actor: AuditPersonView | null;
  target: { type: string; id: string | null; member: AuditPersonView | null };
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  createdAt: string;
}

/** Encodes a position in a list ordered by a numeric id, newest first. */
export function encodeIdCursor(id: string): string {
  return Buffer.from(id).toString('base64url');
}

/** Decodes a cursor made by encodeIdCursor. */
export function decodeIdCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[1-9][0-9]{0,17}$/.test(id)) fail(ErrorCodes.REQUEST_INVALID_CURSOR);
  return id;
}

function person(memberId: string | null, name: string | null, email: string | null, erased: boolean): AuditPersonView | null {
  if (memberId === null) return null;
  if (erased) return { memberId, name: DELETED_USER, email: null };
  return { memberId, name: name ?? '', email };
}

/** Maps a stored entry to its view; erased people read "Deleted User". */
export function toAuditEventView(entry: AuditEntryView): AuditEventView {
  return {
    id: entry.id, action: entry.action,
    actor: person(entry.actorMemberId, entry.actorName, entry.actorEmail, entry.actorErased),
    target: {
      type: entry.targetType, id: entry.targetId,
      member: person(entry.targetMemberId, entry.targetName, entry.targetEmail, entry.targetErased),
    },
    before: entry.before, after: entry.after, createdAt: entry.createdAt.toISOString(),
  };
}

/** The organization's audit log, newest first, keyset-paginated. */
export async function listAuditEvents(
  deps: CoreDeps, actor: OrgActor, input: { cursor?: string; limit?: number },
): Promise<{ items: AuditEventView[]; nextCursor: string | null }> {
  assertPermission(actor, 'audit.read');
  const limit = Math.min(input.limit ?? 50, 200);
  const before = input.cursor === undefined ? undefined : decodeIdCursor(input.cursor);
  const rows = await deps.db.read((store) => store.listAudit(actor.orgId, before, limit + 1));
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(toAuditEventView),
    nextCursor: rows.length > limit && last !== undefined ? encodeIdCursor(last.id) : null,
  };
}
