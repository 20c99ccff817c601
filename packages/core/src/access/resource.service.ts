import { auditActor, reloadOrgActor } from '../actor';
import type { CoreDeps } from '../deps';
import { ErrorCodes, fail } from '../errors';
import type { OrgActor, Resource, ResourceType } from '../model';
import { assertPermission, hasUnstorableText } from '../rules';
import type { Store } from '../store';
import { MAX_RESOURCE_DEPTH } from './decide';
import { resolveResourceRef, type ResourceRef } from './grant.service';

/** A resource type as the API shows it. */
export interface ResourceTypeView {
  id: string;
  key: string;
  name: string;
  resourceCount: number;
  createdAt: string;
}

/** A resource as the API shows it. */
export interface ResourceView {
  id: string;
  type: string;
  externalId: string;
  name: string;
  parentId: string | null;
  createdAt: string;
  updatedAt: string;
}

function toResourceView(resource: Resource, typeKey: string): ResourceView {
  return {
    id: resource.id, type: typeKey, externalId: resource.externalId, name: resource.name, parentId: resource.parentId,
    createdAt: resource.createdAt.toISOString(), updatedAt: resource.updatedAt.toISOString(),
  };
}

function assertStorable(...values: Array<string | undefined>): void {
  for (const value of values) if (value !== undefined && hasUnstorableText(value)) fail(ErrorCodes.REQUEST_INVALID);
}

async function typeByKey(store: Store, orgId: string, key: string): Promise<ResourceType> {
  const type = await store.findResourceTypeByKey(orgId, key);
  if (type === undefined) fail(ErrorCodes.RESOURCE_TYPE_NOT_FOUND, { resourceType: key });
  return type;
}

async function typeKeyOf(store: Store, orgId: string, typeId: string): Promise<string> {
  const types = await store.listResourceTypes(orgId);
  return types.find((t) => t.id === typeId)?.key ?? '';
}

/** The organization's resource types, with how many resources each has. */
export async function listResourceTypes(deps: CoreDeps, actor: OrgActor): Promise<ResourceTypeView[]> {
  assertPermission(actor, 'organization.read');
  const rows = await deps.db.read((store) => store.listResourceTypes(actor.orgId));
  return rows.map((t) => ({ id: t.id, key: t.key, name: t.name, resourceCount: t.resourceCount, createdAt: t.createdAt.toISOString() }));
}

/** Registers a kind of resource: queue, site, project, space… */
export async function createResourceType(deps: CoreDeps, actorRef: OrgActor, input: { key: string; name: string }): Promise<ResourceTypeView> {
  assertStorable(input.name);
  const now = deps.clock.now();
  return deps.db.transaction(async (store) => {
    const actor = await reloadOrgActor(store, actorRef);
    assertPermission(actor, 'resources.manage');
    const type: ResourceType = { id: deps.secrets.newId('rty'), orgId: actor.orgId, key: input.key, name: input.name, createdAt: now };
    await store.insertResourceType(type);
    await store.appendAudit({
      orgId: actor.orgId, ...auditActor(actor), action: 'resource_type.created', targetType: 'resource_type', targetId: type.id,
      targetMemberId: null, before: null, after: { key: type.key, name: type.name }, createdAt: now,
    });
    await store.invalidate({ type: 'resources', orgId: actor.orgId });
    return { id: type.id, key: type.key, name: type.name, resourceCount: 0, createdAt: now.toISOString() };
  });
}

