import { ensureConsoleBuilt } from '@roster/console';
import { createDb, migrateToLatest } from '@roster/db';
import { buildApp } from './build-app';
import { loadConfig, type Config } from './config';
import { startHousekeeping } from './housekeeping';

/** Where the configuration puts the data, in words for a log line. */
function describeDatabase(config: Readonly<Config>): string {
  if (config.databaseUrl === undefined) return `embedded PGlite in ${config.dataDir}`;
  const url = new URL(config.databaseUrl);
  return `PostgreSQL at ${url.host}${url.pathname}`;
}

/**
 * Runs Roster the way `npm start` and `roster serve` do: reads the environment, builds the
 * console when stale, migrates, listens, and stops cleanly on SIGINT or SIGTERM (the process
 * then exits 0, or 1 when closing failed). Resolves once listening; throws `ConfigError` for
 * a bad environment, before anything starts.
 */
export async function runServer(env: Record<string, string | undefined> = process.env): Promise<void> {
  const config = loadConfig(env);
  // `npm start` is the only command: the console is built here when missing or stale.
  const started = Date.now();
  if (await ensureConsoleBuilt({ quiet: true })) {
    process.stdout.write(`Built the web console in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  }
  const roster = await buildApp({ config });
  // Fastify logs one line per bound address; ours below says it all in one.
  const level = roster.app.log.level;
  roster.app.log.level = 'warn';
  await roster.app.listen({ port: config.port, host: config.host });
  roster.app.log.level = level;
  const address = roster.app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const mail = config.smtpUrl === undefined
    ? 'kept in the dev mailbox (GET /api/v1/orgs/{orgId}/mail; links are logged)'
    : `delivered over SMTP via ${new URL(config.smtpUrl).host}`;
  roster.app.log.info(`Roster listening on http://localhost:${port} (public URL ${config.publicUrl}); data: ${describeDatabase(config)}; mail: ${mail}`);

  const stopHousekeeping = startHousekeeping(roster.ctx.db, roster.ctx.deps.clock, roster.app.log);

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    roster.app.log.info(`${signal} received, shutting down`);
    stopHousekeeping();
    roster.close().then(() => process.exit(0), (error: unknown) => {
      roster.app.log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

/** What `runMigrations` did. */
export interface MigrationReport {
  /** Where the data lives, e.g. `embedded PGlite in /srv/roster/data`. */
  database: string;
  /** The migrations applied now, in order; empty when the schema was already up to date. */
  applied: string[];
}

/**
 * Migrates the database the environment names (DATABASE_URL, or the embedded PGlite in
 * DATA_DIR) to the latest schema and closes it; starts nothing else. Throws `ConfigError`
 * for a bad environment and the failing migration's error otherwise.
 */
export async function runMigrations(env: Record<string, string | undefined> = process.env): Promise<MigrationReport> {
  const config = loadConfig(env);
  const db = await createDb({
    databaseUrl: config.databaseUrl, dataDir: config.databaseUrl === undefined ? config.dataDir : undefined, poolSize: 1,
  });
  try {
    return { database: describeDatabase(config), applied: await migrateToLatest(db) };
  } finally {
    await db.close();
  }
}
