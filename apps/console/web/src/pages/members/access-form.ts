import type { Grant, GrantInput, GrantKind, ResourceType } from '../../api/types';
import type { ResourceChoice } from '../../components/ResourcePicker';
import { endOfLocalDayOrNull, futureDay, localDayOf } from '../../dates';
import { typeNoun } from '../../format';

// The "Resource access" part of the Add and Edit user dialogs: one choice per resource type,
// turned into grants for an invitation, or into the grant changes an edit makes.

/** What a member gets of one resource type: nothing, chosen resources, or every resource of the type. */
export type AccessMode = 'none' | GrantKind;

/** The role value that means "their organization role" (a grant with no role of its own). */
export const ORG_ROLE = 'organization-role';

/** The access to one resource type, as the form holds it. */
export interface TypeAccess {
  mode: AccessMode;
  /** The chosen resources, when `mode` is `resource`. */
  resources: ResourceChoice[];
  /** A resource-level role id, or `ORG_ROLE`. */
  roleId: string;
  /** The last day of access ("YYYY-MM-DD", in the person's timezone), or `''` for no end. */
  expiresOn: string;
}

/** The access to every resource type, by the type's key. */
export type AccessValues = Record<string, TypeAccess>;

/** No access to a type. */
export const NO_ACCESS: TypeAccess = { mode: 'none', resources: [], roleId: ORG_ROLE, expiresOn: '' };

/** The choices of the per-type select, named with the type's own words. */
export function modeChoices(type: Pick<ResourceType, 'name'>): Array<{ value: AccessMode; label: string }> {
  const many = typeNoun(type.name, true);
  return [
    { value: 'none', label: `No ${many}` },
    { value: 'resource', label: `Specific ${many}` },
    { value: 'all_existing_of_type', label: `All existing ${many}` },
    { value: 'all_of_type', label: `All ${many}, including ones created later` },
  ];
}

/** What each choice means, shown under the select. */
export function modeHelp(mode: AccessMode, type: Pick<ResourceType, 'name'>): string {
  const many = typeNoun(type.name, true);
  const one = typeNoun(type.name);
  switch (mode) {
    case 'none': return `They get no ${one} through this dialog.`;
    case 'resource': return `Each chosen ${one} and everything nested in it.`;
    case 'all_existing_of_type': return `Every ${one} that exists now; ${many} created later are not included.`;
    case 'all_of_type': return `Every ${one}, and each new one as soon as it is created.`;
  }
}

/** The form's access, read from a member's grants; a type whose grants the form cannot show as one choice is `mixed`. */
export function accessFromGrants(types: ResourceType[], grants: Grant[]): { values: AccessValues; mixed: Set<string> } {
  const values: AccessValues = {};
  const mixed = new Set<string>();
  for (const type of types) {
    const own = grants.filter((grant) => grant.resourceType.key === type.key);
    if (own.length === 0) {
      values[type.key] = NO_ACCESS;
      continue;
    }
    // The widest grant decides the choice; narrower ones beside it are what saving this type would drop.
    const mode: GrantKind = own.some((grant) => grant.kind === 'all_of_type') ? 'all_of_type'
      : own.some((grant) => grant.kind === 'all_existing_of_type') ? 'all_existing_of_type' : 'resource';
    const chosen = own.filter((grant) => grant.kind === mode);
    const first = chosen[0]!;
    values[type.key] = {
      mode,
      resources: mode === 'resource'
        ? chosen.flatMap((grant) => grant.resource === null ? [] : [{ ...grant.resource, type: type.key }])
        : [],
      roleId: first.role?.id ?? ORG_ROLE,
      expiresOn: localDayOf(first.expiresAt),
    };
    const differs = own.some((grant) => grant.kind !== mode || (grant.role?.id ?? ORG_ROLE) !== values[type.key]!.roleId
      || localDayOf(grant.expiresAt) !== values[type.key]!.expiresOn);
    if (differs) mixed.add(type.key);
  }
  return { values, mixed };
}

