import { z } from 'zod';
import {
  cursorSchema, emailSchema, idSchema, limitSchema, nameSchema, passwordSchema, timestampSchema,
} from './common';
import { expiresAtSchema, grantInputSchema } from './access';
import {
  invitationSchema, memberCountsSchema, memberKindSchema, memberSchema, memberStatusSchema, organizationSchema,
  roleSchema, roleSummarySchema, userSchema,
} from './models';

const roleTemplateSchema = z.enum(['default', 'admin-member']).describe(
  '`default`: Owner, Admin, Manager, Annotator, Annotator (limited), Viewer. `admin-member`: Admin and Member.',
);
const organizationNameSchema = z.string().trim().min(1).max(100);
const descriptionSchema = z.string().trim().max(500);

// auth
/** POST /auth/sign-up */
export const signUpBodySchema = z.strictObject({
  firstName: nameSchema, lastName: nameSchema, email: emailSchema, password: passwordSchema,
  organizationName: organizationNameSchema, roleTemplate: roleTemplateSchema.optional(),
});
/** POST /auth/sign-in */
export const signInBodySchema = z.strictObject({ email: emailSchema, password: passwordSchema });
/** Answer of sign-up. */
export const signUpResponseSchema = z.object({ user: userSchema, organization: organizationSchema });
/** Answer of sign-in. */
export const signInResponseSchema = z.object({ user: userSchema });

// me
/** One of my organizations. */
export const myOrganizationSchema = z.object({
  organization: organizationSchema,
  memberId: idSchema,
  role: roleSummarySchema.nullable(),
  status: z.enum(['not_activated', 'active', 'deactivated']),
  kind: memberKindSchema,
  permissions: z.array(z.string()).describe('What the role allows; empty unless active.'),
});
/** GET /me */
export const meResponseSchema = z.object({ user: userSchema, organizations: z.array(myOrganizationSchema) });
/** PATCH /me; `email` is accepted only to be refused with `user.email_immutable`. */
export const updateMeBodySchema = z.strictObject({
  firstName: nameSchema.optional(), lastName: nameSchema.optional(),
  email: z.string().max(254).optional().describe('Refused: the email is the username and never changes.'),
});
/** Answer of PATCH /me. */
export const updateMeResponseSchema = z.object({ user: userSchema });

// organizations
/** POST /orgs */
export const createOrganizationBodySchema = z.strictObject({ name: organizationNameSchema, roleTemplate: roleTemplateSchema.optional() });
/** PATCH /orgs/{orgId} */
export const updateOrganizationBodySchema = z.strictObject({
  name: organizationNameSchema.optional(),
  invitationTtlDays: z.number().int().min(1).max(90).optional().describe('Days an invitation link stays valid. Default 7.'),
});

// members
/** GET /orgs/{orgId}/members */
export const listMembersQuerySchema = z.strictObject({
  status: memberStatusSchema.optional(),
  roleId: idSchema.optional(),
  kind: memberKindSchema.optional(),
  tagId: idSchema.optional().describe('Members carrying this tag.'),
  q: z.string().max(200).optional().describe('Part of a name or email.'),
  sort: z.enum(['name', 'email', 'role', 'lastConnection', 'createdAt']).optional().describe('Default `name`.'),
  order: z.enum(['asc', 'desc']).optional().describe('Default `asc`.'),
  limit: limitSchema.optional().describe('1 to 200; default 50.'),
  cursor: cursorSchema.optional(),
});
/** A page of members. */
export const memberPageSchema = z.object({
  items: z.array(memberSchema),
  nextCursor: z.string().nullable(),
  counts: memberCountsSchema,
});
/** PATCH /orgs/{orgId}/members/{memberId} */
export const updateMemberBodySchema = z.strictObject({
  firstName: nameSchema.optional(),
  lastName: nameSchema.optional(),
  description: descriptionSchema.optional(),
  roleId: idSchema.optional(),
  kind: memberKindSchema.optional(),
  accessExpiresAt: expiresAtSchema.nullable().optional().describe('When the membership ends by itself; null: never.'),
  email: z.string().max(254).optional().describe('Refused: the email is the username and never changes.'),
});
/** DELETE /orgs/{orgId}/members/{memberId} */
export const removeMemberQuerySchema = z.strictObject({
  erase: z.enum(['true', 'false']).optional().describe('`true` deletes: erases the person from the organization\'s records.'),
});

