import { randomBytes } from 'node:crypto';
import { createDb, migrateToLatest, type Db } from '@roster/db';
import pg from 'pg';
import { describe, inject } from 'vitest';

/** The engines a database test runs on. */
export type Engine = 'pglite' | 'postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The admin URL of the PostgreSQL test server, or null when the PostgreSQL pass is skipped. */
    postgresUrl: string | null;
  }
}

/** The engines this run covers: PGlite always, PostgreSQL when the global setup found one. */
export function testEngines(): Engine[] {
  return inject('postgresUrl') === null ? ['pglite'] : ['pglite', 'postgres'];
}

/** A fresh, migrated database and a way to throw it away. */
export interface TestDatabase {
  engine: Engine;
  db: Db;
  /** The URL of the fresh PostgreSQL database; undefined on PGlite. */
  url: string | undefined;
  drop(): Promise<void>;
}

/** Creates a fresh database on `engine`: a new in-memory PGlite, or a new PostgreSQL database. */
export async function createTestDatabase(engine: Engine, options: { poolSize?: number; migrate?: boolean } = {}): Promise<TestDatabase> {
  if (engine === 'pglite') {
    const db = await createDb({});
    if (options.migrate !== false) await migrateToLatest(db);
    return { engine, db, url: undefined, drop: () => db.close() };
  }
  const adminUrl = inject('postgresUrl');
  if (adminUrl === null) throw new Error('PostgreSQL is not available for this run');
  const name = `roster_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = await createDb({ databaseUrl: url.toString(), poolSize: options.poolSize ?? 5 });
  if (options.migrate !== false) await migrateToLatest(db);
  return {
    engine, db, url: url.toString(),
    async drop() {
      await db.close();
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

/** Runs a suite once per engine of this run, named after it. */
export function describeEachEngine(name: string, suite: (engine: Engine) => void): void {
  for (const engine of testEngines()) {
    describe(`${name} [${engine}]`, () => suite(engine));
  }
}
