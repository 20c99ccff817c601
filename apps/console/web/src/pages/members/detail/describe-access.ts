import type { Grant, MemberAccess } from '../../../api/types';
import { formatDate, typeNoun } from '../../../format';

/** One resource a member can reach, from GET …/access. */
export type AccessItem = MemberAccess['items'][number];

/** What a grant covers, in words: "Queue 7 and everything in it", "All existing queues"… */
export function grantCoverage(grant: Grant): string {
  const many = typeNoun(grant.resourceType.name, true);
  switch (grant.kind) {
    case 'resource': return `${grant.resource?.name ?? 'A deleted resource'} and everything nested in it`;
    case 'all_existing_of_type': return `All existing ${many} (those created by ${formatDate(grant.createdAt)})`;
    case 'all_of_type': return `All ${many}, including ones created later`;
  }
}

/** The resource `item` sits in (its parent, grandparent…) that is of `typeKey`, among what the member reaches. */
function ancestorOfType(item: AccessItem, typeKey: string, items: ReadonlyMap<string, AccessItem>): AccessItem | undefined {
  let parentId = item.resource.parentId;
  // The API refuses nesting deeper than 32 levels; the bound also guards against a cycle.
  for (let depth = 0; parentId !== null && depth < 32; depth += 1) {
    const parent = items.get(parentId);
    if (parent === undefined) return undefined;
    if (parent.resource.type === typeKey) return parent;
    parentId = parent.resource.parentId;
  }
  return undefined;
}

/** How a member reaches a resource: through their organization role, a grant on it, or one on what it sits in. */
export function accessRoute(item: AccessItem, grants: ReadonlyMap<string, Grant>, items: ReadonlyMap<string, AccessItem>): string {
  if (item.via === 'organization_role') return 'Organization role: reaches every resource';
  const grant = item.grantId === null ? undefined : grants.get(item.grantId);
  if (grant === undefined) return 'A grant';
  if (grant.kind === 'resource') return item.inherited ? `Inherited from ${grant.resource?.name ?? 'a resource it sits in'}` : 'Direct grant';
  const many = typeNoun(grant.resourceType.name, true);
  const which = grant.kind === 'all_of_type' ? `all ${many}` : `all existing ${many}`;
  if (!item.inherited) return `Grant on ${which}`;
  // The grant covers the type of a resource this one sits in.
  const via = ancestorOfType(item, grant.resourceType.key, items);
  return `Inherited from ${via?.resource.name ?? `a ${typeNoun(grant.resourceType.name)}`} (${which})`;
}