// invitations
/** POST /orgs/{orgId}/invitations */
export const inviteBodySchema = z.strictObject({
  email: emailSchema, firstName: nameSchema, lastName: nameSchema, description: descriptionSchema.optional(),
  roleId: idSchema, kind: memberKindSchema.optional(),
  access: z.array(grantInputSchema).max(100).optional().describe('Resource access the invitation grants; it applies once accepted.'),
  accessExpiresAt: expiresAtSchema.nullable().optional().describe('When the membership ends by itself.'),
});
/** Answer of an invitation. */
export const inviteResponseSchema = z.object({ member: memberSchema, invitation: invitationSchema });
/** GET /invitations/{token} */
export const invitationPreviewSchema = z.object({
  organization: z.object({ id: idSchema, name: z.string() }),
  invitedBy: z.object({ name: z.string() }).nullable(),
  role: z.object({ name: z.string(), description: z.string() }),
  email: z.string(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  expiresAt: timestampSchema,
  accountExists: z.boolean().describe('Whether the invitee signs in (true) or creates an account (false).'),
});
/** POST /invitations/{token}/accept */
export const acceptInvitationBodySchema = z.strictObject({
  firstName: nameSchema.optional(), lastName: nameSchema.optional(), password: passwordSchema.optional(),
});
/** Answer of accepting. */
export const acceptInvitationResponseSchema = z.object({ member: memberSchema, organization: organizationSchema, user: userSchema });

// invite link
/** The shared invite link. */
export const inviteLinkSchema = z.object({
  enabled: z.boolean(),
  createdAt: timestampSchema.nullable(),
  url: z.string().nullable().describe('The link to share; null while the link is off.'),
});
/** PUT /orgs/{orgId}/invite-link */
export const setInviteLinkBodySchema = z.strictObject({
  enabled: z.boolean(),
  regenerate: z.boolean().optional().describe('Make a new link; the old one stops working.'),
});
/** POST /join/{token} */
export const joinBodySchema = z.strictObject({
  firstName: nameSchema.optional(), lastName: nameSchema.optional(), email: emailSchema.optional(), password: passwordSchema.optional(),
});
/** Answer of joining. */
export const joinResponseSchema = z.object({ organization: organizationSchema, memberId: idSchema, status: z.literal('not_activated') });

// roles
const roleKeySchema = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'lower-case letters, digits and _, starting with a letter');
const rankSchema = z.number().int().min(0).max(1000);
/** POST /orgs/{orgId}/roles */
export const createRoleBodySchema = z.strictObject({
  key: roleKeySchema, name: z.string().trim().min(1).max(60), description: descriptionSchema.optional(),
  rank: rankSchema, permissions: z.array(z.string().max(100)).max(100),
});
/** PATCH /orgs/{orgId}/roles/{roleId} */
export const updateRoleBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(60).optional(), description: descriptionSchema.optional(),
  rank: rankSchema.optional(), permissions: z.array(z.string().max(100)).max(100).optional(),
});
/** GET /orgs/{orgId}/roles */
export const roleListSchema = z.object({ items: z.array(roleSchema) });
/** GET /permissions */
export const permissionListSchema = z.object({ items: z.array(z.object({ name: z.string(), description: z.string() })) });

// audit and mail
/** GET /orgs/{orgId}/audit-events and /mail */
export const pageQuerySchema = z.strictObject({ cursor: cursorSchema.optional(), limit: limitSchema.optional() });
const auditPersonSchema = z.object({ memberId: idSchema.nullable(), name: z.string(), email: z.string().nullable() });
/** A page of the audit log. */
export const auditPageSchema = z.object({
  items: z.array(z.object({
    id: z.string(),
    action: z.string(),
    actor: auditPersonSchema.nullable(),
    target: z.object({ type: z.string(), id: z.string().nullable(), member: auditPersonSchema.nullable() }),
    before: z.record(z.string(), z.unknown()).nullable(),
    after: z.record(z.string(), z.unknown()).nullable(),
    createdAt: timestampSchema,
  })),
  nextCursor: z.string().nullable(),
});
/** A page of outgoing mail. */
export const mailPageSchema = z.object({
  items: z.array(z.object({
    id: z.string(),
    to: z.string(),
    subject: z.string(),
    status: z.enum(['queued', 'sent', 'retrying', 'failed']),
    transport: z.enum(['smtp', 'dev_mailbox']).nullable(),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    createdAt: timestampSchema,
    sentAt: timestampSchema.nullable(),
    text: z.string().nullable().describe('The message text; only in the dev mailbox (no SMTP_URL).'),
    html: z.string().nullable(),
  })),
  nextCursor: z.string().nullable(),
});
