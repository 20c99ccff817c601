import type { AccessMember } from './access/decide';
import type {
  AccessGrant, ApiToken, AuditEntry, Invitation, Member, MemberKind, MemberStatus, Organization, OutboxMail, Plan, Resource,
  ResourceType, Role, Session, StoredMemberStatus, Tag, User,
} from './model';

/** The sort keys of the members table. */
export type MemberSort = 'name' | 'email' | 'role' | 'lastConnection' | 'createdAt';

/** A keyset position: the sort value of the last row seen and its id. */
export interface KeysetPosition {
  value: string | number;
  id: string;
}

/** Which members: the members table's filters; `q` is lower-cased. */
export interface MemberFilter {
  kind?: MemberKind;
  status?: MemberStatus;
  roleId?: string;
  tagId?: string;
  q?: string;
}

/** What the members table asks the store for. */
export interface MemberListQuery extends MemberFilter {
  orgId: string;
  sort: MemberSort;
  order: 'asc' | 'desc';
  limit: number;
  after?: KeysetPosition;
  now: Date;
}

/** Member counts that feed the console's tabs and filters. */
export interface MemberCounts {
  total: number;
  byKind: Record<MemberKind, number>;
  byStatus: Record<MemberStatus, number>;
}

/** A member with where it sits in the requested order. */
export interface MemberListRow {
  member: Member;
  role: RoleSummaryRow | null;
  sortValue: string | number;
  /** The member's tags by name, read in the same statement. */
  tags: MemberTagRef[];
}

/** The role fields the members table shows, read with each row. */
export interface RoleSummaryRow {
  id: string;
  key: string;
  name: string;
  rank: number;
}

/** An audit entry with the display data of the people it names, resolved at read time. */
export interface AuditEntryView extends AuditEntry {
  actorName: string | null;
  actorEmail: string | null;
  targetName: string | null;
  targetEmail: string | null;
  actorErased: boolean;
  targetErased: boolean;
}

/** A membership of a user, with its organization and role. */
export interface UserMembership {
  member: Member;
  organization: Organization;
  role: Role | null;
}

/** An invitation found by its link token, with whether that token was replaced. */
export interface InvitationByToken {
  invitation: Invitation;
  tokenReplaced: boolean;
}

/** A message to queue in the outbox, in the same transaction as the change that causes it. */
export interface NewOutboxMail {
  orgId: string | null;
  /** The member the message speaks for (the inviter): erasing them scrubs their name from it. */
  senderMemberId: string | null;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Logged (without the address) in development, where nothing leaves the machine. */
  devLink: string | null;
}

/** A change to forget in every instance's caches, sent when the transaction commits. */
export type CacheInvalidation =
  | { type: 'user'; userId: string }
  | { type: 'session'; tokenHash: string }
  | { type: 'organization'; orgId: string }
  /** A member's row or grants changed: their access decisions are stale. */
  | { type: 'member'; orgId: string; memberId: string }
  /** The organization's resources or resource types changed. */
  | { type: 'resources'; orgId: string }
  /** An API token was revoked. */
  | { type: 'api_token'; tokenId: string }
  /** Many members of the organization changed at once (a bulk action): one message instead of one per member. */
  | { type: 'members_bulk'; orgId: string };

/** A tag with how many members (not removed) carry it. */
export interface TagRow extends Tag {
  memberCount: number;
}

/** A tag as a member carries it. */
export interface MemberTagRef {
  id: string;
  name: string;
}

/** The fields of a member a plan reads. */
export type PlanMemberRow = Pick<Member,
  'id' | 'orgId' | 'userId' | 'email' | 'firstName' | 'lastName' | 'description' | 'roleId' | 'kind' | 'status' | 'invitationId'
  | 'inviteExpiresAt' | 'accessExpiresAt'>;

/** A member as a plan sees it: the row, its role, its tags. */
export interface PlanMember {
  member: PlanMemberRow;
  role: Role | null;
  tagIds: string[];
}

