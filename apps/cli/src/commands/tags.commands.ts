import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { planSchema, tagListSchema } from '@roster/contracts';
import { Option, type Command } from 'commander';
import type { CliEnvironment } from '../credentials';
import { usageError } from '../errors';
import { formatDay, formatTable, say, writeOut } from '../output';
import { showAndApplyPlan, type Plan } from '../plan';
import { startProgress } from '../progress';
import { openSession, type ConnectionFlags } from '../session';

interface ImportOptions {
  mode: 'add' | 'replace';
  createUnknown?: boolean;
  apply?: boolean;
  json?: boolean;
  showUnchanged?: boolean;
}

/** The file to upload and its size; `cleanup` removes the copy made of stdin. */
interface UploadFile {
  path: string;
  size: number;
  cleanup(): Promise<void>;
}

/**
 * Checks the file before anything is sent (a missing file is a usage error). Stdin is first
 * copied to a temporary file: a known length lets the server refuse a file over its limit
 * before the upload, where a chunked upload would be cut off mid-way with a reset connection.
 */
async function prepareUpload(path: string): Promise<UploadFile> {
  if (path === '-') {
    const dir = await mkdtemp(join(tmpdir(), 'roster-import-'));
    const copy = join(dir, 'stdin.csv');
    await pipeline(process.stdin, createWriteStream(copy, { mode: 0o600 }));
    return { path: copy, size: (await stat(copy)).size, cleanup: () => rm(dir, { recursive: true, force: true }) };
  }
  try {
    const info = await stat(path);
    if (!info.isFile()) throw usageError(`${path} is not a file`);
    return { path, size: info.size, cleanup: async () => undefined };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === undefined) throw error;
    throw usageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
}

/** The CSV file as a request body, streamed from disk and counted into an upload progress bar as it is read. */
function openUpload({ path, size }: UploadFile): ReadableStream {
  const progress = startProgress('Uploading', 'bytes', size);
  let sent = 0;
  const counting = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      sent += chunk.length;
      progress.update(sent);
      callback(null, chunk);
    },
    flush(callback) {
      progress.stop();
      if (process.stderr.isTTY === true && size > 1_000_000) say('Uploaded; the server is preparing the preview…');
      callback();
    },
  });
  const file = createReadStream(path);
  file.on('error', (error) => counting.destroy(error));
  return Readable.toWeb(file.pipe(counting)) as ReadableStream;
}

/** `roster tags list | import`. */
export function registerTagCommands(program: Command, environment: CliEnvironment): void {
  const tags = program.command('tags').description('The organization\'s member tags, and tagging members from a CSV file');

  tags.command('list')
    .description('The tag catalogue, with how many members carry each tag')
    .option('--json', 'print the tags as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const session = await openSession(command.optsWithGlobals<ConnectionFlags>(), environment);
      const { items } = await session.client.get(`${session.orgPath}/tags`, tagListSchema);
      if (options.json === true) return writeOut(`${JSON.stringify(items, null, 2)}\n`);
      if (items.length === 0) return say('No tags yet.');
      return writeOut(formatTable(['TAG', 'MEMBERS', 'CREATED'], items.map((t) => [t.name, String(t.memberCount), formatDay(t.createdAt)])));
    });

  tags.command('import')
    .description('Tag members from a CSV file "email,tags": shows what would change, and applies it with --apply')
    .argument('<file>', 'the CSV file (UTF-8, header email,tags; tags quoted and comma-separated), or - for stdin')
    .addOption(new Option('--mode <mode>', 'add the listed tags, or make them each listed member\'s only tags').choices(['add', 'replace']).default('add'))
    .option('--create-unknown', 'create tags the organization does not have yet (otherwise their rows are refused)')
    .option('--apply', 'apply the plan after showing it; without it nothing changes')
    .option('--show-unchanged', 'list the rows that change nothing too')
    .option('--json', 'print the plan (and what applying did) as JSON')
    .addHelpText('after', `
The file:
  email,tags
  heidi@example.com,"Data Science, Seattle"
  sally@example.com,"Finance, New York City"

Examples:
  roster tags import people.csv                    # the preview: per row what changes, or why it is refused
  roster tags import people.csv --apply            # the same preview, then applied in one transaction
  roster tags import people.csv --mode replace --create-unknown --apply`)
    .action(async (file: string, options: ImportOptions, command: Command) => {
      const upload = await prepareUpload(file);
      const session = await openSession(command.optsWithGlobals<ConnectionFlags>(), environment).catch(async (error: unknown) => {
        await upload.cleanup();
        throw error;
      });
      let plan: Plan;
      try {
        plan = await session.client.json('POST', `${session.orgPath}/imports/tags`, planSchema, {
          query: { mode: options.mode, unknownTags: options.createUnknown === true ? 'create' : 'report' },
          body: openUpload(upload),
          // The length lets the server refuse a file over its limit before the upload.
          headers: { 'content-type': 'text/csv', 'content-length': String(upload.size) },
        });
      } finally {
        await upload.cleanup();
      }
      await showAndApplyPlan(session, plan, {
        apply: options.apply === true, json: options.json === true, showUnchanged: options.showUnchanged === true,
      });
    });
}
