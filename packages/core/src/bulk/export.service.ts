import type { CoreDeps } from '../deps';
import type { OrgActor } from '../model';
import { assertPermission, deriveMemberStatus } from '../rules';
import type { GrantRow, KeysetPosition } from '../store';
import type { MemberFilterInput } from './plan.service';

/** Members read per round trip while exporting. */
export const EXPORT_BATCH = 2000;

/** One member as the export writes them. */
export interface MemberExportRow {
  name: string;
  email: string;
  role: string;
  status: string;
  kind: string;
  lastConnectionAt: string;
  accessExpiresAt: string;
  createdAt: string;
  tags: string;
  access: string;
}

const STATUS_LABELS: Record<string, string> = {
  invite_pending: 'Invite pending', invite_expired: 'Invite expired', not_activated: 'Not activated', active: 'Active',
  deactivated: 'Deactivated',
};

/** The export's header, in column order. */
export const EXPORT_COLUMNS: Array<[keyof MemberExportRow, string]> = [
  ['name', 'Name'], ['email', 'Email'], ['role', 'Role'], ['status', 'Status'], ['kind', 'Type'],
  ['lastConnectionAt', 'Last connection'], ['accessExpiresAt', 'Access ends'], ['createdAt', 'Added'], ['tags', 'Tags'],
  ['access', 'Resource access'],
];

function describeGrant(grant: GrantRow, roleNames: ReadonlyMap<string, string>): string {
  const target = grant.kind === 'resource'
    ? `${grant.typeName}: ${grant.resourceName ?? grant.resourceExternalId ?? ''}`
    : grant.kind === 'all_of_type' ? `${grant.typeName}: all` : `${grant.typeName}: all existing`;
  const role = grant.roleId === null ? '' : ` as ${roleNames.get(grant.roleId) ?? 'role'}`;
  const until = grant.expiresAt === null ? '' : ` until ${grant.expiresAt.toISOString().slice(0, 10)}`;
  return `${target}${role}${until}`;
}

/**
 * The members table with its filters, batch after batch in the table's order (by name),
 * with tags and resource access: memory stays flat however many members there are.
 */
export async function* exportMembers(deps: CoreDeps, actor: OrgActor, filter: MemberFilterInput): AsyncGenerator<MemberExportRow[]> {
  assertPermission(actor, 'members.read');
  const now = deps.clock.now();
  const q = filter.q?.trim().toLowerCase();
  const roleNames = new Map((await deps.db.read((store) => store.listRoles(actor.orgId))).map((r) => [r.id, r.name]));
  const load = (after: KeysetPosition | undefined) => deps.db.read(async (store) => {
    const rows = await store.listMembers({
      orgId: actor.orgId, kind: filter.kind, status: filter.status, roleId: filter.roleId, tagId: filter.tagId,
      q: q === '' ? undefined : q, sort: 'name', order: 'asc', limit: EXPORT_BATCH, after, now,
    });
    const ids = rows.map((row) => row.member.id);
    const [tags, grants] = await Promise.all([store.listTagsOfMembers(actor.orgId, ids), store.listGrantsOfMembers(actor.orgId, ids)]);
    return { rows, tags, grants };
  });
  let next = load(undefined);
  for (;;) {
    const batch = await next;
    if (batch.rows.length === 0) return;
    const last = batch.rows.at(-1)!;
    // The next batch is read while this one is written out: the database and Node work at once.
    if (batch.rows.length === EXPORT_BATCH) next = load({ value: last.sortValue, id: last.member.id });
    yield batch.rows.map(({ member, role }) => ({
      name: `${member.firstName ?? ''} ${member.lastName ?? ''}`.trim(),
      email: member.email ?? '',
      role: role?.name ?? '',
      status: STATUS_LABELS[deriveMemberStatus(member, now)] ?? member.status,
      kind: member.kind === 'external' ? 'External' : 'Member',
      lastConnectionAt: member.lastConnectionAt?.toISOString() ?? '',
      accessExpiresAt: member.accessExpiresAt?.toISOString() ?? '',
      createdAt: member.createdAt.toISOString(),
      tags: (batch.tags.get(member.id) ?? []).map((t) => t.name).join(', '),
      access: (batch.grants.get(member.id) ?? []).map((g) => describeGrant(g, roleNames)).join('; '),
    }));
    if (batch.rows.length < EXPORT_BATCH) return;
  }
}
