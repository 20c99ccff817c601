import { auditActor, reloadOrgActor } from '../actor';
import { createUserAccount, issueSession, type IssuedSession } from '../auth/auth.service';
import type { CoreDeps } from '../deps';
import { ErrorCodes, fail } from '../errors';
import type { Member, OrgActor, Principal } from '../model';
import { assertPasswordStrength, assertPermission } from '../rules';
import { toOrganizationView, type OrganizationView } from '../views';

/** The shared invite link's settings. */
export interface InviteLinkView {
  enabled: boolean;
  createdAt: string | null;
  /** The link to share; null while the link is off or was never made. */
  url: string | null;
}

/** The link a shared invite token makes. */
export function inviteLinkUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/$/, '')}/join/${token}`;
}

/** Reads the shared invite link's settings. */
export async function getInviteLink(deps: CoreDeps, actor: OrgActor): Promise<InviteLinkView> {
  assertPermission(actor, 'invite_link.manage');
  const [organization, token] = await deps.db.read((store) => Promise.all([
    store.findOrganization(actor.orgId), store.findInviteLinkToken(actor.orgId),
  ]));
  if (organization === undefined) fail(ErrorCodes.ORG_NOT_FOUND);
  const url = organization.inviteLinkEnabled && token !== null ? inviteLinkUrl(deps.config.publicUrl, token) : null;
  return { enabled: organization.inviteLinkEnabled, createdAt: organization.inviteLinkCreatedAt?.toISOString() ?? null, url };
}

/**
 * Turns the shared invite link on or off, or regenerates it (the old link stops working).
 * Turning it on for the first time makes a link.
 */
export async function setInviteLink(
  deps: CoreDeps, actorRef: OrgActor, input: { enabled: boolean; regenerate?: boolean },
): Promise<InviteLinkView> {
  const now = deps.clock.now();
  return deps.db.transaction(async (store) => {
    const actor = await reloadOrgActor(store, actorRef);
    assertPermission(actor, 'invite_link.manage');
    const organization = await store.lockOrganization(actor.orgId);
    if (organization === undefined) fail(ErrorCodes.ORG_NOT_FOUND);
    let token = await store.findInviteLinkToken(actor.orgId);
    let createdAt = organization.inviteLinkCreatedAt;
    const regenerated = input.regenerate === true || (input.enabled && (createdAt === null || token === null));
    if (regenerated) {
      token = deps.secrets.newToken();
      await store.setInviteLinkToken(actor.orgId, token, deps.secrets.hashToken(token), now);
      createdAt = now;
    }
    const url = input.enabled && token !== null ? inviteLinkUrl(deps.config.publicUrl, token) : null;
    await store.updateOrganization(actor.orgId, { inviteLinkEnabled: input.enabled });
    await store.appendAudit({
      orgId: actor.orgId, ...auditActor(actor), action: 'invite_link.updated',
      targetType: 'organization', targetId: actor.orgId, targetMemberId: null,
      before: { enabled: organization.inviteLinkEnabled }, after: { enabled: input.enabled, regenerated }, createdAt: now,
    });
    await store.invalidate({ type: 'organization', orgId: actor.orgId });
    return { enabled: input.enabled, createdAt: createdAt?.toISOString() ?? null, url };
  });
}

/** What a person without an account gives when joining through the link. */
export interface JoinInput {
  firstName?: string;
  lastName?: string;
  email?: string;
  password?: string;
}

/**
 * Joins an organization through its shared invite link: the joiner becomes a member with
 * status `not_activated` and no permissions until an admin gives them a role.
 */
export async function joinByInviteLink(
  deps: CoreDeps, linkToken: string, principal: Principal | null, input: JoinInput,
): Promise<{ organization: OrganizationView; memberId: string; session: IssuedSession | null }> {
  let passwordHash: string | null = null;
  if (principal === null) {
    // Check the link before asking for details and hashing: argon2 is slow on purpose, and a dead
    // link must say so rather than ask for a password it would then refuse.
    const linked = await deps.db.read((store) => store.findOrganizationByInviteLinkHash(deps.secrets.hashToken(linkToken)));
    if (linked === undefined || !linked.inviteLinkEnabled) fail(ErrorCodes.INVITE_LINK_INVALID);
    if (!input.firstName || !input.lastName || !input.email || !input.password) fail(ErrorCodes.INVITATION_ACCOUNT_DETAILS_REQUIRED);
    assertPasswordStrength(input.password);
    passwordHash = await deps.passwords.hash(input.password);
  }
  const now = deps.clock.now();
  return deps.db.transaction(async (store) => {
    const organization = await store.findOrganizationByInviteLinkHash(deps.secrets.hashToken(linkToken));
    if (organization === undefined || !organization.inviteLinkEnabled) fail(ErrorCodes.INVITE_LINK_INVALID);
    let session: IssuedSession | null = null;
    let user;
    if (principal !== null) {
      user = await store.findUserById(principal.userId);
      if (user === undefined) fail(ErrorCodes.AUTH_REQUIRED);
    } else {
      user = await createUserAccount(store, deps, {
        email: input.email ?? '', firstName: input.firstName ?? '', lastName: input.lastName ?? '', passwordHash: passwordHash ?? '',
      }, now);
      session = await issueSession(store, deps, user.id, now);
    }
    const existing = await store.findCurrentMemberByEmail(organization.id, user.email);
    if (existing !== undefined) {
      fail(existing.status === 'invite_pending' ? ErrorCodes.INVITATION_ALREADY_PENDING : ErrorCodes.INVITATION_ALREADY_MEMBER);
    }
    const member: Member = {
      id: deps.secrets.newId('mem'), orgId: organization.id, userId: user.id, email: user.email, firstName: user.firstName,
      lastName: user.lastName, description: '', roleId: null, kind: 'member', status: 'not_activated', invitationId: null,
      inviteExpiresAt: null, invitedByMemberId: null, lastConnectionAt: session === null ? user.lastSignInAt : now, accessExpiresAt: null,
      createdAt: now, updatedAt: now, erasedAt: null,
    };
    await store.insertMember(member);
    await store.appendAudit({
      orgId: organization.id, actorMemberId: member.id, actorUserId: user.id, action: 'member.joined',
      targetType: 'member', targetId: member.id, targetMemberId: member.id, before: null,
      after: { status: 'not_activated', via: 'invite_link' }, createdAt: now,
    });
    await store.invalidate({ type: 'user', userId: user.id });
    return { organization: toOrganizationView(organization), memberId: member.id, session };
  });
}
