import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date, Date>;

/** `users`: erased users keep their row with every personal column null. */
export interface UserTable {
  id: string;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  password_hash: string | null;
  created_at: Timestamp;
  last_sign_in_at: Timestamp | null;
  erased_at: Timestamp | null;
}

/** `sessions`: only the token's hash is stored. */
export interface SessionTable {
  id: string;
  token_hash: string;
  user_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

/** `organizations`. */
export interface OrganizationTable {
  id: string;
  name: string;
  role_template: string;
  invitation_ttl_days: number;
  invite_link_enabled: boolean;
  invite_link_hash: string | null;
  invite_link_created_at: Timestamp | null;
  invite_link_token: string | null;
  created_at: Timestamp;
}

/** `roles`: roles are data. */
export interface RoleTable {
  id: string;
  org_id: string;
  key: string;
  name: string;
  description: string;
  rank: number;
  is_owner: boolean;
  builtin: boolean;
  permissions: string[];
  created_at: Timestamp;
}

/** `members`: one row per person per organization, from the invitation on. */
export interface MemberTable {
  id: string;
  org_id: string;
  user_id: string | null;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  description: string;
  role_id: string | null;
  /** Copy of the role's rank, so the table sorts by role on an index. */
  role_rank: number | null;
  kind: string;
  status: string;
  invitation_id: string | null;
  invite_expires_at: Timestamp | null;
  invited_by_member_id: string | null;
  last_connection_at: Timestamp | null;
  access_expires_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  erased_at: Timestamp | null;
  sort_name: ColumnType<string, never, never>;
  search_text: ColumnType<string, never, never>;
}

/** `member_counts`: kept by a trigger on `members`, feeds the table's counts. */
export interface MemberCountTable {
  org_id: string;
  kind: string;
  status: string;
  n: number;
}

/** `invitations`. */
export interface InvitationTable {
  id: string;
  org_id: string;
  member_id: string;
  email: string | null;
  role_id: string | null;
  invited_by_member_id: string | null;
  expires_at: Timestamp;
  created_at: Timestamp;
  accepted_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

/** `invitation_tokens`: every link ever issued for an invitation, by hash. */
export interface InvitationTokenTable {
  token_hash: string;
  invitation_id: string;
  created_at: Timestamp;
  replaced_at: Timestamp | null;
}

/** `audit_events`: append-only. */
export interface AuditEventTable {
  id: Generated<string>;
  org_id: string;
  actor_member_id: string | null;
  actor_user_id: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  target_member_id: string | null;
  actor_token_id: string | null;
  before: unknown;
  after: unknown;
  created_at: Timestamp;
}

/** `mail_outbox`: the transactional outbox of outgoing mail. */
export interface MailOutboxTable {
  id: Generated<string>;
  org_id: string | null;
  /** The member whose name the message carries (the inviter), so erasure can find it. */
  sender_member_id: string | null;
  to_address: string;
  subject: string;
  text_body: string | null;
  html_body: string | null;
  status: string;
  transport: string;
  attempts: Generated<number>;
  last_error: string | null;
  next_attempt_at: Timestamp;
  locked_until: Timestamp | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
}

/** `api_tokens`: organization-scoped tokens; only the hash is stored. */
export interface ApiTokenTable {
  id: string;
  org_id: string;
  name: string;
  token_hash: string;
  token_prefix: string;
  role_id: string;
  created_by_member_id: string;
  created_at: Timestamp;
  expires_at: Timestamp | null;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

/** `resource_types`: the product's kinds of resources. */
export interface ResourceTypeTable {
  id: string;
  org_id: string;
  key: string;
  name: string;
  created_at: Timestamp;
}

/** `resources`: the product's resources, nested through `parent_id`. */
export interface ResourceTable {
  id: string;
  org_id: string;
  type_id: string;
  external_id: string;
  name: string;
  parent_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** `access_grants`: members' access to resources. */
export interface AccessGrantTable {
  id: string;
  org_id: string;
  member_id: string;
  kind: string;
  type_id: string;
  resource_id: string | null;
  role_id: string | null;
  expires_at: Timestamp | null;
  expiry_recorded_at: Timestamp | null;
  created_by_member_id: string | null;
  created_at: Timestamp;
}

/** `usage_events`: what the product reported, as received. */
export interface UsageEventTable {
  id: Generated<string>;
  org_id: string;
  event_id: string | null;
  member_id: string;
  resource_id: string | null;
  action: string;
  quantity: number;
  occurred_at: Timestamp;
  received_at: Timestamp;
}

/** `usage_daily`: usage rolled up per day, member, resource ('' for none) and action. */
export interface UsageDailyTable {
  org_id: string;
  day: ColumnType<string, string, string>;
  member_id: string;
  resource_id: string;
  action: string;
  quantity: ColumnType<string, number, number>;
  events: number;
}

/** `usage_daily_members`: the roll-up without the resource, for reports by user and by day. */
export interface UsageDailyMemberTable {
  org_id: string;
  day: ColumnType<string, string, string>;
  member_id: string;
  action: string;
  quantity: ColumnType<string, number, number>;
  events: number;
}

/** `tags`: the organization's member tag catalogue; names unique regardless of case. */
export interface TagTable {
  id: string;
  org_id: string;
  name: string;
  created_at: Timestamp;
}

/** `member_tags`: which member carries which tag. */
export interface MemberTagTable {
  member_id: string;
  tag_id: string;
  org_id: string;
}

/** `plans`: dry-run previews of imports and bulk actions, applied later by id. */
export interface PlanTable {
  id: string;
  org_id: string;
  action: string;
  created_by_member_id: string;
  created_by_token_id: string | null;
  /** JSON: what was asked, to compute the plan again when it is applied. */
  input: string;
  /** JSON: the previewed counts. */
  summary: string;
  /** Hash of the previewed changes; applying recomputes it and refuses a difference. */
  digest: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  applied_at: Timestamp | null;
}

/** `plan_pages`: a plan's previewed rows, 1,000 per page, in order ('all') and by outcome. */
export interface PlanPageTable {
  plan_id: string;
  outcome: string;
  page: number;
  /** JSON array of rows. */
  rows: string;
}

/** The whole schema, as Kysely sees it. */
export interface Database {
  users: UserTable;
  sessions: SessionTable;
  organizations: OrganizationTable;
  roles: RoleTable;
  members: MemberTable;
  member_counts: MemberCountTable;
  invitations: InvitationTable;
  invitation_tokens: InvitationTokenTable;
  audit_events: AuditEventTable;
  mail_outbox: MailOutboxTable;
  api_tokens: ApiTokenTable;
  resource_types: ResourceTypeTable;
  resources: ResourceTable;
  access_grants: AccessGrantTable;
  usage_events: UsageEventTable;
  usage_daily: UsageDailyTable;
  usage_daily_members: UsageDailyMemberTable;
  tags: TagTable;
  member_tags: MemberTagTable;
  plans: PlanTable;
  plan_pages: PlanPageTable;
}