/** Which members a plan reads: by id, by email (lower-case), or every one matching a filter at `now`. */
export type PlanMemberSelector =
  | { ids: readonly string[] }
  | { emails: readonly string[] }
  | { filter: MemberFilter; now: Date };

/** A page of a plan's rows as stored: a JSON array. */
export interface PlanPage {
  outcome: 'all' | 'change' | 'unchanged' | 'refused';
  page: number;
  rows: string;
}

/** A member as the CSV export writes them: text, formatted by the database, in name order. */
export interface MemberExportRecord {
  id: string;
  /** The keyset position: the member's sort name. */
  sortName: string;
  name: string;
  email: string;
  roleName: string;
  /** The visible status (an expired invitation is `invite_expired`). */
  status: MemberStatus;
  kind: MemberKind;
  lastConnectionAt: string;
  accessExpiresAt: string;
  createdAt: string;
  /** Tag names, comma-separated, by name. */
  tags: string;
}

/** One change many members get alike. */
export interface MemberBulkPatch {
  status?: StoredMemberStatus;
  roleId?: string;
  accessExpiresAt?: null;
  updatedAt: Date;
}

/** A resource type with how many resources it has. */
export interface ResourceTypeRow extends ResourceType {
  resourceCount: number;
}

/** What the resources list asks the store for. */
export interface ResourceListQuery {
  orgId: string;
  typeId?: string;
  parentId?: string;
  q?: string;
  limit: number;
  /** Keyset position: lower-cased name and id of the last row seen. */
  after?: KeysetPosition;
}

/** A grant with what a person needs to read it. */
export interface GrantRow extends AccessGrant {
  typeKey: string;
  typeName: string;
  resourceExternalId: string | null;
  resourceName: string | null;
}

/** An API token as listed, with its creator's name. */
export interface ApiTokenRow extends ApiToken {
  creatorName: string | null;
}

/** Everything needed to act as an API token, found by its hash in one read. */
export interface ApiTokenAuth {
  token: ApiToken;
  role: Role;
  creator: Member;
  creatorRole: Role | null;
}

/** One usage event, attributed and resolved, ready to store. */
export interface NewUsageEvent {
  eventId: string | null;
  memberId: string;
  resourceId: string | null;
  action: string;
  quantity: number;
  occurredAt: Date;
}

/** What a usage report asks for. Days are UTC dates, YYYY-MM-DD, both included. */
export interface UsageReportQuery {
  orgId: string;
  from: string;
  to: string;
  groupBy: 'user' | 'resource' | 'day';
  includeDeleted: boolean;
  action?: string;
}

/** One group of a usage report with its total per action; by user, with who they are. */
export interface UsageReportGroup {
  key: string;
  counts: Record<string, number>;
  member?: UsageMemberLabel;
}

/** A member as a usage report labels them. */
export interface UsageMemberLabel {
  id: string;
  name: string | null;
  email: string | null;
  erased: boolean;
}

/**
 * Everything the domain needs from storage, inside one transaction. Every method that
 * names a member, role, invitation or audit entry is scoped by organization id.
 */
export interface Store {
  // users
  findUserById(userId: string): Promise<User | undefined>;
  findUserByEmail(email: string): Promise<User | undefined>;
  insertUser(user: User): Promise<void>;
  /** Sets the user's name, and the copy of it on every membership row. */
  updateUserName(userId: string, firstName: string, lastName: string, now: Date): Promise<void>;
  /** Records a sign-in, on the user and as "last connection" on every membership. */
  recordSignIn(userId: string, at: Date): Promise<void>;
  /** Erases name, email and password; the id stays so history keeps its shape. */
  eraseUser(userId: string, now: Date): Promise<void>;

  // sessions
  insertSession(session: Session, tokenHash: string): Promise<void>;
  findSessionByTokenHash(tokenHash: string, now: Date): Promise<Session | undefined>;
  deleteSessionByTokenHash(tokenHash: string): Promise<void>;
  deleteSessionsOfUser(userId: string): Promise<void>;

