import { ErrorCodes, fail } from './errors';
import type { Member, MemberStatus, OrgActor, Role } from './model';
import type { Permission } from './permissions';

/** The status people see: a pending invitation past its expiry reads `invite_expired`. */
export function deriveMemberStatus(member: Pick<Member, 'status' | 'inviteExpiresAt'>, now: Date): MemberStatus {
  if (member.status === 'removed') {
    throw new Error('removed members have no visible status');
  }
  if (member.status === 'invite_pending' && member.inviteExpiresAt !== null && member.inviteExpiresAt <= now) {
    return 'invite_expired';
  }
  return member.status;
}

/** Throws `permission.denied` unless the actor's role holds `permission`. */
export function assertPermission(actor: OrgActor, permission: Permission): void {
  if (!actor.role.permissions.includes(permission)) {
    fail(ErrorCodes.PERMISSION_DENIED, { permission });
  }
}

/** Throws unless the actor ranks at least as high as `role` (nobody grants above themselves). */
export function assertRoleWithinRank(actor: OrgActor, role: Pick<Role, 'rank' | 'id'>): void {
  if (role.rank > actor.role.rank) {
    fail(ErrorCodes.ROLE_ABOVE_ACTOR, { roleId: role.id });
  }
}

/** Throws unless the actor ranks at least as high as the member's current role. */
export function assertMemberWithinRank(actor: OrgActor, memberRole: Pick<Role, 'rank'> | null, memberId: string): void {
  if (memberRole !== null && memberRole.rank > actor.role.rank) {
    fail(ErrorCodes.MEMBER_ABOVE_ACTOR, { memberId });
  }
}

/** True when the member counts toward "at least one active owner". */
export function isActiveOwner(member: Pick<Member, 'status'>, role: Pick<Role, 'isOwner'> | null): boolean {
  return member.status === 'active' && role !== null && role.isOwner;
}

/**
 * Throws `member.last_owner` when a change would leave the organization without an active
 * owner. `activeOwners` must be counted under the organization lock, before the change.
 */
export function assertKeepsAnOwner(activeOwners: number, memberIsActiveOwner: boolean, staysActiveOwner: boolean): void {
  if (memberIsActiveOwner && !staysActiveOwner && activeOwners <= 1) {
    fail(ErrorCodes.MEMBER_LAST_OWNER);
  }
}

/** The usable state of an invitation link at `now`, as an error to throw or null when usable. */
export function checkInvitationUsable(
  invitation: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date },
  tokenReplaced: boolean,
  now: Date,
): void {
  if (invitation.acceptedAt !== null) fail(ErrorCodes.INVITATION_USED);
  if (invitation.revokedAt !== null) fail(ErrorCodes.INVITATION_REVOKED);
  if (tokenReplaced) fail(ErrorCodes.INVITATION_REPLACED);
  if (invitation.expiresAt <= now) fail(ErrorCodes.INVITATION_EXPIRED, { expiredAt: invitation.expiresAt.toISOString() });
}

/** Minimum password length; longer passphrases are welcome. */
export const MIN_PASSWORD_LENGTH = 10;

/** Throws `auth.weak_password` for passwords too short to be safe. */
export function assertPasswordStrength(password: string): void {
  if ([...password].length < MIN_PASSWORD_LENGTH) fail(ErrorCodes.AUTH_WEAK_PASSWORD, { minLength: MIN_PASSWORD_LENGTH });
}

// NUL cannot be stored in a PostgreSQL text or json value, and an unpaired UTF-16 surrogate
// cannot be stored in json (audit entries) and turns into U+FFFD in text.
const UNSTORABLE_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when `text` holds a character the database cannot store (NUL, a lone surrogate). */
export function hasUnstorableText(text: string): boolean {
  return UNSTORABLE_TEXT.test(text);
}

/** Normalises an email for comparison and storage: trimmed, lower-cased. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Days to milliseconds. */
export function days(n: number): number {
  return n * 24 * 60 * 60 * 1000;
}
