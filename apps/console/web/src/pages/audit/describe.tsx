import { Code, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { AuditEvent } from '../../api/types';
import { STATUS_LABELS } from '../../components/StatusBadge';
import { formatDate, plural } from '../../format';

/** One line under an entry: a fact ("Role: Annotator") or a change ("Role: Annotator → Manager"). */
export type Detail = { label: string; value: string } | { label: string; from: string; to: string };

/** What an entry says, as a sentence that follows the actor's name, and its details. */
export interface Description {
  /** Follows the actor's name, such as "invited Ada Lovelace as Manager". */
  summary: ReactNode;
  details: Detail[];
}

/** Names for ids the entries carry. */
export interface DescribeContext {
  /** A role's name from its id, or words such as "a deleted role" when it is not known. */
  roleName: (roleId: unknown) => string;
}

/** Every action Roster records, for a filter or a legend; unknown actions are shown by their code. */
export const KNOWN_ACTIONS = [
  'organization.created', 'organization.updated', 'member.invited', 'member.updated', 'member.deactivated',
  'member.reactivated', 'member.removed', 'member.deleted', 'member.joined', 'user.renamed', 'invitation.resent',
  'invitation.renewed', 'invitation.revoked', 'invitation.accepted', 'invite_link.updated', 'role.created',
  'role.updated', 'role.deleted', 'member.access_expired', 'resource_type.created', 'resource_type.updated',
  'resource_type.deleted', 'resource.created', 'resource.updated', 'resource.deleted', 'access.granted', 'access.updated',
  'access.revoked', 'access.expired', 'api_token.created', 'api_token.revoked',
] as const;

const MEMBER_FIELDS: Array<[string, string]> = [
  ['firstName', 'First name'], ['lastName', 'Last name'], ['email', 'Email'], ['description', 'Description'],
  ['roleId', 'Role'], ['kind', 'Kind'], ['status', 'Status'], ['accessExpiresAt', 'Membership ends'],
];

const GRANT_KINDS: Record<string, string> = {
  resource: 'one resource and what is nested in it',
  all_existing_of_type: 'every resource of a type that existed then',
  all_of_type: 'every resource of a type, including later ones',
};

function str(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function statusLabel(value: unknown): string {
  if (value === 'removed') return 'Removed';
  if (typeof value === 'string' && value in STATUS_LABELS) return STATUS_LABELS[value as keyof typeof STATUS_LABELS];
  return str(value);
}

function kindLabel(value: unknown): string {
  if (value === 'member') return 'Member';
  if (value === 'external') return 'External collaborator';
  return str(value);
}

function dateLabel(value: unknown): string {
  return typeof value === 'string' ? formatDate(value, '—') : str(value);
}

function memberValue(field: string, value: unknown, context: DescribeContext): string {
  if (field === 'roleId') return value === null || value === undefined ? 'No role' : context.roleName(value);
  if (field === 'status') return statusLabel(value);
  if (field === 'kind') return kindLabel(value);
  if (field === 'accessExpiresAt') return value === null || value === undefined ? 'Never' : dateLabel(value);
  return str(value);
}

/** A grant's role and end, from its snapshot: "Their organization role" when it has no role of its own. */
function grantDetails(snapshot: Record<string, unknown>, context: DescribeContext): Detail[] {
  return [
    { label: 'Covers', value: GRANT_KINDS[str(snapshot.kind)] ?? str(snapshot.kind) },
    { label: 'Role', value: snapshot.roleId === null || snapshot.roleId === undefined ? 'Their organization role' : context.roleName(snapshot.roleId) },
    ...(snapshot.expiresAt === null || snapshot.expiresAt === undefined ? [] : [{ label: 'Ends', value: dateLabel(snapshot.expiresAt) }]),
  ];
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function permissionList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** Who the entry is about, in bold, with their email when known. */
function Person({ person }: { person: AuditEvent['target']['member'] }) {
  if (person === null) return <b>a member</b>;
  return (
    <>
      <b>{person.name === '' ? 'Someone' : person.name}</b>
      {person.email !== null && person.email !== '' && <Text span size="sm" c="gray.7"> ({person.email})</Text>}
    </>
  );
}

/** Turns an entry into words. */
export function describeEvent(event: AuditEvent, context: DescribeContext): Description {
  const before = event.before ?? {};
  const after = event.after ?? {};
  const target = <Person person={event.target.member} />;
  const self = event.actor !== null && event.target.member !== null && event.actor.memberId === event.target.member.memberId;
  switch (event.action) {
    case 'organization.created':
      return { summary: <>created the organization <b>{str(after.name)}</b></>, details: [] };
    case 'organization.updated': {
      const details: Detail[] = [];
      if (!same(before.name, after.name)) details.push({ label: 'Name', from: str(before.name), to: str(after.name) });
      if (!same(before.invitationTtlDays, after.invitationTtlDays)) {
        const days = (value: unknown) => (typeof value === 'number' ? plural(value, 'day') : str(value));
        details.push({ label: 'Invitations stay valid for', from: days(before.invitationTtlDays), to: days(after.invitationTtlDays) });
      }
      return { summary: <>changed the organization’s settings</>, details };
    }
    case 'member.invited':
      return {
        summary: <>invited {target} as <b>{context.roleName(after.roleId)}</b>{after.kind === 'external' ? ', as an external collaborator' : ''}</>,
        details: after.expiresAt === undefined ? [] : [{ label: 'Invitation valid until', value: dateLabel(after.expiresAt) }],
      };
    case 'member.updated': {
      const details: Detail[] = [];
      for (const [field, label] of MEMBER_FIELDS) {
        if (!(field in before) && !(field in after)) continue;
        if (same(before[field], after[field])) continue;
        details.push({ label, from: memberValue(field, before[field], context), to: memberValue(field, after[field], context) });
      }
      const onlyRole = details.length === 1 && details[0]?.label === 'Role';
      if (onlyRole) return { summary: <>changed the role of {self ? <b>themselves</b> : target}</>, details };
      return { summary: self ? <>updated their own details</> : <>updated {target}</>, details };
    }
    case 'member.deactivated':
      return { summary: <>deactivated {target}</>, details: [] };
    case 'member.reactivated':
      return {
        summary: <>reactivated {target}</>,
        details: after.status !== undefined && after.status !== 'active' ? [{ label: 'Status', value: statusLabel(after.status) }] : [],
      };
    case 'member.removed':
      return {
        summary: self ? <>left the organization</> : <>removed {target} from the organization</>,
        details: before.roleId !== undefined ? [{ label: 'Had the role', value: memberValue('roleId', before.roleId, context) }] : [],
      };
    case 'member.deleted':
      return self
        ? { summary: <>deleted their account</>, details: [] }
        : { summary: <>deleted {target} and erased their identity</>, details: [] };
    case 'member.joined':
      return { summary: <>joined through the invite link and waits for a role</>, details: [] };
    case 'user.renamed': {
      const details: Detail[] = [];
      if (!same(before.firstName, after.firstName)) details.push({ label: 'First name', from: str(before.firstName), to: str(after.firstName) });
      if (!same(before.lastName, after.lastName)) details.push({ label: 'Last name', from: str(before.lastName), to: str(after.lastName) });
      return { summary: <>changed their name</>, details };
    }
    case 'invitation.resent':
      return {
        summary: <>resent the invitation to {target}</>,
        details: [{ label: 'New link valid until', value: dateLabel(after.expiresAt) }],
      };
    case 'invitation.renewed':
      return {
        summary: <>renewed the invitation of {target}</>,
        details: [{ label: 'Valid until', from: dateLabel(before.expiresAt), to: dateLabel(after.expiresAt) }],
      };
    case 'invitation.revoked':
      return { summary: <>revoked the invitation of {target}</>, details: [] };
    case 'invitation.accepted':
      return self || event.actor === null
        ? { summary: <>accepted the invitation and joined</>, details: [] }
        : { summary: <>accepted the invitation of {target}</>, details: [] };
    case 'invite_link.updated': {
      const was = before.enabled === true;
      const is = after.enabled === true;
      const regenerated = after.regenerated === true;
      if (!was && is) return { summary: <>turned the invite link on</>, details: regenerated ? [{ label: 'Link', value: 'new link made' }] : [] };
      if (was && !is) return { summary: <>turned the invite link off</>, details: [] };
      if (regenerated) return { summary: <>regenerated the invite link; the old link stopped working</>, details: [] };
      return { summary: <>changed the invite link</>, details: [] };
    }
    case 'role.created': {
      const permissions = permissionList(after.permissions);
      return {
        summary: <>created the role <b>{str(after.name)}</b></>,
        details: [
          { label: 'Rank', value: str(after.rank) },
          { label: 'Permissions', value: permissions.length === 0 ? 'none' : permissions.join(', ') },
        ],
      };
    }
    case 'role.updated': {
      const details: Detail[] = [];
      if (!same(before.name, after.name)) details.push({ label: 'Name', from: str(before.name), to: str(after.name) });
      if (!same(before.rank, after.rank)) details.push({ label: 'Rank', from: str(before.rank), to: str(after.rank) });
      const was = permissionList(before.permissions);
      const is = permissionList(after.permissions);
      const added = is.filter((p) => !was.includes(p));
      const removed = was.filter((p) => !is.includes(p));
      if (added.length > 0) details.push({ label: 'Permissions given', value: added.join(', ') });
      if (removed.length > 0) details.push({ label: 'Permissions taken away', value: removed.join(', ') });
      return { summary: <>edited the role <b>{str(after.name ?? before.name)}</b></>, details };
    }
    case 'role.deleted':
      return { summary: <>deleted the role <b>{str(before.name)}</b></>, details: [] };
    case 'member.access_expired':
      return {
        summary: <>ended the membership of {target}, as planned</>,
        details: [{ label: 'Membership ended', value: dateLabel(before.accessExpiresAt) }],
      };
    case 'resource_type.created':
      return { summary: <>added the resource type <b>{str(after.name)}</b></>, details: [{ label: 'Key', value: str(after.key) }] };
    case 'resource_type.updated':
      return { summary: <>renamed a resource type</>, details: [{ label: 'Name', from: str(before.name), to: str(after.name) }] };
    case 'resource_type.deleted':
      return { summary: <>deleted the resource type <b>{str(before.name)}</b></>, details: [] };
    case 'resource.created':
      return { summary: <>registered the resource <b>{str(after.name)}</b></>, details: [{ label: 'External id', value: str(after.externalId) }] };
    case 'resource.updated': {
      const details: Detail[] = [];
      if (!same(before.name, after.name)) details.push({ label: 'Name', from: str(before.name), to: str(after.name) });
      if (!same(before.parentId, after.parentId)) details.push({ label: 'Inside', value: after.parentId === null ? 'moved to the top level' : 'moved into another resource' });
      return { summary: <>changed the resource <b>{str(after.name)}</b></>, details };
    }
    case 'resource.deleted':
      return { summary: <>deleted the resource <b>{str(before.name)}</b></>, details: [{ label: 'External id', value: str(before.externalId) }] };
    case 'access.granted':
      return { summary: <>gave {target} access to resources</>, details: grantDetails(after, context) };
    case 'access.updated': {
      const details: Detail[] = [];
      const role = (value: unknown) => (value === null || value === undefined ? 'Their organization role' : context.roleName(value));
      const end = (value: unknown) => (value === null || value === undefined ? 'Never' : dateLabel(value));
      if (!same(before.roleId, after.roleId)) details.push({ label: 'Role', from: role(before.roleId), to: role(after.roleId) });
      if (!same(before.expiresAt, after.expiresAt)) details.push({ label: 'Ends', from: end(before.expiresAt), to: end(after.expiresAt) });
      return { summary: <>changed an access grant of {target}</>, details };
    }
    case 'access.revoked':
      return { summary: <>revoked an access grant of {target}</>, details: grantDetails(before, context) };
    case 'access.expired':
      return { summary: <>ended an access grant of {target}, as planned</>, details: grantDetails(before, context) };
    case 'api_token.created':
      return {
        summary: <>created the API token <b>{str(after.name)}</b></>,
        details: [
          { label: 'Role', value: context.roleName(after.roleId) },
          { label: 'Expires', value: after.expiresAt === null || after.expiresAt === undefined ? 'Never' : dateLabel(after.expiresAt) },
        ],
      };
    case 'api_token.revoked':
      return { summary: <>revoked the API token <b>{str(before.name)}</b>; it no longer works</>, details: [] };
    default:
      return {
        summary: <>did <Code>{event.action}</Code>{event.target.member !== null && <> to {target}</>}</>,
        details: [],
      };
  }
}

/** Role names the loaded entries themselves know, for roles deleted since. */
export function roleNamesFromEvents(events: AuditEvent[]): Map<string, string> {
  const names = new Map<string, string>();
  // Oldest first, so the newest name wins.
  for (const event of [...events].reverse()) {
    if (event.target.type !== 'role' || event.target.id === null) continue;
    const name = event.after?.name ?? event.before?.name;
    if (typeof name === 'string') names.set(event.target.id, name);
  }
  return names;
}
