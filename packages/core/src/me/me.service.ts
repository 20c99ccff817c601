import type { CoreDeps } from '../deps';
import { ErrorCodes, fail } from '../errors';
import type { Principal, User } from '../model';
import type { Permission } from '../permissions';
import { deriveMemberStatus, isActiveOwner } from '../rules';
import type { UserMembership } from '../store';
import {
  toOrganizationView, toRoleSummary, toUserView, type OrganizationView, type RoleSummary, type UserView,
} from '../views';

/** A signed-in user with every membership they have; what the server caches per user. */
export interface UserContext {
  user: User;
  memberships: UserMembership[];
}

/** One organization in "who am I". */
export interface MyOrganizationView {
  organization: OrganizationView;
  memberId: string;
  role: RoleSummary | null;
  status: 'not_activated' | 'active' | 'deactivated';
  kind: 'member' | 'external';
  permissions: Permission[];
}

/** "Who am I": the user and every organization they belong to. */
export interface MeView {
  user: UserView;
  organizations: MyOrganizationView[];
}

/** Loads a user and their memberships, or undefined when the user no longer exists. */
export async function loadUserContext(deps: CoreDeps, userId: string): Promise<UserContext | undefined> {
  return deps.db.read(async (store) => {
    const user = await store.findUserById(userId);
    if (user === undefined) return undefined;
    return { user, memberships: await store.listMembershipsOfUser(userId) };
  });
}

/** Shapes "who am I" from a loaded context. */
export function toMeView(context: UserContext, now: Date): MeView {
  const organizations: MyOrganizationView[] = [];
  for (const { member, organization, role } of context.memberships) {
    if (member.status === 'removed' || member.status === 'invite_pending') continue;
    const status = deriveMemberStatus(member, now) as MyOrganizationView['status'];
    organizations.push({
      organization: toOrganizationView(organization), memberId: member.id, kind: member.kind, status,
      role: role === null ? null : toRoleSummary(role),
      permissions: status === 'active' && role !== null ? role.permissions : [],
    });
  }
  return { user: toUserView(context.user), organizations };
}

/** Edits the user's own name. The email is the username and never changes. */
export async function updateMe(
  deps: CoreDeps, principal: Principal, input: { firstName?: string; lastName?: string; email?: string },
): Promise<UserView> {
  if (input.email !== undefined) fail(ErrorCodes.USER_EMAIL_IMMUTABLE);
  const now = deps.clock.now();
  return deps.db.transaction(async (store) => {
    const user = await store.findUserById(principal.userId);
    if (user === undefined) fail(ErrorCodes.AUTH_REQUIRED);
    const next = { ...user, firstName: input.firstName ?? user.firstName, lastName: input.lastName ?? user.lastName };
    await store.updateUserName(user.id, next.firstName, next.lastName, now);
    for (const { member } of await store.listMembershipsOfUser(user.id)) {
      if (member.status === 'removed') continue;
      await store.appendAudit({
        orgId: member.orgId, actorMemberId: member.id, actorUserId: user.id, action: 'user.renamed',
        targetType: 'member', targetId: member.id, targetMemberId: member.id,
        before: { firstName: user.firstName, lastName: user.lastName },
        after: { firstName: next.firstName, lastName: next.lastName }, createdAt: now,
      });
    }
    await store.invalidate({ type: 'user', userId: user.id });
    return toUserView(next);
  });
}

/**
 * Deletes the user's own account: erased from every organization, including those that
 * removed them earlier, and entirely. Refused while they are the last active owner of an
 * organization.
 */
export async function deleteMe(deps: CoreDeps, principal: Principal): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction(async (store) => {
    const memberships = (await store.listMembershipsOfUser(principal.userId))
      .filter(({ member }) => member.status !== 'removed')
      // A fixed lock order keeps two concurrent account deletions from deadlocking.
      .sort((a, b) => (a.organization.id < b.organization.id ? -1 : 1));
    for (const { member, organization, role } of memberships) {
      await store.lockOrganization(organization.id);
      if (isActiveOwner(member, role) && (await store.countActiveOwners(organization.id)) <= 1) {
        fail(ErrorCodes.USER_LAST_OWNER, { organizationId: organization.id, organizationName: organization.name });
      }
    }
    for (const { member } of memberships) {
      await store.updateMember(member.orgId, member.id, { status: 'removed', updatedAt: now });
      await store.appendAudit({
        orgId: member.orgId, actorMemberId: member.id, actorUserId: principal.userId, action: 'member.deleted',
        targetType: 'member', targetId: member.id, targetMemberId: member.id, before: null, after: null, createdAt: now,
      });
      await store.eraseMember(member.orgId, member.id, now);
    }
    // "Everywhere" includes organizations that removed them earlier: those rows, their audit
    // entries and their mail still carry the name and email.
    for (const member of await store.listRemovedMembershipsOfUser(principal.userId)) {
      await store.appendAudit({
        orgId: member.orgId, actorMemberId: member.id, actorUserId: principal.userId, action: 'member.deleted',
        targetType: 'member', targetId: member.id, targetMemberId: member.id, before: null, after: null, createdAt: now,
      });
      await store.eraseMember(member.orgId, member.id, now);
    }
    await store.eraseUser(principal.userId, now);
    await store.deleteSessionsOfUser(principal.userId);
    await store.invalidate({ type: 'user', userId: principal.userId });
  });
}
