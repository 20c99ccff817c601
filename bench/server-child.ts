import { createServer } from 'node:http';
import { createDb, type Db } from '@roster/db';
import { buildApp, loadConfig } from '@roster/server';
import Fastify from 'fastify';
import {
  CompiledQuery, sql, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryResult,
  type RootOperationNode, type UnknownRow,
} from 'kysely';
import type { CapturedQuery, ChildMessage, ParentMessage, ServerKind } from './protocol';
import { seedMembers } from './seed';
import { seedAccess } from './seed-access';

/**
 * The server side of the benchmark, in its own process so that the load generator does not
 * share its event loop. BENCH_SERVER=ceiling serves a bare node:http hello world,
 * BENCH_SERVER=fastify a plugin-free Fastify hello world, BENCH_SERVER=ceiling-db the
 * node:http one after one `select $1` through createDb + Kysely; otherwise
 * Roster is built from the environment (PORT, HOST, DATABASE_URL or DATA_DIR, PUBLIC_URL,
 * LOG_LEVEL) exactly as `npm start` builds it, serving the web console from BENCH_CONSOLE_DIR
 * when set (the console case's snapshot of the build). The parent drives it over IPC (protocol.ts).
 */

function send(message: ChildMessage): void {
  process.send?.(message);
}

// The parent going away must never leave a server behind.
process.on('disconnect', () => process.exit(1));

/** Records the SQL of every statement while `captured` is set; changes nothing. */
class CapturePlugin implements KyselyPlugin {
  captured: CompiledQuery[] | undefined;

  constructor(private readonly compile: (node: RootOperationNode, args: PluginTransformQueryArgs) => CompiledQuery) {}

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.captured?.push(this.compile(args.node, args));
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

async function explain(db: Db, query: CompiledQuery): Promise<string | undefined> {
  if (!/^\s*(select|with)\b/i.test(query.sql) || /pg_notify/i.test(query.sql)) return undefined;
  const result = await db.kysely.executeQuery<Record<string, string>>(
    CompiledQuery.raw(`explain (analyze, buffers) ${query.sql}`, [...query.parameters]),
  );
  return result.rows.map((row) => Object.values(row)[0]).join('\n');
}

async function serveCeiling(withQuery: boolean): Promise<void> {
  const body = '{"hello":"world"}';
  // PGlite in memory: `select $1` touches no table, and the benchmark's data directory belongs to the Roster child.
  const db = withQuery ? await createDb({ databaseUrl: process.env.DATABASE_URL }) : undefined;
  let counter = 0;
  const server = createServer((_request, response) => {
    const answer = () => {
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
      response.end(body);
    };
    if (db === undefined) {
      answer();
      return;
    }
    sql<{ n: number }>`select ${++counter}::int as n`.execute(db.kysely).then(answer, (error: unknown) => {
      response.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', resolve));
  const address = server.address();
  process.on('message', (message: ParentMessage) => {
    if (message.type !== 'stop') return;
    server.closeAllConnections();
    server.close(() => void (db?.close() ?? Promise.resolve()).finally(() => process.exit(0)));
  });
  send({ type: 'ready', port: typeof address === 'object' && address !== null ? address.port : 0 });
}

async function serveRoster(): Promise<void> {
  const config = loadConfig(process.env);
  const db = await createDb({
    databaseUrl: config.databaseUrl, dataDir: config.databaseUrl === undefined ? config.dataDir : undefined,
    poolSize: config.databasePoolSize,
  });
  const capture = new CapturePlugin((node, args) => db.kysely.getExecutor().compileQuery(node, args.queryId));
  // Only an explaining run goes through the plugin, so measured runs execute exactly what production does.
  const appDb: Db = process.env.BENCH_CAPTURE === '1' ? { ...db, kysely: db.kysely.withPlugin(capture) } : db;
  // The console case serves its own snapshot of the built console, so a rebuild of
  // apps/console/dist by someone else during the run cannot pull assets from under the browser.
  const consoleDir = process.env.BENCH_CONSOLE_DIR;
  const roster = await buildApp({ config, db: appDb, ...(consoleDir !== undefined && consoleDir !== '' && { consoleDir }) });
  await roster.app.listen({ port: config.port, host: config.host });

  process.on('message', (message: ParentMessage) => {
    void (async () => {
      switch (message.type) {
        case 'seed':
          send({ type: 'seeded', report: await seedMembers(db.kysely, message.orgId, message.size) });
          break;
        case 'seed-access':
          send({ type: 'access-seeded', ...await seedAccess(db.kysely, message) });
          break;
        case 'capture-start':
          capture.captured = [];
          break;
        case 'capture-stop': {
          const statements = capture.captured ?? [];
          capture.captured = undefined;
          const queries: CapturedQuery[] = [];
          for (const query of statements) {
            queries.push({
              sql: query.sql, parameters: [...query.parameters],
              plan: message.explain ? await explain(db, query) : undefined,
            });
          }
          send({ type: 'captured', queries });
          break;
        }
        case 'stop':
          await roster.close();
          await db.close();
          process.exit(0);
      }
    })().catch((error: unknown) => {
      send({ type: 'failed', message: error instanceof Error ? error.stack ?? error.message : String(error) });
    });
  });
  const address = roster.app.server.address();
  send({ type: 'ready', port: typeof address === 'object' && address !== null ? address.port : config.port });
}

async function serveFastify(): Promise<void> {
  const app = Fastify({ logger: false });
  app.get('/', async () => ({ hello: 'world' }));
  await app.listen({ port: Number(process.env.PORT ?? 0), host: process.env.HOST ?? '127.0.0.1' });
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'stop') void app.close().finally(() => process.exit(0));
  });
  const address = app.server.address();
  send({ type: 'ready', port: typeof address === 'object' && address !== null ? address.port : 0 });
}

const kind = (process.env.BENCH_SERVER ?? 'roster') as ServerKind;
const serve = { roster: serveRoster, fastify: serveFastify, ceiling: () => serveCeiling(false), 'ceiling-db': () => serveCeiling(true) };
serve[kind]().catch((error: unknown) => {
  send({ type: 'failed', message: error instanceof Error ? error.stack ?? error.message : String(error) });
  process.exit(1);
});
