import { auditActor, reloadOrgActor } from '../actor';
import { futureExpiry, recordGrants, resolveGrants, type GrantInput } from '../access/grant.service';
import { createUserAccount, issueSession, type IssuedSession } from '../auth/auth.service';
import type { CoreDeps } from '../deps';
import { ErrorCodes, fail } from '../errors';
import type { Invitation, Member, MemberKind, OrgActor, Principal, Role } from '../model';
import { renderInvitationMail, senderName } from '../mail/invitation-mail';
import { DELETED_USER } from '../audit/audit.service';
import { assertPasswordStrength, assertPermission, assertRoleWithinRank, checkInvitationUsable, days, normalizeEmail } from '../rules';
import type { Store } from '../store';
import {
  indexRoles, toInvitationView, toMemberView, toOrganizationView, toUserView,
  type InvitationView, type MemberView, type OrganizationView, type UserView,
} from '../views';

/** Who to invite and with what role. */
export interface InviteMemberInput {
  email: string;
  firstName: string;
  lastName: string;
  description?: string;
  roleId: string;
  kind?: MemberKind;
  /** Resource access the member gets; it counts once they accept. */
  access?: GrantInput[];
  /** When the membership ends by itself (ISO 8601). */
  accessExpiresAt?: string | null;
}

/** The link an invitation email carries. */
export function invitationLink(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/$/, '')}/invitations/${token}`;
}

function displayName(member: Pick<Member, 'firstName' | 'lastName' | 'erasedAt'> | undefined): string {
  if (member === undefined || member.erasedAt !== null) return DELETED_USER;
  return senderName(member);
}

async function queueInvitationMail(
  store: Store, deps: CoreDeps, actor: OrgActor, invitation: Invitation, member: Member, role: Role, token: string, now: Date,
): Promise<void> {
  const organization = await store.findOrganization(actor.orgId);
  if (organization === undefined) fail(ErrorCodes.ORG_NOT_FOUND);
  const mail = renderInvitationMail({
    to: invitation.email, inviteeFirstName: member.firstName ?? '', inviterName: displayName(actor.member),
    organizationName: organization.name, roleName: role.name, link: invitationLink(deps.config.publicUrl, token),
    expiresAt: invitation.expiresAt, orgId: actor.orgId, senderMemberId: actor.memberId,
  });
  await store.enqueueMail(mail, now, deps.config.mailTransport);
}

async function invitationRole(store: Store, orgId: string, invitation: Invitation): Promise<Role> {
  const role = invitation.roleId === null ? undefined : await store.findRole(orgId, invitation.roleId);
  if (role === undefined) fail(ErrorCodes.ROLE_NOT_FOUND);
  return role;
}

/**
 * Invites a person: they appear in the members table at once as `invite_pending`, and an
 * email with a single-use link is queued in the same transaction.
 */
export async function inviteMember(
  deps: CoreDeps, actorRef: OrgActor, input: InviteMemberInput,
): Promise<{ member: MemberView; invitation: InvitationView }> {
  const now = deps.clock.now();
  const email = normalizeEmail(input.email);
  return deps.db.transaction(async (store) => {
    const actor = await reloadOrgActor(store, actorRef);
    assertPermission(actor, 'members.invite');
    const role = await store.findRole(actor.orgId, input.roleId);
    if (role === undefined) fail(ErrorCodes.ROLE_NOT_FOUND, { roleId: input.roleId });
    assertRoleWithinRank(actor, role);
    const existing = await store.findCurrentMemberByEmail(actor.orgId, email);
    if (existing !== undefined) {
      fail(existing.status === 'invite_pending' ? ErrorCodes.INVITATION_ALREADY_PENDING : ErrorCodes.INVITATION_ALREADY_MEMBER,
        { memberId: existing.id });
    }
    const organization = await store.findOrganization(actor.orgId);
    if (organization === undefined) fail(ErrorCodes.ORG_NOT_FOUND);
    const expiresAt = new Date(now.getTime() + days(organization.invitationTtlDays));
    const invitationId = deps.secrets.newId('inv');
    const member: Member = {
      id: deps.secrets.newId('mem'), orgId: actor.orgId, userId: null, email, firstName: input.firstName,
      lastName: input.lastName, description: input.description ?? '', roleId: role.id, kind: input.kind ?? 'member',
      status: 'invite_pending', invitationId, inviteExpiresAt: expiresAt, invitedByMemberId: actor.memberId,
      lastConnectionAt: null, accessExpiresAt: futureExpiry(input.accessExpiresAt, now), createdAt: now, updatedAt: now, erasedAt: null,
    };
    if (member.accessExpiresAt !== null && role.isOwner) fail(ErrorCodes.MEMBER_OWNER_CANNOT_EXPIRE);
    const grants = await resolveGrants(store, actor, member, input.access ?? [], () => deps.secrets.newId('grt'), now);
    const invitation: Invitation = {
      id: invitationId, orgId: actor.orgId, memberId: member.id, email, roleId: role.id,
      invitedByMemberId: actor.memberId, expiresAt, createdAt: now, acceptedAt: null, revokedAt: null,
    };
    const token = deps.secrets.newToken();
    await store.insertInvitation(invitation, deps.secrets.hashToken(token), member);
    await queueInvitationMail(store, deps, actor, invitation, member, role, token, now);
    await store.appendAudit({
      orgId: actor.orgId, ...auditActor(actor), action: 'member.invited',
      targetType: 'member', targetId: member.id, targetMemberId: member.id, before: null,
      after: { email, roleId: role.id, kind: member.kind, expiresAt: expiresAt.toISOString() }, createdAt: now,
    });
    if (grants.length > 0) {
      await store.insertGrants(grants);
      await recordGrants(store, actor, grants, now);
    }
    return { member: toMemberView(member, new Map([[role.id, role]]), now, []), invitation: toInvitationView(invitation) };
  });
}

async function loadPendingInvitation(store: Store, actor: OrgActor, invitationId: string): Promise<{ invitation: Invitation; member: Member }> {
  const invitation = await store.findInvitation(actor.orgId, invitationId);
  if (invitation === undefined) fail(ErrorCodes.INVITATION_NOT_FOUND, { invitationId });
  const member = await store.lockMember(actor.orgId, invitation.memberId);
  if (member === undefined || member.status !== 'invite_pending' || member.invitationId !== invitation.id
    || invitation.acceptedAt !== null || invitation.revokedAt !== null) {
    fail(ErrorCodes.INVITATION_NOT_PENDING, { invitationId });
  }
  return { invitation, member };
}

async function assertInvitationWithinRank(store: Store, actor: OrgActor, invitation: Invitation): Promise<Role> {
  const role = await invitationRole(store, actor.orgId, invitation);
  assertRoleWithinRank(actor, role);
  return role;
}

/**
 * Sends the invitation again with a new link; the old link stops working. The expiry is
 * pushed out by the organization's invitation lifetime, as a fresh email implies.
 */
export async function resendInvitation(deps: CoreDeps, actorRef: OrgActor, invitationId: string): Promise<InvitationView> {
  const now = deps.clock.now();
  return deps.db.transaction(async (store) => {
    const actor = await reloadOrgActor(store, actorRef);
    assertPermission(actor, 'members.invite');
    const { invitation, member } = await loadPendingInvitation(store, actor, invitationId);
    const role = await assertInvitationWithinRank(store, actor, invitation);
    return toInvitationView(await sendInvitationAgain(store, deps, actor, invitation, member, role, now));
  });
}

/**
 * Issues a new link for a pending invitation (the old one stops working), pushes its expiry
 * out by the organization's invitation lifetime, queues the email and audits it.
 */
export async function sendInvitationAgain(
  store: Store, deps: CoreDeps, actor: OrgActor, invitation: Invitation, member: Member, role: Role, now: Date,
): Promise<Invitation> {
  const organization = await store.findOrganization(actor.orgId);
  const expiresAt = new Date(now.getTime() + days(organization?.invitationTtlDays ?? 7));
  const token = deps.secrets.newToken();
  await store.replaceInvitationToken(invitation.id, deps.secrets.hashToken(token), now);
  await store.updateInvitation(actor.orgId, invitation.id, { expiresAt });
  await store.updateMember(actor.orgId, member.id, { inviteExpiresAt: expiresAt, updatedAt: now });
  const next = { ...invitation, expiresAt };
  await queueInvitationMail(store, deps, actor, next, member, role, token, now);
  await store.appendAudit({
    orgId: actor.orgId, ...auditActor(actor), action: 'invitation.resent',
    targetType: 'invitation', targetId: invitation.id, targetMemberId: member.id,
    before: { expiresAt: invitation.expiresAt.toISOString() }, after: { expiresAt: expiresAt.toISOString() }, createdAt: now,
  });
  return next;
}

/** Extends the expiry of a pending (or expired) invitation; the link stays the same. */
export async function renewInvitation(deps: CoreDeps, actorRef: OrgActor, invitationId: string): Promise<InvitationView> {
  const now = deps.clock.now();
  return deps.db.transaction(async (store) => {
    const actor = await reloadOrgActor(store, actorRef);
    assertPermission(actor, 'members.invite');
    const { invitation, member } = await loadPendingInvitation(store, actor, invitationId);
    await assertInvitationWithinRank(store, actor, invitation);
    const organization = await store.findOrganization(actor.orgId);
    const base = Math.max(now.getTime(), invitation.expiresAt.getTime());
    const expiresAt = new Date(base + days(organization?.invitationTtlDays ?? 7));
    await store.updateInvitation(actor.orgId, invitation.id, { expiresAt });
    await store.updateMember(actor.orgId, member.id, { inviteExpiresAt: expiresAt, updatedAt: now });
    await store.appendAudit({
      orgId: actor.orgId, ...auditActor(actor), action: 'invitation.renewed',
      targetType: 'invitation', targetId: invitation.id, targetMemberId: member.id,
      before: { expiresAt: invitation.expiresAt.toISOString() }, after: { expiresAt: expiresAt.toISOString() }, createdAt: now,
    });
    return toInvitationView({ ...invitation, expiresAt });
  });
}

/** Revokes a pending invitation: the link stops working and the row leaves the members table. */
export async function revokeInvitation(deps: CoreDeps, actorRef: OrgActor, invitationId: string): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction(async (store) => {
    const actor = await reloadOrgActor(store, actorRef);
    assertPermission(actor, 'members.invite');
    const { invitation, member } = await loadPendingInvitation(store, actor, invitationId);
    await assertInvitationWithinRank(store, actor, invitation);
    await store.updateInvitation(actor.orgId, invitation.id, { revokedAt: now });
    await store.updateMember(actor.orgId, member.id, { status: 'removed', updatedAt: now });
    await store.appendAudit({
      orgId: actor.orgId, ...auditActor(actor), action: 'invitation.revoked',
      targetType: 'invitation', targetId: invitation.id, targetMemberId: member.id, before: null, after: null, createdAt: now,
    });
  });
}

/** What the invitee sees before accepting. */
export interface InvitationPreview {
  organization: { id: string; name: string };
  invitedBy: { name: string } | null;
  role: { name: string; description: string };
  email: string;
  firstName: string | null;
  lastName: string | null;
  expiresAt: string;
  accountExists: boolean;
}

async function findUsableInvitation(store: Store, deps: CoreDeps, token: string, lock: boolean): Promise<Invitation> {
  const found = await store.findInvitationByTokenHash(deps.secrets.hashToken(token), lock);
  if (found === undefined) fail(ErrorCodes.INVITATION_NOT_FOUND);
  checkInvitationUsable(found.invitation, found.tokenReplaced, deps.clock.now());
  return found.invitation;
}

/** Public: what an invitation link is for, or the precise reason it no longer works. */
export async function previewInvitation(deps: CoreDeps, token: string): Promise<InvitationPreview> {
  return deps.db.read(async (store) => {
    const invitation = await findUsableInvitation(store, deps, token, false);
    const [organization, member, role, inviter, user] = await Promise.all([
      store.findOrganization(invitation.orgId),
      store.findMember(invitation.orgId, invitation.memberId),
      invitationRole(store, invitation.orgId, invitation),
      invitation.invitedByMemberId === null ? undefined : store.findMember(invitation.orgId, invitation.invitedByMemberId),
      store.findUserByEmail(invitation.email),
    ]);
    if (organization === undefined || member === undefined) fail(ErrorCodes.INVITATION_NOT_FOUND);
    return {
      organization: { id: organization.id, name: organization.name },
      invitedBy: invitation.invitedByMemberId === null ? null : { name: displayName(inviter) },
      role: { name: role.name, description: role.description },
      email: invitation.email, firstName: member.firstName, lastName: member.lastName,
      expiresAt: invitation.expiresAt.toISOString(), accountExists: user !== undefined,
    };
  });
}

/** What a new person gives when accepting; an existing user gives nothing. */
export interface AcceptInvitationInput {
  firstName?: string;
  lastName?: string;
  password?: string;
}

/** The result of accepting: the membership, the user, and a session when one was opened. */
export interface AcceptedInvitation {
  member: MemberView;
  organization: OrganizationView;
  user: UserView;
  session: IssuedSession | null;
}

/**
 * Accepts an invitation. A signed-in user must be signed in as the invited email and just
 * joins; a new person gives name and password and becomes a user, signed in.
 */
export async function acceptInvitation(
  deps: CoreDeps, token: string, principal: Principal | null, input: AcceptInvitationInput,
): Promise<AcceptedInvitation> {
  let passwordHash: string | null = null;
  if (principal === null) {
    // Check the link and the account before hashing: argon2 is slow on purpose.
    const invitation = await deps.db.read((store) => findUsableInvitation(store, deps, token, false));
    if ((await deps.db.read((store) => store.findUserByEmail(invitation.email))) !== undefined) fail(ErrorCodes.INVITATION_ACCOUNT_EXISTS);
    if (!input.firstName || !input.lastName || !input.password) fail(ErrorCodes.INVITATION_ACCOUNT_DETAILS_REQUIRED);
    assertPasswordStrength(input.password);
    passwordHash = await deps.passwords.hash(input.password);
  }
  const now = deps.clock.now();
  return deps.db.transaction(async (store) => {
    const invitation = await findUsableInvitation(store, deps, token, true);
    const member = await store.lockMember(invitation.orgId, invitation.memberId);
    if (member === undefined || member.status !== 'invite_pending') fail(ErrorCodes.INVITATION_REVOKED);
    let user;
    let session: IssuedSession | null = null;
    if (principal !== null) {
      user = await store.findUserById(principal.userId);
      if (user === undefined) fail(ErrorCodes.AUTH_REQUIRED);
      if (user.email !== invitation.email) fail(ErrorCodes.INVITATION_EMAIL_MISMATCH);
    } else {
      user = await createUserAccount(store, deps, {
        email: invitation.email, firstName: input.firstName ?? '', lastName: input.lastName ?? '', passwordHash: passwordHash ?? '',
      }, now);
      session = await issueSession(store, deps, user.id, now);
      user = { ...user, lastSignInAt: now };
    }
    const next: Member = {
      ...member, userId: user.id, email: user.email, firstName: user.firstName, lastName: user.lastName,
      status: invitation.roleId === null ? 'not_activated' : 'active', lastConnectionAt: user.lastSignInAt, updatedAt: now,
    };
    await store.updateMember(invitation.orgId, member.id, {
      userId: next.userId, email: next.email, firstName: next.firstName, lastName: next.lastName, status: next.status,
      lastConnectionAt: next.lastConnectionAt, updatedAt: now,
    });
    await store.updateInvitation(invitation.orgId, invitation.id, { acceptedAt: now });
    await store.appendAudit({
      orgId: invitation.orgId, actorMemberId: member.id, actorUserId: user.id, action: 'invitation.accepted',
      targetType: 'invitation', targetId: invitation.id, targetMemberId: member.id, before: { status: 'invite_pending' },
      after: { status: next.status }, createdAt: now,
    });
    await store.invalidate({ type: 'user', userId: user.id });
    const organization = await store.findOrganization(invitation.orgId);
    if (organization === undefined) fail(ErrorCodes.INVITATION_NOT_FOUND);
    return {
      member: toMemberView(
        next, indexRoles(await store.listRoles(invitation.orgId)), now,
        (await store.listTagsOfMembers(invitation.orgId, [next.id])).get(next.id) ?? [],
      ),
      organization: toOrganizationView(organization), user: toUserView(user), session,
    };
  });
}
