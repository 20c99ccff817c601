import type { CoreDeps } from '../deps';
import { ErrorCodes, fail } from '../errors';
import type { OrgActor, Role } from '../model';
import { isPermission, type Permission } from '../permissions';
import { assertPermission } from '../rules';
import { toGrantView, type GrantView, type ResourceRef } from './grant.service';
import {
  coveringGrants, decide, externalKey, type Decision, type ResourceIndex, type ResourceNode,
} from './decide';
import type { AccessSource, MemberRef } from './source';
import type { RoleSummary } from '../views';

/** One check as a request gives it. */
export interface AuthorizeCheck {
  memberId?: string;
  userId?: string;
  permission: string;
  resource?: ResourceRef;
}

/** POST /authorize: one check, or `checks`. */
export interface AuthorizeInput {
  memberId?: string;
  userId?: string;
  permission?: string;
  resource?: ResourceRef;
  checks?: AuthorizeCheck[];
  explain?: boolean;
}

/** Most checks answered in one call. */
export const MAX_CHECKS = 100;

function subjectOf(check: { memberId?: string; userId?: string }, index: number): MemberRef {
  if ((check.memberId === undefined) === (check.userId === undefined)) fail(ErrorCodes.AUTHORIZE_SUBJECT_REQUIRED, { index });
  return check.memberId !== undefined ? { memberId: check.memberId } : { userId: check.userId! };
}

function permissionOf(name: string, index: number): Permission {
  if (!isPermission(name)) fail(ErrorCodes.AUTHORIZE_UNKNOWN_PERMISSION, { permission: name, index });
  return name;
}

function findResource(index: ResourceIndex, ref: ResourceRef, at: number): ResourceNode | null {
  if ('id' in ref) return index.byId.get(ref.id) ?? null;
  const typeId = index.typeIdByKey.get(ref.type);
  if (typeId === undefined) fail(ErrorCodes.RESOURCE_TYPE_NOT_FOUND, { resourceType: ref.type, index: at });
  const id = index.byExternalId.get(externalKey(typeId, ref.externalId));
  return id === undefined ? null : index.byId.get(id) ?? null;
}

function label(ref: ResourceRef | undefined): string | undefined {
  if (ref === undefined) return undefined;
  return 'id' in ref ? `resource ${ref.id}` : `${ref.type} ${ref.externalId}`;
}

function isSelf(actor: OrgActor, ref: MemberRef): boolean {
  return actor.tokenId === undefined && ('memberId' in ref ? ref.memberId === actor.memberId : ref.userId === actor.userId);
}

/**
 * Answers checks: may this member do this, here? Needs `access.check`, except for people
 * asking about themselves. Unknown permissions and resource types are client errors; an
 * unknown member or resource is simply denied.
 */
export async function authorizeChecks(
  deps: CoreDeps, actor: OrgActor, checks: readonly AuthorizeCheck[], explain: boolean, source: AccessSource,
): Promise<Decision[]> {
  const subjects = checks.map((check, i) => subjectOf(check, i));
  const permissions = checks.map((check, i) => permissionOf(check.permission, i));
  if (!subjects.every((ref) => isSelf(actor, ref))) assertPermission(actor, 'access.check');
  const orgId = actor.orgId;
  const [roles, resources, members] = await Promise.all([
    source.roles(orgId),
    checks.some((c) => c.resource !== undefined || explain) ? source.resources(orgId) : EMPTY_INDEX,
    source.members(orgId, subjects),
  ]);
  const now = deps.clock.now();
  return checks.map((check, i) => decide({
    member: members[i], roles, permission: permissions[i]!,
    resource: check.resource === undefined ? undefined : findResource(resources, check.resource, i),
    resourceLabel: label(check.resource), resources, now, explain,
  }));
}

/** The single or batch form of POST /authorize. */
export async function authorize(
  deps: CoreDeps, actor: OrgActor, input: AuthorizeInput, source: AccessSource,
): Promise<Decision | { results: Decision[] }> {
  const explain = input.explain === true;
  if (input.checks !== undefined) {
    if (input.memberId !== undefined || input.userId !== undefined || input.permission !== undefined || input.resource !== undefined) {
      fail(ErrorCodes.AUTHORIZE_INVALID);
    }
    if (input.checks.length > MAX_CHECKS) fail(ErrorCodes.AUTHORIZE_INVALID, { max: MAX_CHECKS });
    return { results: await authorizeChecks(deps, actor, input.checks, explain, source) };
  }
  if (input.permission === undefined) fail(ErrorCodes.AUTHORIZE_INVALID);
  const [decision] = await authorizeChecks(deps, actor, [{
    memberId: input.memberId, userId: input.userId, permission: input.permission, resource: input.resource,
  }], explain, source);
  return decision!;
}

