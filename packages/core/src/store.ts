import type {
  AuditEntry, Invitation, Member, MemberKind, MemberStatus, Organization, OutboxMail, Role, Session, User,
} from './model';

/** The sort keys of the members table. */
export type MemberSort = 'name' | 'email' | 'role' | 'lastConnection' | 'createdAt';

/** A keyset position: the sort value of the last row seen and its id. */
export interface KeysetPosition {
  value: string | number;
  id: string;
}

/** What the members table asks the store for. */
export interface MemberListQuery {
  orgId: string;
  kind?: MemberKind;
  status?: MemberStatus;
  roleId?: string;
  q?: string;
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
  | { type: 'organization'; orgId: string };

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
  countMembers(orgId: string, kind: MemberKind | undefined, now: Date): Promise<MemberCounts>;
  countActiveOwners(orgId: string): Promise<number>;
  listMembershipsOfUser(userId: string): Promise<UserMembership[]>;
  /** Memberships the user was removed from whose rows still name them (not erased). */
  listRemovedMembershipsOfUser(userId: string): Promise<Member[]>;
  /** Erases the member's identity in this organization: names, email, link to the user, audit snapshots. */
  eraseMember(orgId: string, memberId: string, now: Date): Promise<void>;

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
}

/** Runs work in one transaction: all of it commits, or none of it. */
export interface Transactor {
  transaction<T>(work: (store: Store) => Promise<T>): Promise<T>;
  /** Runs a read outside an explicit transaction. */
  read<T>(work: (store: Store) => Promise<T>): Promise<T>;
}
