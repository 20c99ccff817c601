import type { CoreDeps } from '../deps';
import type { OrgActor } from '../model';
import { assertPermission } from '../rules';
import type { GrantRow } from '../store';
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
  const load = (after: { sortName: string; id: string } | undefined) => deps.db.read(async (store) => {
    const rows = await store.listMembersForExport(actor.orgId, { ...filter, q: q === '' ? undefined : q }, now, after, EXPORT_BATCH);
    return { rows, grants: await store.listGrantsOfMembers(actor.orgId, rows.map((row) => row.id)) };
  });
  let next = load(undefined);
  for (;;) {
    const batch = await next;
    if (batch.rows.length === 0) return;
    const last = batch.rows.at(-1)!;
    // The next batch is read while this one is written out: the database and Node work at once.
    if (batch.rows.length === EXPORT_BATCH) next = load({ sortName: last.sortName, id: last.id });
    yield batch.rows.map((row) => ({
      name: row.name,
      email: row.email,
      role: row.roleName,
      status: STATUS_LABELS[row.status] ?? row.status,
      kind: row.kind === 'external' ? 'External' : 'Member',
      lastConnectionAt: row.lastConnectionAt,
      accessExpiresAt: row.accessExpiresAt,
      createdAt: row.createdAt,
      tags: row.tags,
      access: (batch.grants.get(row.id) ?? []).map((g) => describeGrant(g, roleNames)).join('; '),
    }));
    if (batch.rows.length < EXPORT_BATCH) return;
  }
}
