import { auditActor, memberSnapshot } from '../actor';
import { grantSnapshot, resolveGrants, resolveResourceRef, type GrantInput, type ResourceRef } from '../access/grant.service';
import type { CoreDeps } from '../deps';
import { sendInvitationAgain } from '../invitation/invitation.service';
import { ErrorCodes, fail } from '../errors';
import type { AccessGrant, GrantKind, OrgActor, Role, Tag } from '../model';
import type { Permission } from '../permissions';
import { assertPermission, assertRoleWithinRank, deriveMemberStatus, isActiveOwner } from '../rules';
import type { GrantRow, PlanMember, Store } from '../store';
import { MAX_TAGS_PER_MEMBER, byTagName, recordCreatedTags, resolveTagNames } from '../tag/tag.service';
import type { RoleSummary } from '../views';
import {
  addPatch, emptyOps, memberRow, noChanges, refusal, type ComputedPlan, type PlanGrantView, type PlanOps,
  type PlanRowView, type Refusal,
} from './plan';

/** A grant to take away, named by its target. */
export interface GrantTargetInput {
  kind: GrantKind;
  resource?: ResourceRef;
  resourceType?: string;
}

/** A bulk action with its arguments, on members named by id. */
export type BulkAction =
  | { action: 'remove' | 'delete' | 'deactivate' | 'reactivate' | 'resend_invitation' }
  | { action: 'change_role'; roleId: string }
  | { action: 'add_tags'; tags: string[]; createMissing?: boolean }
  | { action: 'remove_tags'; tags: string[] }
  | { action: 'grant_access'; access: GrantInput[] }
  | { action: 'revoke_access'; access: GrantTargetInput[] };

/** The permission each bulk action needs, as the one-member path does. */
export const BULK_PERMISSIONS: Record<BulkAction['action'], Permission> = {
  remove: 'members.manage',
  delete: 'members.delete',
  deactivate: 'members.manage',
  reactivate: 'members.manage',
  resend_invitation: 'members.invite',
  change_role: 'members.manage',
  add_tags: 'members.manage',
  remove_tags: 'members.manage',
  grant_access: 'members.manage',
  revoke_access: 'members.manage',
};

function summary(role: Role | null): RoleSummary | null {
  return role === null ? null : { id: role.id, key: role.key, name: role.name, rank: role.rank };
}

/** Answers "does this leave an owner?" row after row: each owner taken away counts. */
class OwnerBudget {
  constructor(private owners: number) {}
  /** Takes one active owner away, or refuses when it is the last. */
  take(): Refusal | undefined {
    if (this.owners <= 1) return refusal(ErrorCodes.MEMBER_LAST_OWNER);
    this.owners--;
    return undefined;
  }
  add(): void {
    this.owners++;
  }
}

/** The target a grant covers, as a comparable key. */
function targetKey(grant: Pick<AccessGrant, 'kind' | 'typeId' | 'resourceId'>): string {
  return `${grant.kind} ${grant.typeId} ${grant.resourceId ?? ''}`;
}

/** Resolves grants once for the whole selection, and how a plan names each. */
async function resolveGrantTemplates(
  store: Store, deps: CoreDeps, actor: OrgActor, inputs: readonly GrantInput[], now: Date,
): Promise<Array<{ grant: AccessGrant; view: PlanGrantView }>> {
  const grants = await resolveGrants(store, actor, { id: '' }, inputs, () => '', now);
  const types = new Map((await store.listResourceTypes(actor.orgId)).map((t) => [t.id, t]));
  const roles = new Map((await store.listRoles(actor.orgId)).map((r) => [r.id, r]));
  const views: Array<{ grant: AccessGrant; view: PlanGrantView }> = [];
  for (const grant of grants) {
    const resource = grant.resourceId === null ? undefined : await store.findResource(actor.orgId, grant.resourceId);
    views.push({
      grant,
      view: {
        kind: grant.kind, resourceType: types.get(grant.typeId)?.key ?? '',
        resource: resource === undefined ? null : { id: resource.id, externalId: resource.externalId, name: resource.name },
        role: summary(grant.roleId === null ? null : roles.get(grant.roleId) ?? null),
        expiresAt: grant.expiresAt?.toISOString() ?? null,
      },
    });
  }
  return views;
}

