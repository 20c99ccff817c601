import type {
  acceptInvitationResponseSchema, auditPageSchema, invitationPreviewSchema, inviteLinkSchema, inviteResponseSchema,
  joinResponseSchema, mailPageSchema, meResponseSchema, memberCountsSchema, memberPageSchema, memberSchema,
  memberStatusSchema, myOrganizationSchema, organizationSchema, permissionListSchema, roleListSchema, roleSchema,
  signUpResponseSchema, userSchema,
} from '@roster/contracts';
import type { z } from 'zod';

// The console's types are the server's contracts: one source of truth for both sides.
export type User = z.infer<typeof userSchema>;
export type Me = z.infer<typeof meResponseSchema>;
export type MyOrganization = z.infer<typeof myOrganizationSchema>;
export type Organization = z.infer<typeof organizationSchema>;
export type Member = z.infer<typeof memberSchema>;
export type MemberStatus = z.infer<typeof memberStatusSchema>;
export type MemberCounts = z.infer<typeof memberCountsSchema>;
export type MemberPage = z.infer<typeof memberPageSchema>;
export type Role = z.infer<typeof roleSchema>;
export type RoleList = z.infer<typeof roleListSchema>;
export type PermissionList = z.infer<typeof permissionListSchema>;
export type InviteResponse = z.infer<typeof inviteResponseSchema>;
export type InvitationPreview = z.infer<typeof invitationPreviewSchema>;
export type AcceptInvitationResponse = z.infer<typeof acceptInvitationResponseSchema>;
export type InviteLink = z.infer<typeof inviteLinkSchema>;
export type JoinResponse = z.infer<typeof joinResponseSchema>;
export type AuditPage = z.infer<typeof auditPageSchema>;
export type AuditEvent = AuditPage['items'][number];
export type MailPage = z.infer<typeof mailPageSchema>;
export type MailMessage = MailPage['items'][number];
export type SignUpResponse = z.infer<typeof signUpResponseSchema>;
