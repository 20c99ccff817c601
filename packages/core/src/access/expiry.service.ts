import type { CoreDeps } from '../deps';
import { endSessionsWithoutOtherAccess } from '../member/member.service';
import { grantSnapshot } from './grant.service';

/** Most expiries one sweep records per kind; the next sweep takes the rest. */
const SWEEP_BATCH = 500;

/** What one sweep recorded. */
export interface SweepResult {
  grants: number;
  memberships: number;
}

/**
 * Records access that ended by itself. Decisions already deny expired grants and
 * memberships at the very moment they pass; this writes the audit entries, switches an
 * expired membership to deactivated and ends its sessions. Rows are claimed with
 * SKIP LOCKED, so any number of instances can sweep at once.
 */
export async function sweepExpiredAccess(deps: CoreDeps): Promise<SweepResult> {
  const now = deps.clock.now();
  return deps.db.transaction(async (store) => {
    const grants = await store.claimExpiredGrants(now, SWEEP_BATCH);
    for (const grant of grants) {
      await store.appendAudit({
        orgId: grant.orgId, actorMemberId: null, actorUserId: null, action: 'access.expired', targetType: 'grant',
        targetId: grant.id, targetMemberId: grant.memberId, before: grantSnapshot(grant), after: null, createdAt: now,
      });
      await store.invalidate({ type: 'member', orgId: grant.orgId, memberId: grant.memberId });
    }
    if (grants.length > 0) await store.markGrantExpiriesRecorded(grants.map((g) => g.id), now);

    const members = await store.claimExpiredMemberships(now, SWEEP_BATCH);
    for (const member of members) {
      await store.updateMember(member.orgId, member.id, { status: 'deactivated', updatedAt: now });
      await store.appendAudit({
        orgId: member.orgId, actorMemberId: null, actorUserId: null, action: 'member.access_expired', targetType: 'member',
        targetId: member.id, targetMemberId: member.id, before: { status: member.status, accessExpiresAt: member.accessExpiresAt?.toISOString() },
        after: { status: 'deactivated' }, createdAt: now,
      });
      if (member.userId !== null) {
        await endSessionsWithoutOtherAccess(store, member.userId, member.orgId);
        await store.invalidate({ type: 'user', userId: member.userId });
      }
    }
    return { grants: grants.length, memberships: members.length };
  });
}
