import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Engine } from './report';

/** A fresh, empty database for one block: the environment that points Roster at it, and how to throw it away. */
export interface BenchDatabase {
  env: Record<string, string | undefined>;
  describe: string;
  drop(): Promise<void>;
  /** Leaves the database behind, even if the run fails later. */
  keep(): void;
}

const pending = new Set<() => Promise<void>>();

/** Drops every database still around; for an interrupted or failed run. */
export async function dropAllDatabases(): Promise<void> {
  for (const drop of [...pending]) await drop().catch(() => undefined);
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/** Why PostgreSQL cannot be used at `adminUrl`, or undefined when it can. */
export async function checkPostgres(adminUrl: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function adminQuery(adminUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** A new database: `roster_bench_<random>` next to `adminUrl`, or a PGlite directory under the system's temp dir. */
export async function createBenchDatabase(engine: Engine, adminUrl: string): Promise<BenchDatabase> {
  let drop: () => Promise<void>;
  let database: Omit<BenchDatabase, 'drop' | 'keep'>;
  if (engine === 'pglite') {
    const dataDir = mkdtempSync(join(tmpdir(), 'roster-bench-'));
    drop = async () => rmSync(dataDir, { recursive: true, force: true });
    database = { env: { DATA_DIR: dataDir, DATABASE_URL: undefined }, describe: `PGlite in ${dataDir}` };
  } else {
    const name = `roster_bench_${randomBytes(6).toString('hex')}`;
    await adminQuery(adminUrl, `create database ${name}`);
    drop = () => adminQuery(adminUrl, `drop database if exists ${name} with (force)`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    database = { env: { DATABASE_URL: url.toString(), DATA_DIR: undefined }, describe: `PostgreSQL database ${name}` };
  }
  pending.add(drop);
  return {
    ...database,
    async drop() {
      pending.delete(drop);
      await drop();
    },
    keep() {
      pending.delete(drop);
    },
  };
}
