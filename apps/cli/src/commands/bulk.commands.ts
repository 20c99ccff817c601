import { planSchema } from '@roster/contracts';
import type { Command } from 'commander';
import type { CliEnvironment } from '../credentials';
import { ApiError, CliError, usageError } from '../errors';
import { showAndApplyPlan } from '../plan';
import { readAllOfStdin } from '../prompt';
import { addFilterOptions, mergeFilterFlags, resolveFilter, resolveRole, type FilterFlags, type MemberFilter } from '../selection';
import { openSession, type ConnectionFlags, type Session } from '../session';

interface SelectionOptions extends FilterFlags {
  ids?: string;
  filter?: string;
  everyone?: boolean;
}

interface BulkOptions extends SelectionOptions {
  apply?: boolean;
  json?: boolean;
  showUnchanged?: boolean;
  role?: string;
  tags?: string;
  createUnknown?: boolean;
}

/** One bulk action of the CLI: its command name, the API's action, and the arguments it adds. */
interface BulkActionSpec {
  command: string;
  action: string;
  description: string;
  /** Adds the action's own options. */
  options?: (command: Command) => Command;
  /** The action's arguments in the request body. */
  body?: (session: Session, options: BulkOptions) => Promise<Record<string, unknown>>;
}

function parseTagList(value: string | undefined): string[] {
  const tags = (value ?? '').split(',').map((t) => t.trim()).filter((t) => t !== '');
  if (tags.length === 0) throw usageError('--tags needs at least one tag name, e.g. --tags "Seattle,Data Science"');
  return tags;
}

const ACTIONS: BulkActionSpec[] = [
  { command: 'deactivate', action: 'deactivate', description: 'Deactivate members: access stops at once, sessions end, the seat is freed' },
  { command: 'reactivate', action: 'reactivate', description: 'Reactivate deactivated members' },
  { command: 'remove', action: 'remove', description: 'Remove members from the organization (their work stays)' },
  { command: 'delete', action: 'delete', description: 'Delete members: remove them and erase their identity from the organization\'s records' },
  { command: 'resend-invitations', action: 'resend_invitation', description: 'Resend pending or expired invitations (a new link; the old one stops working)' },
  {
    command: 'change-role', action: 'change_role', description: 'Give members another role',
    options: (c) => c.requiredOption('--role <role>', 'the new role (its key, name or id)'),
    body: async (session, o) => ({ roleId: (await resolveRole(session, o.role ?? '')).id }),
  },
  {
    command: 'add-tags', action: 'add_tags', description: 'Add tags to members',
    options: (c) => c.requiredOption('--tags <names>', 'comma-separated tag names')
      .option('--create-unknown', 'create tags the organization does not have yet'),
    body: async (_session, o) => ({ tags: parseTagList(o.tags), ...(o.createUnknown === true && { createMissing: true }) }),
  },
  {
    command: 'remove-tags', action: 'remove_tags', description: 'Take tags off members',
    options: (c) => c.requiredOption('--tags <names>', 'comma-separated tag names'),
    body: async (_session, o) => ({ tags: parseTagList(o.tags) }),
  },
];

/** Splits ids given as "a,b c" or one per line. */
function parseIds(text: string): string[] {
  return text.split(/[\s,]+/).filter((id) => id !== '');
}

/** How the members are chosen, checked before anything is sent. */
type Selection = { ids: string } | { filter: FilterFlags };

/** Which members: ids or a filter, exactly one way of choosing, and never everyone by accident. */
function checkSelection(options: SelectionOptions, filterFlags: FilterFlags): Selection {
  const hasFilter = options.filter !== undefined || Object.values(filterFlags).some((v) => v !== undefined);
  if (options.ids !== undefined) {
    if (hasFilter || options.everyone === true) throw usageError('choose members either with --ids or with a filter, not both');
    return { ids: options.ids };
  }
  if (!hasFilter && options.everyone !== true) {
    throw usageError('say which members: --ids ID,…, --filter status=active,tag=Seattle, the --status/--role/--tag/--kind/--search flags, or --everyone');
  }
  if (hasFilter && options.everyone === true) throw usageError('--everyone and a filter contradict each other');
  return { filter: mergeFilterFlags(filterFlags, options.filter) };
}

/** The selection as the API takes it: ids, or a filter with role and tag names looked up. */
async function resolveSelection(session: Session, selection: Selection): Promise<{ memberIds: string[] } | { filter: MemberFilter }> {
  if ('ids' in selection) {
    const ids = parseIds(selection.ids === '-' ? await readAllOfStdin() : selection.ids);
    if (ids.length === 0) throw usageError('--ids lists no member ids');
    return { memberIds: ids };
  }
  return { filter: await resolveFilter(session, selection.filter) };
}

/** `roster bulk <action>`: preview, then apply with --apply. */
export function registerBulkCommands(program: Command, environment: CliEnvironment): void {
  const bulk = program.command('bulk')
    .description('Act on many members at once: a preview of every change first, applied all or nothing with --apply');

  for (const spec of ACTIONS) {
    let command = bulk.command(spec.command).description(spec.description)
      .option('--ids <ids>', 'the members, by id (comma-separated, or - to read them from stdin)')
      .option('--filter <filter>', 'every member matching, e.g. status=active,tag=Seattle (keys: status, role, tag, kind, search)')
      .option('--everyone', 'every member of the organization');
    command = spec.options?.(command) ?? command;
    // change-role's --role is the new role; its filter by role is --filter role=….
    if (spec.command === 'change-role') {
      command.option('--status <status>', 'only members with this status').option('--tag <tag>', 'only members carrying this tag')
        .option('--kind <kind>', 'member or external').option('--search <text>', 'part of a name or email');
    } else {
      addFilterOptions(command);
    }
    command
      .option('--apply', 'apply the plan after showing it; without it nothing changes')
      .option('--show-unchanged', 'list the members it changes nothing for too')
      .option('--json', 'print the plan (and what applying did) as JSON')
      .addHelpText('after', `
Examples:
  roster bulk ${spec.command}${spec.command === 'change-role' ? ' --role viewer' : spec.command.endsWith('tags') ? ' --tags Seattle' : ''} --filter status=active,tag=Seattle
  roster bulk ${spec.command}${spec.command === 'change-role' ? ' --role viewer' : spec.command.endsWith('tags') ? ' --tags Seattle' : ''} --ids 0f9a…,7c1e… --apply`)
      .action(async (options: BulkOptions, cmd: Command) => {
        const filterFlags: FilterFlags = {
          status: options.status, tag: options.tag, kind: options.kind, search: options.search,
          role: spec.command === 'change-role' ? undefined : options.role,
        };
        const checked = checkSelection(options, filterFlags);
        const session = await openSession(cmd.optsWithGlobals<ConnectionFlags>(), environment);
        const selection = await resolveSelection(session, checked);
        const extra = await spec.body?.(session, options) ?? {};
        const plan = await session.client.json('POST', `${session.orgPath}/members/bulk`, planSchema, {
          json: { action: spec.action, ...extra, ...selection },
        }).catch((error: unknown) => {
          if (error instanceof ApiError && error.code === 'tag.not_found' && spec.action === 'add_tags') {
            throw new CliError(`${error.message}; add --create-unknown to create it`, error.exitCode);
          }
          throw error;
        });
        await showAndApplyPlan(session, plan, {
          apply: options.apply === true, json: options.json === true, showUnchanged: options.showUnchanged === true,
        });
      });
  }
}
