import { auditActor, reloadOrgActor } from '../actor';
import type { CoreDeps } from '../deps';
import { ErrorCodes, fail } from '../errors';
import type { AccessGrant, GrantKind, Member, OrgActor, Role } from '../model';
import { assertMemberWithinRank, assertPermission, assertRoleWithinRank } from '../rules';
import type { GrantRow, Store } from '../store';
import type { RoleSummary } from '../views';

/** A resource named by Roster's id or by the product's type and external id. */
export type ResourceRef = { id: string } | { type: string; externalId: string };

/** A grant as a request gives it. */
export interface GrantInput {
  kind: GrantKind;
  resource?: ResourceRef;
  resourceType?: string;
  roleId?: string | null;
  /** ISO 8601. */
  expiresAt?: string | null;
}

/** A grant as the API shows it. */
export interface GrantView {
  id: string;
  memberId: string;
  kind: GrantKind;
  resourceType: { key: string; name: string };
  resource: { id: string; externalId: string; name: string } | null;
  role: RoleSummary | null;
  expiresAt: string | null;
  expired: boolean;
  createdAt: string;
}

/** Shows a grant. */
export function toGrantView(row: GrantRow, roles: ReadonlyMap<string, Role>, now: Date): GrantView {
  const role = row.roleId === null ? undefined : roles.get(row.roleId);
  return {
    id: row.id, memberId: row.memberId, kind: row.kind,
    resourceType: { key: row.typeKey, name: row.typeName },
    resource: row.resourceId === null ? null : { id: row.resourceId, externalId: row.resourceExternalId ?? '', name: row.resourceName ?? '' },
    role: role === undefined ? null : { id: role.id, key: role.key, name: role.name, rank: role.rank },
    expiresAt: row.expiresAt?.toISOString() ?? null,
    expired: row.expiresAt !== null && row.expiresAt <= now,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Parses an expiry that must lie in the future; null stays null. */
export function futureExpiry(value: string | null | undefined, now: Date): Date | null {
  if (value === undefined || value === null) return null;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) fail(ErrorCodes.REQUEST_INVALID, { field: 'expiresAt' });
  if (date <= now) fail(ErrorCodes.EXPIRY_IN_PAST, { expiresAt: value });
  return date;
}

/** Finds a resource of this organization by id or external id; `resource.not_found` otherwise. */
export async function resolveResourceRef(store: Store, orgId: string, ref: ResourceRef, lock = false) {
  if ('id' in ref) {
    const found = await store.findResource(orgId, ref.id);
    if (found === undefined) fail(ErrorCodes.RESOURCE_NOT_FOUND, { resourceId: ref.id });
    return found;
  }
  const type = await store.findResourceTypeByKey(orgId, ref.type);
  if (type === undefined) fail(ErrorCodes.RESOURCE_TYPE_NOT_FOUND, { resourceType: ref.type });
  const found = await store.findResourceByExternalId(orgId, type.id, ref.externalId, lock);
  if (found === undefined) fail(ErrorCodes.RESOURCE_NOT_FOUND, { resourceType: ref.type, externalId: ref.externalId });
  return found;
}

/**
 * Turns requested grants into grants of `member`, checking each: the resource or type
 * belongs to the organization, a resource-level role exists and does not rank above the
 * actor, an expiry lies in the future.
 */
export async function resolveGrants(
  store: Store, actor: OrgActor, member: Pick<Member, 'id'>, inputs: readonly GrantInput[], ids: () => string, now: Date,
): Promise<AccessGrant[]> {
  const grants: AccessGrant[] = [];
  for (const [index, input] of inputs.entries()) {
    let typeId: string;
    let resourceId: string | null = null;
    if (input.kind === 'resource') {
      if (input.resource === undefined || input.resourceType !== undefined) fail(ErrorCodes.GRANT_INVALID, { index });
      const resource = await resolveResourceRef(store, actor.orgId, input.resource);
      typeId = resource.typeId;
      resourceId = resource.id;
    } else {
      if (input.resourceType === undefined || input.resource !== undefined) fail(ErrorCodes.GRANT_INVALID, { index });
      const type = await store.findResourceTypeByKey(actor.orgId, input.resourceType);
      if (type === undefined) fail(ErrorCodes.RESOURCE_TYPE_NOT_FOUND, { resourceType: input.resourceType, index });
      typeId = type.id;
    }
    const roleId = input.roleId ?? null;
    if (roleId !== null) await findGrantableRole(store, actor, roleId);
    grants.push({
      id: ids(), orgId: actor.orgId, memberId: member.id, kind: input.kind, typeId, resourceId, roleId,
      expiresAt: futureExpiry(input.expiresAt, now), createdByMemberId: actor.memberId, createdAt: now,
    });
  }
  const targets = new Set<string>();
  for (const [index, grant] of grants.entries()) {
    const target = `${grant.kind} ${grant.typeId} ${grant.resourceId ?? ''}`;
    if (targets.has(target)) fail(ErrorCodes.GRANT_DUPLICATE, { index });
    targets.add(target);
  }
  return grants;
}

async function findGrantableRole(store: Store, actor: OrgActor, roleId: string): Promise<Role> {
  const role = await store.findRole(actor.orgId, roleId);
  if (role === undefined) fail(ErrorCodes.ROLE_NOT_FOUND, { roleId });
  assertRoleWithinRank(actor, role);
  return role;
}

/** A grant as the audit log keeps it. */
export function grantSnapshot(grant: AccessGrant): Record<string, unknown> {
  return {
    kind: grant.kind, typeId: grant.typeId, resourceId: grant.resourceId, roleId: grant.roleId,
    expiresAt: grant.expiresAt?.toISOString() ?? null,
  };
}

/** Audits and announces new grants of a member, inside the transaction that writes them. */
export async function recordGrants(store: Store, actor: OrgActor, grants: readonly AccessGrant[], now: Date): Promise<void> {
  for (const grant of grants) {
    await store.appendAudit({
      orgId: actor.orgId, ...auditActor(actor), action: 'access.granted', targetType: 'grant', targetId: grant.id,
      targetMemberId: grant.memberId, before: null, after: grantSnapshot(grant), createdAt: now,
    });
  }
}

async function editableMember(store: Store, actor: OrgActor, memberId: string): Promise<Member> {
  const member = await store.lockMember(actor.orgId, memberId);
  if (member === undefined || member.status === 'removed') fail(ErrorCodes.MEMBER_NOT_FOUND, { memberId });
  const role = member.roleId === null ? null : (await store.findRole(actor.orgId, member.roleId)) ?? null;
  assertMemberWithinRank(actor, role, member.id);
  return member;
}

async function grantViews(store: Store, orgId: string, memberId: string, now: Date, only?: string): Promise<GrantView[]> {
  const [rows, roles] = await Promise.all([store.listGrantsOfMember(orgId, memberId), store.listRoles(orgId)]);
  const byId = new Map(roles.map((r) => [r.id, r]));
  return rows.filter((row) => only === undefined || row.id === only).map((row) => toGrantView(row, byId, now));
}

/** A member's grants. */
export async function listGrants(deps: CoreDeps, actor: OrgActor, memberId: string): Promise<GrantView[]> {
  if (memberId !== actor.memberId) assertPermission(actor, 'members.read');
  return deps.db.read(async (store) => {
    const member = await store.findMember(actor.orgId, memberId);
    if (member === undefined || member.status === 'removed') fail(ErrorCodes.MEMBER_NOT_FOUND, { memberId });
    return grantViews(store, actor.orgId, memberId, deps.clock.now());
  });
}

/** Gives a member access: to a resource (and what is nested in it), or to all resources of a type. */
export async function createGrant(deps: CoreDeps, actorRef: OrgActor, memberId: string, input: GrantInput): Promise<GrantView> {
  const now = deps.clock.now();
  return deps.db.transaction(async (store) => {
    const actor = await reloadOrgActor(store, actorRef);
    assertPermission(actor, 'members.manage');
    const member = await editableMember(store, actor, memberId);
    const [grant] = await resolveGrants(store, actor, member, [input], () => deps.secrets.newId('grt'), now);
    await store.insertGrants([grant!]);
    await recordGrants(store, actor, [grant!], now);
    await store.invalidate({ type: 'member', orgId: actor.orgId, memberId });
    return (await grantViews(store, actor.orgId, memberId, now, grant!.id))[0]!;
  });
}

/**
 * A grant the actor may change: they manage members, rank at least as high as the member,
 * and as high as the grant's current resource-level role (nobody edits above their rank).
 */
async function editableGrant(store: Store, actorRef: OrgActor, memberId: string, grantId: string): Promise<{ actor: OrgActor; grant: AccessGrant }> {
  const actor = await reloadOrgActor(store, actorRef);
  assertPermission(actor, 'members.manage');
  await editableMember(store, actor, memberId);
  const grant = await store.findGrant(actor.orgId, memberId, grantId);
  if (grant === undefined) fail(ErrorCodes.GRANT_NOT_FOUND, { grantId });
  if (grant.roleId !== null) {
    const current = await store.findRole(actor.orgId, grant.roleId);
    if (current !== undefined) assertRoleWithinRank(actor, current);
  }
  return { actor, grant };
}

/** Changes a grant's resource-level role or expiry. */
export async function updateGrant(
  deps: CoreDeps, actorRef: OrgActor, memberId: string, grantId: string, input: { roleId?: string | null; expiresAt?: string | null },
): Promise<GrantView> {
  const now = deps.clock.now();
  return deps.db.transaction(async (store) => {
    const { actor, grant } = await editableGrant(store, actorRef, memberId, grantId);
    const next: AccessGrant = { ...grant };
    if (input.roleId !== undefined) {
      if (input.roleId !== null) await findGrantableRole(store, actor, input.roleId);
      next.roleId = input.roleId;
    }
    if (input.expiresAt !== undefined) next.expiresAt = futureExpiry(input.expiresAt, now);
    await store.updateGrant(actor.orgId, grantId, { roleId: next.roleId, expiresAt: next.expiresAt });
    await store.appendAudit({
      orgId: actor.orgId, ...auditActor(actor), action: 'access.updated', targetType: 'grant', targetId: grantId,
      targetMemberId: memberId, before: grantSnapshot(grant), after: grantSnapshot(next), createdAt: now,
    });
    await store.invalidate({ type: 'member', orgId: actor.orgId, memberId });
    return (await grantViews(store, actor.orgId, memberId, now, grantId))[0]!;
  });
}

/** Takes a grant away: the next check already answers without it, on every instance. */
export async function deleteGrant(deps: CoreDeps, actorRef: OrgActor, memberId: string, grantId: string): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction(async (store) => {
    const { actor, grant } = await editableGrant(store, actorRef, memberId, grantId);
    await store.deleteGrant(actor.orgId, grantId);
    await store.appendAudit({
      orgId: actor.orgId, ...auditActor(actor), action: 'access.revoked', targetType: 'grant', targetId: grantId,
      targetMemberId: memberId, before: grantSnapshot(grant), after: null, createdAt: now,
    });
    await store.invalidate({ type: 'member', orgId: actor.orgId, memberId });
  });
}
