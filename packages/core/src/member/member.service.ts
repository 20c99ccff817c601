import { auditActor, memberSnapshot, reloadOrgActor } from '../actor';
import type { CoreDeps } from '../deps';
import { ErrorCodes, fail } from '../errors';
import type { Member, MemberKind, MemberStatus, OrgActor, Role } from '../model';
import {
  assertKeepsAnOwner, assertMemberWithinRank, assertPermission, assertRoleWithinRank, isActiveOwner,
} from '../rules';
import type { MemberCounts, MemberSort, MemberTagRef, Store } from '../store';
import { toMemberView, type MemberView, type RoleSummary } from '../views';
import { decodeMemberCursor, encodeMemberCursor } from './cursor';
import { futureExpiry } from '../access/grant.service';

/** Largest page of the members table. */
export const MAX_MEMBER_PAGE = 200;
/** Page size when none is asked for. */
export const DEFAULT_MEMBER_PAGE = 50;

/** Filters, order and position of a members table request. */
export interface ListMembersInput {
  status?: MemberStatus;
  roleId?: string;
  kind?: MemberKind;
  tagId?: string;
  q?: string;
  sort?: MemberSort;
  order?: 'asc' | 'desc';
  limit?: number;
  cursor?: string;
}

/** One page of the members table. */
export interface MemberPage {
  items: MemberView[];
  nextCursor: string | null;
  counts: MemberCounts;
}

/** The members table: filtered, searched, sorted, keyset-paginated, with counts by status. */
export async function listMembers(deps: CoreDeps, actor: OrgActor, input: ListMembersInput): Promise<MemberPage> {
  assertPermission(actor, 'members.read');
  const sort = input.sort ?? 'name';
  const order = input.order ?? 'asc';
  const limit = Math.min(input.limit ?? DEFAULT_MEMBER_PAGE, MAX_MEMBER_PAGE);
  const after = input.cursor === undefined ? undefined : decodeMemberCursor(input.cursor, sort, order);
  const now = deps.clock.now();
  const q = input.q?.trim().toLowerCase();
  const [rows, counts] = await Promise.all([
    deps.db.read((store) => store.listMembers({
      orgId: actor.orgId, kind: input.kind, status: input.status, roleId: input.roleId, tagId: input.tagId, q: q === '' ? undefined : q,
      sort, order, limit: limit + 1, after, now,
    })),
    deps.db.read((store) => store.countMembers(actor.orgId, input.kind, now)),
  ]);
  const byId = new Map<string, RoleSummary>();
  for (const row of rows) if (row.role !== null) byId.set(row.role.id, row.role);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => toMemberView(row.member, byId, now, row.tags)),
    nextCursor: rows.length > limit && last !== undefined
      ? encodeMemberCursor(sort, order, { value: last.sortValue, id: last.member.id })
      : null,
    counts,
  };
}

async function findVisibleMember(store: Store, orgId: string, memberId: string, lock: boolean): Promise<Member> {
  const member = lock ? await store.lockMember(orgId, memberId) : await store.findMember(orgId, memberId);
  if (member === undefined || member.status === 'removed') fail(ErrorCodes.MEMBER_NOT_FOUND, { memberId });
  return member;
}

/** The one role a member view needs, as the lookup toMemberView takes. */
function rolesOf(role: Role | null): Map<string, Role> {
  return role === null ? new Map() : new Map([[role.id, role]]);
}

async function tagsOf(store: Store, member: Member): Promise<MemberTagRef[]> {
  return (await store.listTagsOfMembers(member.orgId, [member.id])).get(member.id) ?? [];
}

async function findRoleOf(store: Store, member: Member): Promise<Role | null> {
  return member.roleId === null ? null : (await store.findRole(member.orgId, member.roleId)) ?? null;
}

/** One member of the organization. */
export async function getMember(deps: CoreDeps, actor: OrgActor, memberId: string): Promise<MemberView> {
  assertPermission(actor, 'members.read');
  return deps.db.read(async (store) => {
    const member = await findVisibleMember(store, actor.orgId, memberId, false);
    return toMemberView(member, rolesOf(await findRoleOf(store, member)), deps.clock.now(), await tagsOf(store, member));
  });
}

/** What an admin may change on a member. */
export interface UpdateMemberInput {
  firstName?: string;
  lastName?: string;
  description?: string;
  roleId?: string;
  kind?: MemberKind;
  /** When the membership ends by itself (ISO 8601); null: never. */
  accessExpiresAt?: string | null;
  /** Present only to be refused: the email is the username. */
  email?: string;
}

