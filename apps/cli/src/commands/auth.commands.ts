import type { Command } from 'commander';
import { ApiClient, normaliseServerUrl } from '../api-client';
import { credentialsPath, readCredentials, removeCredentials, writeCredentials, type CliEnvironment } from '../credentials';
import { usageError } from '../errors';
import { writeOut } from '../output';
import { ask, askHidden, canPrompt, readFirstLineOfStdin } from '../prompt';
import { openSession, verifyToken, type ConnectionFlags, type TokenInfo } from '../session';

const DEFAULT_URL = 'http://localhost:8080';

function describeToken(info: TokenInfo): string {
  return `the token "${info.token.name}" (${info.token.prefix}…, role ${info.token.role.name})`;
}

/** `roster login`, `roster logout`, `roster whoami`. */
export function registerAuthCommands(program: Command, environment: CliEnvironment): void {
  program.command('login')
    .description('Verify an API token and keep it, with the server\'s URL, for the next commands')
    .addHelpText('after', `
Takes --url and --token (or ROSTER_URL and ROSTER_TOKEN); asks for what is missing on a terminal,
or reads the token from the first line of stdin:  echo "$TOKEN" | roster login --url https://roster.example.com
Create a token in the console under Settings → API tokens. It is stored, readable only by you, in
${credentialsPath(environment)}.`)
    .action(async (_options: unknown, command: Command) => {
      const flags = command.optsWithGlobals<ConnectionFlags>();
      let url = flags.url ?? environment.url;
      let token = flags.token ?? environment.token;
      if (url === undefined) {
        if (!canPrompt()) throw usageError('give the server\'s address with --url (or ROSTER_URL)');
        url = (await ask(`Roster URL [${DEFAULT_URL}]: `)) || DEFAULT_URL;
      }
      const baseUrl = normaliseServerUrl(url);
      if (token === undefined) {
        token = canPrompt() ? await askHidden('API token (rst_…): ') : await readFirstLineOfStdin();
        if (token === undefined || token === '') throw usageError('give an API token with --token, ROSTER_TOKEN or on stdin');
      }
      const info = await verifyToken(new ApiClient(baseUrl, token));
      const path = await writeCredentials(environment, {
        url: baseUrl, token, organization: info.organization, savedAt: new Date().toISOString(),
      });
      await writeOut(`Logged in to ${info.organization.name} at ${baseUrl} with ${describeToken(info)}; saved in ${path}.\n`);
    });

  program.command('logout')
    .description('Forget the stored server and token (the token itself stays valid until revoked in the console)')
    .action(async () => {
      const stored = await readCredentials(environment).catch(() => undefined);
      const removed = await removeCredentials(environment);
      await writeOut(removed
        ? `Logged out${stored?.organization === undefined ? '' : ` of ${stored.organization.name}`}: removed ${credentialsPath(environment)}. `
          + 'The token still works until it is revoked in the console (Settings → API tokens).\n'
        : 'Not logged in; nothing to do.\n');
    });

  program.command('whoami')
    .description('Show the organization, token and permissions the next commands act with')
    .option('--json', 'print GET /token\'s answer as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const session = await openSession(command.optsWithGlobals<ConnectionFlags>(), environment);
      const { info } = session;
      await writeOut(options.json === true
        ? `${JSON.stringify(info, null, 2)}\n`
        : `${info.organization.name} (${info.organization.id}) at ${session.client.baseUrl}, with ${describeToken(info)}\n`
          + `Permissions: ${info.permissions.join(', ') || 'none'}\n`);
    });
}