async function resolveTargets(store: Store, actor: OrgActor, inputs: readonly GrantTargetInput[]): Promise<Set<string>> {
  const keys = new Set<string>();
  for (const [index, input] of inputs.entries()) {
    if (input.kind === 'resource') {
      if (input.resource === undefined || input.resourceType !== undefined) fail(ErrorCodes.GRANT_INVALID, { index });
      const resource = await resolveResourceRef(store, actor.orgId, input.resource);
      keys.add(targetKey({ kind: 'resource', typeId: resource.typeId, resourceId: resource.id }));
    } else {
      if (input.resourceType === undefined || input.resource !== undefined) fail(ErrorCodes.GRANT_INVALID, { index });
      const type = await store.findResourceTypeByKey(actor.orgId, input.resourceType);
      if (type === undefined) fail(ErrorCodes.RESOURCE_TYPE_NOT_FOUND, { resourceType: input.resourceType, index });
      keys.add(targetKey({ kind: input.kind, typeId: type.id, resourceId: null }));
    }
  }
  return keys;
}

function grantRowView(row: GrantRow, roles: ReadonlyMap<string, Role>): PlanGrantView {
  return {
    kind: row.kind, resourceType: row.typeKey,
    resource: row.resourceId === null ? null : { id: row.resourceId, externalId: row.resourceExternalId ?? '', name: row.resourceName ?? '' },
    role: summary(row.roleId === null ? null : roles.get(row.roleId) ?? null),
    expiresAt: row.expiresAt?.toISOString() ?? null,
  };
}

/**
 * Works out a bulk action member by member, with the guards of the one-member paths: rank,
 * last owner, yourself, whether the action applies to the member's status. Nothing is
 * written; `ops` holds the writes. `memberIds` keeps the order rows are shown in.
 */
