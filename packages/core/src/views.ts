import type { Invitation, Member, MemberKind, MemberStatus, Organization, Role, User } from './model';
import type { Permission } from './permissions';
import { deriveMemberStatus } from './rules';

/** How a role appears next to a member. */
export interface RoleSummary {
  id: string;
  key: string;
  name: string;
  rank: number;
}

/** A member as the API shows it. */
export interface MemberView {
  id: string;
  userId: string | null;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  description: string;
  role: RoleSummary | null;
  kind: MemberKind;
  status: MemberStatus;
  invitation: { id: string; expiresAt: string } | null;
  lastConnectionAt: string | null;
  accessExpiresAt: string | null;
  tags: Array<{ id: string; name: string }>;
  createdAt: string;
  updatedAt: string;
}

/** A role as the API shows it. */
export interface RoleView {
  id: string;
  key: string;
  name: string;
  description: string;
  rank: number;
  isOwner: boolean;
  builtin: boolean;
  permissions: Permission[];
  createdAt: string;
}

/** An organization as the API shows it. */
export interface OrganizationView {
  id: string;
  name: string;
  roleTemplate: string;
  invitationTtlDays: number;
  inviteLinkEnabled: boolean;
  createdAt: string;
}

/** A user as they see themselves. */
export interface UserView {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  createdAt: string;
  lastSignInAt: string | null;
}

/** An invitation as the API shows it. */
export interface InvitationView {
  id: string;
  memberId: string;
  email: string;
  expiresAt: string;
  createdAt: string;
}

/** Maps a role to its summary. */
export function toRoleSummary(role: Role): RoleSummary {
  return { id: role.id, key: role.key, name: role.name, rank: role.rank };
}

/** Maps a role to its API view. */
export function toRoleView(role: Role): RoleView {
  return {
    id: role.id, key: role.key, name: role.name, description: role.description, rank: role.rank,
    isOwner: role.isOwner, builtin: role.builtin, permissions: role.permissions, createdAt: role.createdAt.toISOString(),
  };
}

/** Maps an organization to its API view. */
export function toOrganizationView(org: Organization): OrganizationView {
  return {
    id: org.id, name: org.name, roleTemplate: org.roleTemplate, invitationTtlDays: org.invitationTtlDays,
    inviteLinkEnabled: org.inviteLinkEnabled, createdAt: org.createdAt.toISOString(),
  };
}

/** Maps a user to their own view of themselves. */
export function toUserView(user: User): UserView {
  return {
    id: user.id, email: user.email, firstName: user.firstName, lastName: user.lastName,
    createdAt: user.createdAt.toISOString(), lastSignInAt: user.lastSignInAt?.toISOString() ?? null,
  };
}

/** Maps an invitation to its API view. */
export function toInvitationView(invitation: Invitation): InvitationView {
  return {
    id: invitation.id, memberId: invitation.memberId, email: invitation.email,
    expiresAt: invitation.expiresAt.toISOString(), createdAt: invitation.createdAt.toISOString(),
  };
}

/** Maps a member to its API view; `roles` resolves the role id. */
export function toMemberView(
  member: Member, roles: ReadonlyMap<string, RoleSummary>, now: Date, tags: ReadonlyArray<{ id: string; name: string }>,
): MemberView {
  const role = member.roleId === null ? undefined : roles.get(member.roleId);
  return {
    id: member.id,
    userId: member.userId,
    email: member.email,
    firstName: member.firstName,
    lastName: member.lastName,
    description: member.description,
    role: role === undefined ? null : { id: role.id, key: role.key, name: role.name, rank: role.rank },
    kind: member.kind,
    status: deriveMemberStatus(member, now),
    invitation:
      member.status === 'invite_pending' && member.invitationId !== null && member.inviteExpiresAt !== null
        ? { id: member.invitationId, expiresAt: member.inviteExpiresAt.toISOString() }
        : null,
    lastConnectionAt: member.lastConnectionAt?.toISOString() ?? null,
    accessExpiresAt: member.accessExpiresAt?.toISOString() ?? null,
    tags: tags.map((t) => ({ id: t.id, name: t.name })),
    createdAt: member.createdAt.toISOString(),
    updatedAt: member.updatedAt.toISOString(),
  };
}

/** Indexes roles by id. */
export function indexRoles(roles: readonly Role[]): Map<string, Role> {
  return new Map(roles.map((role) => [role.id, role]));
}
