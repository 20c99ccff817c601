import type { Member, MemberStatus } from '../../api/types';
import { fullName } from '../../format';
import type { OrgContextValue } from '../../org-context';

/** The name a person is shown by: their full name, or their email when they have none. */
export function memberName(member: Member): string {
  return fullName(member.firstName, member.lastName, member.email ?? 'Deleted User');
}

/** A member's rank; invitees and people without a role rank below every role. */
export function memberRank(member: Member): number {
  return member.role?.rank ?? -1;
}

const INVITATION_STATUSES: readonly MemberStatus[] = ['invite_pending', 'invite_expired'];

/** Whether the row is an invitation not yet accepted (pending or expired). */
export function isInvitation(member: Member): boolean {
  return INVITATION_STATUSES.includes(member.status) && member.invitation !== null;
}

/** What the signed-in person may do to one row; nothing on their own row or above their rank. */
export interface RowAccess {
  /** The row is my own. */
  self: boolean;
  /** Ranked above me: every action is refused by the API, so none is offered. */
  above: boolean;
  /** Edit the member's names, description, role and kind. */
  edit: boolean;
  /** Deactivate or reactivate; only for active and deactivated members. */
  toggle: boolean;
  /** Send the invitation again, with a new link. */
  resend: boolean;
  /** Make an expired invitation's link work again. */
  renew: boolean;
  /** Withdraw the invitation. */
  revoke: boolean;
  /** Remove someone who joined; their work keeps their name. */
  remove: boolean;
  /** Delete someone who joined, erasing their name and email. */
  erase: boolean;
  /** Set their tags; my own too, as the API allows. */
  tags: boolean;
}

/** What the signed-in person may do to one member's row, as the API would allow it. */
export function rowAccess(member: Member, org: Pick<OrgContextValue, 'can' | 'rank' | 'membership'>): RowAccess {
  const self = member.id === org.membership.memberId;
  const above = memberRank(member) > org.rank;
  const allowed = !self && !above;
  const manage = allowed && org.can('members.manage');
  const invite = allowed && org.can('members.invite') && isInvitation(member);
  const joined = !INVITATION_STATUSES.includes(member.status);
  return {
    self,
    above,
    edit: manage,
    toggle: manage && (member.status === 'active' || member.status === 'deactivated'),
    resend: invite,
    renew: invite && member.status === 'invite_expired',
    revoke: invite,
    remove: manage && joined,
    erase: allowed && joined && org.can('members.delete'),
    tags: !above && org.can('members.manage'),
  };
}

/** Whether the signed-in person may act on members at all (the table then has its action and selection columns). */
export function hasMemberActions(org: Pick<OrgContextValue, 'can'>): boolean {
  return org.can('members.manage') || org.can('members.invite') || org.can('members.delete');
}
