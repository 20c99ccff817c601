import { z } from 'zod';
import { cursorSchema, idSchema, limitSchema, timestampSchema } from './common';
import { roleSummarySchema } from './models';

// Resource types, resources, access grants, the authorization API, API tokens, usage.

/** A resource type's key: what the product calls its kind of resource. */
export const resourceTypeKeySchema = z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, 'lower-case letters, digits, - and _, starting with a letter')
  .describe('The product\'s name for a kind of resource, e.g. `queue`, `site`, `project`.');
/** The product's own id of a resource. */
export const externalIdSchema = z.string().min(1).max(200).regex(/^[^\s/]+$/, 'no spaces or slashes').describe('The product\'s own id of the resource.');
const resourceNameSchema = z.string().trim().min(1).max(200);
/** A future point in time, ISO 8601 with an offset. */
export const expiresAtSchema = z.iso.datetime({ offset: true }).describe('ISO 8601 timestamp; must be in the future.');

/** A resource named by Roster's id or by the product's type and external id. */
export const resourceRefSchema = z.union([
  z.strictObject({ id: idSchema }),
  z.strictObject({ type: resourceTypeKeySchema, externalId: externalIdSchema }),
]).describe('Either `{ id }` or `{ type, externalId }`.');

// resource types
/** A kind of resource the product registered. */
export const resourceTypeSchema = z.object({
  id: idSchema, key: z.string(), name: z.string(), resourceCount: z.number().int(), createdAt: timestampSchema,
});
/** POST /orgs/{orgId}/resource-types */
export const createResourceTypeBodySchema = z.strictObject({ key: resourceTypeKeySchema, name: z.string().trim().min(1).max(60) });
/** PATCH /orgs/{orgId}/resource-types/{typeKey} */
export const updateResourceTypeBodySchema = z.strictObject({ name: z.string().trim().min(1).max(60) });
/** GET /orgs/{orgId}/resource-types */
export const resourceTypeListSchema = z.object({ items: z.array(resourceTypeSchema) });
/** A path with a resource type key. */
export const resourceTypeParamsSchema = z.strictObject({ orgId: idSchema, typeKey: resourceTypeKeySchema });

