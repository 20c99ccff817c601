import { z } from 'zod';
import { idSchema, timestampSchema } from './common';
import { grantInputSchema, grantKindSchema, resourceRefSchema, resourceTypeKeySchema } from './access';
import { memberKindSchema, memberStatusSchema, roleSummarySchema } from './models';

// Member tags, CSV tag imports, bulk actions, their plans (dry-run previews), the CSV export.

/** A tag's name: what admins read on the chip. Commas separate tags in CSV files, so none inside. */
export const tagNameSchema = z.string().trim().min(1).max(50).refine((name) => !/[,\r\n]/.test(name), 'no commas or line breaks')
  .describe('1 to 50 characters, no commas; unique in the organization regardless of case.');

// tag catalogue
/** A tag of the organization's catalogue. */
export const tagSchema = z.object({
  id: idSchema, name: z.string(), memberCount: z.number().int().describe('Members (not removed) carrying the tag.'),
  createdAt: timestampSchema,
});
/** GET /orgs/{orgId}/tags */
export const tagListSchema = z.object({ items: z.array(tagSchema) });
/** POST /orgs/{orgId}/tags and PATCH /orgs/{orgId}/tags/{tagId} */
export const tagBodySchema = z.strictObject({ name: tagNameSchema });
/** A path with a tag id. */
export const tagParamsSchema = z.strictObject({ orgId: idSchema, tagId: idSchema });
/** PUT /orgs/{orgId}/members/{memberId}/tags */
export const setMemberTagsBodySchema = z.strictObject({
  tags: z.array(tagNameSchema).max(50).describe('The member\'s tags afterwards, by name (case-insensitive).'),
  createMissing: z.boolean().optional().describe('Create tags the catalogue does not have yet; otherwise they are refused with `tag.not_found`.'),
});

// the members filter, shared by the table, the export and "all matching" bulk actions
/** Which members: the members table's filters. */
export const memberFilterSchema = z.strictObject({
  status: memberStatusSchema.optional(),
  roleId: idSchema.optional(),
  kind: memberKindSchema.optional(),
  tagId: idSchema.optional(),
  q: z.string().max(200).optional().describe('Part of a name or email.'),
});
/** GET /orgs/{orgId}/members/export.csv */
export const exportMembersQuerySchema = memberFilterSchema;

// plans
/** What a plan does. */
export const planActionSchema = z.enum([
  'import_tags', 'remove', 'delete', 'deactivate', 'reactivate', 'change_role', 'resend_invitation',
  'add_tags', 'remove_tags', 'grant_access', 'revoke_access',
]);
/** A member's status in a plan, including where removing and deleting lead. */
export const planStatusSchema = z.enum([...memberStatusSchema.options, 'removed', 'deleted']);
/** A grant as a plan names it. */
export const planGrantSchema = z.object({
  kind: grantKindSchema,
  resourceType: z.string().describe('The resource type\'s key.'),
  resource: z.object({ id: idSchema, externalId: z.string(), name: z.string() }).nullable(),
  role: roleSummarySchema.nullable(),
  expiresAt: timestampSchema.nullable(),
});
/** What a plan changes on one member. */
export const planChangesSchema = z.object({
  tagsAdded: z.array(z.string()),
  tagsRemoved: z.array(z.string()),
  role: z.object({ from: roleSummarySchema.nullable(), to: roleSummarySchema }).nullable(),
  status: z.object({ from: memberStatusSchema, to: planStatusSchema }).nullable(),
  grantsAdded: z.array(planGrantSchema),
  grantsRemoved: z.array(planGrantSchema),
  invitationResent: z.boolean(),
});
/** One row of a plan: a CSV line or a selected member, and what happens to it. */
export const planRowSchema = z.object({
  index: z.number().int().describe('Position in the plan, from 0.'),
  line: z.number().int().nullable().describe('The CSV line (1 is the header); null for bulk actions.'),
  memberId: idSchema.nullable(),
  email: z.string().nullable(),
  name: z.string().nullable(),
  outcome: z.enum(['change', 'unchanged', 'refused']),
  changes: planChangesSchema.nullable().describe('Set when the outcome is `change`.'),
  refusal: z.object({ code: z.string(), message: z.string() }).nullable().describe('Set when the outcome is `refused`; the code is one of docs/errors.md.'),
});
/** Counts of a plan. */
export const planSummarySchema = z.object({
  rows: z.number().int(),
  changes: z.number().int(),
  unchanged: z.number().int(),
  refused: z.number().int(),
  tagsToCreate: z.array(z.string()).describe('Tags the plan adds to the catalogue.'),
  refusalsByCode: z.record(z.string(), z.number().int()),
});
/** A plan: the dry-run preview of an import or bulk action, applied later by its id. */
export const planSchema = z.object({
  id: idSchema,
  action: planActionSchema,
  state: z.enum(['previewed', 'applied']),
  createdAt: timestampSchema,
  expiresAt: timestampSchema.describe('Apply before this; preview again after.'),
  appliedAt: timestampSchema.nullable(),
  summary: planSummarySchema,
  rows: z.array(planRowSchema).describe('The first rows (up to 500); page on with GET /plans/{planId}/rows.'),
  nextOffset: z.number().int().nullable(),
});
/** A path with a plan id. */
export const planParamsSchema = z.strictObject({ orgId: idSchema, planId: idSchema });
/** GET /orgs/{orgId}/plans/{planId}/rows */
export const planRowsQuerySchema = z.strictObject({
  offset: z.coerce.number().int().min(0).optional().describe('Default 0.'),
  limit: z.coerce.number().int().min(1).max(1000).optional().describe('1 to 1000; default 500.'),
  outcome: z.enum(['change', 'unchanged', 'refused']).optional(),
});
/** A page of plan rows. */
export const planRowPageSchema = z.object({ items: z.array(planRowSchema), nextOffset: z.number().int().nullable() });