  // organizations
  insertOrganization(org: Organization): Promise<void>;
  findOrganization(orgId: string): Promise<Organization | undefined>;
  /** Locks the organization row until the transaction ends: serialises owner-reducing changes. */
  lockOrganization(orgId: string): Promise<Organization | undefined>;
  updateOrganization(orgId: string, patch: Partial<Pick<Organization, 'name' | 'invitationTtlDays' | 'inviteLinkEnabled'>>): Promise<void>;
  deleteOrganization(orgId: string): Promise<void>;
  /** Makes a new shared invite link; the token is kept so admins can copy the link, its hash finds it. */
  setInviteLinkToken(orgId: string, token: string, tokenHash: string, now: Date): Promise<void>;
  /** The shared invite link's token, or null when none was made (or it predates stored tokens). */
  findInviteLinkToken(orgId: string): Promise<string | null>;
  findOrganizationByInviteLinkHash(tokenHash: string): Promise<Organization | undefined>;

  // roles
  insertRoles(roles: Role[]): Promise<void>;
  listRoles(orgId: string): Promise<Role[]>;
  findRole(orgId: string, roleId: string): Promise<Role | undefined>;
  updateRole(orgId: string, roleId: string, patch: Partial<Pick<Role, 'name' | 'description' | 'rank' | 'permissions' | 'key'>>): Promise<void>;
  deleteRole(orgId: string, roleId: string): Promise<void>;
  countMembersWithRole(orgId: string, roleId: string): Promise<number>;

  // members
  insertMember(member: Member): Promise<void>;
  findMember(orgId: string, memberId: string): Promise<Member | undefined>;
  /** Same as findMember, holding a row lock until the transaction ends. */
  lockMember(orgId: string, memberId: string): Promise<Member | undefined>;
  /** The member row of this email that has not been removed, if any. */
  findCurrentMemberByEmail(orgId: string, email: string): Promise<Member | undefined>;
  /** The user's current membership with its role and organization, in one read. */
  findMembershipOfUser(orgId: string, userId: string): Promise<{ member: Member; role: Role | null; organization: Organization } | undefined>;
  updateMember(orgId: string, memberId: string, patch: Partial<Omit<Member, 'id' | 'orgId' | 'createdAt'>>): Promise<void>;
  listMembers(query: MemberListQuery): Promise<MemberListRow[]>;
  /** The next `limit` members by name after `after` (sort name and id) for the CSV export, formatted as text. */
  listMembersForExport(
    orgId: string, filter: MemberFilter, now: Date, after: { sortName: string; id: string } | undefined, limit: number,
  ): Promise<MemberExportRecord[]>;
  countMembers(orgId: string, kind: MemberKind | undefined, now: Date): Promise<MemberCounts>;
  countActiveOwners(orgId: string): Promise<number>;
  listMembershipsOfUser(userId: string): Promise<UserMembership[]>;
  /** Memberships the user was removed from whose rows still name them (not erased). */
  listRemovedMembershipsOfUser(userId: string): Promise<Member[]>;
  /** Erases the member's identity in this organization: names, email, link to the user, audit snapshots. */
  eraseMember(orgId: string, memberId: string, now: Date): Promise<void>;

  // tags
  listTags(orgId: string): Promise<TagRow[]>;
  /** The catalogue without counts. */
  listTagCatalogue(orgId: string): Promise<Tag[]>;
  findTag(orgId: string, tagId: string): Promise<Tag | undefined>;
  /** Fails with `tag.name_taken` when a name is taken regardless of case. */
  insertTags(tags: readonly Tag[]): Promise<void>;
  renameTag(orgId: string, tagId: string, name: string): Promise<void>;
  /** Deletes the tag, which takes it off every member. */
  deleteTag(orgId: string, tagId: string): Promise<void>;
  /** The tags of each member, by name. */
  listTagsOfMembers(orgId: string, memberIds: readonly string[]): Promise<Map<string, MemberTagRef[]>>;
  /** Puts tags on members; pairs already there are left alone. */
  addMemberTags(orgId: string, pairs: ReadonlyArray<readonly [memberId: string, tagId: string]>): Promise<void>;
  /** Puts one tag on many members (members of `orgId` only); those who have it are left alone. */
  addTagToMembers(orgId: string, tagId: string, memberIds: readonly string[]): Promise<void>;
  removeMemberTags(orgId: string, pairs: ReadonlyArray<readonly [memberId: string, tagId: string]>): Promise<void>;