// resources
/** A resource, with its parent when nested. */
export const resourceSchema = z.object({
  id: idSchema,
  type: z.string().describe('The resource type\'s key.'),
  externalId: z.string(),
  name: z.string(),
  parentId: idSchema.nullable(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});
/** POST /orgs/{orgId}/resources */
export const createResourceBodySchema = z.strictObject({
  type: resourceTypeKeySchema, externalId: externalIdSchema, name: resourceNameSchema,
  parent: resourceRefSchema.nullable().optional().describe('The resource this one sits in (a queue inside a workspace).'),
});
/** PATCH /orgs/{orgId}/resources/{resourceId} */
export const updateResourceBodySchema = z.strictObject({
  name: resourceNameSchema.optional(),
  parent: resourceRefSchema.nullable().optional().describe('null takes it out of its parent.'),
});
/** PUT /orgs/{orgId}/resources/by-external-id/{type}/{externalId} */
export const upsertResourceBodySchema = z.strictObject({
  name: resourceNameSchema,
  parent: resourceRefSchema.nullable().optional(),
});
/** GET /orgs/{orgId}/resources */
export const listResourcesQuerySchema = z.strictObject({
  type: resourceTypeKeySchema.optional(),
  parentId: idSchema.optional(),
  q: z.string().max(200).optional().describe('Part of the name or external id.'),
  limit: limitSchema.optional().describe('1 to 200; default 50.'),
  cursor: cursorSchema.optional(),
});
/** A page of resources. */
export const resourcePageSchema = z.object({ items: z.array(resourceSchema), nextCursor: z.string().nullable() });
/** A path with a resource id. */
export const resourceParamsSchema = z.strictObject({ orgId: idSchema, resourceId: idSchema });
/** A path with a resource's type and external id. */
export const resourceExternalParamsSchema = z.strictObject({ orgId: idSchema, type: resourceTypeKeySchema, externalId: externalIdSchema });

// access grants
/** What a grant covers. */
export const grantKindSchema = z.enum(['resource', 'all_of_type', 'all_existing_of_type']).describe(
  '`resource`: one resource and what is nested in it. `all_existing_of_type`: every resource of the type that exists when the grant is made. `all_of_type`: every resource of the type, including ones created later.',
);
/** A grant as given in a request. */
export const grantInputSchema = z.strictObject({
  kind: grantKindSchema,
  resource: resourceRefSchema.optional().describe('Required for `resource` grants.'),
  resourceType: resourceTypeKeySchema.optional().describe('Required for `all_of_type` and `all_existing_of_type` grants.'),
  roleId: idSchema.nullable().optional().describe('A resource-level role; null or absent means the member\'s organization role.'),
  expiresAt: expiresAtSchema.nullable().optional(),
});
/** A member's access grant. */
export const grantSchema = z.object({
  id: idSchema,
  memberId: idSchema,
  kind: grantKindSchema,
  resourceType: z.object({ key: z.string(), name: z.string() }),
  resource: z.object({ id: idSchema, externalId: z.string(), name: z.string() }).nullable(),
  role: roleSummarySchema.nullable().describe('The resource-level role; null means the organization role.'),
  expiresAt: timestampSchema.nullable(),
  expired: z.boolean(),
  createdAt: timestampSchema,
});
/** GET /orgs/{orgId}/members/{memberId}/grants */
export const grantListSchema = z.object({ items: z.array(grantSchema) });
/** PATCH /orgs/{orgId}/members/{memberId}/grants/{grantId} */
export const updateGrantBodySchema = z.strictObject({
  roleId: idSchema.nullable().optional(), expiresAt: expiresAtSchema.nullable().optional(),
});
/** A path with a grant id. */
export const grantParamsSchema = z.strictObject({ orgId: idSchema, memberId: idSchema, grantId: idSchema });

// authorization
/** One check: may this member (or user) do this, here? */
export const authorizeCheckSchema = z.strictObject({
  memberId: idSchema.optional(),
  userId: idSchema.optional(),
  permission: z.string().min(1).max(100),
  resource: resourceRefSchema.optional(),
});
/** POST /orgs/{orgId}/authorize: one check, or `checks` for up to 100. */
export const authorizeBodySchema = z.strictObject({
  memberId: idSchema.optional(),
  userId: idSchema.optional(),
  permission: z.string().min(1).max(100).optional(),
  resource: resourceRefSchema.optional(),
  checks: z.array(authorizeCheckSchema).min(1).max(100).optional().describe('Up to 100 checks answered in order.'),
  explain: z.boolean().optional().describe('Return the chain behind each answer.'),
});
/** Why a check was answered as it was. */
export const decisionReasonSchema = z.enum([
  'role', 'role_all_resources', 'grant',
  'not_a_member', 'invite_pending', 'not_activated', 'deactivated', 'membership_expired',
  'role_lacks_permission', 'no_grant', 'grant_expired', 'unknown_resource',
]);
/** One link of the chain behind an answer. */
export const explainStepSchema = z.object({
  step: z.enum(['membership', 'role', 'grant', 'permission', 'resource']),
  ok: z.boolean(),
  detail: z.string().describe('One sentence a person understands.'),
  data: z.record(z.string(), z.unknown()),
});
/** The chain behind an answer. */
export const explanationSchema = z.object({
  summary: z.string(),
  chain: z.array(explainStepSchema),
  role: roleSummarySchema.nullable().describe('The role that decided: the grant\'s or the organization\'s.'),
  grant: z.object({
    id: idSchema,
    kind: grantKindSchema,
    inherited: z.boolean().describe('True when the grant is on a resource this one is nested in.'),
    on: z.object({ id: idSchema.nullable(), type: z.string(), name: z.string().nullable() }),
    expiresAt: timestampSchema.nullable(),
  }).nullable(),
  membershipExpiresAt: timestampSchema.nullable(),
});
/** The answer to one check. */
export const decisionSchema = z.object({
  allowed: z.boolean(),
  reason: decisionReasonSchema,
  explanation: explanationSchema.optional().describe('Only with `explain: true`.'),
});
/** The answer to a batch. */
export const authorizeBatchResponseSchema = z.object({ results: z.array(decisionSchema) });

/** GET /orgs/{orgId}/members/{memberId}/access */
export const memberAccessSchema = z.object({
  memberId: idSchema,
  status: z.string(),
  membershipExpiresAt: timestampSchema.nullable(),
  organizationRole: roleSummarySchema.nullable(),
  allResources: z.boolean().describe('The organization role reaches every resource without grants.'),
  grants: z.array(grantSchema),
  items: z.array(z.object({
    resource: resourceSchema,
    role: roleSummarySchema.describe('The role the member has on this resource.'),
    permissions: z.array(z.string()),
    via: z.enum(['organization_role', 'grant']),
    grantId: idSchema.nullable(),
    inherited: z.boolean(),
    expiresAt: timestampSchema.nullable(),
  })),
  truncated: z.boolean().describe('True when the organization has more resources than one answer lists (5,000).'),
});

// API tokens
/** An API token as listed: the secret itself is never shown again. */
export const apiTokenSchema = z.object({
  id: idSchema,
  name: z.string(),
  prefix: z.string().describe('The first characters of the token, to recognise it.'),
  role: roleSummarySchema,
  createdBy: z.object({ memberId: idSchema, name: z.string() }),
  createdAt: timestampSchema,
  expiresAt: timestampSchema.nullable(),
  lastUsedAt: timestampSchema.nullable(),
  revokedAt: timestampSchema.nullable(),
  status: z.enum(['active', 'expired', 'revoked']),
});
/** POST /orgs/{orgId}/api-tokens */
export const createApiTokenBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(100), roleId: idSchema, expiresAt: expiresAtSchema.nullable().optional(),
});
/** Answer of creating a token: the secret is shown this once. */
export const createdApiTokenSchema = z.object({
  token: apiTokenSchema,
  secret: z.string().describe('Send as `Authorization: Bearer <secret>`. Shown once; only its hash is stored.'),
});
/** GET /orgs/{orgId}/api-tokens */
export const apiTokenListSchema = z.object({ items: z.array(apiTokenSchema) });
/** GET /token: the API token sending the request, and its organization. */
export const tokenInfoSchema = z.object({
  token: apiTokenSchema,
  organization: z.object({ id: idSchema, name: z.string() }),
  permissions: z.array(z.string()).describe('What the token may do: its role\'s permissions, bounded by its creator\'s.'),
});
/** A path with a token id. */
export const apiTokenParamsSchema = z.strictObject({ orgId: idSchema, tokenId: idSchema });