/**
 * Ends the user's sessions when, apart from `exceptOrgId`, no organization lets them in any
 * more; otherwise the per-request membership check already shuts them out of this one.
 */
export async function endSessionsWithoutOtherAccess(store: Store, userId: string, exceptOrgId: string): Promise<void> {
  const others = await store.listMembershipsOfUser(userId);
  if (!others.some(({ member }) => member.orgId !== exceptOrgId && (member.status === 'active' || member.status === 'not_activated'))) {
    await store.deleteSessionsOfUser(userId);
  }
}

/** Edits a member's names (while they belong to this organization only), description, role and kind. */
export async function updateMember(deps: CoreDeps, actorRef: OrgActor, memberId: string, input: UpdateMemberInput): Promise<MemberView> {
  if (input.email !== undefined) fail(ErrorCodes.USER_EMAIL_IMMUTABLE);
  const now = deps.clock.now();
  return deps.db.transaction(async (store) => {
    // Lock before reading the actor: a change that committed while we waited is then seen.
    if (input.roleId !== undefined) await store.lockOrganization(actorRef.orgId);
    const actor = await reloadOrgActor(store, actorRef);
    assertPermission(actor, 'members.manage');
    const member = await findVisibleMember(store, actor.orgId, memberId, true);
    const currentRole = await findRoleOf(store, member);
    assertMemberWithinRank(actor, currentRole, member.id);
    const next: Member = { ...member, updatedAt: now };
    let nextRole = currentRole;

    if (input.firstName !== undefined || input.lastName !== undefined) {
      const firstName = input.firstName ?? member.firstName ?? '';
      const lastName = input.lastName ?? member.lastName ?? '';
      if (member.userId !== null) {
        const memberships = await store.listMembershipsOfUser(member.userId);
        if (memberships.some((m) => m.member.orgId !== actor.orgId && m.member.status !== 'removed')) {
          fail(ErrorCodes.MEMBER_NAME_NOT_EDITABLE, { memberId });
        }
        await store.updateUserName(member.userId, firstName, lastName, now);
      }
      next.firstName = firstName;
      next.lastName = lastName;
    }
    if (input.description !== undefined) next.description = input.description;
    if (input.kind !== undefined) next.kind = input.kind;
    if (input.roleId !== undefined && input.roleId !== member.roleId) {
      const role = await store.findRole(actor.orgId, input.roleId);
      if (role === undefined) fail(ErrorCodes.ROLE_NOT_FOUND, { roleId: input.roleId });
      assertRoleWithinRank(actor, role);
      if (isActiveOwner(member, currentRole)) {
        assertKeepsAnOwner(await store.countActiveOwners(actor.orgId), true, role.isOwner);
      }
      next.roleId = role.id;
      nextRole = role;
      if (member.status === 'not_activated') next.status = 'active';
      if (member.status === 'invite_pending' && member.invitationId !== null) {
        await store.updateInvitation(actor.orgId, member.invitationId, { roleId: role.id });
      }
    }
    if (input.accessExpiresAt !== undefined) next.accessExpiresAt = futureExpiry(input.accessExpiresAt, now);
    if (next.accessExpiresAt !== null && nextRole?.isOwner === true) fail(ErrorCodes.MEMBER_OWNER_CANNOT_EXPIRE, { memberId });
    await store.updateMember(actor.orgId, member.id, {
      firstName: next.firstName, lastName: next.lastName, description: next.description, kind: next.kind,
      roleId: next.roleId, status: next.status, accessExpiresAt: next.accessExpiresAt, updatedAt: now,
    });
    await store.appendAudit({
      orgId: actor.orgId, ...auditActor(actor), action: 'member.updated',
      targetType: 'member', targetId: member.id, targetMemberId: member.id,
      before: memberSnapshot(member), after: memberSnapshot(next), createdAt: now,
    });
    if (member.userId !== null) await store.invalidate({ type: 'user', userId: member.userId });
    return toMemberView(next, rolesOf(nextRole), now, await tagsOf(store, member));
  });
}

