import { createHash } from 'node:crypto';
import type { ErrorDefinition } from '../errors';
import type { AccessGrant, AuditEntry, MemberStatus, Tag } from '../model';
import type { GrantRow, MemberBulkPatch, PlanMember } from '../store';
import type { RoleSummary } from '../views';

/** Where a member's status goes, including out of the organization. */
export type PlanStatus = MemberStatus | 'removed' | 'deleted';

/** A grant as a plan names it. */
export interface PlanGrantView {
  kind: AccessGrant['kind'];
  resourceType: string;
  resource: { id: string; externalId: string; name: string } | null;
  role: RoleSummary | null;
  expiresAt: string | null;
}

/** What a plan changes on one member. */
export interface PlanChangesView {
  tagsAdded: string[];
  tagsRemoved: string[];
  role: { from: RoleSummary | null; to: RoleSummary } | null;
  status: { from: MemberStatus; to: PlanStatus } | null;
  grantsAdded: PlanGrantView[];
  grantsRemoved: PlanGrantView[];
  invitationResent: boolean;
}

/** One row of a plan. */
export interface PlanRowView {
  index: number;
  line: number | null;
  memberId: string | null;
  email: string | null;
  name: string | null;
  outcome: 'change' | 'unchanged' | 'refused';
  changes: PlanChangesView | null;
  refusal: { code: string; message: string } | null;
}

/** Counts of a plan. */
export interface PlanSummaryView {
  rows: number;
  changes: number;
  unchanged: number;
  refused: number;
  tagsToCreate: string[];
  refusalsByCode: Record<string, number>;
}

/** The writes a plan makes, gathered while it is computed and run together when it is applied. */
export interface PlanOps {
  createTags: Tag[];
  addTags: Array<readonly [string, string]>;
  removeTags: Array<readonly [string, string]>;
  /** Member patches, grouped so each group is one statement. */
  patches: Map<string, { patch: Omit<MemberBulkPatch, 'updatedAt'>; memberIds: string[] }>;
  revokeInvitationsOf: string[];
  invitationRoleOf: { roleId: string; memberIds: string[] } | null;
  endSessionsOf: string[];
  erase: PlanMember[];
  resend: PlanMember[];
  insertGrants: AccessGrant[];
  deleteGrants: GrantRow[];
  audit: Array<Omit<AuditEntry, 'id'>>;
}

/** A computed plan: the rows people see and the writes that make them true. */
export interface ComputedPlan {
  rows: PlanRowView[];
  ops: PlanOps;
}

/** Empty writes. */
export function emptyOps(): PlanOps {
  return {
    createTags: [], addTags: [], removeTags: [], patches: new Map(), revokeInvitationsOf: [], invitationRoleOf: null,
    endSessionsOf: [], erase: [], resend: [], insertGrants: [], deleteGrants: [], audit: [],
  };
}

/** Adds a member to the patch group of `patch`. */
export function addPatch(ops: PlanOps, memberId: string, patch: Omit<MemberBulkPatch, 'updatedAt'>): void {
  const key = JSON.stringify(patch);
  const group = ops.patches.get(key);
  if (group === undefined) ops.patches.set(key, { patch, memberIds: [memberId] });
  else group.memberIds.push(memberId);
}

/** No changes yet. */
export function noChanges(): PlanChangesView {
  return {
    tagsAdded: [], tagsRemoved: [], role: null, status: null, grantsAdded: [], grantsRemoved: [], invitationResent: false,
  };
}

/** True when `changes` changes something. */
export function changesSomething(changes: PlanChangesView): boolean {
  return changes.tagsAdded.length > 0 || changes.tagsRemoved.length > 0 || changes.role !== null || changes.status !== null
    || changes.grantsAdded.length > 0 || changes.grantsRemoved.length > 0 || changes.invitationResent;
}

/** How a member is named in a plan row. */
export function memberIdentity(member: PlanMember['member']): { email: string | null; name: string | null } {
  const name = [member.firstName, member.lastName].filter((part) => part !== null && part !== '').join(' ');
  return { email: member.email, name: name === '' ? null : name };
}

/** A plan row about a member. */
export function memberRow(
  index: number, line: number | null, planMember: PlanMember, changes: PlanChangesView | null, refusal?: Refusal,
): PlanRowView {
  const { email, name } = memberIdentity(planMember.member);
  if (refusal !== undefined) {
    return { index, line, memberId: planMember.member.id, email, name, outcome: 'refused', changes: null, refusal };
  }
  const changed = changes !== null && changesSomething(changes);
  return {
    index, line, memberId: planMember.member.id, email, name, outcome: changed ? 'change' : 'unchanged',
    changes: changed ? changes : null, refusal: null,
  };
}

/** Why a row is refused: a registry code and a sentence for people. */
export interface Refusal {
  code: string;
  message: string;
}

/** A refusal with the registry's message, or a more precise one. */
export function refusal(definition: ErrorDefinition, message?: string): Refusal {
  return { code: definition.code, message: message ?? definition.message };
}

/**
 * A digest of what a plan does, row by row: the members, outcomes, changes and refusal
 * codes. Names and emails are left out — renaming someone does not change the plan.
 */
export function planDigest(rows: readonly PlanRowView[], tagsToCreate: readonly string[]): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(tagsToCreate));
  for (const row of rows) {
    hash.update(JSON.stringify([row.index, row.line, row.memberId, row.outcome, row.changes, row.refusal?.code ?? null]));
    hash.update('\n');
  }
  return hash.digest('base64url');
}

/** Counts rows by outcome and refusals by code. */
export function summarize(rows: readonly PlanRowView[], tagsToCreate: readonly string[]): PlanSummaryView {
  const summary: PlanSummaryView = {
    rows: rows.length, changes: 0, unchanged: 0, refused: 0, tagsToCreate: [...tagsToCreate], refusalsByCode: {},
  };
  for (const row of rows) {
    if (row.outcome === 'change') summary.changes++;
    else if (row.outcome === 'unchanged') summary.unchanged++;
    else {
      summary.refused++;
      const code = row.refusal?.code ?? 'unknown';
      summary.refusalsByCode[code] = (summary.refusalsByCode[code] ?? 0) + 1;
    }
  }
  return summary;
}