export async function computeBulkAction(
  store: Store, deps: CoreDeps, actor: OrgActor, action: BulkAction, memberIds: readonly string[], now: Date, lock: boolean,
): Promise<ComputedPlan> {
  assertPermission(actor, BULK_PERMISSIONS[action.action]);
  const ops = emptyOps();
  const audit = (planMember: PlanMember, name: string, before: Record<string, unknown> | null, after: Record<string, unknown> | null,
    target?: { type: string; id: string }) => {
    ops.audit.push({
      orgId: actor.orgId, ...auditActor(actor), action: name, targetType: target?.type ?? 'member',
      targetId: target?.id ?? planMember.member.id, targetMemberId: planMember.member.id, before, after, createdAt: now,
    });
  };

  // Arguments are checked once, for the whole selection: a wrong one refuses the request.
  let role: Role | undefined;
  let tags: Tag[] = [];
  let grantTemplates: Array<{ grant: AccessGrant; view: PlanGrantView }> = [];
  let revokeTargets = new Set<string>();
  if (action.action === 'change_role') {
    role = await store.findRole(actor.orgId, action.roleId);
    if (role === undefined) fail(ErrorCodes.ROLE_NOT_FOUND, { roleId: action.roleId });
    assertRoleWithinRank(actor, role);
  } else if (action.action === 'add_tags' || action.action === 'remove_tags') {
    const resolved = await resolveTagNames(store, deps, actor, action.tags, action.action === 'add_tags' && action.createMissing === true, now);
    tags = resolved.tags;
    ops.createTags = resolved.created;
  } else if (action.action === 'grant_access') {
    grantTemplates = await resolveGrantTemplates(store, deps, actor, action.access, now);
  } else if (action.action === 'revoke_access') {
    revokeTargets = await resolveTargets(store, actor, action.access);
  }

  const loaded = await store.loadPlanMembers(actor.orgId, { ids: memberIds }, lock);
  const byId = new Map(loaded.map((m) => [m.member.id, m]));
  const owners = new OwnerBudget(action.action === 'remove' || action.action === 'delete' || action.action === 'deactivate'
    || action.action === 'change_role' ? await store.countActiveOwners(actor.orgId) : 0);
  const grants = action.action === 'grant_access' || action.action === 'revoke_access'
    ? await store.listGrantsOfMembers(actor.orgId, loaded.map((m) => m.member.id))
    : new Map<string, GrantRow[]>();
  const roles = action.action === 'revoke_access' ? new Map((await store.listRoles(actor.orgId)).map((r) => [r.id, r])) : new Map<string, Role>();
  const tagNames = new Map(tags.map((t) => [t.id, t.name]));

  const rows: PlanRowView[] = [];
  for (const memberId of memberIds) {
    const index = rows.length;
    const planMember = byId.get(memberId);
    if (planMember === undefined) {
      rows.push({
        index, line: null, memberId, email: null, name: null, outcome: 'refused', changes: null,
        refusal: refusal(ErrorCodes.MEMBER_NOT_FOUND),
      });
      continue;
    }
    const { member } = planMember;
    const memberRole = planMember.role;
    const refuse = (reason: Refusal) => rows.push(memberRow(index, null, planMember, null, reason));
    const self = member.id === actor.memberId;
    if (memberRole !== null && memberRole.rank > actor.role.rank) {
      refuse(refusal(ErrorCodes.MEMBER_ABOVE_ACTOR));
      continue;
    }
    const from = deriveMemberStatus(member, now);
    const changes = noChanges();
    switch (action.action) {
      case 'deactivate': {
        if (self) { refuse(refusal(ErrorCodes.MEMBER_SELF_ACTION)); continue; }
        if (member.status !== 'active' && member.status !== 'not_activated') { refuse(refusal(ErrorCodes.MEMBER_NOT_DEACTIVATABLE)); continue; }
        if (isActiveOwner(member, memberRole)) {
          const last = owners.take();
          if (last !== undefined) { refuse(last); continue; }
        }
        changes.status = { from, to: 'deactivated' };
        addPatch(ops, member.id, { status: 'deactivated' });
        if (member.userId !== null) ops.endSessionsOf.push(member.userId);
        audit(planMember, 'member.deactivated', { status: member.status }, { status: 'deactivated' });
        break;
      }
      case 'reactivate': {
        if (member.status !== 'deactivated') { refuse(refusal(ErrorCodes.MEMBER_NOT_DEACTIVATED)); continue; }
        const status = memberRole === null ? 'not_activated' : 'active';
        const ended = member.accessExpiresAt !== null && member.accessExpiresAt <= now;
        changes.status = { from, to: status };
        addPatch(ops, member.id, ended ? { status, accessExpiresAt: null } : { status });
        if (isActiveOwner({ status }, memberRole)) owners.add();
        audit(planMember, 'member.reactivated', { status: 'deactivated' }, { status });
        break;
      }
      case 'remove':
      case 'delete': {
        if (self) { refuse(refusal(ErrorCodes.MEMBER_SELF_ACTION)); continue; }
        if (isActiveOwner(member, memberRole)) {
          const last = owners.take();
          if (last !== undefined) { refuse(last); continue; }
        }
        const erase = action.action === 'delete';
        changes.status = { from, to: erase ? 'deleted' : 'removed' };
        addPatch(ops, member.id, { status: 'removed' });
        if (member.status === 'invite_pending') ops.revokeInvitationsOf.push(member.id);
        if (member.userId !== null) ops.endSessionsOf.push(member.userId);
        if (erase) ops.erase.push(planMember);
        audit(planMember, erase ? 'member.deleted' : 'member.removed', memberSnapshot(member), null);
        break;
      }
      case 'change_role': {
        const next = role!;
        if (member.roleId === next.id) break;
        if (isActiveOwner(member, memberRole) && !next.isOwner) {
          const last = owners.take();
          if (last !== undefined) { refuse(last); continue; }
        }
        if (next.isOwner && member.accessExpiresAt !== null) { refuse(refusal(ErrorCodes.MEMBER_OWNER_CANNOT_EXPIRE)); continue; }
        const status = member.status === 'not_activated' ? 'active' : member.status;
        if (next.isOwner && !isActiveOwner(member, memberRole) && status === 'active') owners.add();
        changes.role = { from: summary(memberRole), to: summary(next)! };
        if (status !== member.status) changes.status = { from, to: status };
        addPatch(ops, member.id, status !== member.status ? { roleId: next.id, status } : { roleId: next.id });
        if (member.status === 'invite_pending') {
          ops.invitationRoleOf ??= { roleId: next.id, memberIds: [] };
          ops.invitationRoleOf.memberIds.push(member.id);
        }
        audit(planMember, 'member.updated', memberSnapshot(member), memberSnapshot({ ...member, roleId: next.id, status }));
        break;
      }
      case 'resend_invitation': {
        if (member.status !== 'invite_pending' || member.invitationId === null) { refuse(refusal(ErrorCodes.INVITATION_NOT_PENDING)); continue; }
        changes.invitationResent = true;
        ops.resend.push(planMember);
        break;
      }
      case 'add_tags': {
        const had = new Set(planMember.tagIds);
        const added = tags.filter((t) => !had.has(t.id));
        if (had.size + added.length > MAX_TAGS_PER_MEMBER) { refuse(refusal(ErrorCodes.IMPORT_TOO_MANY_TAGS)); continue; }
        changes.tagsAdded = [...added].sort(byTagName).map((t) => t.name);
        for (const tag of added) ops.addTags.push([member.id, tag.id]);
        if (added.length > 0) audit(planMember, 'member.tags_changed', { tagsAdded: [] }, { tagsAdded: changes.tagsAdded });
        break;
      }
      case 'remove_tags': {
        const removed = planMember.tagIds.filter((id) => tagNames.has(id));
        changes.tagsRemoved = removed.map((id) => ({ id, name: tagNames.get(id)! })).sort(byTagName).map((t) => t.name);
        for (const id of removed) ops.removeTags.push([member.id, id]);
        if (removed.length > 0) audit(planMember, 'member.tags_changed', { tagsRemoved: changes.tagsRemoved }, { tagsRemoved: [] });
        break;
      }
      case 'grant_access': {
        const existing = new Set((grants.get(member.id) ?? []).map(targetKey));
        for (const { grant, view } of grantTemplates) {
          if (existing.has(targetKey(grant))) continue;
          const created: AccessGrant = { ...grant, id: deps.secrets.newId('grt'), memberId: member.id };
          ops.insertGrants.push(created);
          changes.grantsAdded.push(view);
          audit(planMember, 'access.granted', null, grantSnapshot(created), { type: 'grant', id: created.id });
        }
        break;
      }
      case 'revoke_access': {
        for (const grant of grants.get(member.id) ?? []) {
          if (!revokeTargets.has(targetKey(grant))) continue;
          ops.deleteGrants.push(grant);
          changes.grantsRemoved.push(grantRowView(grant, roles));
          audit(planMember, 'access.revoked', grantSnapshot(grant), null, { type: 'grant', id: grant.id });
        }
        break;
      }
    }
    rows.push(memberRow(index, null, planMember, changes));
  }
  return { rows, ops };
}

