import { auditActor, reloadOrgActor } from '../actor';
import type { CoreDeps } from '../deps';
import { ErrorCodes, fail } from '../errors';
import type { MemberKind, MemberStatus, OrgActor, Plan, PlanAction } from '../model';
import { assertPermission } from '../rules';
import type { PlanMember, PlanPage, Store } from '../store';
import { computeBulkAction, executeOps, type BulkAction } from './bulk-actions';
import { parseTagCsv, type TagCsvRow } from './csv';
import { computeTagImport } from './import-tags';
import { planDigest, summarize, type ComputedPlan, type PlanRowView, type PlanSummaryView } from './plan';

/** How long a preview can be applied. */
export const PLAN_TTL_MS = 60 * 60 * 1000;
/** Rows a plan answer carries; the rest are paged. */
export const PLAN_FIRST_ROWS = 500;
/** The largest page of plan rows, and how many rows a stored page holds. */
export const MAX_PLAN_ROWS_PAGE = 1000;
const STORED_PAGE = 1000;

/** Which members: the members table's filters. */
export interface MemberFilterInput {
  status?: MemberStatus;
  roleId?: string;
  kind?: MemberKind;
  tagId?: string;
  q?: string;
}

/** A bulk action on members picked one by one (`memberIds`) or by a filter, one of the two. */
export type BulkActionRequest = BulkAction & { memberIds?: string[]; filter?: MemberFilterInput };

/** What a plan was asked, kept to compute it again when it is applied. */
type PlanInput =
  | { kind: 'import'; mode: 'add' | 'replace'; unknownTags: 'create' | 'report'; rows: TagCsvRow[] }
  | { kind: 'bulk'; action: BulkAction; memberIds: string[] };

/** A plan as the API shows it. */
export interface PlanView {
  id: string;
  action: PlanAction;
  state: 'previewed' | 'applied';
  createdAt: string;
  expiresAt: string;
  appliedAt: string | null;
  summary: PlanSummaryView;
  rows: PlanRowView[];
  nextOffset: number | null;
}

/** The answer of applying a plan. */
export interface AppliedPlanView {
  plan: Omit<PlanView, 'rows' | 'nextOffset'>;
  changed: number;
  tagsCreated: string[];
}

async function compute(
  store: Store, deps: CoreDeps, actor: OrgActor, input: PlanInput, now: Date, lock: boolean,
): Promise<ComputedPlan> {
  if (input.kind === 'import') {
    assertPermission(actor, 'members.manage');
    const computed = await computeTagImport(store, deps, actor, input, now);
    if (computed.ops.createTags.length > 0) assertPermission(actor, 'tags.manage');
    return computed;
  }
  return computeBulkAction(store, deps, actor, input.action, input.memberIds, now, lock);
}

function view(plan: Plan, rows: PlanRowView[], total: number): PlanView {
  return {
    ...header(plan), rows: rows.slice(0, PLAN_FIRST_ROWS), nextOffset: total > PLAN_FIRST_ROWS ? PLAN_FIRST_ROWS : null,
  };
}

/** The rows in stored pages: all of them in order, and each outcome's on its own. Each row is serialized once. */
function paginate(rows: readonly PlanRowView[]): PlanPage[] {
  const json = rows.map((row) => JSON.stringify(row));
  const pages: PlanPage[] = [];
  const add = (outcome: PlanPage['outcome'], list: readonly string[]) => {
    for (let start = 0; start < list.length; start += STORED_PAGE) {
      pages.push({ outcome, page: start / STORED_PAGE, rows: `[${list.slice(start, start + STORED_PAGE).join(',')}]` });
    }
  };
  add('all', json);
  for (const outcome of ['change', 'unchanged', 'refused'] as const) add(outcome, json.filter((_, i) => rows[i]!.outcome === outcome));
  return pages;
}

/** How many rows of an outcome (or all) a plan has, from its counts. */
function countOf(summary: PlanSummaryView, outcome: PlanPage['outcome']): number {
  return outcome === 'all' ? summary.rows : outcome === 'change' ? summary.changes : outcome === 'unchanged' ? summary.unchanged : summary.refused;
}

