import { memberFilterSchema, memberKindSchema, memberStatusSchema, roleListSchema, tagListSchema } from '@roster/contracts';
import { Option, type Command } from 'commander';
import type { z } from 'zod';
import { CliError, usageError } from './errors';
import type { Session } from './session';

/** Which members, as the API takes it: ids, not names. */
export type MemberFilter = z.output<typeof memberFilterSchema>;
/** A role of the organization. */
export type Role = z.output<typeof roleListSchema>['items'][number];

/** The members-table filters as flags. */
export interface FilterFlags {
  status?: string;
  role?: string;
  tag?: string;
  kind?: string;
  search?: string;
}

/** Adds --status, --role, --tag, --kind and --search to a command. */
export function addFilterOptions(command: Command): Command {
  return command
    .addOption(new Option('--status <status>', 'only members with this status').choices(memberStatusSchema.options))
    .option('--role <role>', 'only members with this role (its key, name or id)')
    .option('--tag <tag>', 'only members carrying this tag (its name or id)')
    .addOption(new Option('--kind <kind>', 'members of the organization, or external collaborators').choices(memberKindSchema.options))
    .option('--search <text>', 'part of a name or email');
}

const FILTER_KEYS: Record<string, keyof FilterFlags> = {
  status: 'status', role: 'role', tag: 'tag', kind: 'kind', search: 'search', q: 'search',
};

/**
 * Parses `--filter status=active,tag=Seattle` into the same fields as the flags. Keys:
 * status, role, tag, kind, search (or q). Values are trimmed; a value may not contain a comma.
 */
export function parseFilterExpression(expression: string): FilterFlags {
  const flags: FilterFlags = {};
  for (const part of expression.split(',')) {
    if (part.trim() === '') continue;
    const equals = part.indexOf('=');
    const key = FILTER_KEYS[(equals < 0 ? part : part.slice(0, equals)).trim().toLowerCase()];
    if (equals < 0 || key === undefined) {
      throw usageError(`--filter: "${part.trim()}" is not KEY=VALUE with a key among status, role, tag, kind, search`);
    }
    if (flags[key] !== undefined) throw usageError(`--filter: ${key} is given twice`);
    flags[key] = part.slice(equals + 1).trim();
  }
  return flags;
}

/** Merges --filter with the filter flags; the same field twice is a usage error. */
export function mergeFilterFlags(flags: FilterFlags, expression: string | undefined): FilterFlags {
  if (expression === undefined) return flags;
  const parsed = parseFilterExpression(expression);
  const merged: FilterFlags = { ...parsed };
  for (const key of Object.keys(FILTER_KEYS).map((k) => FILTER_KEYS[k]!)) {
    if (flags[key] === undefined) continue;
    if (parsed[key] !== undefined && parsed[key] !== flags[key]) throw usageError(`${key} is given both in --filter and as --${key}`);
    merged[key] = flags[key];
  }
  if (merged.status !== undefined && !memberStatusSchema.safeParse(merged.status).success) {
    throw usageError(`status "${merged.status}" is not one of ${memberStatusSchema.options.join(', ')}`);
  }
  if (merged.kind !== undefined && !memberKindSchema.safeParse(merged.kind).success) {
    throw usageError(`kind "${merged.kind}" is not one of ${memberKindSchema.options.join(', ')}`);
  }
  return merged;
}

/** Finds a role by id, key or name (case-insensitive); unknown names list what exists. */
export async function resolveRole(session: Session, wanted: string): Promise<Role> {
  const { items } = await session.client.get(`${session.orgPath}/roles`, roleListSchema);
  const lower = wanted.trim().toLowerCase();
  const role = items.find((r) => r.id === wanted)
    ?? items.find((r) => r.key.toLowerCase() === lower)
    ?? items.find((r) => r.name.toLowerCase() === lower);
  if (role === undefined) {
    throw new CliError(`role.not_found: there is no role "${wanted}" in ${session.info.organization.name} (roles: ${items.map((r) => r.key).join(', ')})`);
  }
  return role;
}

/** Finds a tag's id by name (case-insensitive) or id. */
export async function resolveTagId(session: Session, wanted: string): Promise<string> {
  const { items } = await session.client.get(`${session.orgPath}/tags`, tagListSchema);
  const lower = wanted.trim().toLowerCase();
  const tag = items.find((t) => t.id === wanted) ?? items.find((t) => t.name.toLowerCase() === lower);
  if (tag === undefined) {
    const known = items.length === 0 ? 'the organization has no tags yet' : `tags: ${items.slice(0, 20).map((t) => t.name).join(', ')}${items.length > 20 ? ', …' : ''}`;
    throw new CliError(`tag.not_found: there is no tag "${wanted}" in ${session.info.organization.name} (${known})`);
  }
  return tag.id;
}

/** Turns the flags into the API's filter, looking role and tag names up. */
export async function resolveFilter(session: Session, flags: FilterFlags): Promise<MemberFilter> {
  const filter: MemberFilter = {};
  if (flags.status !== undefined) filter.status = flags.status as MemberFilter['status'];
  if (flags.kind !== undefined) filter.kind = flags.kind as MemberFilter['kind'];
  if (flags.search !== undefined) filter.q = flags.search;
  if (flags.role !== undefined) filter.roleId = (await resolveRole(session, flags.role)).id;
  if (flags.tag !== undefined) filter.tagId = await resolveTagId(session, flags.tag);
  return filter;
}
