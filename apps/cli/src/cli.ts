import { Command, CommanderError } from 'commander';
import { registerAuthCommands } from './commands/auth.commands';
import { registerBulkCommands } from './commands/bulk.commands';
import { registerMemberCommands } from './commands/members.commands';
import { registerPlanCommands } from './commands/plans.commands';
import { registerServerCommands } from './commands/server.commands';
import { registerTagCommands } from './commands/tags.commands';
import { readCliEnvironment, type CliEnvironment } from './credentials';
import { CliError, ExitCode } from './errors';

/** The version `roster --version` prints. */
export const CLI_VERSION = '0.1.0';

/** Builds the `roster` program: every command, the global --url and --token, usage errors thrown, not exited. */
export function buildProgram(environment: CliEnvironment): Command {
  const program = new Command('roster')
    .description('Roster from the command line: members, tags, bulk actions with a dry-run preview, and the local server')
    .version(CLI_VERSION, '-V, --version', 'print the version')
    .option('--url <url>', 'the Roster server (overrides ROSTER_URL and "roster login")')
    .option('--token <token>', 'the API token (overrides ROSTER_TOKEN and "roster login")')
    .helpOption('-h, --help', 'show help')
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({
      // Commander's errors ("error: unknown option '--x'\n(Did you mean --y?)") become our one line.
      outputError: (message, write) => write(`roster: ${message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ').trim()}\n`),
    })
    .addHelpText('after', `
Connect with --url and --token, ROSTER_URL and ROSTER_TOKEN, or "roster login".
Exit codes: 0 done, 1 refused by the API, 2 usage error, 3 not logged in or bad token,
4 server unreachable, 5 organization changed since the preview (run again). See docs/cli.md.`);
  registerAuthCommands(program, environment);
  registerMemberCommands(program, environment);
  registerTagCommands(program, environment);
  registerBulkCommands(program, environment);
  registerPlanCommands(program, environment);
  registerServerCommands(program, environment);
  return program;
}

/**
 * Runs `roster` with `args` (without node and the script) and returns the exit code; every
 * failure is one line on stderr, never a stack trace.
 */
export async function runCli(args: string[], env: Record<string, string | undefined>): Promise<number> {
  const program = buildProgram(readCliEnvironment(env));
  try {
    await program.parseAsync(args, { from: 'user' });
    return ExitCode.OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; a command group run without a subcommand prints its help and is a usage error.
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return ExitCode.OK;
      return error.exitCode === 0 ? ExitCode.OK : ExitCode.USAGE;
    }
    if (error instanceof CliError) {
      process.stderr.write(`roster: ${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(`roster: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
    return ExitCode.FAILED;
  }
}
