import { describe, expect, it } from 'vitest';
import { ErrorCodes, RosterError } from './errors';
import type { OrgActor, Role } from './model';
import { ROLE_TEMPLATES } from './permissions';
import {
  assertKeepsAnOwner, assertMemberWithinRank, assertPasswordStrength, assertPermission, assertRoleWithinRank,
  checkInvitationUsable, deriveMemberStatus, isActiveOwner, normalizeEmail,
} from './rules';

const now = new Date('2026-11-24T12:00:00Z');
const later = new Date('2026-12-01T12:00:00Z');
const earlier = new Date('2026-11-17T12:00:00Z');

function role(key: string, rank: number, permissions: Role['permissions'] = [], isOwner = false): Role {
  return {
    id: `role_${key}`, orgId: 'org_1', key, name: key, description: '', rank, isOwner, builtin: true, permissions, createdAt: earlier,
  };
}

function actor(r: Role): OrgActor {
  return {
    userId: 'usr_1', memberId: 'mem_1', orgId: 'org_1', role: r,
    member: {
      id: 'mem_1', orgId: 'org_1', userId: 'usr_1', email: 'a@example.com', firstName: 'A', lastName: 'B', description: '',
      roleId: r.id, kind: 'member', status: 'active', invitationId: null, inviteExpiresAt: null, invitedByMemberId: null,
      lastConnectionAt: null, accessExpiresAt: null, createdAt: earlier, updatedAt: earlier, erasedAt: null,
    },
  };
}

function codeOf(fn: () => void): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error instanceof RosterError ? error.code : 'not a RosterError';
  }
}

describe('deriveMemberStatus', () => {
  it('reads a pending invitation past its expiry as invite_expired, at the exact instant too', () => {
    expect(deriveMemberStatus({ status: 'invite_pending', inviteExpiresAt: later }, now)).toBe('invite_pending');
    expect(deriveMemberStatus({ status: 'invite_pending', inviteExpiresAt: earlier }, now)).toBe('invite_expired');
    expect(deriveMemberStatus({ status: 'invite_pending', inviteExpiresAt: now }, now)).toBe('invite_expired');
  });

  it('passes other statuses through and refuses to show removed rows', () => {
    expect(deriveMemberStatus({ status: 'deactivated', inviteExpiresAt: earlier }, now)).toBe('deactivated');
    expect(deriveMemberStatus({ status: 'not_activated', inviteExpiresAt: null }, now)).toBe('not_activated');
    expect(() => deriveMemberStatus({ status: 'removed', inviteExpiresAt: null }, now)).toThrow();
  });
});

describe('rank guard', () => {
  const admin = actor(role('admin', 80, ['members.manage']));
  it('lets an actor assign roles up to and including their own rank', () => {
    expect(codeOf(() => assertRoleWithinRank(admin, role('admin', 80)))).toBeUndefined();
    expect(codeOf(() => assertRoleWithinRank(admin, role('viewer', 10)))).toBeUndefined();
    expect(codeOf(() => assertRoleWithinRank(admin, role('owner', 100)))).toBe(ErrorCodes.ROLE_ABOVE_ACTOR.code);
  });

  it('refuses to act on a member ranked above the actor', () => {
    expect(codeOf(() => assertMemberWithinRank(admin, role('owner', 100), 'mem_2'))).toBe(ErrorCodes.MEMBER_ABOVE_ACTOR.code);
    expect(codeOf(() => assertMemberWithinRank(admin, role('admin', 80), 'mem_2'))).toBeUndefined();
    expect(codeOf(() => assertMemberWithinRank(admin, null, 'mem_2'))).toBeUndefined();
  });
});

describe('permissions', () => {
  it('grants what the role holds and nothing else', () => {
    const viewer = actor(role('viewer', 10, ['members.read']));
    expect(codeOf(() => assertPermission(viewer, 'members.read'))).toBeUndefined();
    expect(codeOf(() => assertPermission(viewer, 'members.manage'))).toBe(ErrorCodes.PERMISSION_DENIED.code);
  });

  it('ships templates whose owner role holds every permission and outranks every other role', () => {
    for (const template of Object.values(ROLE_TEMPLATES)) {
      const owners = template.filter((r) => r.isOwner);
      expect(owners).toHaveLength(1);
      const owner = owners[0]!;
      for (const other of template.filter((r) => !r.isOwner)) {
        expect(other.rank).toBeLessThan(owner.rank);
        for (const permission of other.permissions) expect(owner.permissions).toContain(permission);
        expect(other.permissions).toContain('members.read');
      }
    }
  });
});

describe('last-owner guard', () => {
  it('refuses only the change that would leave no active owner', () => {
    expect(codeOf(() => assertKeepsAnOwner(1, true, false))).toBe(ErrorCodes.MEMBER_LAST_OWNER.code);
    expect(codeOf(() => assertKeepsAnOwner(2, true, false))).toBeUndefined();
    expect(codeOf(() => assertKeepsAnOwner(1, true, true))).toBeUndefined();
    expect(codeOf(() => assertKeepsAnOwner(1, false, false))).toBeUndefined();
  });

  it('counts only active members holding an owner role', () => {
    const owner = role('owner', 100, [], true);
    expect(isActiveOwner({ status: 'active' }, owner)).toBe(true);
    expect(isActiveOwner({ status: 'deactivated' }, owner)).toBe(false);
    expect(isActiveOwner({ status: 'active' }, role('admin', 80))).toBe(false);
    expect(isActiveOwner({ status: 'active' }, null)).toBe(false);
  });
});

describe('invitation links', () => {
  const pending = { acceptedAt: null, revokedAt: null, expiresAt: later };
  it('accepts a pending, current link before its expiry', () => {
    expect(codeOf(() => checkInvitationUsable(pending, false, now))).toBeUndefined();
  });

  it('names each way a link stops working', () => {
    expect(codeOf(() => checkInvitationUsable({ ...pending, acceptedAt: earlier }, false, now))).toBe(ErrorCodes.INVITATION_USED.code);
    expect(codeOf(() => checkInvitationUsable({ ...pending, revokedAt: earlier }, false, now))).toBe(ErrorCodes.INVITATION_REVOKED.code);
    expect(codeOf(() => checkInvitationUsable(pending, true, now))).toBe(ErrorCodes.INVITATION_REPLACED.code);
    expect(codeOf(() => checkInvitationUsable({ ...pending, expiresAt: earlier }, false, now))).toBe(ErrorCodes.INVITATION_EXPIRED.code);
  });

  it('reports a used link as used even after it expired', () => {
    expect(codeOf(() => checkInvitationUsable({ ...pending, acceptedAt: earlier, expiresAt: earlier }, false, now)))
      .toBe(ErrorCodes.INVITATION_USED.code);
  });
});

describe('emails and passwords', () => {
  it('normalises emails for comparison', () => {
    expect(normalizeEmail('  Ada.Lovelace@Example.COM ')).toBe('ada.lovelace@example.com');
  });

  it('counts characters, not bytes, for the password length', () => {
    expect(codeOf(() => assertPasswordStrength('123456789'))).toBe(ErrorCodes.AUTH_WEAK_PASSWORD.code);
    expect(codeOf(() => assertPasswordStrength('1234567890'))).toBeUndefined();
    expect(codeOf(() => assertPasswordStrength('🔑🔑🔑🔑🔑🔑🔑🔑🔑'))).toBe(ErrorCodes.AUTH_WEAK_PASSWORD.code);
  });
});
