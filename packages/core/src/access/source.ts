import type { Role } from '../model';
import type { Store } from '../store';
import { externalKey, type AccessMember, type ResourceIndex, type ResourceNode, type ResourceTypeNode } from './decide';

/** A member named by Roster's member id or by the user's id. */
export type MemberRef = { memberId: string } | { userId: string };

/**
 * Where decisions read roles, resources and members from: in the HTTP server, an in-memory
 * cache that every instance invalidates on commit.
 */
export interface AccessSource {
  roles(orgId: string): Promise<ReadonlyMap<string, Role>>;
  resources(orgId: string): Promise<ResourceIndex>;
  /** The members, in the order asked; undefined where there is no current member. */
  members(orgId: string, refs: readonly MemberRef[]): Promise<Array<AccessMember | undefined>>;
}

/** Builds the decision index from an organization's resource types and resources. */
export function buildResourceIndex(loaded: Awaited<ReturnType<Store['loadResourceIndex']>>): ResourceIndex {
  const types = new Map<string, ResourceTypeNode>();
  const typeIdByKey = new Map<string, string>();
  for (const type of loaded.types) {
    types.set(type.id, { id: type.id, key: type.key, name: type.name });
    typeIdByKey.set(type.key, type.id);
  }
  const byId = new Map<string, ResourceNode>();
  const byExternalId = new Map<string, string>();
  for (const r of loaded.resources) {
    byId.set(r.id, { id: r.id, typeId: r.typeId, externalId: r.externalId, name: r.name, parentId: r.parentId, createdAt: r.createdAt, updatedAt: r.updatedAt });
    byExternalId.set(externalKey(r.typeId, r.externalId), r.id);
  }
  return { byId, types, typeIdByKey, byExternalId };
}

/** Puts loaded members back in the order of `refs`. */
export function orderMembers(refs: readonly MemberRef[], loaded: readonly AccessMember[]): Array<AccessMember | undefined> {
  const byId = new Map(loaded.map((m) => [m.id, m]));
  const byUser = new Map(loaded.filter((m) => m.userId !== null).map((m) => [m.userId!, m]));
  return refs.map((ref) => ('memberId' in ref ? byId.get(ref.memberId) : byUser.get(ref.userId)));
}

/** Splits references into member ids and user ids, without repeats. */
export function splitRefs(refs: readonly MemberRef[]): { memberIds: string[]; userIds: string[] } {
  const memberIds = new Set<string>();
  const userIds = new Set<string>();
  for (const ref of refs) {
    if ('memberId' in ref) memberIds.add(ref.memberId);
    else userIds.add(ref.userId);
  }
  return { memberIds: [...memberIds], userIds: [...userIds] };
}
