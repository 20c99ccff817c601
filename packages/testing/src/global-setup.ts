import { ensureConsoleBuilt } from '@roster/console';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

/**
 * Builds the web console when stale, then finds the PostgreSQL server for the PostgreSQL pass. Without one the pass is skipped with
 * one visible line, except in CI, where PostgreSQL is required and the run fails instead.
 */
export default async function setup(project: TestProject): Promise<void> {
  // The server serves the built console and the browser tests drive it: build it once, before any test file.
  await ensureConsoleBuilt({ quiet: true });
  const url = process.env.TEST_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test';
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    await client.end();
    project.provide('postgresUrl', url);
  } catch (error) {
    await client.end().catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    if (process.env.CI === 'true') {
      throw new Error(`PostgreSQL is required in CI but ${url.replace(/\/\/[^@]*@/, '//***@')} did not answer: ${reason}`);
    }
    process.stdout.write(`\n*** PostgreSQL pass skipped: no server answered at TEST_DATABASE_URL (${reason}); tests ran on PGlite only ***\n\n`);
    project.provide('postgresUrl', null);
  }
}
