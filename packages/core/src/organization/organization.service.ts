import { auditActor, reloadOrgActor } from '../actor';
import type { CoreDeps } from '../deps';
import { ErrorCodes, fail } from '../errors';
import type { Member, Organization, OrgActor, Principal, Role, User } from '../model';
import { ROLE_TEMPLATES, type RoleTemplateName } from '../permissions';
import { assertPermission } from '../rules';
import type { Store } from '../store';
import { toOrganizationView, type OrganizationView } from '../views';

/** Default days an invitation stays valid. */
export const DEFAULT_INVITATION_TTL_DAYS = 7;

/** Input of organization creation. */
export interface CreateOrganizationInput {
  name: string;
  roleTemplate?: RoleTemplateName;
}

/**
 * Creates an organization seeded with a role template and makes `user` its owner, inside
 * the caller's transaction. Shared by sign-up and "create organization".
 */
export async function createOrganizationWithOwner(
  store: Store, deps: CoreDeps, user: User, input: CreateOrganizationInput, now: Date,
): Promise<{ organization: Organization; member: Member; roles: Role[] }> {
  const templateName = input.roleTemplate ?? 'default';
  const template = ROLE_TEMPLATES[templateName];
  if (template === undefined) fail(ErrorCodes.ORG_UNKNOWN_ROLE_TEMPLATE, { roleTemplate: templateName });
  const organization: Organization = {
    id: deps.secrets.newId('org'), name: input.name, roleTemplate: templateName,
    invitationTtlDays: DEFAULT_INVITATION_TTL_DAYS, inviteLinkEnabled: false, inviteLinkCreatedAt: null, createdAt: now,
  };
  await store.insertOrganization(organization);
  const roles: Role[] = template.map((entry) => ({
    id: deps.secrets.newId('role'), orgId: organization.id, key: entry.key, name: entry.name,
    description: entry.description, rank: entry.rank, isOwner: entry.isOwner, builtin: true,
    permissions: [...entry.permissions], createdAt: now,
  }));
  await store.insertRoles(roles);
  const ownerRole = roles.find((role) => role.isOwner);
  if (ownerRole === undefined) throw new Error(`role template ${templateName} has no owner role`);
  const member: Member = {
    id: deps.secrets.newId('mem'), orgId: organization.id, userId: user.id, email: user.email,
    firstName: user.firstName, lastName: user.lastName, description: '', roleId: ownerRole.id, kind: 'member',
    status: 'active', invitationId: null, inviteExpiresAt: null, invitedByMemberId: null,
    lastConnectionAt: user.lastSignInAt, accessExpiresAt: null, createdAt: now, updatedAt: now, erasedAt: null,
  };
  await store.insertMember(member);
  await store.appendAudit({
    orgId: organization.id, actorMemberId: member.id, actorUserId: user.id, action: 'organization.created',
    targetType: 'organization', targetId: organization.id, targetMemberId: null, before: null,
    after: { name: organization.name, roleTemplate: templateName }, createdAt: now,
  });
  await store.invalidate({ type: 'user', userId: user.id });
  return { organization, member, roles };
}

/** Any signed-in person, with or without an organization, creates one and becomes its owner. */
export async function createOrganization(deps: CoreDeps, principal: Principal, input: CreateOrganizationInput): Promise<OrganizationView> {
  const now = deps.clock.now();
  return deps.db.transaction(async (store) => {
    const user = await store.findUserById(principal.userId);
    if (user === undefined) fail(ErrorCodes.AUTH_REQUIRED);
    const { organization } = await createOrganizationWithOwner(store, deps, user, input, now);
    return toOrganizationView(organization);
  });
}

/** Reads the organization the actor belongs to. */
export async function getOrganization(deps: CoreDeps, actor: OrgActor): Promise<OrganizationView> {
  const organization = await deps.db.read((store) => store.findOrganization(actor.orgId));
  if (organization === undefined) fail(ErrorCodes.ORG_NOT_FOUND);
  return toOrganizationView(organization);
}

/** Input of organization settings changes. */
export interface UpdateOrganizationInput {
  name?: string;
  invitationTtlDays?: number;
}

/** Renames the organization or changes its settings. */
export async function updateOrganization(deps: CoreDeps, actorRef: OrgActor, input: UpdateOrganizationInput): Promise<OrganizationView> {
  const now = deps.clock.now();
  return deps.db.transaction(async (store) => {
    const actor = await reloadOrgActor(store, actorRef);
    assertPermission(actor, 'organization.update');
    const before = await store.lockOrganization(actor.orgId);
    if (before === undefined) fail(ErrorCodes.ORG_NOT_FOUND);
    await store.updateOrganization(actor.orgId, input);
    const after = { ...before, ...input };
    await store.appendAudit({
      orgId: actor.orgId, ...auditActor(actor), action: 'organization.updated',
      targetType: 'organization', targetId: actor.orgId, targetMemberId: null,
      before: { name: before.name, invitationTtlDays: before.invitationTtlDays },
      after: { name: after.name, invitationTtlDays: after.invitationTtlDays }, createdAt: now,
    });
    await store.invalidate({ type: 'organization', orgId: actor.orgId });
    return toOrganizationView(after);
  });
}

/** Deletes the organization with its members, roles, invitations, audit and mail (Owner only). */
export async function deleteOrganization(deps: CoreDeps, actorRef: OrgActor): Promise<void> {
  await deps.db.transaction(async (store) => {
    await store.lockOrganization(actorRef.orgId);
    const actor = await reloadOrgActor(store, actorRef);
    assertPermission(actor, 'organization.delete');
    if (!actor.role.isOwner) fail(ErrorCodes.PERMISSION_DENIED, { permission: 'organization.delete' });
    await store.deleteOrganization(actor.orgId);
    await store.invalidate({ type: 'organization', orgId: actor.orgId });
  });
}
