import { auditActor } from '../actor';
import type { CoreDeps } from '../deps';
import { ErrorCodes } from '../errors';
import type { OrgActor, Tag } from '../model';
import { hasUnstorableText, normalizeEmail } from '../rules';
import type { PlanMember, Store } from '../store';
import { MAX_TAG_LENGTH, MAX_TAGS_PER_MEMBER, byTagName, tagKey } from '../tag/tag.service';
import type { TagCsvRow } from './csv';
import {
  emptyOps, memberRow, noChanges, refusal, type ComputedPlan, type PlanRowView, type Refusal,
} from './plan';

/** What a tag import asks: the rows of the file and how to apply them. */
export interface TagImportInput {
  mode: 'add' | 'replace';
  unknownTags: 'create' | 'report';
  rows: TagCsvRow[];
}

// Deliberately plain: one @, something on each side, a dot in the domain, no spaces.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function tagProblem(tags: readonly string[]): Refusal | undefined {
  const bad = tags.find((tag) => (tag.length > MAX_TAG_LENGTH && [...tag].length > MAX_TAG_LENGTH) || hasUnstorableText(tag));
  if (bad !== undefined) {
    return refusal(ErrorCodes.IMPORT_INVALID_TAG, `The tag "${[...bad].slice(0, 60).join('')}…" is longer than 50 characters or holds characters that cannot be stored.`);
  }
  return undefined;
}

/**
 * Works out a tag import row by row: which members get which tags added or removed, and
 * which rows are refused and why. Nothing is written; `ops` holds the writes.
 */
