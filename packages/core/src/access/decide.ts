import type { AccessGrant, GrantKind, Role, StoredMemberStatus } from '../model';
import type { Permission } from '../permissions';

/** Why a check was answered as it was. */
export type DecisionReason =
  | 'role' | 'role_all_resources' | 'grant'
  | 'not_a_member' | 'invite_pending' | 'not_activated' | 'deactivated' | 'membership_expired'
  | 'role_lacks_permission' | 'no_grant' | 'grant_expired' | 'unknown_resource';

/** What a decision needs to know about the member it is about. */
export interface AccessMember {
  id: string;
  userId: string | null;
  status: StoredMemberStatus;
  roleId: string | null;
  accessExpiresAt: Date | null;
  /** Display name for explanations; null when erased. */
  name: string | null;
  grants: readonly AccessGrant[];
}

/** A resource as decisions see it. */
export interface ResourceNode {
  id: string;
  typeId: string;
  externalId: string;
  name: string;
  parentId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A resource type as decisions see it. */
export interface ResourceTypeNode {
  id: string;
  key: string;
  name: string;
}

/** An organization's resources, indexed for decisions. */
export interface ResourceIndex {
  byId: ReadonlyMap<string, ResourceNode>;
  types: ReadonlyMap<string, ResourceTypeNode>;
  typeIdByKey: ReadonlyMap<string, string>;
  /** `${typeId} ${externalId}` → resource id. */
  byExternalId: ReadonlyMap<string, string>;
}

/** The key under which `ResourceIndex.byExternalId` finds a resource. */
export function externalKey(typeId: string, externalId: string): string {
  return `${typeId} ${externalId}`;
}

/** One step of the chain behind an answer. */
export interface ExplainStep {
  step: 'membership' | 'role' | 'grant' | 'permission' | 'resource';
  ok: boolean;
  detail: string;
  data: Record<string, unknown>;
}

/** The role that decided, as an explanation shows it. */
export interface ExplainedRole {
  id: string;
  key: string;
  name: string;
  rank: number;
}

/** The grant that decided (or the one that came closest). */
export interface ExplainedGrant {
  id: string;
  kind: GrantKind;
  inherited: boolean;
  on: { id: string | null; type: string; name: string | null };
  expiresAt: string | null;
}

/** The chain behind an answer. */
export interface Explanation {
  summary: string;
  chain: ExplainStep[];
  role: ExplainedRole | null;
  grant: ExplainedGrant | null;
  membershipExpiresAt: string | null;
}

/** An answer. */
export interface Decision {
  allowed: boolean;
  reason: DecisionReason;
  explanation?: Explanation;
}

/** One check, with everything resolved. `resource`: undefined = none asked; null = asked but unknown. */
export interface DecisionInput {
  member: AccessMember | undefined;
  roles: ReadonlyMap<string, Role>;
  permission: Permission;
  resource: ResourceNode | null | undefined;
  /** How the unknown resource was named, for the explanation. */
  resourceLabel?: string;
  resources: ResourceIndex;
  now: Date;
  explain: boolean;
}

/** Nesting deeper than this is refused when written; reading stops here too. */
export const MAX_RESOURCE_DEPTH = 32;

const KIND_ORDER: Record<GrantKind, number> = { resource: 0, all_of_type: 1, all_existing_of_type: 2 };

interface Covering {
  grant: AccessGrant;
  node: ResourceNode;
  depth: number;
}

/** The grants that cover `resource`: on it, on a resource it is nested in, or on their types; most specific first. */
export function coveringGrants(grants: readonly AccessGrant[], resource: ResourceNode, resources: ResourceIndex): Covering[] {
  const found: Covering[] = [];
  if (grants.length === 0) return found;
  let node: ResourceNode | undefined = resource;
  for (let depth = 0; node !== undefined && depth < MAX_RESOURCE_DEPTH; depth++) {
    for (const grant of grants) {
      if (grant.kind === 'resource' ? grant.resourceId === node.id
        : grant.typeId === node.typeId && (grant.kind === 'all_of_type' || node.createdAt <= grant.createdAt)) {
        found.push({ grant, node, depth });
      }
    }
    node = node.parentId === null ? undefined : resources.byId.get(node.parentId);
  }
  if (found.length > 1) found.sort((a, b) => a.depth - b.depth || KIND_ORDER[a.grant.kind] - KIND_ORDER[b.grant.kind]);
  return found;
}

function isExpired(expiresAt: Date | null, now: Date): boolean {
  return expiresAt !== null && expiresAt <= now;
}

/**
 * Decides one check. Pure: the same input always gives the same answer, so every path is
 * tested as a table and every instance answers alike from its cache.
 */
export function decide(input: DecisionInput): Decision {
  const { member, permission, resource, now } = input;
  const ex = input.explain ? new Explainer(input) : undefined;

  if (member === undefined || member.status === 'removed') return ex?.deny('not_a_member') ?? DENIED.not_a_member;
  if (member.status === 'invite_pending') return ex?.deny('invite_pending') ?? DENIED.invite_pending;
  if (isExpired(member.accessExpiresAt, now)) return ex?.deny('membership_expired') ?? DENIED.membership_expired;
  if (member.status === 'deactivated') return ex?.deny('deactivated') ?? DENIED.deactivated;
  const orgRole = member.roleId === null ? undefined : input.roles.get(member.roleId);
  if (member.status === 'not_activated' || orgRole === undefined) return ex?.deny('not_activated') ?? DENIED.not_activated;
  ex?.membershipOk(orgRole);

  const orgRoleAllows = orgRole.permissions.includes(permission);
  if (resource === undefined) {
    return orgRoleAllows ? ex?.allowByRole(orgRole, 'role') ?? ALLOWED.role : ex?.lacks(orgRole, null) ?? DENIED.role_lacks_permission;
  }
  if (resource === null) return ex?.deny('unknown_resource') ?? DENIED.unknown_resource;
  if (orgRoleAllows && orgRole.permissions.includes('resources.access_all')) {
    return ex?.allowByRole(orgRole, 'role_all_resources') ?? ALLOWED.role_all_resources;
  }

  const covering = coveringGrants(member.grants, resource, input.resources);
  let firstLive: Covering | undefined;
  let firstLiveRole: Role | undefined;
  for (const entry of covering) {
    if (isExpired(entry.grant.expiresAt, now)) continue;
    const role = entry.grant.roleId === null ? orgRole : input.roles.get(entry.grant.roleId);
    if (role === undefined) continue;
    if (firstLive === undefined) {
      firstLive = entry;
      firstLiveRole = role;
    }
    if (role.permissions.includes(permission)) return ex?.allowByGrant(entry, role) ?? ALLOWED.grant;
  }
  if (firstLive !== undefined && firstLiveRole !== undefined) {
    return ex?.lacks(firstLiveRole, firstLive) ?? DENIED.role_lacks_permission;
  }
  if (covering.length > 0) return ex?.expired(covering[0]!) ?? DENIED.grant_expired;
  if (orgRole.permissions.includes('resources.access_all')) return ex?.lacks(orgRole, null) ?? DENIED.role_lacks_permission;
  return ex?.deny('no_grant') ?? DENIED.no_grant;
}

// Answers without explanations are shared, frozen objects: no allocation on the hot path.
const ALLOWED = {
  role: Object.freeze({ allowed: true, reason: 'role' }),
  role_all_resources: Object.freeze({ allowed: true, reason: 'role_all_resources' }),
  grant: Object.freeze({ allowed: true, reason: 'grant' }),
} as const satisfies Record<string, Decision>;
const DENIED = Object.fromEntries(
  (['not_a_member', 'invite_pending', 'not_activated', 'deactivated', 'membership_expired', 'role_lacks_permission',
    'no_grant', 'grant_expired', 'unknown_resource'] as const)
    .map((reason) => [reason, Object.freeze({ allowed: false, reason })]),
) as Record<Exclude<DecisionReason, 'role' | 'role_all_resources' | 'grant'>, Decision>;

function roleSummary(role: Role): ExplainedRole {
  return { id: role.id, key: role.key, name: role.name, rank: role.rank };
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

const GRANT_WORDS: Record<GrantKind, string> = {
  resource: 'a grant on',
  all_of_type: 'a grant on every',
  all_existing_of_type: 'a grant on every existing',
};

/** Builds the explanation of one decision, step by step. */
class Explainer {
  private readonly chain: ExplainStep[] = [];
  private readonly who: string;

  constructor(private readonly input: DecisionInput) {
    this.who = input.member?.name ?? (input.member === undefined ? 'This person' : 'This member');
  }

  private get where(): string {
    const { resource } = this.input;
    if (resource === undefined) return '';
    if (resource === null) return ` on ${this.input.resourceLabel ?? 'an unknown resource'}`;
    return ` on ${this.resourceName(resource)}`;
  }

  private resourceName(node: ResourceNode): string {
    const type = this.input.resources.types.get(node.typeId);
    return `the ${(type?.name ?? 'resource').toLowerCase()} "${node.name}"`;
  }

  private finish(allowed: boolean, reason: DecisionReason, summary: string, role: Role | null, grant: Covering | null): Decision {
    const member = this.input.member;
    return {
      allowed, reason,
      explanation: {
        summary, chain: this.chain, role: role === null ? null : roleSummary(role),
        grant: grant === null ? null : this.grantView(grant),
        membershipExpiresAt: member?.accessExpiresAt?.toISOString() ?? null,
      },
    };
  }

  private grantView({ grant, node, depth }: Covering): ExplainedGrant {
    const type = this.input.resources.types.get(grant.typeId);
    const onResource = grant.kind === 'resource' ? node : undefined;
    return {
      id: grant.id, kind: grant.kind, inherited: depth > 0,
      on: { id: onResource?.id ?? null, type: type?.key ?? '', name: onResource?.name ?? null },
      expiresAt: grant.expiresAt?.toISOString() ?? null,
    };
  }

  private grantPhrase({ grant, node, depth }: Covering): string {
    const expiry = grant.expiresAt === null ? '' : ` (until ${day(grant.expiresAt)})`;
    if (grant.kind === 'resource' && depth === 0) return `a direct grant${expiry}`;
    const type = this.input.resources.types.get(grant.typeId);
    const target = grant.kind === 'resource' ? this.resourceName(node) : (type?.name ?? 'resource').toLowerCase();
    const inherited = depth > 0 && this.input.resource ? `, which ${this.resourceName(this.input.resource)} is inside` : '';
    return `${GRANT_WORDS[grant.kind]} ${target}${inherited}${expiry}`;
  }

  deny(reason: Exclude<DecisionReason, 'role' | 'role_all_resources' | 'grant' | 'role_lacks_permission' | 'grant_expired'>): Decision {
    const member = this.input.member;
    const sentences: Record<typeof reason, [ExplainStep['step'], string]> = {
      not_a_member: ['membership', `${this.who} is not a member of this organization.`],
      invite_pending: ['membership', `${this.who} has not accepted the invitation yet.`],
      membership_expired: ['membership', `${this.who}'s membership ended on ${member?.accessExpiresAt ? day(member.accessExpiresAt) : '?'}.`],
      deactivated: ['membership', `${this.who} is deactivated.`],
      not_activated: ['membership', `${this.who} has no role yet: an admin has not activated them.`],
      unknown_resource: ['resource', `There is no such resource${this.where ? ` (${this.input.resourceLabel ?? 'unknown'})` : ''}.`],
      no_grant: ['grant', `No grant gives ${this.who} access${this.where}.`],
    };
    const [step, detail] = sentences[reason];
    this.chain.push({ step, ok: false, detail, data: { status: member?.status ?? null } });
    return this.finish(false, reason, `Denied: ${detail}`, null, null);
  }

  membershipOk(role: Role): void {
    const expiry = this.input.member?.accessExpiresAt;
    this.chain.push({
      step: 'membership', ok: true,
      detail: `${this.who} is an active member${expiry ? ` until ${day(expiry)}` : ''}.`, data: { status: 'active' },
    });
    this.chain.push({
      step: 'role', ok: true, detail: `Their organization role is ${role.name}.`, data: { roleId: role.id, rank: role.rank },
    });
  }

  allowByRole(role: Role, reason: 'role' | 'role_all_resources'): Decision {
    if (reason === 'role_all_resources') {
      this.chain.push({ step: 'resource', ok: true, detail: `${role.name} reaches every resource without a grant.`, data: {} });
    }
    this.chain.push({ step: 'permission', ok: true, detail: `${role.name} has ${this.input.permission}.`, data: { permission: this.input.permission } });
    return this.finish(true, reason, `Allowed: ${this.who} is ${role.name}, which has ${this.input.permission}${this.where}.`, role, null);
  }

  allowByGrant(entry: Covering, role: Role): Decision {
    const phrase = this.grantPhrase(entry);
    this.chain.push({ step: 'grant', ok: true, detail: `${this.who} has ${phrase}.`, data: { grantId: entry.grant.id } });
    const roleNote = entry.grant.roleId === null ? 'with their organization role' : `as ${role.name}`;
    this.chain.push({
      step: 'permission', ok: true, detail: `${role.name} has ${this.input.permission}.`, data: { permission: this.input.permission, roleId: role.id },
    });
    return this.finish(true, 'grant', `Allowed: ${this.who} may ${this.input.permission}${this.where} through ${phrase}, ${roleNote}.`, role, entry);
  }

  lacks(role: Role, entry: Covering | null): Decision {
    if (entry !== null) {
      this.chain.push({ step: 'grant', ok: true, detail: `${this.who} has ${this.grantPhrase(entry)}.`, data: { grantId: entry.grant.id } });
    }
    const detail = `${role.name} does not have ${this.input.permission}.`;
    this.chain.push({ step: 'permission', ok: false, detail, data: { permission: this.input.permission, roleId: role.id } });
    return this.finish(false, 'role_lacks_permission', `Denied: ${this.who} is ${role.name}${this.where}, which does not have ${this.input.permission}.`, role, entry);
  }

  expired(entry: Covering): Decision {
    const phrase = this.grantPhrase({ ...entry, grant: { ...entry.grant, expiresAt: null } }).replace(/^a /, '');
    const detail = `${this.who}'s ${phrase} ended on ${day(entry.grant.expiresAt!)}.`;
    this.chain.push({ step: 'grant', ok: false, detail, data: { grantId: entry.grant.id } });
    return this.finish(false, 'grant_expired', `Denied: ${detail}`, null, entry);
  }
}