/** The message for a type's access that cannot be saved as it is, or null. */
export function checkTypeAccess(access: TypeAccess, type: Pick<ResourceType, 'name'>): { resources?: string; expiresOn?: string } {
  const errors: { resources?: string; expiresOn?: string } = {};
  if (access.mode === 'none') return errors;
  if (access.mode === 'resource' && access.resources.length === 0) {
    errors.resources = `Choose at least one ${typeNoun(type.name)}, or choose “No ${typeNoun(type.name, true)}”`;
  }
  const day = futureDay(access.expiresOn);
  if (day !== null) errors.expiresOn = day;
  return errors;
}

function grantEnd(access: TypeAccess): { roleId?: string; expiresAt?: string } {
  const expiresAt = endOfLocalDayOrNull(access.expiresOn);
  return {
    ...(access.roleId !== ORG_ROLE && { roleId: access.roleId }),
    ...(expiresAt !== null && { expiresAt }),
  };
}

/** The grants one type's access asks for. */
function typeGrants(typeKey: string, access: TypeAccess): GrantInput[] {
  if (access.mode === 'none') return [];
  if (access.mode === 'resource') {
    return access.resources.map((resource) => ({ kind: 'resource', resource: { id: resource.id }, ...grantEnd(access) }));
  }
  return [{ kind: access.mode, resourceType: typeKey, ...grantEnd(access) }];
}

/** The grants an invitation carries for the form's access to these types. */
export function grantInputs(values: AccessValues, types: Array<Pick<ResourceType, 'key'>>): GrantInput[] {
  return types.flatMap((type) => typeGrants(type.key, values[type.key] ?? NO_ACCESS));
}

/** Whether two accesses to one type ask for the same grants. */
export function sameAccess(a: TypeAccess, b: TypeAccess): boolean {
  if (a.mode !== b.mode) return false;
  if (a.mode === 'none') return true;
  const ids = (access: TypeAccess) => access.resources.map((resource) => resource.id).sort().join(' ');
  return a.roleId === b.roleId && a.expiresOn === b.expiresOn && (a.mode !== 'resource' || ids(a) === ids(b));
}

/** The requests that turn a member's grants into what the form asks for. */
export interface GrantChanges {
  create: GrantInput[];
  update: Array<{ grant: Grant; body: { roleId?: string | null; expiresAt?: string | null } }>;
  remove: Grant[];
}

/**
 * The grant changes for the types whose access the form changed (the others, and grants the
 * form cannot show, are left alone). `grants` are the member's grants as the API has them now.
 */
export function diffGrants(values: AccessValues, initial: AccessValues, grants: Grant[]): GrantChanges {
  const changes: GrantChanges = { create: [], update: [], remove: [] };
  for (const [typeKey, access] of Object.entries(values)) {
    const before = initial[typeKey] ?? NO_ACCESS;
    if (sameAccess(access, before)) continue;
    const own = grants.filter((grant) => grant.resourceType.key === typeKey);
    const wanted = typeGrants(typeKey, access);
    const roleId = access.roleId === ORG_ROLE ? null : access.roleId;
    const expiresAt = endOfLocalDayOrNull(access.expiresOn);
    const kept = new Set<string>();
    for (const input of wanted) {
      const match = own.find((grant) => !kept.has(grant.id) && grant.kind === input.kind
        && (input.kind !== 'resource' || grant.resource?.id === (input.resource as { id: string } | undefined)?.id));
      if (match === undefined) {
        changes.create.push(input);
        continue;
      }
      kept.add(match.id);
      const body: { roleId?: string | null; expiresAt?: string | null } = {};
      if ((match.role?.id ?? null) !== roleId) body.roleId = roleId;
      // The same day keeps the grant's exact end; another day (or none) replaces it.
      if (localDayOf(match.expiresAt) !== access.expiresOn) body.expiresAt = expiresAt;
      if (Object.keys(body).length > 0) changes.update.push({ grant: match, body });
    }
    for (const grant of own) if (!kept.has(grant.id)) changes.remove.push(grant);
  }
  return changes;
}

/** Whether a change asks for nothing. */
export function noGrantChanges(changes: GrantChanges): boolean {
  return changes.create.length === 0 && changes.update.length === 0 && changes.remove.length === 0;
}
