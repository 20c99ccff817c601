import { z } from 'zod';
import { idSchema, timestampSchema } from './common';

/** Member statuses as people see them. */
export const memberStatusSchema = z.enum(['invite_pending', 'invite_expired', 'not_activated', 'active', 'deactivated']);
/** Member or external collaborator. */
export const memberKindSchema = z.enum(['member', 'external']);

/** A role next to a member. */
export const roleSummarySchema = z.object({ id: idSchema, key: z.string(), name: z.string(), rank: z.number().int() });

/** A tag on a member. */
export const memberTagSchema = z.object({ id: idSchema, name: z.string() });

/** A member of an organization. */
export const memberSchema = z.object({
  id: idSchema,
  userId: idSchema.nullable(),
  email: z.string().nullable(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  description: z.string(),
  role: roleSummarySchema.nullable(),
  kind: memberKindSchema,
  status: memberStatusSchema,
  invitation: z.object({ id: idSchema, expiresAt: timestampSchema }).nullable(),
  lastConnectionAt: timestampSchema.nullable().describe('The last sign-in; null means never.'),
  accessExpiresAt: timestampSchema.nullable().describe('When the membership ends by itself; null: never.'),
  tags: z.array(memberTagSchema).describe('The member\'s tags, by name.'),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});

/** An organization. */
export const organizationSchema = z.object({
  id: idSchema,
  name: z.string(),
  roleTemplate: z.string(),
  invitationTtlDays: z.number().int(),
  inviteLinkEnabled: z.boolean(),
  createdAt: timestampSchema,
});

/** A user as they see themselves. */
export const userSchema = z.object({
  id: idSchema,
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  createdAt: timestampSchema,
  lastSignInAt: timestampSchema.nullable(),
});

/** A role with its permissions. */
export const roleSchema = z.object({
  id: idSchema,
  key: z.string(),
  name: z.string(),
  description: z.string(),
  rank: z.number().int(),
  isOwner: z.boolean().describe('Owner roles count for "an organization always keeps an owner".'),
  builtin: z.boolean(),
  permissions: z.array(z.string()),
  createdAt: timestampSchema,
});

/** An invitation. */
export const invitationSchema = z.object({
  id: idSchema,
  memberId: idSchema,
  email: z.string(),
  expiresAt: timestampSchema,
  createdAt: timestampSchema,
});

/** Member counts for the console's tabs and filters. */
export const memberCountsSchema = z.object({
  total: z.number().int(),
  byKind: z.object({ member: z.number().int(), external: z.number().int() }),
  byStatus: z.object({
    invite_pending: z.number().int(),
    invite_expired: z.number().int(),
    not_activated: z.number().int(),
    active: z.number().int(),
    deactivated: z.number().int(),
  }),
});
