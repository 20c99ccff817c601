import type { PermissionList } from '../../api/types';

/** One permission of the catalogue. */
export type PermissionInfo = PermissionList['items'][number];

/** A group of permissions sharing an area (the part of the name before the dot). */
export interface PermissionArea {
  /** The key as in permission names, such as "invite_link". */
  area: string;
  /** The area in words, such as "Invite link". */
  label: string;
  permissions: PermissionInfo[];
}

const AREA_LABELS: Record<string, string> = {
  organization: 'Organization',
  billing: 'Billing',
  members: 'Members',
  roles: 'Roles',
  invite_link: 'Invite link',
  audit: 'Audit log',
  mail: 'Mail',
  resources: 'Resources',
  sso: 'Single sign-on and SCIM',
  tags: 'Tags',
  usage: 'Usage',
  documents: 'Documents',
};

/** "members" → "Members", "invite_link" → "Invite link"; unknown areas are spelled out from their key. */
export function areaLabel(area: string): string {
  const known = AREA_LABELS[area];
  if (known !== undefined) return known;
  const words = area.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The area of a permission, the part of its name before the dot: "members.read" → "members". */
export function areaOf(permission: string): string {
  const dot = permission.indexOf('.');
  return dot === -1 ? permission : permission.slice(0, dot);
}

/** Groups permissions by area, keeping the catalogue's order of areas and of permissions within each area. */
export function groupByArea(permissions: PermissionInfo[]): PermissionArea[] {
  const areas = new Map<string, PermissionArea>();
  for (const permission of permissions) {
    const area = areaOf(permission.name);
    let group = areas.get(area);
    if (group === undefined) {
      group = { area, label: areaLabel(area), permissions: [] };
      areas.set(area, group);
    }
    group.permissions.push(permission);
  }
  return [...areas.values()];
}

/**
 * The given permission names as catalogue entries, in catalogue order; names the catalogue
 * does not know (should not happen) are kept with their name as description.
 */
export function describePermissions(names: readonly string[], catalogue: PermissionInfo[] | undefined): PermissionInfo[] {
  const wanted = new Set(names);
  const known = (catalogue ?? []).filter((entry) => wanted.has(entry.name));
  const knownNames = new Set(known.map((entry) => entry.name));
  const unknown = names.filter((name) => !knownNames.has(name)).map((name) => ({ name, description: name }));
  return [...known, ...unknown];
}

/** A role key derived from a name: "Senior reviewer" → "senior_reviewer". */
export function keyFromName(name: string): string {
  const key = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  const start = /^[a-z]/.test(key) ? key : key === '' ? '' : `role_${key}`;
  return start.slice(0, 40).replace(/_+$/, '');
}

/** What the API accepts as a role key: a lower-case letter, then up to 39 lower-case letters, digits or _. */
export const ROLE_KEY_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;
