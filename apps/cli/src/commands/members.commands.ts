import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { inviteResponseSchema, memberKindSchema, memberPageSchema } from '@roster/contracts';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { z } from 'zod';
import type { CliEnvironment } from '../credentials';
import { CliError, usageError } from '../errors';
import { formatBytes, formatDay, formatStatus, formatTable, say, writeOut } from '../output';
import { addFilterOptions, resolveFilter, resolveRole, type FilterFlags, type MemberFilter } from '../selection';
import { openSession, type ConnectionFlags, type Session } from '../session';

type Member = z.output<typeof memberPageSchema>['items'][number];

const PAGE_MAX = 200;

/** Parses a positive integer option. */
export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of 1 or more');
  return n;
}

/** The query of a filter, as the list and export endpoints take it. */
function filterQuery(filter: MemberFilter): Record<string, string | undefined> {
  return { status: filter.status, roleId: filter.roleId, kind: filter.kind, tagId: filter.tagId, q: filter.q };
}

/** Pages through the members matching `filter`, up to `limit` (undefined: all). */
async function* listMembers(
  session: Session, filter: MemberFilter, options: { limit: number | undefined; sort?: string; order?: string },
): AsyncGenerator<Member, { more: boolean }> {
  let cursor: string | undefined;
  let yielded = 0;
  for (;;) {
    const want = options.limit === undefined ? PAGE_MAX : Math.min(PAGE_MAX, options.limit - yielded);
    const page = await session.client.get(`${session.orgPath}/members`, memberPageSchema, {
      ...filterQuery(filter), sort: options.sort, order: options.order, limit: want, cursor,
    });
    for (const member of page.items) {
      yield member;
      yielded += 1;
    }
    if (page.nextCursor === null) return { more: false };
    if (options.limit !== undefined && yielded >= options.limit) return { more: true };
    cursor = page.nextCursor;
  }
}

function memberName(member: Member): string {
  const name = [member.firstName, member.lastName].filter((part) => part !== null && part !== '').join(' ');
  return name === '' ? '—' : name;
}

function memberRow(member: Member): string[] {
  return [
    memberName(member) + (member.kind === 'external' ? ' (external)' : ''),
    member.email ?? '—',
    member.role?.name ?? '—',
    formatStatus(member.status),
    member.tags.map((tag) => tag.name).join(', '),
    formatDay(member.lastConnectionAt),
  ];
}

interface ListOptions extends FilterFlags {
  limit: number;
  all?: boolean;
  json?: boolean;
  sort?: string;
  order?: string;
}

async function runList(options: ListOptions, command: Command, environment: CliEnvironment): Promise<void> {
  const session = await openSession(command.optsWithGlobals<ConnectionFlags>(), environment);
  const filter = await resolveFilter(session, options);
  const members = listMembers(session, filter, { limit: options.all === true ? undefined : options.limit, sort: options.sort, order: options.order });
  const rows: string[][] = [];
  let count = 0;
  let step = await members.next();
  if (options.json === true) await writeOut('[');
  while (step.done !== true) {
    if (options.json === true) {
      // Streamed one member at a time: `--all --json` on a large organization keeps memory flat.
      await writeOut(`${count === 0 ? '\n' : ',\n'}${JSON.stringify(step.value)}`);
    } else {
      rows.push(memberRow(step.value));
    }
    count += 1;
    step = await members.next();
  }
  const { more } = step.value;
  if (options.json === true) {
    await writeOut(count === 0 ? ']\n' : '\n]\n');
  } else if (count === 0) {
    say('No members match.');
  } else {
    await writeOut(formatTable(['NAME', 'EMAIL', 'ROLE', 'STATUS', 'TAGS', 'LAST CONNECTION'], rows));
  }
  if (more) say(`Showing the first ${count}; more members match (--all lists every one, --limit N more).`);
}

interface InviteOptions {
  firstName: string;
  lastName: string;
  role: string;
  kind?: string;
  description?: string;
  json?: boolean;
}

