import { auditActor, reloadOrgActor } from '../actor';
import type { CoreDeps } from '../deps';
import { ErrorCodes, fail } from '../errors';
import type { OrgActor, Role } from '../model';
import { isPermission, PERMISSIONS, type Permission } from '../permissions';
import { assertPermission, assertRoleWithinRank } from '../rules';
import { toRoleView, type RoleView } from '../views';

/** The permission catalogue as the API lists it. */
export function listPermissionCatalogue(): Array<{ name: Permission; description: string }> {
  return (Object.entries(PERMISSIONS) as Array<[Permission, string]>).map(([name, description]) => ({ name, description }));
}

/** Every role of the organization, most senior first. Any activated member may read them. */
export async function listRoles(deps: CoreDeps, actor: OrgActor): Promise<RoleView[]> {
  const roles = await deps.db.read((store) => store.listRoles(actor.orgId));
  return roles.map(toRoleView);
}

function checkGrantablePermissions(actor: OrgActor, permissions: readonly string[]): Permission[] {
  const unknown = permissions.filter((p) => !isPermission(p));
  if (unknown.length > 0) fail(ErrorCodes.ROLE_UNKNOWN_PERMISSION, { permissions: unknown });
  const notHeld = permissions.filter((p) => !actor.role.permissions.includes(p as Permission));
  if (notHeld.length > 0) fail(ErrorCodes.ROLE_PERMISSION_NOT_HELD, { permissions: notHeld });
  return [...new Set(permissions as Permission[])];
}

/** A custom role to create. */
export interface CreateRoleInput {
  key: string;
  name: string;
  description?: string;
  rank: number;
  permissions: string[];
}

/** Creates a custom role ranked no higher than the actor, with permissions the actor holds. */
export async function createRole(deps: CoreDeps, actorRef: OrgActor, input: CreateRoleInput): Promise<RoleView> {
  const now = deps.clock.now();
  return deps.db.transaction(async (store) => {
    const actor = await reloadOrgActor(store, actorRef);
    assertPermission(actor, 'roles.manage');
    const permissions = checkGrantablePermissions(actor, input.permissions);
    const role: Role = {
      id: deps.secrets.newId('role'), orgId: actor.orgId, key: input.key, name: input.name,
      description: input.description ?? '', rank: input.rank, isOwner: false, builtin: false, permissions, createdAt: now,
    };
    assertRoleWithinRank(actor, role);
    if ((await store.listRoles(actor.orgId)).some((r) => r.key === input.key)) fail(ErrorCodes.ROLE_KEY_TAKEN, { key: input.key });
    await store.insertRoles([role]);
    await store.appendAudit({
      orgId: actor.orgId, ...auditActor(actor), action: 'role.created',
      targetType: 'role', targetId: role.id, targetMemberId: null, before: null,
      after: { key: role.key, name: role.name, rank: role.rank, permissions }, createdAt: now,
    });
    return toRoleView(role);
  });
}

/** Changes to a role. */
export interface UpdateRoleInput {
  name?: string;
  description?: string;
  rank?: number;
  permissions?: string[];
}

/** Edits a role at or below the actor's rank; the owner role keeps its rank and permissions. */
export async function updateRole(deps: CoreDeps, actorRef: OrgActor, roleId: string, input: UpdateRoleInput): Promise<RoleView> {
  const now = deps.clock.now();
  return deps.db.transaction(async (store) => {
    const actor = await reloadOrgActor(store, actorRef);
    assertPermission(actor, 'roles.manage');
    const role = await store.findRole(actor.orgId, roleId);
    if (role === undefined) fail(ErrorCodes.ROLE_NOT_FOUND, { roleId });
    assertRoleWithinRank(actor, role);
    if (role.isOwner && (input.rank !== undefined || input.permissions !== undefined)) fail(ErrorCodes.ROLE_OWNER_PROTECTED);
    const permissions = input.permissions === undefined ? undefined : checkGrantablePermissions(actor, input.permissions);
    const next: Role = {
      ...role, name: input.name ?? role.name, description: input.description ?? role.description,
      rank: input.rank ?? role.rank, permissions: permissions ?? role.permissions,
    };
    assertRoleWithinRank(actor, next);
    await store.updateRole(actor.orgId, roleId, {
      name: next.name, description: next.description, rank: next.rank, permissions: next.permissions,
    });
    await store.appendAudit({
      orgId: actor.orgId, ...auditActor(actor), action: 'role.updated',
      targetType: 'role', targetId: role.id, targetMemberId: null,
      before: { name: role.name, rank: role.rank, permissions: role.permissions },
      after: { name: next.name, rank: next.rank, permissions: next.permissions }, createdAt: now,
    });
    await store.invalidate({ type: 'organization', orgId: actor.orgId });
    return toRoleView(next);
  });
}

/** Deletes a role no member or invitation holds. The owner role cannot be deleted. */
export async function deleteRole(deps: CoreDeps, actorRef: OrgActor, roleId: string): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction(async (store) => {
    const actor = await reloadOrgActor(store, actorRef);
    assertPermission(actor, 'roles.manage');
    const role = await store.findRole(actor.orgId, roleId);
    if (role === undefined) fail(ErrorCodes.ROLE_NOT_FOUND, { roleId });
    assertRoleWithinRank(actor, role);
    if (role.isOwner) fail(ErrorCodes.ROLE_OWNER_PROTECTED);
    const holders = await store.countMembersWithRole(actor.orgId, roleId);
    if (holders > 0) fail(ErrorCodes.ROLE_IN_USE, { members: holders });
    await store.deleteRole(actor.orgId, roleId);
    await store.appendAudit({
      orgId: actor.orgId, ...auditActor(actor), action: 'role.deleted',
      targetType: 'role', targetId: role.id, targetMemberId: null,
      before: { key: role.key, name: role.name, rank: role.rank }, after: null, createdAt: now,
    });
    await store.invalidate({ type: 'organization', orgId: actor.orgId });
  });
}
