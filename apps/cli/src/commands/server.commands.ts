import type { Command } from 'commander';
import type { CliEnvironment } from '../credentials';
import { CliError, ExitCode } from '../errors';
import { plural, writeOut } from '../output';

interface LocalOptions {
  port?: string;
  host?: string;
  dataDir?: string;
}

/** The server's environment: the process's, with the flags on top. */
function serverEnvironment(environment: CliEnvironment, options: LocalOptions): Record<string, string | undefined> {
  return {
    ...environment.raw,
    ...(options.port !== undefined && { PORT: options.port }),
    ...(options.host !== undefined && { HOST: options.host }),
    ...(options.dataDir !== undefined && { DATA_DIR: options.dataDir }),
  };
}

/**
 * The server, loaded only for these two commands: the API commands start faster without
 * Fastify, the database drivers and the console build.
 */
async function loadServer() {
  return import('@roster/server');
}

/** Reports a bad environment in one line (exit 2), and an unreachable database as such (exit 4). */
async function runLocal<T>(work: () => Promise<T>): Promise<T> {
  const server = await loadServer();
  try {
    return await work();
  } catch (error) {
    if (error instanceof server.ConfigError) {
      throw new CliError(`invalid configuration: ${error.problems.join('; ')}`, ExitCode.USAGE);
    }
    const code = (error as NodeJS.ErrnoException | null)?.code;
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT' || code === 'EHOSTUNREACH') {
      throw new CliError(`cannot reach the database: ${(error as Error).message}`, ExitCode.UNREACHABLE);
    }
    throw error;
  }
}

/** `roster serve` and `roster migrate`: the local install, configured by the environment like `npm start`. */
export function registerServerCommands(program: Command, environment: CliEnvironment): void {
  program.command('serve')
    .description('Run the Roster server, exactly as `npm start` does (configured by the environment; see README)')
    .option('--port <port>', 'port to listen on (PORT)')
    .option('--host <host>', 'interface to listen on (HOST)')
    .option('--data-dir <dir>', 'where the embedded database lives when DATABASE_URL is unset (DATA_DIR)')
    .action(async (options: LocalOptions) => {
      const { runServer } = await loadServer();
      // Resolves once listening; the server then runs until SIGINT or SIGTERM.
      await runLocal(() => runServer(serverEnvironment(environment, options)));
    });

  program.command('migrate')
    .description('Migrate the database (DATABASE_URL, or the embedded PGlite in DATA_DIR) to the latest schema, then exit')
    .option('--data-dir <dir>', 'the embedded database\'s folder when DATABASE_URL is unset (DATA_DIR)')
    .addHelpText('after', `
Stop the server first when it runs on an embedded database: PGlite serves one process at a time.
On PostgreSQL the server also migrates at start, so this is for deployments that migrate as a step of their own.`)
    .action(async (options: LocalOptions) => {
      const { runMigrations } = await loadServer();
      const report = await runLocal(() => runMigrations(serverEnvironment(environment, options)));
      await writeOut(report.applied.length === 0
        ? `${report.database}: already up to date; nothing to migrate.\n`
        : `${report.database}: applied ${plural(report.applied.length, 'migration')}: ${report.applied.join(', ')}.\n`);
    });
}