/** Renames a resource type; its key, which the product uses, stays. */
export async function updateResourceType(deps: CoreDeps, actorRef: OrgActor, key: string, input: { name: string }): Promise<ResourceTypeView> {
  assertStorable(input.name);
  const now = deps.clock.now();
  return deps.db.transaction(async (store) => {
    const actor = await reloadOrgActor(store, actorRef);
    assertPermission(actor, 'resources.manage');
    const type = await typeByKey(store, actor.orgId, key);
    await store.updateResourceType(actor.orgId, type.id, { name: input.name });
    await store.appendAudit({
      orgId: actor.orgId, ...auditActor(actor), action: 'resource_type.updated', targetType: 'resource_type', targetId: type.id,
      targetMemberId: null, before: { name: type.name }, after: { name: input.name }, createdAt: now,
    });
    await store.invalidate({ type: 'resources', orgId: actor.orgId });
    const row = (await store.listResourceTypes(actor.orgId)).find((t) => t.id === type.id)!;
    return { id: row.id, key: row.key, name: row.name, resourceCount: row.resourceCount, createdAt: row.createdAt.toISOString() };
  });
}

/** Deletes a resource type that has no resources left; grants on "all of the type" go with it. */
export async function deleteResourceType(deps: CoreDeps, actorRef: OrgActor, key: string): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction(async (store) => {
    const actor = await reloadOrgActor(store, actorRef);
    assertPermission(actor, 'resources.manage');
    const type = await typeByKey(store, actor.orgId, key);
    const row = (await store.listResourceTypes(actor.orgId)).find((t) => t.id === type.id);
    if (row !== undefined && row.resourceCount > 0) fail(ErrorCodes.RESOURCE_TYPE_IN_USE, { resourceCount: row.resourceCount });
    await store.deleteResourceType(actor.orgId, type.id);
    await store.appendAudit({
      orgId: actor.orgId, ...auditActor(actor), action: 'resource_type.deleted', targetType: 'resource_type', targetId: type.id,
      targetMemberId: null, before: { key: type.key, name: type.name }, after: null, createdAt: now,
    });
    // Grants on the type went with it; cached ones name a type no resource has any more.
    await store.invalidate({ type: 'resources', orgId: actor.orgId });
  });
}

/** Filters and position of a resources list. */
export interface ListResourcesInput {
  type?: string;
  parentId?: string;
  q?: string;
  limit?: number;
  cursor?: string;
}

function encodeCursor(resource: Resource): string {
  return Buffer.from(JSON.stringify({ n: resource.name.toLowerCase(), i: resource.id })).toString('base64url');
}

function decodeCursor(cursor: string): { value: string; id: string } {
  try {
    const p = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { n?: unknown; i?: unknown };
    if (typeof p.n === 'string' && typeof p.i === 'string' && p.i.length <= 64 && p.n.length <= 400
      && !hasUnstorableText(p.n) && !hasUnstorableText(p.i)) {
      return { value: p.n, id: p.i };
    }
  } catch {
    // fall through
  }
  fail(ErrorCodes.REQUEST_INVALID_CURSOR);
}

/** The organization's resources, by name, in keyset pages. */
export async function listResources(deps: CoreDeps, actor: OrgActor, input: ListResourcesInput): Promise<{ items: ResourceView[]; nextCursor: string | null }> {
  assertPermission(actor, 'organization.read');
  const limit = Math.min(input.limit ?? 50, 200);
  const after = input.cursor === undefined ? undefined : decodeCursor(input.cursor);
  if (input.q !== undefined) assertStorable(input.q);
  return deps.db.read(async (store) => {
    const types = await store.listResourceTypes(actor.orgId);
    let typeId: string | undefined;
    if (input.type !== undefined) {
      typeId = types.find((t) => t.key === input.type)?.id;
      if (typeId === undefined) fail(ErrorCodes.RESOURCE_TYPE_NOT_FOUND, { resourceType: input.type });
    }
    const q = input.q?.trim().toLowerCase();
    const rows = await store.listResources({
      orgId: actor.orgId, typeId, parentId: input.parentId, q: q === '' ? undefined : q, limit: limit + 1, after,
    });
    const keys = new Map(types.map((t) => [t.id, t.key]));
    const page = rows.slice(0, limit);
    return {
      items: page.map((r) => toResourceView(r, keys.get(r.typeId) ?? '')),
      nextCursor: rows.length > limit ? encodeCursor(page.at(-1)!) : null,
    };
  });
}