/** Switches a member off: access stops at once and their sessions in the organization end. */
export async function deactivateMember(deps: CoreDeps, actorRef: OrgActor, memberId: string): Promise<MemberView> {
  const now = deps.clock.now();
  return deps.db.transaction(async (store) => {
    await store.lockOrganization(actorRef.orgId);
    const actor = await reloadOrgActor(store, actorRef);
    assertPermission(actor, 'members.manage');
    const member = await findVisibleMember(store, actor.orgId, memberId, true);
    if (member.id === actor.memberId) fail(ErrorCodes.MEMBER_SELF_ACTION);
    if (member.status !== 'active' && member.status !== 'not_activated') fail(ErrorCodes.MEMBER_NOT_DEACTIVATABLE, { status: member.status });
    const role = await findRoleOf(store, member);
    assertMemberWithinRank(actor, role, member.id);
    if (isActiveOwner(member, role)) assertKeepsAnOwner(await store.countActiveOwners(actor.orgId), true, false);
    const next: Member = { ...member, status: 'deactivated', updatedAt: now };
    await store.updateMember(actor.orgId, member.id, { status: 'deactivated', updatedAt: now });
    await store.appendAudit({
      orgId: actor.orgId, ...auditActor(actor), action: 'member.deactivated',
      targetType: 'member', targetId: member.id, targetMemberId: member.id,
      before: { status: member.status }, after: { status: 'deactivated' }, createdAt: now,
    });
    if (member.userId !== null) {
      await endSessionsWithoutOtherAccess(store, member.userId, actor.orgId);
      await store.invalidate({ type: 'user', userId: member.userId });
    }
    return toMemberView(next, rolesOf(role), now, await tagsOf(store, member));
  });
}

/** Switches a deactivated member back on. */
export async function reactivateMember(deps: CoreDeps, actorRef: OrgActor, memberId: string): Promise<MemberView> {
  const now = deps.clock.now();
  return deps.db.transaction(async (store) => {
    const actor = await reloadOrgActor(store, actorRef);
    assertPermission(actor, 'members.manage');
    const member = await findVisibleMember(store, actor.orgId, memberId, true);
    if (member.status !== 'deactivated') fail(ErrorCodes.MEMBER_NOT_DEACTIVATED, { status: member.status });
    const role = await findRoleOf(store, member);
    assertMemberWithinRank(actor, role, member.id);
    const status = role === null ? 'not_activated' : 'active';
    // A membership that ended by itself starts again without an end date; set a new one if needed.
    const accessExpiresAt = member.accessExpiresAt !== null && member.accessExpiresAt <= now ? null : member.accessExpiresAt;
    const next: Member = { ...member, status, accessExpiresAt, updatedAt: now };
    await store.updateMember(actor.orgId, member.id, { status, accessExpiresAt, updatedAt: now });
    await store.appendAudit({
      orgId: actor.orgId, ...auditActor(actor), action: 'member.reactivated',
      targetType: 'member', targetId: member.id, targetMemberId: member.id,
      before: { status: 'deactivated' }, after: { status }, createdAt: now,
    });
    if (member.userId !== null) await store.invalidate({ type: 'user', userId: member.userId });
    return toMemberView(next, rolesOf(role), now, await tagsOf(store, member));
  });
}

/**
 * Removes a member from the organization. With `erase`, also erases their identity from
 * the organization's records (shown as "Deleted User"), and erases the user entirely when
 * no organization is left to them.
 */
export async function removeMember(deps: CoreDeps, actorRef: OrgActor, memberId: string, options: { erase: boolean }): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction(async (store) => {
    await store.lockOrganization(actorRef.orgId);
    const actor = await reloadOrgActor(store, actorRef);
    assertPermission(actor, options.erase ? 'members.delete' : 'members.manage');
    const member = await findVisibleMember(store, actor.orgId, memberId, true);
    if (options.erase && member.id === actor.memberId) fail(ErrorCodes.MEMBER_SELF_ACTION);
    const role = await findRoleOf(store, member);
    assertMemberWithinRank(actor, role, member.id);
    if (isActiveOwner(member, role)) assertKeepsAnOwner(await store.countActiveOwners(actor.orgId), true, false);
    if (member.status === 'invite_pending' && member.invitationId !== null) {
      await store.updateInvitation(actor.orgId, member.invitationId, { revokedAt: now });
    }
    await store.updateMember(actor.orgId, member.id, { status: 'removed', updatedAt: now });
    await store.appendAudit({
      orgId: actor.orgId, ...auditActor(actor),
      action: options.erase ? 'member.deleted' : 'member.removed', targetType: 'member', targetId: member.id,
      targetMemberId: member.id, before: memberSnapshot(member), after: null, createdAt: now,
    });
    if (options.erase) await store.eraseMember(actor.orgId, member.id, now);
    if (member.userId !== null) {
      if (options.erase) {
        const remaining = (await store.listMembershipsOfUser(member.userId)).filter((m) => m.member.status !== 'removed');
        if (remaining.length === 0) {
          await store.eraseUser(member.userId, now);
          await store.deleteSessionsOfUser(member.userId);
        }
      }
      await endSessionsWithoutOtherAccess(store, member.userId, actor.orgId);
      await store.invalidate({ type: 'user', userId: member.userId });
    }
  });
}
