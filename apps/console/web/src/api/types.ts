import type {
  acceptInvitationResponseSchema, appliedPlanSchema, applyProgressEventSchema, bulkActionBodySchema, grantTargetSchema,
  memberFilterSchema, planActionSchema, planChangesSchema, planGrantSchema, planRowPageSchema, planRowSchema, planSchema,
  planStatusSchema, tagListSchema, tagSchema, apiTokenListSchema, apiTokenSchema, auditPageSchema, createdApiTokenSchema, decisionSchema,
  grantInputSchema, grantKindSchema, grantListSchema, grantSchema, memberAccessSchema, resourcePageSchema, resourceSchema,
  resourceTypeListSchema, resourceTypeSchema, usageReportSchema, invitationPreviewSchema, inviteLinkSchema, inviteResponseSchema,
  joinResponseSchema, mailPageSchema, meResponseSchema, memberCountsSchema, memberPageSchema, memberSchema,
  memberStatusSchema, myOrganizationSchema, organizationSchema, permissionListSchema, roleListSchema, roleSchema,
  signUpResponseSchema, userSchema,
} from '@roster/contracts';
import type { z } from 'zod';

// The console's types are the server's contracts: one source of truth for both sides.
/** A Roster account as its owner sees it: email, name and sign-in times. */
export type User = z.infer<typeof userSchema>;
/** The signed-in user and every organization they belong to (GET /me). */
export type Me = z.infer<typeof meResponseSchema>;
/** One of my organizations, with my role, status and permissions there. */
export type MyOrganization = z.infer<typeof myOrganizationSchema>;
/** An organization and its settings. */
export type Organization = z.infer<typeof organizationSchema>;
/** A person in an organization's members table, from invitee to deactivated member. */
export type Member = z.infer<typeof memberSchema>;
/** Where a member stands: invite pending or expired, not activated, active or deactivated. */
export type MemberStatus = z.infer<typeof memberStatusSchema>;
/** How many members each kind and each status has, for the tabs and filters. */
export type MemberCounts = z.infer<typeof memberCountsSchema>;
/** One page of members, the cursor of the next page and the counts. */
export type MemberPage = z.infer<typeof memberPageSchema>;
/** A role with its rank and permissions. */
export type Role = z.infer<typeof roleSchema>;
/** The organization's roles (GET /orgs/{orgId}/roles). */
export type RoleList = z.infer<typeof roleListSchema>;
/** The permission catalogue: every permission's name and description. */
export type PermissionList = z.infer<typeof permissionListSchema>;
/** The answer to an invitation: the new member and their invitation. */
export type InviteResponse = z.infer<typeof inviteResponseSchema>;
/** What an invitation link shows before it is accepted: organization, inviter, role and email. */
export type InvitationPreview = z.infer<typeof invitationPreviewSchema>;
/** The answer to accepting an invitation: the member, the organization and the user. */
export type AcceptInvitationResponse = z.infer<typeof acceptInvitationResponseSchema>;
/** The organization's shared invite link: on or off, and the link itself when it can be shown. */
export type InviteLink = z.infer<typeof inviteLinkSchema>;
/** The answer to joining through the invite link: the organization, where the person now waits for a role. */
export type JoinResponse = z.infer<typeof joinResponseSchema>;
/** One page of the audit log and the cursor of the next page. */
export type AuditPage = z.infer<typeof auditPageSchema>;
/** One audit log entry: who did what to whom and when, with the values before and after. */
export type AuditEvent = AuditPage['items'][number];
/** One page of the organization's outgoing mail and the cursor of the next page. */
export type MailPage = z.infer<typeof mailPageSchema>;
/** One outgoing message and its delivery state; its text and HTML are kept only in the development mailbox. */
export type MailMessage = MailPage['items'][number];
/** The answer to sign-up: the new user and the organization they own. */
export type SignUpResponse = z.infer<typeof signUpResponseSchema>;
/** A kind of resource the product registered (queue, site, project…), with how many resources it has. */
export type ResourceType = z.infer<typeof resourceTypeSchema>;
/** The organization's resource types (GET /orgs/{orgId}/resource-types). */
export type ResourceTypeList = z.infer<typeof resourceTypeListSchema>;
/** One of the product's resources, nested in its parent when it has one. */
export type Resource = z.infer<typeof resourceSchema>;
/** One page of resources and the cursor of the next page. */
export type ResourcePage = z.infer<typeof resourcePageSchema>;
/** What a grant covers: one resource (and what is nested in it), every existing resource of a type, or every one. */
export type GrantKind = z.infer<typeof grantKindSchema>;
/** A member's access grant on resources. */
export type Grant = z.infer<typeof grantSchema>;
/** A member's grants (GET /orgs/{orgId}/members/{memberId}/grants). */
export type GrantList = z.infer<typeof grantListSchema>;
/** A grant as sent in an invitation or to create one. */
export type GrantInput = z.infer<typeof grantInputSchema>;
/** What a member can reach, resource by resource, and the grants behind it. */
export type MemberAccess = z.infer<typeof memberAccessSchema>;
/** The answer to "may this member do this, here?", with the chain behind it when asked to explain. */
export type Decision = z.infer<typeof decisionSchema>;
/** An API token as listed; its secret is never shown again. */
export type ApiToken = z.infer<typeof apiTokenSchema>;
/** The organization's API tokens. */
export type ApiTokenList = z.infer<typeof apiTokenListSchema>;
/** A new API token and its secret, shown this once. */
export type CreatedApiToken = z.infer<typeof createdApiTokenSchema>;
/** Usage counted per user, resource or day, per action, with totals. */
export type UsageReport = z.infer<typeof usageReportSchema>;
/** A tag of the organization's catalogue, with how many members carry it. */
export type Tag = z.infer<typeof tagSchema>;
/** The organization's tag catalogue (GET /orgs/{orgId}/tags). */
export type TagList = z.infer<typeof tagListSchema>;
/** Which members: the members table's filters, as the export and "all matching" bulk actions take them. */
export type MemberFilter = z.infer<typeof memberFilterSchema>;
/** A bulk action's request: the action, its arguments and the members (ids or a filter). */
export type BulkActionBody = z.infer<typeof bulkActionBodySchema>;
/** What a bulk action does, or `import_tags`. */
export type PlanAction = z.infer<typeof planActionSchema>;
/** A grant to take away: its kind and what it covers. */
export type GrantTarget = z.infer<typeof grantTargetSchema>;
/** The dry-run preview of an import or bulk action: counts, the first rows, and its id to apply it. */
export type Plan = z.infer<typeof planSchema>;
/** One row of a plan: a CSV line or a selected member, and what happens to it. */
export type PlanRow = z.infer<typeof planRowSchema>;
/** A page of a plan's rows. */
export type PlanRowPage = z.infer<typeof planRowPageSchema>;
/** What a plan changes on one member. */
export type PlanChanges = z.infer<typeof planChangesSchema>;
/** A grant as a plan names it. */
export type PlanGrant = z.infer<typeof planGrantSchema>;
/** A member's status in a plan, including `removed` and `deleted`. */
export type PlanStatus = z.infer<typeof planStatusSchema>;
/** The answer to applying a plan: the plan, how many members changed, the tags created. */
export type AppliedPlan = z.infer<typeof appliedPlanSchema>;
/** One line of an apply answered as a stream: progress, the result, or an error. */
export type ApplyProgressEvent = z.infer<typeof applyProgressEventSchema>;