async function readRows(store: Store, plan: Plan, outcome: PlanPage['outcome'], offset: number, limit: number): Promise<PlanRowView[]> {
  if (limit <= 0) return [];
  const first = Math.floor(offset / STORED_PAGE);
  const last = Math.floor((offset + limit - 1) / STORED_PAGE);
  const pages = await store.readPlanPages(plan.orgId, plan.id, outcome, first, last);
  const rows = pages.flatMap((page) => JSON.parse(page) as PlanRowView[]);
  const start = offset - first * STORED_PAGE;
  return rows.slice(start, start + limit);
}

function header(plan: Plan): Omit<PlanView, 'rows' | 'nextOffset'> {
  return {
    id: plan.id, action: plan.action, state: plan.appliedAt === null ? 'previewed' : 'applied',
    createdAt: plan.createdAt.toISOString(), expiresAt: plan.expiresAt.toISOString(), appliedAt: plan.appliedAt?.toISOString() ?? null,
    summary: JSON.parse(plan.summary) as PlanSummaryView,
  };
}

async function storePlan(
  store: Store, deps: CoreDeps, actor: OrgActor, action: PlanAction, input: PlanInput, computed: ComputedPlan, now: Date,
): Promise<PlanView> {
  const tagNames = computed.ops.createTags.map((t) => t.name);
  const plan: Plan = {
    id: deps.secrets.newId('plan'), orgId: actor.orgId, action, createdByMemberId: actor.memberId,
    createdByTokenId: actor.tokenId ?? null, input: JSON.stringify(input),
    summary: JSON.stringify(summarize(computed.rows, tagNames)), digest: planDigest(computed.rows, tagNames),
    createdAt: now, expiresAt: new Date(now.getTime() + PLAN_TTL_MS), appliedAt: null,
  };
  await store.insertPlan(plan, paginate(computed.rows));
  return view(plan, computed.rows, computed.rows.length);
}

/**
 * Previews a tag import from an `email,tags` CSV file: per row, the tags each member gains
 * or loses, and the rows refused and why. Nothing changes until the plan is applied.
 */
export async function previewTagImport(
  deps: CoreDeps, actorRef: OrgActor, file: Uint8Array, options: { mode?: 'add' | 'replace'; unknownTags?: 'create' | 'report' },
): Promise<PlanView> {
  assertPermission(actorRef, 'members.manage');
  const rows = parseTagCsv(file);
  const input: PlanInput = { kind: 'import', mode: options.mode ?? 'add', unknownTags: options.unknownTags ?? 'report', rows };
  const now = deps.clock.now();
  return deps.db.transaction(async (store) => {
    const actor = await reloadOrgActor(store, actorRef);
    const computed = await compute(store, deps, actor, input, now, false);
    return storePlan(store, deps, actor, 'import_tags', input, computed, now);
  });
}

function displayKey(planMember: PlanMember): string {
  const { firstName, lastName, email } = planMember.member;
  const name = `${firstName ?? ''} ${lastName ?? ''}`.trim();
  return (name === '' ? email ?? '' : name).toLowerCase();
}

/**
 * Previews a bulk action on members picked one by one or "all matching this filter" (the
 * filter is resolved now: the plan names the members it found).
 */
export async function previewBulkAction(deps: CoreDeps, actorRef: OrgActor, request: BulkActionRequest): Promise<PlanView> {
  const { memberIds, filter, ...action } = request;
  if ((memberIds === undefined) === (filter === undefined)) fail(ErrorCodes.BULK_SELECTION_INVALID);
  const now = deps.clock.now();
  return deps.db.transaction(async (store) => {
    const actor = await reloadOrgActor(store, actorRef);
    let ids: string[];
    if (memberIds !== undefined) {
      ids = [...new Set(memberIds)];
    } else {
      const q = filter!.q?.trim().toLowerCase();
      const found = await store.loadPlanMembers(actor.orgId, { filter: { ...filter, q: q === '' ? undefined : q }, now }, false);
      // People read a long list by name.
      ids = found.map((m) => [displayKey(m), m.member.id] as const)
        .sort(([a, ia], [b, ib]) => (a < b ? -1 : a > b ? 1 : ia < ib ? -1 : 1)).map(([, id]) => id);
    }
    if (ids.length === 0) fail(ErrorCodes.BULK_NOTHING_SELECTED);
    const input: PlanInput = { kind: 'bulk', action: action as BulkAction, memberIds: ids };
    const computed = await compute(store, deps, actor, input, now, false);
    return storePlan(store, deps, actor, action.action, input, computed, now);
  });
}