async function runInvite(email: string, options: InviteOptions, command: Command, environment: CliEnvironment): Promise<void> {
  const session = await openSession(command.optsWithGlobals<ConnectionFlags>(), environment);
  const role = await resolveRole(session, options.role);
  const invited = await session.client.json('POST', `${session.orgPath}/invitations`, inviteResponseSchema, {
    json: {
      email, firstName: options.firstName, lastName: options.lastName, roleId: role.id,
      ...(options.kind !== undefined && { kind: options.kind }),
      ...(options.description !== undefined && { description: options.description }),
    },
  });
  await writeOut(options.json === true
    ? `${JSON.stringify(invited, null, 2)}\n`
    : `Invited ${invited.invitation.email} (${memberName(invited.member)}) as ${role.name}; the invitation expires on ${formatDay(invited.invitation.expiresAt)}. Member id: ${invited.member.id}\n`);
}

interface ExportOptions extends FilterFlags {
  output?: string;
}

async function runExport(options: ExportOptions, command: Command, environment: CliEnvironment): Promise<void> {
  const session = await openSession(command.optsWithGlobals<ConnectionFlags>(), environment);
  const filter = await resolveFilter(session, options);
  const response = await session.client.send('GET', `${session.orgPath}/members/export.csv`, {
    query: filterQuery(filter), headers: { accept: 'text/csv' },
  });
  if (response.body === null) throw new CliError('the server answered the export with no body');
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      callback(null, chunk);
    },
  });
  const source = Readable.fromWeb(response.body as Parameters<typeof Readable.fromWeb>[0]);
  if (options.output === undefined || options.output === '-') {
    await pipeline(source, counter, process.stdout, { end: false });
    return;
  }
  const file = options.output;
  try {
    await pipeline(source, counter, createWriteStream(file));
  } catch (error) {
    // A half-written export is worse than none: it looks complete.
    await rm(file, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== undefined && code.startsWith('E') && !code.startsWith('ECONN')) throw usageError(`cannot write ${file}: ${(error as Error).message}`);
    throw new CliError(`the export broke off (${(error as Error).message}); ${file} was not written`);
  }
  say(`Wrote ${file} (${formatBytes(bytes)}).`);
}

/** `roster members list | invite | export`. */
export function registerMemberCommands(program: Command, environment: CliEnvironment): void {
  const members = program.command('members').description('List, invite and export the organization\'s members');

  addFilterOptions(members.command('list')
    .description('Members as a table (name, email, role, status, tags, last connection), or JSON'))
    .option('--limit <n>', 'how many members to show', parsePositiveInt, 50)
    .option('--all', 'page through and show every matching member')
    .addOption(new Option('--sort <column>', 'sort by').choices(['name', 'email', 'role', 'lastConnection', 'createdAt']))
    .addOption(new Option('--order <order>', 'sort order').choices(['asc', 'desc']))
    .option('--json', 'print the members as a JSON array, as the API returns them')
    .addHelpText('after', `
Examples:
  roster members list --status active --tag Seattle
  roster members list --all --json > members.json`)
    .action((options: ListOptions, command: Command) => runList(options, command, environment));

  members.command('invite')
    .description('Invite a person by email with a role; they receive the invitation email')
    .argument('<email>', 'their email: it is their username and never changes')
    .requiredOption('--first-name <name>', 'their first name')
    .requiredOption('--last-name <name>', 'their last name')
    .requiredOption('--role <role>', 'the role to give them (its key, name or id)')
    .addOption(new Option('--kind <kind>', 'a member of the organization, or an external collaborator').choices(memberKindSchema.options))
    .option('--description <text>', 'a note shown under their name')
    .option('--json', 'print the API\'s answer as JSON')
    .action((email: string, options: InviteOptions, command: Command) => runInvite(email, options, command, environment));

  addFilterOptions(members.command('export')
    .description('The members table as CSV, streamed (every column of the table plus tags and resource access)'))
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .addHelpText('after', `
Examples:
  roster members export > members.csv
  roster members export --status active -o active.csv`)
    .action((options: ExportOptions, command: Command) => runExport(options, command, environment));
}
