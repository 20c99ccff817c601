import { auditActor, reloadOrgActor } from '../actor';
import type { CoreDeps } from '../deps';
import { ErrorCodes, fail } from '../errors';
import type { OrgActor, Tag } from '../model';
import { assertMemberWithinRank, assertPermission, hasUnstorableText } from '../rules';
import type { MemberTagRef, Store } from '../store';
import { toMemberView, type MemberView } from '../views';

/** The longest tag name. */
export const MAX_TAG_LENGTH = 50;
/** The most tags one member carries. */
export const MAX_TAGS_PER_MEMBER = 50;

/** A tag as the API shows it. */
export interface TagView {
  id: string;
  name: string;
  memberCount: number;
  createdAt: string;
}

/** Tidies a tag name: trimmed, inner runs of spaces made one; refuses what cannot be a tag. */
export function cleanTagName(name: string): string {
  const clean = name.trim().replace(/\s+/g, ' ');
  if (clean === '' || [...clean].length > MAX_TAG_LENGTH || clean.includes(',') || hasUnstorableText(clean)) {
    fail(ErrorCodes.REQUEST_INVALID, { field: 'name', rule: 'A tag name has 1 to 50 characters and no commas.' });
  }
  return clean;
}

/** Tag names match regardless of case. */
export function tagKey(name: string): string {
  return name.toLowerCase();
}

/** The organization's tag catalogue with how many members carry each tag. */
export async function listTags(deps: CoreDeps, actor: OrgActor): Promise<TagView[]> {
  assertPermission(actor, 'members.read');
  const rows = await deps.db.read((store) => store.listTags(actor.orgId));
  return rows.map((t) => ({ id: t.id, name: t.name, memberCount: t.memberCount, createdAt: t.createdAt.toISOString() }));
}

async function tagView(store: Store, orgId: string, tagId: string): Promise<TagView> {
  const row = (await store.listTags(orgId)).find((t) => t.id === tagId);
  if (row === undefined) fail(ErrorCodes.TAG_NOT_FOUND, { tagId });
  return { id: row.id, name: row.name, memberCount: row.memberCount, createdAt: row.createdAt.toISOString() };
}

/** Adds a tag to the catalogue. */
export async function createTag(deps: CoreDeps, actorRef: OrgActor, name: string): Promise<TagView> {
  const now = deps.clock.now();
  const clean = cleanTagName(name);
  return deps.db.transaction(async (store) => {
    await store.lockOrganization(actorRef.orgId);
    const actor = await reloadOrgActor(store, actorRef);
    assertPermission(actor, 'tags.manage');
    const tag: Tag = { id: deps.secrets.newId('tag'), orgId: actor.orgId, name: clean, createdAt: now };
    await recordCreatedTags(store, actor, [tag], now);
    return { id: tag.id, name: tag.name, memberCount: 0, createdAt: now.toISOString() };
  });
}

/** Renames a tag; every member carrying it shows the new name. */
export async function renameTag(deps: CoreDeps, actorRef: OrgActor, tagId: string, name: string): Promise<TagView> {
  const now = deps.clock.now();
  const clean = cleanTagName(name);
  return deps.db.transaction(async (store) => {
    await store.lockOrganization(actorRef.orgId);
    const actor = await reloadOrgActor(store, actorRef);
    assertPermission(actor, 'tags.manage');
    const tag = await store.findTag(actor.orgId, tagId);
    if (tag === undefined) fail(ErrorCodes.TAG_NOT_FOUND, { tagId });
    if (tag.name !== clean) {
      await store.renameTag(actor.orgId, tagId, clean);
      await store.appendAudit({
        orgId: actor.orgId, ...auditActor(actor), action: 'tag.renamed', targetType: 'tag', targetId: tagId,
        targetMemberId: null, before: { name: tag.name }, after: { name: clean }, createdAt: now,
      });
    }
    return tagView(store, actor.orgId, tagId);
  });
}

/** Deletes a tag, which takes it off everyone. */
export async function deleteTag(deps: CoreDeps, actorRef: OrgActor, tagId: string): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction(async (store) => {
    await store.lockOrganization(actorRef.orgId);
    const actor = await reloadOrgActor(store, actorRef);
    assertPermission(actor, 'tags.manage');
    const view = await tagView(store, actor.orgId, tagId);
    await store.deleteTag(actor.orgId, tagId);
    await store.appendAudit({
      orgId: actor.orgId, ...auditActor(actor), action: 'tag.deleted', targetType: 'tag', targetId: tagId,
      targetMemberId: null, before: { name: view.name, memberCount: view.memberCount }, after: null, createdAt: now,
    });
  });
}