const EMPTY_INDEX: ResourceIndex = { byId: new Map(), types: new Map(), typeIdByKey: new Map(), byExternalId: new Map() };

/** Most resources one access listing shows. */
export const MAX_ACCESS_ITEMS = 5000;

/** One resource a member reaches, with how. */
export interface AccessItemView {
  resource: { id: string; type: string; externalId: string; name: string; parentId: string | null; createdAt: string; updatedAt: string };
  role: RoleSummary;
  permissions: string[];
  via: 'organization_role' | 'grant';
  grantId: string | null;
  inherited: boolean;
  expiresAt: string | null;
}

/** A member's effective access. */
export interface MemberAccessView {
  memberId: string;
  status: string;
  membershipExpiresAt: string | null;
  organizationRole: RoleSummary | null;
  allResources: boolean;
  grants: GrantView[];
  items: AccessItemView[];
  truncated: boolean;
}

function summary(role: Role): RoleSummary {
  return { id: role.id, key: role.key, name: role.name, rank: role.rank };
}

/** Lists every resource a member reaches now, with the role they have there and through what. */
export async function getMemberAccess(deps: CoreDeps, actor: OrgActor, memberId: string, source: AccessSource): Promise<MemberAccessView> {
  if (memberId !== actor.memberId || actor.tokenId !== undefined) assertPermission(actor, 'members.read');
  const now = deps.clock.now();
  const [grantRows, member, roles, index] = await Promise.all([
    deps.db.read((store) => store.listGrantsOfMember(actor.orgId, memberId)),
    deps.db.read((store) => store.findMember(actor.orgId, memberId)),
    source.roles(actor.orgId),
    source.resources(actor.orgId),
  ]);
  if (member === undefined || member.status === 'removed') fail(ErrorCodes.MEMBER_NOT_FOUND, { memberId });
  const orgRole = member.roleId === null ? undefined : roles.get(member.roleId);
  const expired = member.accessExpiresAt !== null && member.accessExpiresAt <= now;
  const active = member.status === 'active' && orgRole !== undefined && !expired;
  const allResources = orgRole?.permissions.includes('resources.access_all') ?? false;
  const liveGrants = grantRows.filter((g) => g.expiresAt === null || g.expiresAt > now);
  const items: AccessItemView[] = [];
  let truncated = false;
  if (active) {
    const sorted = [...index.byId.values()].sort((a, b) => {
      const ta = index.types.get(a.typeId)?.name ?? '';
      const tb = index.types.get(b.typeId)?.name ?? '';
      return ta.localeCompare(tb) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
    });
    for (const node of sorted) {
      let role: Role | undefined;
      let entry: ReturnType<typeof coveringGrants>[number] | undefined;
      if (allResources) {
        role = orgRole;
      } else {
        entry = coveringGrants(liveGrants, node, index).find((c) => c.grant.roleId === null || roles.has(c.grant.roleId));
        if (entry !== undefined) role = entry.grant.roleId === null ? orgRole : roles.get(entry.grant.roleId);
      }
      if (role === undefined) continue;
      if (items.length === MAX_ACCESS_ITEMS) {
        truncated = true;
        break;
      }
      items.push({
        resource: {
          id: node.id, type: index.types.get(node.typeId)?.key ?? '', externalId: node.externalId, name: node.name,
          parentId: node.parentId, createdAt: node.createdAt.toISOString(), updatedAt: node.updatedAt.toISOString(),
        },
        role: summary(role), permissions: [...role.permissions],
        via: entry === undefined ? 'organization_role' : 'grant', grantId: entry?.grant.id ?? null,
        inherited: entry !== undefined && entry.depth > 0, expiresAt: entry?.grant.expiresAt?.toISOString() ?? null,
      });
    }
  }
  return {
    memberId, status: member.status, membershipExpiresAt: member.accessExpiresAt?.toISOString() ?? null,
    organizationRole: orgRole === undefined ? null : summary(orgRole), allResources,
    grants: grantRows.map((row) => toGrantView(row, roles, now)), items, truncated,
  };
}