/** One resource. */
export async function getResource(deps: CoreDeps, actor: OrgActor, resourceId: string): Promise<ResourceView> {
  assertPermission(actor, 'organization.read');
  return deps.db.read(async (store) => {
    const resource = await store.findResource(actor.orgId, resourceId);
    if (resource === undefined) fail(ErrorCodes.RESOURCE_NOT_FOUND, { resourceId });
    return toResourceView(resource, await typeKeyOf(store, actor.orgId, resource.typeId));
  });
}

/**
 * Checks that `resourceId` may sit inside `parent`: same organization, no cycle (the parent
 * is not the resource or nested in it), and the tree stays within MAX_RESOURCE_DEPTH.
 */
async function checkParent(store: Store, orgId: string, resourceId: string | null, parent: Resource): Promise<void> {
  const ancestors = await store.listAncestorIds(orgId, parent.id, MAX_RESOURCE_DEPTH + 1);
  if (resourceId !== null && (parent.id === resourceId || ancestors.includes(resourceId))) {
    fail(ErrorCodes.RESOURCE_CYCLE, { parentId: parent.id });
  }
  const below = resourceId === null ? 0 : await store.subtreeHeight(orgId, resourceId, MAX_RESOURCE_DEPTH + 1);
  // Levels: the parent's ancestors, the parent, the resource, and what hangs below it.
  if (ancestors.length + 2 + below > MAX_RESOURCE_DEPTH) fail(ErrorCodes.RESOURCE_TOO_DEEP);
}

async function resolveParent(store: Store, orgId: string, ref: ResourceRef | null | undefined): Promise<Resource | null | undefined> {
  if (ref === undefined || ref === null) return ref;
  return resolveResourceRef(store, orgId, ref, true);
}

async function auditResource(store: Store, actor: OrgActor, action: string, id: string, before: Resource | null, after: Resource | null, now: Date) {
  const snap = (r: Resource | null) => (r === null ? null : { typeId: r.typeId, externalId: r.externalId, name: r.name, parentId: r.parentId });
  await store.appendAudit({
    orgId: actor.orgId, ...auditActor(actor), action, targetType: 'resource', targetId: id, targetMemberId: null,
    before: snap(before), after: snap(after), createdAt: now,
  });
}

/** Input of creating or syncing a resource. */
export interface ResourceInput {
  type: string;
  externalId: string;
  name: string;
  parent?: ResourceRef | null;
}

/** Registers a resource; its external id must be new for its type. */
export async function createResource(deps: CoreDeps, actorRef: OrgActor, input: ResourceInput): Promise<ResourceView> {
  const { view, created } = await upsert(deps, actorRef, input, false);
  if (!created) fail(ErrorCodes.RESOURCE_EXTERNAL_ID_TAKEN, { resourceType: input.type, externalId: input.externalId });
  return view;
}

/** Creates or updates the resource with this type and external id: the product's idempotent sync. */
export async function upsertResource(deps: CoreDeps, actorRef: OrgActor, input: ResourceInput): Promise<{ view: ResourceView; created: boolean }> {
  return upsert(deps, actorRef, input, true);
}