/**
 * Resolves tag names against the catalogue, matching regardless of case. Names it lacks are
 * created with `createMissing` (which needs tags.manage), refused with `tag.not_found` otherwise.
 */
export async function resolveTagNames(
  store: Store, deps: CoreDeps, actor: OrgActor, names: readonly string[], createMissing: boolean, now: Date,
): Promise<{ tags: Tag[]; created: Tag[] }> {
  const catalogue = new Map((await store.listTagCatalogue(actor.orgId)).map((t) => [tagKey(t.name), t]));
  const tags: Tag[] = [];
  const created: Tag[] = [];
  for (const raw of names) {
    const name = cleanTagName(raw);
    let tag = catalogue.get(tagKey(name));
    if (tag === undefined) {
      if (!createMissing) fail(ErrorCodes.TAG_NOT_FOUND, { name });
      assertPermission(actor, 'tags.manage');
      tag = { id: deps.secrets.newId('tag'), orgId: actor.orgId, name, createdAt: now };
      catalogue.set(tagKey(name), tag);
      created.push(tag);
    }
    if (!tags.includes(tag)) tags.push(tag);
  }
  return { tags, created };
}

/** Audits tags a change added to the catalogue. */
export async function recordCreatedTags(store: Store, actor: OrgActor, created: readonly Tag[], now: Date): Promise<void> {
  await store.insertTags(created);
  for (const tag of created) {
    await store.appendAudit({
      orgId: actor.orgId, ...auditActor(actor), action: 'tag.created', targetType: 'tag', targetId: tag.id,
      targetMemberId: null, before: null, after: { name: tag.name }, createdAt: now,
    });
  }
}

/** Sets a member's tags to exactly `names`. */
export async function setMemberTags(
  deps: CoreDeps, actorRef: OrgActor, memberId: string, input: { tags: string[]; createMissing?: boolean },
): Promise<MemberView> {
  const now = deps.clock.now();
  return deps.db.transaction(async (store) => {
    // Tag changes take the organization lock, as plans' applies do: an import never interleaves with them.
    await store.lockOrganization(actorRef.orgId);
    const actor = await reloadOrgActor(store, actorRef);
    assertPermission(actor, 'members.manage');
    const member = await store.lockMember(actor.orgId, memberId);
    if (member === undefined || member.status === 'removed') fail(ErrorCodes.MEMBER_NOT_FOUND, { memberId });
    const role = member.roleId === null ? null : (await store.findRole(actor.orgId, member.roleId)) ?? null;
    assertMemberWithinRank(actor, role, member.id);
    const { tags, created } = await resolveTagNames(store, deps, actor, input.tags, input.createMissing === true, now);
    if (tags.length > MAX_TAGS_PER_MEMBER) fail(ErrorCodes.IMPORT_TOO_MANY_TAGS, { maxTags: MAX_TAGS_PER_MEMBER });
    await recordCreatedTags(store, actor, created, now);
    const before = (await store.listTagsOfMembers(actor.orgId, [member.id])).get(member.id) ?? [];
    const wanted = new Set(tags.map((t) => t.id));
    const had = new Set(before.map((t) => t.id));
    const added = tags.filter((t) => !had.has(t.id));
    const removed = before.filter((t) => !wanted.has(t.id));
    if (added.length > 0 || removed.length > 0) {
      await store.addMemberTags(actor.orgId, added.map((t) => [member.id, t.id] as const));
      await store.removeMemberTags(actor.orgId, removed.map((t) => [member.id, t.id] as const));
      await store.appendAudit({
        orgId: actor.orgId, ...auditActor(actor), action: 'member.tags_changed', targetType: 'member', targetId: member.id,
        targetMemberId: member.id, before: { tags: before.map((t) => t.name) }, after: { tags: sortedNames(tags) }, createdAt: now,
      });
    }
    const after: MemberTagRef[] = tags.map((t) => ({ id: t.id, name: t.name })).sort(byTagName);
    return toMemberView(member, role === null ? new Map() : new Map([[role.id, role]]), now, after);
  });
}

/** Orders tags as the API lists them: by name regardless of case. */
export function byTagName(a: { name: string; id: string }, b: { name: string; id: string }): number {
  const ka = tagKey(a.name);
  const kb = tagKey(b.name);
  return ka < kb ? -1 : ka > kb ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function sortedNames(tags: ReadonlyArray<{ name: string; id: string }>): string[] {
  return [...tags].sort(byTagName).map((t) => t.name);
}
