import { z } from 'zod';

/** An opaque id in a path. */
export const idSchema = z.string().min(1).max(64).describe('An opaque id.');
/** An ISO 8601 timestamp. */
export const timestampSchema = z.string().describe('ISO 8601 timestamp, UTC.');
/** A person's first or last name. */
export const nameSchema = z.string().trim().min(1).max(100);
/** An email address; it is the username. */
export const emailSchema = z.email().max(254).describe('Email address; the username, compared case-insensitively.');
/** A password as sent by a client; its strength is checked by the domain. */
export const passwordSchema = z.string().min(1).max(256).describe('At least 10 characters.');
/** A keyset cursor from a previous page. */
export const cursorSchema = z.string().min(1).max(2000).describe('The `nextCursor` of the previous page.');
/** A page size. */
export const limitSchema = z.coerce.number().int().min(1).max(200);

/** The one error shape. */
export const errorResponseSchema = z.object({
  error: z.object({
    code: z.string().describe('Stable error code; see docs/errors.md.'),
    message: z.string(),
    details: z.record(z.string(), z.unknown()),
  }),
});

/** A path with an organization id. */
export const orgParamsSchema = z.strictObject({ orgId: idSchema });
/** A path with a member id. */
export const memberParamsSchema = z.strictObject({ orgId: idSchema, memberId: idSchema });
/** A path with an invitation id. */
export const invitationParamsSchema = z.strictObject({ orgId: idSchema, invitationId: idSchema });
/** A path with a role id. */
export const roleParamsSchema = z.strictObject({ orgId: idSchema, roleId: idSchema });
/** A path with a link token. */
export const tokenParamsSchema = z.strictObject({ token: z.string().min(1).max(200) });
