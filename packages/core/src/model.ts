import type { Permission, RoleTemplateName } from './permissions';

/** A member's status as people see it; `invite_expired` is derived from the expiry. */
export type MemberStatus = 'invite_pending' | 'invite_expired' | 'not_activated' | 'active' | 'deactivated';

/** A member's status as stored; `removed` rows leave the table but stay in history. */
export type StoredMemberStatus = 'invite_pending' | 'not_activated' | 'active' | 'deactivated' | 'removed';

/** Whether a member belongs to the organization or collaborates from outside it. */
export type MemberKind = 'member' | 'external';

/** A person's account. Erased accounts keep their id and lose everything else. */
export interface User {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  passwordHash: string | null;
  createdAt: Date;
  lastSignInAt: Date | null;
}

/** An organization and its settings. */
export interface Organization {
  id: string;
  name: string;
  roleTemplate: RoleTemplateName;
  invitationTtlDays: number;
  inviteLinkEnabled: boolean;
  /** When the current shared invite link was made; null when there is none. */
  inviteLinkCreatedAt: Date | null;
  createdAt: Date;
}

/** A role of one organization. */
export interface Role {
  id: string;
  orgId: string;
  key: string;
  name: string;
  description: string;
  rank: number;
  isOwner: boolean;
  builtin: boolean;
  permissions: Permission[];
  createdAt: Date;
}

/** One row per person per organization, from the invitation on. */
export interface Member {
  id: string;
  orgId: string;
  userId: string | null;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  description: string;
  roleId: string | null;
  kind: MemberKind;
  status: StoredMemberStatus;
  invitationId: string | null;
  inviteExpiresAt: Date | null;
  invitedByMemberId: string | null;
  lastConnectionAt: Date | null;
  /** When the membership ends by itself; null: never. */
  accessExpiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  erasedAt: Date | null;
}

/** An invitation; its link token is stored only as a hash. */
export interface Invitation {
  id: string;
  orgId: string;
  memberId: string;
  email: string;
  roleId: string | null;
  invitedByMemberId: string | null;
  expiresAt: Date;
  createdAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
}

/** A session; the cookie carries the token, the store keeps its hash. */
export interface Session {
  id: string;
  userId: string;
  createdAt: Date;
  expiresAt: Date;
}

/** One audit log entry. */
export interface AuditEntry {
  id: string;
  orgId: string;
  actorMemberId: string | null;
  actorUserId: string | null;
  /** The API token the actor acted through, if any. */
  actorTokenId?: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  targetMemberId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  createdAt: Date;
}

/** A message in the mail outbox. */
export interface OutboxMail {
  id: string;
  orgId: string | null;
  to: string;
  subject: string;
  text: string | null;
  html: string | null;
  status: 'queued' | 'sent' | 'retrying' | 'failed';
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date;
  createdAt: Date;
  sentAt: Date | null;
  /** Where the message went: an SMTP server, or the local dev mailbox. */
  transport: 'smtp' | 'dev_mailbox' | null;
}

/** The acting person inside one organization, with their role. */
export interface OrgActor {
  userId: string;
  memberId: string;
  orgId: string;
  role: Role;
  /** The actor's own membership row, as loaded with the role. */
  member: Member;
  /** Set when acting through an API token: `role` is then the token's, bounded by its creator's. */
  tokenId?: string;
}

/** A signed-in person, before any organization is in play. */
export interface Principal {
  userId: string;
  sessionId: string | null;
}

/** A kind of resource the embedding product registered (queue, site, project…). */
export interface ResourceType {
  id: string;
  orgId: string;
  key: string;
  name: string;
  createdAt: Date;
}

/** One of the product's resources; `parentId` nests it (a queue inside a workspace). */
export interface Resource {
  id: string;
  orgId: string;
  typeId: string;
  externalId: string;
  name: string;
  parentId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What an access grant covers. */
export type GrantKind = 'resource' | 'all_of_type' | 'all_existing_of_type';

/**
 * Access to resources for one member. `all_existing_of_type` covers the resources of the
 * type created up to the grant's creation; `all_of_type` covers later ones too; a
 * `resource` grant covers the resource and everything nested in it.
 */
export interface AccessGrant {
  id: string;
  orgId: string;
  memberId: string;
  kind: GrantKind;
  typeId: string;
  resourceId: string | null;
  /** A resource-level role; null means the member's organization role. */
  roleId: string | null;
  expiresAt: Date | null;
  createdByMemberId: string | null;
  createdAt: Date;
}

/** An organization-scoped API token; only its hash is stored. */
export interface ApiToken {
  id: string;
  orgId: string;
  name: string;
  prefix: string;
  roleId: string;
  createdByMemberId: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** A tag of an organization's member tag catalogue. */
export interface Tag {
  id: string;
  orgId: string;
  name: string;
  createdAt: Date;
}

/** What a plan does: a tag import or one of the bulk actions. */
export type PlanAction =
  | 'import_tags' | 'remove' | 'delete' | 'deactivate' | 'reactivate' | 'change_role' | 'resend_invitation'
  | 'add_tags' | 'remove_tags' | 'grant_access' | 'revoke_access';

/** A stored plan: the request, the previewed rows and a digest of them, until applied or expired. */
export interface Plan {
  id: string;
  orgId: string;
  action: PlanAction;
  createdByMemberId: string;
  createdByTokenId: string | null;
  /** JSON of what was asked. */
  input: string;
  /** JSON of the previewed counts. */
  summary: string;
  digest: string;
  createdAt: Date;
  expiresAt: Date;
  appliedAt: Date | null;
}
