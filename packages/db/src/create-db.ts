import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PGliteDialect, PostgresDialect, type PostgresPool, type PostgresPoolClient } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { migrationProvider } from './migrations/index';
import type { Database } from './schema';

/** Where the data lives: PostgreSQL when a URL is given, embedded PGlite otherwise. */
export interface DbConfig {
  /** `postgres://…`; unset means embedded PGlite. */
  databaseUrl?: string;
  /** PGlite's data directory; unset (with no URL) means in memory. */
  dataDir?: string;
  /** Connections in the PostgreSQL pool. @default 10 */
  poolSize?: number;
}

/** What a listener hears after its connection was lost and restored: anything may have been missed. */
export const LISTEN_RESET = '*';
const LISTEN_RETRY_MS = 1000;

/**
 * A listener for one notification channel; returns a function that stops listening. On
 * PostgreSQL a lost connection is reopened and the handler then hears `LISTEN_RESET`.
 */
export type Listen = (channel: string, handler: (payload: string) => void) => Promise<() => Promise<void>>;

/** An open database: the query builder, what it runs on, how to listen, how to close. */
export interface Db {
  kysely: Kysely<Database>;
  engine: 'pglite' | 'postgres';
  listen: Listen;
  /**
   * Resolves once every notification committed before the call has reached this process's
   * listeners: a read barrier for caches kept fresh by NOTIFY. Concurrent callers share one
   * round trip per listener connection.
   */
  syncNotifications(): Promise<void>;
  close(): Promise<void>;
}

/** Opens the database the config names. Nothing is migrated until `migrateToLatest`. */
export async function createDb(config: DbConfig): Promise<Db> {
  if (config.databaseUrl !== undefined) return createPostgresDb(config.databaseUrl, config.poolSize ?? 10);
  if (config.dataDir !== undefined) mkdirSync(config.dataDir, { recursive: true });
  const pglite = await PGlite.create({ dataDir: config.dataDir, extensions: { pg_trgm } });
  const kysely = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  return {
    kysely,
    engine: 'pglite',
    listen: async (channel, handler) => pglite.listen(channel, handler),
    // One embedded database has one instance, whose own commits invalidate its caches directly.
    syncNotifications: () => Promise.resolve(),
    close: async () => {
      await kysely.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}

const PREPARABLE = /^\s*(select|insert|update|delete|with)\b/i;

/**
 * Put first in a statement's text to run it unnamed, planned for its values every time: for
 * reports over a date range, whose best plan depends on how much of the table the range covers
 * (a generic plan guessed a few thousand rows where there were 700,000, and ran 3× slower).
 */
export const UNPREPARED = '/* unprepared */ ';

/**
 * True for the errors a prepared statement raises once the schema under it changed (another
 * instance ran a migration): "cached plan must not change result type", or the statement gone.
 */
export function isStalePlanError(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === '0A000' || code === '26000';
}

/**
 * Names each data statement after a hash of its text, so pg prepares it once per connection
 * and PostgreSQL can reuse its plan: planning a members-table query costs about as much as
 * running it. Kysely's texts are stable (values are parameters), so the set stays small.
 */
function preparedStatementsPool(pool: pg.Pool): PostgresPool {
  // One wrapper per pooled connection: Kysely keys its connection objects by client identity.
  const wrappers = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  // Past this many distinct texts, new ones run unnamed: every connection keeps what it prepares.
  const names = new Map<string, string>();
  const nameOf = (text: string): string | undefined => {
    let name = names.get(text);
    if (name === undefined && names.size < 2_000) {
      name = `k${createHash('sha1').update(text).digest('base64url')}`;
      names.set(text, name);
    }
    return name;
  };
  const wrap = (client: pg.PoolClient): PostgresPoolClient => {
    let stale = false;
    return {
      async query(text: string, values: readonly unknown[]) {
        try {
          const name = PREPARABLE.test(text) ? nameOf(text) : undefined;
          return name === undefined
            ? await client.query(text, [...values])
            : await client.query({ name, text, values: [...values] });
        } catch (error) {
          if (isStalePlanError(error)) stale = true;
          throw error;
        }
      },
      release() {
        if (!stale) return client.release();
        // A migration changed a table under this connection's prepared statements: drop the
        // connection, so the retry (see createTransactor) prepares afresh on another one.
        wrappers.delete(client);
        client.release(new Error('prepared statements went stale after a schema change'));
      },
    } as unknown as PostgresPoolClient;
  };
  return {
    async connect() {
      const client = await pool.connect();
      let wrapper = wrappers.get(client);
      if (wrapper === undefined) {
        wrapper = wrap(client);
        wrappers.set(client, wrapper);
      }
      return wrapper;
    },
    end: () => pool.end(),
    options: pool.options,
  };
}

function createPostgresDb(url: string, poolSize: number): Db {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle client that loses its connection emits an error on the pool; the next query reconnects.
  pool.on('error', () => undefined);
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparedStatementsPool(pool) }) });
  const listeners: pg.Client[] = [];
  let closed = false;
  // A listening backend sends the notifications it was signalled about before it answers its
  // next query, so one "select 1" per listener is a barrier. A round already under way may have
  // started before the caller's moment: callers join the next round, never the running one.
  let running: Promise<void> | undefined;
  let queued: Promise<void> | undefined;
  const barrier = async () => {
    await Promise.all(listeners.map((client) => client.query('select 1')));
  };
  const syncNotifications = (): Promise<void> => {
    if (running === undefined) {
      running = barrier().finally(() => {
        running = undefined;
      });
      return running;
    }
    queued ??= running.catch(() => undefined).then(() => {
      queued = undefined;
      return syncNotifications();
    });
    return queued;
  };
  return {
    kysely,
    engine: 'postgres',
    syncNotifications,
    listen: async (channel, handler) => {
      let stopped = false;
      let current: pg.Client | undefined;
      const open = async (): Promise<void> => {
        const client = new pg.Client({ connectionString: url });
        const reconnect = () => {
          if (stopped || closed || current !== client) return;
          current = undefined;
          listeners.splice(listeners.indexOf(client), 1);
          // Notifications sent while disconnected are lost: tell the listener to start over.
          setTimeout(() => {
            if (stopped || closed) return;
            open().then(() => handler(LISTEN_RESET), reconnect);
          }, LISTEN_RETRY_MS).unref();
        };
        client.on('error', reconnect);
        client.on('end', reconnect);
        client.on('notification', (message) => {
          if (message.channel === channel) handler(message.payload ?? '');
        });
        current = client;
        listeners.push(client);
        await client.connect();
        await client.query(`listen ${client.escapeIdentifier(channel)}`);
      };
      await open();
      return async () => {
        stopped = true;
        const client = current;
        current = undefined;
        if (client !== undefined) {
          listeners.splice(listeners.indexOf(client), 1);
          await client.end();
        }
      };
    },
    close: async () => {
      closed = true;
      await Promise.all(listeners.splice(0).map((client) => client.end().catch(() => undefined)));
      await kysely.destroy();
    },
  };
}

/** Migrates the schema to the latest version; throws with the failing migration's error. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db: db.kysely, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