/** Runs a plan's writes; `onProgress` hears how far along it is. */
export async function executeOps(
  store: Store, deps: CoreDeps, actor: OrgActor, ops: PlanOps, now: Date,
  onProgress: (done: number, total: number) => void | Promise<void>,
): Promise<void> {
  const steps: Array<[weight: number, run: () => Promise<void>]> = [];
  const slices = <T>(items: readonly T[], size: number, run: (slice: T[]) => Promise<void>) => {
    for (let start = 0; start < items.length; start += size) {
      const slice = items.slice(start, start + size);
      steps.push([slice.length, () => run(slice)]);
    }
  };
  if (ops.createTags.length > 0) steps.push([ops.createTags.length, () => recordCreatedTags(store, actor, ops.createTags, now)]);
  // One tag to many members per statement: only member ids travel.
  const byTag = new Map<string, string[]>();
  for (const [memberId, tagId] of ops.addTags) {
    const members = byTag.get(tagId);
    if (members === undefined) byTag.set(tagId, [memberId]);
    else members.push(memberId);
  }
  for (const [tagId, memberIds] of byTag) slices(memberIds, 50_000, (slice) => store.addTagToMembers(actor.orgId, tagId, slice));
  slices(ops.removeTags, 20_000, (slice) => store.removeMemberTags(actor.orgId, slice));
  for (const { patch, memberIds } of ops.patches.values()) {
    slices(memberIds, 20_000, (slice) => store.updateMembersBulk(actor.orgId, slice, { ...patch, updatedAt: now }));
  }
  if (ops.invitationRoleOf !== null) {
    const { roleId, memberIds } = ops.invitationRoleOf;
    steps.push([memberIds.length, () => store.setInvitationRoleOfMembers(actor.orgId, memberIds, roleId)]);
  }
  if (ops.revokeInvitationsOf.length > 0) {
    steps.push([ops.revokeInvitationsOf.length, () => store.revokeInvitationsOfMembers(actor.orgId, ops.revokeInvitationsOf, now)]);
  }
  slices(ops.insertGrants, 5_000, (slice) => store.insertGrants(slice));
  slices(ops.deleteGrants, 20_000, (slice) => store.deleteGrants(actor.orgId, slice.map((g) => g.id)));
  if (ops.insertGrants.length > 0 || ops.deleteGrants.length > 0) {
    // Access decisions about these members are stale: one message for the lot.
    steps.push([1, () => store.invalidate({ type: 'members_bulk', orgId: actor.orgId })]);
  }
  slices(ops.audit, 5_000, async (slice) => {
    for (const entry of slice) await store.appendAudit(entry);
  });
  for (const planMember of ops.resend) {
    steps.push([1, async () => {
      const invitation = await store.findInvitation(actor.orgId, planMember.member.invitationId!);
      const member = await store.findMember(actor.orgId, planMember.member.id);
      const role = planMember.role;
      if (invitation === undefined || member === undefined || role === null) fail(ErrorCodes.INVITATION_NOT_PENDING, { memberId: planMember.member.id });
      await sendInvitationAgain(store, deps, actor, invitation, member, role, now);
    }]);
  }
  for (const planMember of ops.erase) {
    steps.push([1, async () => {
      await store.eraseMember(actor.orgId, planMember.member.id, now);
      const userId = planMember.member.userId;
      if (userId !== null) {
        const remaining = (await store.listMembershipsOfUser(userId)).filter((m) => m.member.status !== 'removed');
        if (remaining.length === 0) {
          await store.eraseUser(userId, now);
          await store.deleteSessionsOfUser(userId);
        }
      }
    }]);
  }
  if (ops.endSessionsOf.length > 0) {
    steps.push([ops.endSessionsOf.length, () => store.endSessionsWithoutOtherAccessBulk(ops.endSessionsOf, actor.orgId)]);
  }
  const total = steps.reduce((sum, [weight]) => sum + weight, 0);
  let done = 0;
  for (const [weight, run] of steps) {
    await run();
    done += weight;
    await onProgress(done, total);
  }
}
