import { ErrorCodes, fail } from './errors';
import type { Member, OrgActor, Role } from './model';
import type { ApiTokenAuth, Store } from './store';

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
export function actorFromMembership(member: Member | undefined, role: Role | undefined, userId: string, orgId: string, now?: Date): OrgActor {
  if (member === undefined || member.status === 'removed' || member.status === 'invite_pending') {
    fail(ErrorCodes.ORG_NOT_FOUND);
  }
  if (now !== undefined && member.accessExpiresAt !== null && member.accessExpiresAt <= now) fail(ErrorCodes.MEMBERSHIP_EXPIRED);
  if (member.status === 'deactivated') fail(ErrorCodes.MEMBERSHIP_DEACTIVATED);
  if (member.status === 'not_activated' || role === undefined) fail(ErrorCodes.MEMBERSHIP_NOT_ACTIVATED);
  return { userId, memberId: member.id, orgId, role, member };
}

/**
 * Re-reads the actor inside a write transaction, so a role change or deactivation that
 * committed a moment ago is honoured even where a cache has not caught up yet.
 */
export async function reloadOrgActor(store: Store, actor: Pick<OrgActor, 'userId' | 'orgId' | 'tokenId'>): Promise<OrgActor> {
  if (actor.tokenId !== undefined) {
    const auth = await store.findApiTokenAuthById(actor.orgId, actor.tokenId);
    if (auth === undefined) fail(ErrorCodes.AUTH_TOKEN_INVALID);
    return actorFromApiToken(auth);
  }
  return loadOrgActor(store, actor.userId, actor.orgId);
}

/**
 * The actor an API token acts as: its role, bounded by its creator's current role (the rank
 * is the lower of the two, the permissions those both hold). A revoked token, or one whose
 * creator no longer has access, is refused; with `now`, so is an expired one.
 */
export function actorFromApiToken(auth: ApiTokenAuth, now?: Date): OrgActor {
  const { token, role, creator, creatorRole } = auth;
  if (token.revokedAt !== null) fail(ErrorCodes.AUTH_TOKEN_INVALID);
  if (now !== undefined && token.expiresAt !== null && token.expiresAt <= now) fail(ErrorCodes.AUTH_TOKEN_EXPIRED);
  const creatorExpired = now !== undefined && creator.accessExpiresAt !== null && creator.accessExpiresAt <= now;
  if (creator.status !== 'active' || creatorRole === null || creatorExpired || creator.userId === null) {
    fail(ErrorCodes.AUTH_TOKEN_CREATOR_INACTIVE);
  }
  const creatorPermissions = new Set(creatorRole.permissions);
  const bounded: Role = {
    ...role,
    rank: Math.min(role.rank, creatorRole.rank),
    isOwner: false,
    permissions: role.permissions.filter((p) => creatorPermissions.has(p)),
  };
  return { userId: creator.userId, memberId: creator.id, orgId: token.orgId, role: bounded, member: creator, tokenId: token.id };
}

/** Who an audit entry names as acting: the member, and the API token when one was used. */
export function auditActor(actor: OrgActor): { actorMemberId: string; actorUserId: string; actorTokenId: string | null } {
  return { actorMemberId: actor.memberId, actorUserId: actor.userId, actorTokenId: actor.tokenId ?? null };
}

/** The fields of a member that an audit entry's before/after snapshots show. */
export function memberSnapshot(
  member: Pick<Member, 'email' | 'firstName' | 'lastName' | 'description' | 'roleId' | 'kind' | 'status' | 'accessExpiresAt'>,
): Record<string, unknown> {
  return {
    email: member.email, firstName: member.firstName, lastName: member.lastName, description: member.description,
    roleId: member.roleId, kind: member.kind, status: member.status,
    ...(member.accessExpiresAt === null ? {} : { accessExpiresAt: member.accessExpiresAt.toISOString() }),
  };
}