export async function computeTagImport(
  store: Store, deps: CoreDeps, actor: OrgActor, input: TagImportInput, now: Date,
): Promise<ComputedPlan> {
  const catalogue = await store.listTagCatalogue(actor.orgId);
  const byKey = new Map(catalogue.map((t) => [tagKey(t.name), t]));
  const byId = new Map(catalogue.map((t) => [t.id, t]));
  const normalized = input.rows.map((row) => normalizeEmail(row.email));
  const valid = normalized.map((email) => EMAIL.test(email) && !hasUnstorableText(email));
  const emails = new Set(normalized.filter((_, i) => valid[i]));
  // Member rows are not locked: every path that changes what an import reads (tags, roles,
  // removal) takes the organization lock, which the apply holds.
  const members = await store.loadPlanMembers(actor.orgId, { emails: [...emails] }, false);
  const byEmail = new Map<string, PlanMember>();
  for (const planMember of members) if (planMember.member.email !== null) byEmail.set(planMember.member.email, planMember);

  const ops = emptyOps();
  const rows: PlanRowView[] = [];
  const firstLine = new Map<string, number>();
  const tagsToCreate = new Map<string, Tag>();
  const refuse = (index: number, row: TagCsvRow, reason: Refusal, planMember?: PlanMember): void => {
    if (planMember !== undefined) rows.push(memberRow(index, row.line, planMember, null, reason));
    else {
      rows.push({
        index, line: row.line, memberId: null, email: row.email === '' ? null : row.email, name: null, outcome: 'refused',
        changes: null, refusal: reason,
      });
    }
  };

  for (const [index, row] of input.rows.entries()) {
    const email = normalized[index]!;
    if (row.fieldCount > 2) {
      refuse(index, row, refusal(ErrorCodes.IMPORT_ROW_INVALID, `The row has ${row.fieldCount} fields; put the tags in quotes: "Data Science, Seattle".`));
      continue;
    }
    if (!valid[index]) {
      refuse(index, row, refusal(ErrorCodes.IMPORT_INVALID_EMAIL, row.email === '' ? 'The email is missing.' : undefined));
      continue;
    }
    const earlier = firstLine.get(email);
    if (earlier !== undefined) {
      refuse(index, row, refusal(ErrorCodes.IMPORT_DUPLICATE_ROW, `Line ${earlier} has the same email; only the first row counts.`));
      continue;
    }
    firstLine.set(email, row.line);
    const planMember = byEmail.get(email);
    if (planMember === undefined) {
      refuse(index, row, refusal(ErrorCodes.IMPORT_NOT_A_MEMBER));
      continue;
    }
    if (planMember.role !== null && planMember.role.rank > actor.role.rank) {
      refuse(index, row, refusal(ErrorCodes.MEMBER_ABOVE_ACTOR), planMember);
      continue;
    }
    const problem = tagProblem(row.tags);
    if (problem !== undefined) {
      refuse(index, row, problem, planMember);
      continue;
    }
    // The listed tags, once each regardless of case, the catalogue's spelling where it has one.
    const wanted = new Map<string, Tag | string>();
    for (const name of row.tags) {
      const key = tagKey(name);
      if (!wanted.has(key)) wanted.set(key, byKey.get(key) ?? tagsToCreate.get(key) ?? name.replace(/\s+/g, ' '));
    }
    const unknown = [...wanted.values()].filter((tag): tag is string => typeof tag === 'string');
    if (unknown.length > 0 && input.unknownTags === 'report') {
      refuse(index, row, refusal(ErrorCodes.IMPORT_UNKNOWN_TAG, `Not in the tag catalogue: ${unknown.join(', ')}.`), planMember);
      continue;
    }
    const current = new Set(planMember.tagIds);
    const target = new Set(wanted.keys());
    // The union is counted only when the sum could exceed the limit.
    const tooMany = input.mode === 'replace'
      ? target.size > MAX_TAGS_PER_MEMBER
      : planMember.tagIds.length + target.size > MAX_TAGS_PER_MEMBER
        && new Set([...target, ...planMember.tagIds.map((id) => tagKey(byId.get(id)?.name ?? id))]).size > MAX_TAGS_PER_MEMBER;
    if (tooMany) {
      refuse(index, row, refusal(ErrorCodes.IMPORT_TOO_MANY_TAGS), planMember);
      continue;
    }
    const changes = noChanges();
    const added: Tag[] = [];
    for (const [key, value] of wanted) {
      let tag: Tag;
      if (typeof value === 'string') {
        tag = tagsToCreate.get(key) ?? { id: deps.secrets.newId('tag'), orgId: actor.orgId, name: value, createdAt: now };
        tagsToCreate.set(key, tag);
        wanted.set(key, tag);
      } else tag = value;
      if (!current.has(tag.id)) added.push(tag);
    }
    const removed = input.mode === 'replace'
      ? planMember.tagIds.map((id) => byId.get(id)).filter((tag): tag is Tag => tag !== undefined && !target.has(tagKey(tag.name)))
      : [];
    changes.tagsAdded = added.sort(byTagName).map((t) => t.name);
    changes.tagsRemoved = removed.sort(byTagName).map((t) => t.name);
    for (const tag of added) ops.addTags.push([planMember.member.id, tag.id]);
    for (const tag of removed) ops.removeTags.push([planMember.member.id, tag.id]);
    if (added.length > 0 || removed.length > 0) {
      const before = planMember.tagIds.map((id) => byId.get(id)).filter((t): t is Tag => t !== undefined).sort(byTagName);
      const beforeNames = before.map((t) => t.name);
      const afterNames = input.mode === 'replace'
        ? [...wanted.values()].map((t) => (t as Tag).name)
        : [...beforeNames, ...added.map((t) => t.name)];
      ops.audit.push({
        orgId: actor.orgId, ...auditActor(actor), action: 'member.tags_changed', targetType: 'member',
        targetId: planMember.member.id, targetMemberId: planMember.member.id,
        before: { tags: beforeNames }, after: { tags: afterNames.sort((a, b) => (tagKey(a) < tagKey(b) ? -1 : 1)) }, createdAt: now,
      });
    }
    rows.push(memberRow(index, row.line, planMember, changes));
  }
  ops.createTags = [...tagsToCreate.values()];
  return { rows, ops };
}
