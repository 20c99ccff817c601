/**
 * The permission catalogue and the role templates an organization is seeded from.
 * Roles are data: these only seed them, after which an organization edits its own.
 */

/** Every permission Roster knows, with what it lets a role do. */
export const PERMISSIONS = {
  'organization.read': 'See the organization and its settings.',
  'organization.update': 'Rename the organization and change its settings.',
  'organization.delete': 'Delete the organization and everything in it.',
  'billing.manage': 'Manage billing and seats.',
  'members.read': 'See the member list.',
  'members.invite': 'Invite people and manage pending invitations.',
  'members.manage': "Edit members' details, roles and kind; deactivate, reactivate and remove them.",
  'members.delete': "Delete members and erase their identity from the organization's records.",
  'roles.read': 'See roles and their permissions.',
  'roles.manage': 'Create, edit and delete custom roles.',
  'invite_link.manage': "Turn the organization's shared invite link on or off and regenerate it.",
  'audit.read': 'Read the audit log.',
  'mail.read': "See the organization's outgoing mail and its delivery state.",
  'resources.manage': 'Register resources and manage their settings.',
  'resources.access_all': 'Reach every resource without a grant, with the organization role.',
  'access.check': 'Ask whether a member may do something (the authorization API) and see why.',
  'api_tokens.manage': 'Create and revoke API tokens, up to your own role.',
  'sso.manage': 'Configure single sign-on and SCIM provisioning.',
  'tags.manage': 'Manage member tags.',
  'usage.read': 'Read the usage reporting dashboard.',
  'usage.record': "Record usage events (the product's integration).",
  'documents.read': 'See documents and data.',
  'documents.import': 'Import (upload) documents.',
  'documents.annotate': 'Edit annotations and data points.',
  'documents.confirm': 'Confirm annotated data.',
  'documents.export': 'Download exports.',
} as const;

/** A permission name from the catalogue. */
export type Permission = keyof typeof PERMISSIONS;

/** All permission names, in catalogue order. */
export const ALL_PERMISSIONS = Object.keys(PERMISSIONS) as Permission[];

/** True when `name` is a permission of the catalogue. */
export function isPermission(name: string): name is Permission {
  return Object.prototype.hasOwnProperty.call(PERMISSIONS, name);
}

/** A role as a template describes it, before it belongs to an organization. */
export interface RoleTemplateEntry {
  readonly key: string;
  readonly name: string;
  readonly description: string;
  readonly rank: number;
  /** Owner roles count for the "always keep one owner" rule. */
  readonly isOwner: boolean;
  readonly permissions: readonly Permission[];
}

const ANNOTATOR_LIMITED: Permission[] = [
  'organization.read', 'members.read', 'documents.read', 'documents.annotate', 'documents.confirm',
];
const ANNOTATOR: Permission[] = [...ANNOTATOR_LIMITED, 'documents.import', 'documents.export'];
const ADMIN = ALL_PERMISSIONS.filter((p) => p !== 'organization.delete' && p !== 'billing.manage');

/** The role templates an organization can start from. */
export const ROLE_TEMPLATES = {
  default: [
    { key: 'owner', name: 'Owner', rank: 100, isOwner: true, permissions: ALL_PERMISSIONS,
      description: 'Everything, including billing, seats and deleting the organization.' },
    { key: 'admin', name: 'Admin', rank: 80, isOwner: false, permissions: ADMIN,
      description: 'Manages members, invitations, roles below Owner, resources, SSO/SCIM and tags.' },
    { key: 'manager', name: 'Manager', rank: 60, isOwner: false, permissions: [...ANNOTATOR, 'usage.read'],
      description: "Annotator's rights plus the usage reporting dashboard." },
    { key: 'annotator', name: 'Annotator', rank: 40, isOwner: false, permissions: ANNOTATOR,
      description: 'Imports documents, edits and confirms data, downloads exports.' },
    { key: 'annotator_limited', name: 'Annotator (limited)', rank: 30, isOwner: false, permissions: ANNOTATOR_LIMITED,
      description: 'Edits and confirms data; cannot upload or download.' },
    { key: 'viewer', name: 'Viewer', rank: 10, isOwner: false,
      permissions: ['organization.read', 'members.read', 'documents.read'],
      description: 'Read-only; suited to automated exports and auditors.' },
  ],
  'admin-member': [
    { key: 'admin', name: 'Admin', rank: 100, isOwner: true, permissions: ALL_PERMISSIONS,
      description: 'Everything: members, invitations, roles, settings and the organization itself.' },
    { key: 'member', name: 'Member', rank: 10, isOwner: false, permissions: ['organization.read', 'members.read'],
      description: 'Sees the member list.' },
  ],
} as const satisfies Record<string, readonly RoleTemplateEntry[]>;

/** The name of a role template. */
export type RoleTemplateName = keyof typeof ROLE_TEMPLATES;

/** Template names, for validation and documentation. */
export const ROLE_TEMPLATE_NAMES = Object.keys(ROLE_TEMPLATES) as RoleTemplateName[];