  // bulk actions and plans
  /** Members (not removed) with roles and tags, in id order; `lock` holds their rows until the transaction ends. */
  loadPlanMembers(orgId: string, selector: PlanMemberSelector, lock: boolean): Promise<PlanMember[]>;
  /** One statement for many members; announces one `members_bulk` invalidation. */
  updateMembersBulk(orgId: string, memberIds: readonly string[], patch: MemberBulkPatch): Promise<void>;
  /** Ends the sessions of each user no other organization lets in any more (as endSessionsWithoutOtherAccess, for many). */
  endSessionsWithoutOtherAccessBulk(userIds: readonly string[], exceptOrgId: string): Promise<void>;
  /** Revokes the pending invitations of these members. */
  revokeInvitationsOfMembers(orgId: string, memberIds: readonly string[], now: Date): Promise<void>;
  /** Sets the role the pending invitations of these members offer. */
  setInvitationRoleOfMembers(orgId: string, memberIds: readonly string[], roleId: string): Promise<void>;
  /** The grants of each member. */
  listGrantsOfMembers(orgId: string, memberIds: readonly string[]): Promise<Map<string, GrantRow[]>>;
  deleteGrants(orgId: string, grantIds: readonly string[]): Promise<void>;
  /** Stores a plan with its rows in pages (JSON arrays), in order ('all') and by outcome. */
  insertPlan(plan: Plan, pages: readonly PlanPage[]): Promise<void>;
  /** `lock` holds the row until the transaction ends. */
  findPlan(orgId: string, planId: string, lock: boolean): Promise<Plan | undefined>;
  /** Pages `from` to `to` (both included) of a plan's rows, in order; JSON arrays. */
  readPlanPages(orgId: string, planId: string, outcome: PlanPage['outcome'], from: number, to: number): Promise<string[]>;
  markPlanApplied(orgId: string, planId: string, now: Date): Promise<void>;

  // invitations
  /** Writes an invitation with its first link token, and `newMember` too when given: one statement. */
  insertInvitation(invitation: Invitation, tokenHash: string, newMember?: Member): Promise<void>;
  findInvitation(orgId: string, invitationId: string): Promise<Invitation | undefined>;
  /** Finds the invitation a link token belongs to; `lock` holds its row until the transaction ends. */
  findInvitationByTokenHash(tokenHash: string, lock: boolean): Promise<InvitationByToken | undefined>;
  /** Issues a new link token; every earlier token of the invitation stops working. */
  replaceInvitationToken(invitationId: string, tokenHash: string, now: Date): Promise<void>;
  updateInvitation(orgId: string, invitationId: string, patch: Partial<Pick<Invitation, 'expiresAt' | 'acceptedAt' | 'revokedAt' | 'roleId'>>): Promise<void>;

  // audit and outbox
  appendAudit(entry: Omit<AuditEntry, 'id'>): Promise<void>;
  listAudit(orgId: string, beforeId: string | undefined, limit: number): Promise<AuditEntryView[]>;
  enqueueMail(mail: NewOutboxMail, now: Date, transport: 'smtp' | 'dev_mailbox'): Promise<void>;
  listMail(orgId: string, beforeId: string | undefined, limit: number): Promise<OutboxMail[]>;

  /** Tells every instance, when this transaction commits, to forget what it cached. */
  invalidate(change: CacheInvalidation): Promise<void>;

