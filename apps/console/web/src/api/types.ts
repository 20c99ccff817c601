import type {
  acceptInvitationResponseSchema, auditPageSchema, invitationPreviewSchema, inviteLinkSchema, inviteResponseSchema,
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