// tag imports
/** POST /orgs/{orgId}/imports/tags: the options; the body is the CSV file (text/csv, UTF-8). */
export const importTagsQuerySchema = z.strictObject({
  mode: z.enum(['add', 'replace']).optional().describe('`add` (default) adds the listed tags; `replace` makes them each listed member\'s only tags.'),
  unknownTags: z.enum(['create', 'report']).optional().describe('`report` (default) refuses rows naming a tag the catalogue lacks; `create` adds such tags to the catalogue.'),
});

// bulk actions
const selectionShape = {
  memberIds: z.array(idSchema).min(1).max(100_000).optional().describe('The members picked row by row.'),
  filter: memberFilterSchema.optional().describe('Every member matching the filter ("all N matching"); {} is everyone.'),
};
const bulkTagsSchema = z.array(tagNameSchema).min(1).max(50);
/** A grant to take away: its target. */
export const grantTargetSchema = z.strictObject({
  kind: grantKindSchema,
  resource: resourceRefSchema.optional().describe('For `resource` grants.'),
  resourceType: resourceTypeKeySchema.optional().describe('For `all_of_type` and `all_existing_of_type` grants.'),
});
/** POST /orgs/{orgId}/members/bulk: the action, its arguments, and the members (ids or a filter, one of the two). */
export const bulkActionBodySchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('remove'), ...selectionShape }),
  z.strictObject({ action: z.literal('delete'), ...selectionShape }),
  z.strictObject({ action: z.literal('deactivate'), ...selectionShape }),
  z.strictObject({ action: z.literal('reactivate'), ...selectionShape }),
  z.strictObject({ action: z.literal('resend_invitation'), ...selectionShape }),
  z.strictObject({ action: z.literal('change_role'), roleId: idSchema, ...selectionShape }),
  z.strictObject({ action: z.literal('add_tags'), tags: bulkTagsSchema, createMissing: z.boolean().optional(), ...selectionShape }),
  z.strictObject({ action: z.literal('remove_tags'), tags: bulkTagsSchema, ...selectionShape }),
  z.strictObject({ action: z.literal('grant_access'), access: z.array(grantInputSchema).min(1).max(100), ...selectionShape }),
  z.strictObject({ action: z.literal('revoke_access'), access: z.array(grantTargetSchema).min(1).max(100), ...selectionShape }),
]);
/** Answer of applying a plan. */
export const appliedPlanSchema = z.object({
  plan: planSchema.omit({ rows: true, nextOffset: true }),
  changed: z.number().int().describe('Members changed.'),
  tagsCreated: z.array(z.string()),
});
/** One line of POST /plans/{planId}/apply answered as application/x-ndjson. */
export const applyProgressEventSchema = z.union([
  z.object({ type: z.literal('progress'), done: z.number().int(), total: z.number().int() }),
  z.object({ type: z.literal('result'), result: appliedPlanSchema }),
  z.object({ type: z.literal('error'), error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()) }) }),
]);