  // resource types and resources
  listResourceTypes(orgId: string): Promise<ResourceTypeRow[]>;
  findResourceTypeByKey(orgId: string, key: string): Promise<ResourceType | undefined>;
  insertResourceType(type: ResourceType): Promise<void>;
  updateResourceType(orgId: string, typeId: string, patch: Pick<ResourceType, 'name'>): Promise<void>;
  deleteResourceType(orgId: string, typeId: string): Promise<void>;
  findResource(orgId: string, resourceId: string): Promise<Resource | undefined>;
  /** `lock` holds the row until the transaction ends. */
  findResourceByExternalId(orgId: string, typeId: string, externalId: string, lock: boolean): Promise<Resource | undefined>;
  /** Inserts unless the type already has a resource with this external id; true when inserted. */
  insertResourceIfAbsent(resource: Resource): Promise<boolean>;
  updateResource(orgId: string, resourceId: string, patch: Partial<Pick<Resource, 'name' | 'parentId' | 'updatedAt'>>): Promise<void>;
  deleteResource(orgId: string, resourceId: string): Promise<void>;
  listResources(query: ResourceListQuery): Promise<Resource[]>;
  /** The ids of the resource's ancestors, nearest first, up to `max`. */
  listAncestorIds(orgId: string, resourceId: string, max: number): Promise<string[]>;
  /** How deep the tree under the resource goes (0 when it has no children), up to `max`. */
  subtreeHeight(orgId: string, resourceId: string, max: number): Promise<number>;
  /** Every resource type and resource of the organization, for decisions. */
  loadResourceIndex(orgId: string): Promise<{ types: ResourceType[]; resources: Resource[] }>;

  // access grants
  listGrantsOfMember(orgId: string, memberId: string): Promise<GrantRow[]>;
  findGrant(orgId: string, memberId: string, grantId: string): Promise<AccessGrant | undefined>;
  /** Fails with `grant.duplicate` when the member already has a grant on one of the targets. */
  insertGrants(grants: AccessGrant[]): Promise<void>;
  updateGrant(orgId: string, grantId: string, patch: Partial<Pick<AccessGrant, 'roleId' | 'expiresAt'>>): Promise<void>;
  deleteGrant(orgId: string, grantId: string): Promise<void>;
  /** Members with their grants, for decisions; removed rows are left out. */
  loadAccessMembers(orgId: string, memberIds: readonly string[], userIds: readonly string[]): Promise<AccessMember[]>;
  /** Grants past their expiry whose end is not yet in the audit log, locked (skipping rows others hold). */
  claimExpiredGrants(now: Date, limit: number): Promise<AccessGrant[]>;
  markGrantExpiriesRecorded(grantIds: string[], now: Date): Promise<void>;
  /** Active or not-activated memberships past their end, locked (skipping rows others hold). */
  claimExpiredMemberships(now: Date, limit: number): Promise<Member[]>;

  // API tokens
  insertApiToken(token: ApiToken, tokenHash: string): Promise<void>;
  listApiTokens(orgId: string): Promise<ApiTokenRow[]>;
  findApiToken(orgId: string, tokenId: string): Promise<ApiTokenRow | undefined>;
  findApiTokenAuth(tokenHash: string): Promise<ApiTokenAuth | undefined>;
  /** Same as findApiTokenAuth, by id, inside a write: the token as it is now. */
  findApiTokenAuthById(orgId: string, tokenId: string): Promise<ApiTokenAuth | undefined>;
  revokeApiToken(orgId: string, tokenId: string, now: Date): Promise<void>;
  /** Records that tokens were used; one statement for many. */
  touchApiTokens(tokenIds: string[], at: Date): Promise<void>;

  // usage
  /** Stores events and rolls them up by day; events whose id was seen before are skipped. */
  insertUsageEvents(orgId: string, events: NewUsageEvent[], receivedAt: Date): Promise<{ accepted: number }>;
  /** Members of the organization (any status) by id or user id, for attributing usage. */
  findMembersForUsage(orgId: string, memberIds: string[], userIds: string[]): Promise<Array<{ id: string; userId: string | null }>>;
  /** Totals per group and action; grouped by user, each group names the member. */
  usageReport(query: UsageReportQuery): Promise<UsageReportGroup[]>;
}

/** Runs work in one transaction: all of it commits, or none of it. */
export interface Transactor {
  transaction<T>(work: (store: Store) => Promise<T>): Promise<T>;
  /** Runs a read outside an explicit transaction. */
  read<T>(work: (store: Store) => Promise<T>): Promise<T>;
}
