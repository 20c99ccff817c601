import { ensureConsoleBuilt } from '@roster/console';
import { buildApp } from './build-app';
import { ConfigError, loadConfig } from './config';
import { startHousekeeping } from './housekeeping';

/** Starts Roster: reads the environment, migrates, listens, and stops cleanly on a signal. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
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
  const database = config.databaseUrl === undefined
    ? `embedded PGlite in ${config.dataDir}`
    : `PostgreSQL at ${new URL(config.databaseUrl).host}${new URL(config.databaseUrl).pathname}`;
  const mail = config.smtpUrl === undefined
    ? 'kept in the dev mailbox (GET /api/v1/orgs/{orgId}/mail; links are logged)'
    : `delivered over SMTP via ${new URL(config.smtpUrl).host}`;
  roster.app.log.info(`Roster listening on http://localhost:${port} (public URL ${config.publicUrl}); data: ${database}; mail: ${mail}`);

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

void main();
