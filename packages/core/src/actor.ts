import { ErrorCodes, fail } from './errors';
import type { Member, OrgActor, Role } from './model';
import type { Store } from './store';

/**
 * Resolves who is acting in an organization from their membership. A person who is not a
 * member (or whose invitation is still pending) gets `organization.not_found`: another
 * organization's existence is never revealed.
 */
export async function loadOrgActor(store: Store, userId: string, orgId: string): Promise<OrgActor> {
  const found = await store.findMembershipOfUser(orgId, userId);
  return actorFromMembership(found?.member, found?.role ?? undefined, userId, orgId);
}

/** Builds the actor from an already loaded membership and role, with the same checks. */
export function actorFromMembership(member: Member | undefined, role: Role | undefined, userId: string, orgId: string): OrgActor {
  if (member === undefined || member.status === 'removed' || member.status === 'invite_pending') {
    fail(ErrorCodes.ORG_NOT_FOUND);
  }
  if (member.status === 'deactivated') fail(ErrorCodes.MEMBERSHIP_DEACTIVATED);
  if (member.status === 'not_activated' || role === undefined) fail(ErrorCodes.MEMBERSHIP_NOT_ACTIVATED);
  return { userId, memberId: member.id, orgId, role, member };
}

/**
 * Re-reads the actor inside a write transaction, so a role change or deactivation that
 * committed a moment ago is honoured even where a cache has not caught up yet.
 */
export function reloadOrgActor(store: Store, actor: Pick<OrgActor, 'userId' | 'orgId'>): Promise<OrgActor> {
  return loadOrgActor(store, actor.userId, actor.orgId);
}

/** The fields of a member that an audit entry's before/after snapshots show. */
export function memberSnapshot(member: Member): Record<string, unknown> {
  return {
    email: member.email, firstName: member.firstName, lastName: member.lastName, description: member.description,
    roleId: member.roleId, kind: member.kind, status: member.status,
  };
}