// usage
const actionNameSchema = z.string().regex(/^[a-z][a-z0-9_.-]{0,59}$/, 'lower-case letters, digits, ., - and _, starting with a letter')
  .describe('The product\'s name for what was done, e.g. `documents.imported`.');
/** One usage event. */
export const usageEventInputSchema = z.strictObject({
  id: z.string().min(1).max(100).optional().describe('The product\'s id for the event: a retried batch does not count it twice.'),
  memberId: idSchema.optional(),
  userId: idSchema.optional(),
  action: actionNameSchema,
  quantity: z.number().int().min(1).max(1_000_000).optional().describe('Default 1.'),
  resource: resourceRefSchema.optional(),
  occurredAt: z.iso.datetime({ offset: true }).optional().describe('Default now; at most 400 days ago and not in the future.'),
});
/** POST /orgs/{orgId}/usage-events */
export const usageEventsBodySchema = z.strictObject({ events: z.array(usageEventInputSchema).min(1).max(1000) });
/** Answer of posting usage events. */
export const usageEventsResponseSchema = z.object({
  accepted: z.number().int(), duplicates: z.number().int().describe('Events whose id was already recorded.'),
});
/** A calendar day, YYYY-MM-DD (UTC). */
const daySchema = z.iso.date().describe('YYYY-MM-DD, a UTC day.');
/** GET /orgs/{orgId}/usage/report (and report.csv) */
export const usageReportQuerySchema = z.strictObject({
  from: daySchema.optional().describe('First day, YYYY-MM-DD (UTC). Default: 29 days before `to`.'),
  to: daySchema.optional().describe('Last day, included. Default: today (UTC).'),
  groupBy: z.enum(['user', 'resource', 'day']).optional().describe('Default `user`.'),
  includeDeleted: z.enum(['true', 'false']).optional().describe('Count deleted users\' work, labelled "Deleted User". Default true.'),
  action: actionNameSchema.optional(),
});
/** A usage report. */
export const usageReportSchema = z.object({
  from: z.string(), to: z.string(), groupBy: z.enum(['user', 'resource', 'day']), includeDeleted: z.boolean(),
  actions: z.array(z.string()).describe('Every action in the range, in name order: the columns.'),
  rows: z.array(z.object({
    key: z.string().describe('Member id, resource id (empty for events without one) or day.'),
    label: z.string(),
    deleted: z.boolean().describe('A deleted user, or a resource that no longer exists.'),
    counts: z.record(z.string(), z.number()),
    total: z.number(),
  })),
  totals: z.record(z.string(), z.number()),
  total: z.number(),
});