async function findOwnPlan(store: Store, actor: OrgActor, planId: string, lock: boolean): Promise<Plan> {
  const plan = await store.findPlan(actor.orgId, planId, lock);
  // A plan is its author's: another member (or another token) cannot read or apply it.
  if (plan === undefined || plan.createdByMemberId !== actor.memberId || plan.createdByTokenId !== (actor.tokenId ?? null)) {
    fail(ErrorCodes.PLAN_NOT_FOUND, { planId });
  }
  return plan;
}

/** A plan with its first rows. */
export async function getPlan(deps: CoreDeps, actor: OrgActor, planId: string): Promise<PlanView> {
  return deps.db.read(async (store) => {
    const plan = await findOwnPlan(store, actor, planId, false);
    const summary = JSON.parse(plan.summary) as PlanSummaryView;
    return view(plan, await readRows(store, plan, 'all', 0, PLAN_FIRST_ROWS), summary.rows);
  });
}

/** A page of a plan's rows, optionally only those with one outcome. */
export async function listPlanRows(
  deps: CoreDeps, actor: OrgActor, planId: string, query: { offset?: number; limit?: number; outcome?: PlanRowView['outcome'] },
): Promise<{ items: PlanRowView[]; nextOffset: number | null }> {
  return deps.db.read(async (store) => {
    const plan = await findOwnPlan(store, actor, planId, false);
    const outcome = query.outcome ?? 'all';
    const total = countOf(JSON.parse(plan.summary) as PlanSummaryView, outcome);
    const offset = query.offset ?? 0;
    const limit = Math.min(query.limit ?? PLAN_FIRST_ROWS, MAX_PLAN_ROWS_PAGE);
    const items = offset >= total ? [] : await readRows(store, plan, outcome, offset, Math.min(limit, total - offset));
    return { items, nextOffset: offset + limit < total ? offset + limit : null };
  });
}

/**
 * Applies a previewed plan in one transaction: computes it again with the members locked,
 * refuses with `plan.stale` when the result differs from the preview in any row, and
 * otherwise writes exactly the previewed changes — all of them or, on any failure, none.
 */
export async function applyPlan(
  deps: CoreDeps, actorRef: OrgActor, planId: string,
  onProgress: (done: number, total: number) => void | Promise<void> = () => undefined,
): Promise<AppliedPlanView> {
  const now = deps.clock.now();
  return deps.db.transaction(async (store) => {
    // The organization lock serialises this with every owner-changing path and other applies.
    await store.lockOrganization(actorRef.orgId);
    const actor = await reloadOrgActor(store, actorRef);
    const plan = await findOwnPlan(store, actor, planId, true);
    if (plan.appliedAt !== null) fail(ErrorCodes.PLAN_ALREADY_APPLIED, { planId });
    if (plan.expiresAt <= now) fail(ErrorCodes.PLAN_EXPIRED, { planId });
    const input = JSON.parse(plan.input) as PlanInput;
    const computed = await compute(store, deps, actor, input, now, true);
    const tagNames = computed.ops.createTags.map((t) => t.name);
    if (planDigest(computed.rows, tagNames) !== plan.digest) {
      const previewed = await readRows(store, plan, 'all', 0, countOf(JSON.parse(plan.summary) as PlanSummaryView, 'all'));
      const differing = computed.rows.filter((row, i) => JSON.stringify(row.changes) !== JSON.stringify(previewed[i]?.changes)
        || row.outcome !== previewed[i]?.outcome).length + Math.abs(previewed.length - computed.rows.length);
      fail(ErrorCodes.PLAN_STALE, { planId, differingRows: differing });
    }
    const summary = summarize(computed.rows, tagNames);
    // Progress counts members, whatever number of writes each one takes.
    await executeOps(store, deps, actor, computed.ops, now, (done, total) => onProgress(
      total === 0 ? summary.changes : Math.round((done / total) * summary.changes), summary.changes,
    ));
    await store.markPlanApplied(actor.orgId, plan.id, now);
    await store.appendAudit({
      orgId: actor.orgId, ...auditActor(actor), action: 'plan.applied', targetType: 'plan', targetId: plan.id, targetMemberId: null,
      before: null, after: { action: plan.action, changes: summary.changes, refused: summary.refused, tagsCreated: tagNames }, createdAt: now,
    });
    return { plan: header({ ...plan, appliedAt: now }), changed: summary.changes, tagsCreated: tagNames };
  });
}