async function upsert(deps: CoreDeps, actorRef: OrgActor, input: ResourceInput, update: boolean): Promise<{ view: ResourceView; created: boolean }> {
  assertStorable(input.name, input.externalId);
  const now = deps.clock.now();
  return deps.db.transaction(async (store) => {
    const actor = await reloadOrgActor(store, actorRef);
    assertPermission(actor, 'resources.manage');
    const type = await typeByKey(store, actor.orgId, input.type);
    const parent = await resolveParent(store, actor.orgId, input.parent);
    const existing = await store.findResourceByExternalId(actor.orgId, type.id, input.externalId, true);
    if (existing === undefined) {
      const resource: Resource = {
        id: deps.secrets.newId('res'), orgId: actor.orgId, typeId: type.id, externalId: input.externalId, name: input.name,
        parentId: parent?.id ?? null, createdAt: now, updatedAt: now,
      };
      if (parent) await checkParent(store, actor.orgId, null, parent);
      if (await store.insertResourceIfAbsent(resource)) {
        await auditResource(store, actor, 'resource.created', resource.id, null, resource, now);
        await store.invalidate({ type: 'resources', orgId: actor.orgId });
        return { view: toResourceView(resource, type.key), created: true };
      }
      // Another request created it between our read and our insert: treat it as existing.
      const raced = await store.findResourceByExternalId(actor.orgId, type.id, input.externalId, true);
      if (raced === undefined) fail(ErrorCodes.RESOURCE_EXTERNAL_ID_TAKEN);
      return update ? applyUpdate(store, actor, raced, type.key, { name: input.name, parent }, now) : { view: toResourceView(raced, type.key), created: false };
    }
    if (!update) return { view: toResourceView(existing, type.key), created: false };
    return applyUpdate(store, actor, existing, type.key, { name: input.name, parent }, now);
  });
}

async function applyUpdate(
  store: Store, actor: OrgActor, resource: Resource, typeKey: string,
  change: { name?: string; parent?: Resource | null }, now: Date,
): Promise<{ view: ResourceView; created: boolean }> {
  const next: Resource = { ...resource };
  if (change.name !== undefined) next.name = change.name;
  if (change.parent !== undefined) {
    if (change.parent !== null && change.parent.id !== resource.parentId) await checkParent(store, actor.orgId, resource.id, change.parent);
    next.parentId = change.parent?.id ?? null;
  }
  if (next.name === resource.name && next.parentId === resource.parentId) return { view: toResourceView(resource, typeKey), created: false };
  next.updatedAt = now;
  await store.updateResource(actor.orgId, resource.id, { name: next.name, parentId: next.parentId, updatedAt: now });
  await auditResource(store, actor, 'resource.updated', resource.id, resource, next, now);
  await store.invalidate({ type: 'resources', orgId: actor.orgId });
  return { view: toResourceView(next, typeKey), created: false };
}

/** Renames a resource or moves it in or out of a parent. */
export async function updateResource(
  deps: CoreDeps, actorRef: OrgActor, resourceId: string, input: { name?: string; parent?: ResourceRef | null },
): Promise<ResourceView> {
  assertStorable(input.name);
  const now = deps.clock.now();
  return deps.db.transaction(async (store) => {
    const actor = await reloadOrgActor(store, actorRef);
    assertPermission(actor, 'resources.manage');
    const resource = await store.findResource(actor.orgId, resourceId);
    if (resource === undefined) fail(ErrorCodes.RESOURCE_NOT_FOUND, { resourceId });
    const parent = await resolveParent(store, actor.orgId, input.parent);
    const typeKey = await typeKeyOf(store, actor.orgId, resource.typeId);
    return (await applyUpdate(store, actor, resource, typeKey, { name: input.name, parent }, now)).view;
  });
}

/** Deletes a resource: grants on it go, resources inside it move to the top level. */
export async function deleteResource(deps: CoreDeps, actorRef: OrgActor, resourceId: string): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction(async (store) => {
    const actor = await reloadOrgActor(store, actorRef);
    assertPermission(actor, 'resources.manage');
    const resource = await store.findResource(actor.orgId, resourceId);
    if (resource === undefined) fail(ErrorCodes.RESOURCE_NOT_FOUND, { resourceId });
    await store.deleteResource(actor.orgId, resourceId);
    await auditResource(store, actor, 'resource.deleted', resourceId, resource, null, now);
    // Grants on it went with it; cached ones name a resource decisions no longer find.
    await store.invalidate({ type: 'resources', orgId: actor.orgId });
  });
}
