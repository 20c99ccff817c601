import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ACCESS_TARGETS, measureAccessCases } from './access';
import { runBulkBench } from './bulk';
import { API, findDeepCursor, requestJson, signUpOwner, type MemberPage, type Session } from './api';
import { findFreePort, killAllChildren, startServerChild, type ServerChild } from './child';
import { FILTER_TARGET_MS, FIRST_PAGE_TARGET_MS, chromiumVersion, consoleUnavailable, measureConsole } from './console';
import { INITIAL_JS_TARGET_BYTES, prepareConsoleBuild, type AssetSize, type ConsoleBuild } from './console-build';
import { cpuBetween, snapshotCpu } from './cpu';
import { checkPostgres, createBenchDatabase, dropAllDatabases, redactUrl } from './databases';
import { measureSequential, measureTimed, warmUp, type Measurement, type TimedLoad } from './load';
import { READ_CASES, UsageError, readOptions, type LoadCaseName, type Options, type ReadCaseName } from './options';
import type { CapturedQuery, ServerKind } from './protocol';
import {
  blockTitle, formatBlock, formatBundle, hasShare, meetsConsoleTarget, meetsTarget, type BlockResult, type CaseResult, type Engine, type Target,
} from './report';
import { SEARCH_FRAGMENT } from './seed';

/**
 * `npm run bench`: Roster's API under load on PostgreSQL and PGlite, each figure set against
 * a bare node:http hello world measured in the same run. docs/BENCHMARKS.md explains the method.
 *
 *   npm run bench -- --engine=postgres --size=100000 --case=first,deep
 *   npm run bench -- --engine=postgres --size=100000 --case=console   # the web console in Chromium
 *   npm run bench -- --profile          # --cpu-prof on the Roster child (bench/results/profiles/)
 *   npm run bench -- --explain          # the SQL of each case, with EXPLAIN ANALYZE (bench/results/)
 *   npm run bench -- --keep             # leave the seeded database behind, for psql
 *
 * Every flag can also come from the environment (BENCH_ENGINE, BENCH_SIZE, BENCH_CASE, …;
 * `--help` lists them); BENCH_DATABASE_URL is the PostgreSQL admin URL.
 */

const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));

/** The issues' targets, on PostgreSQL: shares of the ceiling, invitations or decisions per second, a median latency. */
const TARGETS: Record<LoadCaseName, Target> = {
  ...ACCESS_TARGETS,
  me: { kind: 'share', min: 0.4 },
  first: { kind: 'share', min: 0.1 },
  deep: { kind: 'share', min: 0.1 },
  filtered: { kind: 'share', min: 0.1 },
  search: { kind: 'share', min: 0.1 },
  sorted: { kind: 'share', min: 0.1 },
  invitations: { kind: 'rate', min: 600 },
};
const DEEP_OVER_FIRST: Target = { kind: 'ratio', min: 0.75 };

const LABELS: Record<ReadCaseName | 'invitations', string> = {
  me: 'who-am-I `GET /me`',
  first: 'members, first page of 50',
  deep: 'members, deep page (past 90 %)',
  filtered: 'members, role + status filter',
  search: `members, search \`q=${SEARCH_FRAGMENT}\``,
  sorted: 'members, sort=lastConnection desc',
  invitations: 'invitations, sequential',
};

/** Other processes may use this much CPU (in cores) during a measurement before it is taken again. */
const NOISE_LIMIT = 0.2;
const MAX_ATTEMPTS = 3;

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

function summarize(m: Measurement): string {
  const rate = Math.round(m.perSecond).toLocaleString('en-US').padStart(6);
  const cpu = m.cpu === undefined ? '' : `  cpu server ${(m.cpu.server.user + m.cpu.server.system).toFixed(2)} `
    + `(sys ${m.cpu.server.system.toFixed(2)}) db ${m.cpu.database.toFixed(2)} client ${m.cpu.client.toFixed(2)}`
    + `${m.cpu.foreign < 0.05 ? '' : ` others ${m.cpu.foreign.toFixed(2)}`}${m.cpu.steal < 0.05 ? '' : ` steal ${m.cpu.steal.toFixed(2)}`}`;
  const problem = m.problem === undefined ? '' : `  !! ${m.problem}`;
  return `${rate}/s  p50 ${m.p50.toFixed(2).padStart(6)} ms  p99 ${m.p99.toFixed(2).padStart(6)} ms${cpu}${problem}`;
}

/** Starts a server child on a free port; PUBLIC_URL names that port, as the CSRF check expects. */
async function startServer(kind: ServerKind, env: Record<string, string | undefined>, nodeFlags: string[] = []): Promise<ServerChild> {
  const port = await findFreePort();
  return startServerChild(kind, {
    ...env, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: `http://127.0.0.1:${port}`, LOG_LEVEL: 'warn', SMTP_URL: undefined,
  }, nodeFlags);
}

/**
 * Runs `measure` again, up to MAX_ATTEMPTS times, while other processes on the machine use
 * more than NOISE_LIMIT of a core meanwhile; keeps the quietest attempt.
 */
async function measureQuietly(
  label: string, serverPid: number, database: boolean, measure: () => Promise<Measurement>,
): Promise<Measurement> {
  let best: Measurement | undefined;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const before = snapshotCpu();
    const measurement = await measure();
    const cpu = cpuBetween(before, snapshotCpu(), { server: serverPid, client: process.pid }, database);
    if (cpu !== undefined) measurement.cpu = cpu;
    if (best === undefined || (measurement.cpu?.foreign ?? 0) < (best.cpu?.foreign ?? 0)) best = measurement;
    if (cpu === undefined || cpu.foreign <= NOISE_LIMIT || attempt === MAX_ATTEMPTS) break;
    log(`   (${label}: other processes used ${cpu.foreign.toFixed(2)} cores meanwhile — ${cpu.top}; measuring again)`);
  }
  return best as Measurement;
}

/** Measures one of the reference servers (ceiling, Fastify, one query) in its own child. */
async function measureReference(
  kind: Exclude<ServerKind, 'roster'>, label: string, env: Record<string, string | undefined>, load: TimedLoad, database: boolean,
): Promise<Measurement> {
  const server = await startServer(kind, env);
  try {
    const url = `${server.origin}/`;
    await warmUp(url, load);
    const measurement = await measureQuietly(kind, server.pid, database, () => measureTimed(url, load));
    log(`   ${label.padEnd(46)} ${summarize(measurement)}`);
    return measurement;
  } finally {
    await server.stop();
  }
}

async function captureQueries(server: ServerChild, explain: boolean, act: () => Promise<void>): Promise<CapturedQuery[]> {
  server.tell({ type: 'capture-start' });
  await act();
  return (await server.ask({ type: 'capture-stop', explain }, 'captured')).queries;
}

function formatCaptured(title: string, queries: CapturedQuery[]): string {
  const parts = [`## ${title}`, '', `${queries.length} statements through Kysely (BEGIN/COMMIT not counted).`, ''];
  queries.forEach((query, index) => {
    parts.push(`### ${index + 1}. ${query.sql}`, '', `parameters: ${JSON.stringify(query.parameters)}`, '');
    if (query.plan !== undefined) parts.push('```', query.plan, '```', '');
  });
  return parts.join('\n');
}

/** What the cases of one block share. */
interface BlockContext {
  engine: Engine;
  size: number;
  options: Options;
  server: ServerChild;
  session: Session;
  cases: CaseResult[];
  notes: string[];
  explainLog: string[];
  /** The console build the server child serves, when the console case runs. */
  consoleBuild: ConsoleBuild | undefined;
  profileDir: string;
}

/** Files the members route loaded lazily, as the first block with the console case saw them. */
let consoleLazy: AssetSize[] | undefined;
/** Raw console samples per block, for latest.json. */
const consoleSamples: Record<string, unknown> = {};

async function measureConsoleCase(block: BlockContext, result: BlockResult): Promise<void> {
  const { server, session, engine, options, consoleBuild } = block;
  if (consoleBuild === undefined) return;
  const run = await measureConsole(server, session, engine, consoleBuild,
    { repeat: options.repeat, profileDir: options.profile ? block.profileDir : undefined }, log);
  result.console = run.result;
  consoleLazy ??= run.lazy;
  consoleSamples[`${engine}-${block.size}`] = run.samples;
  if (run.result.problem !== undefined) log(`   console: not measured — ${run.result.problem}`);
  for (const m of run.result.measures) {
    const met = meetsConsoleTarget(m);
    log(`   ${m.label.padEnd(46)} median ${String(Math.round(m.ms?.median ?? Number.NaN)).padStart(5)} ms  `
      + `p95 ${String(Math.round(m.ms?.p95 ?? Number.NaN)).padStart(5)} ms  (n=${m.ms?.n ?? 0})  target ≤ ${m.targetMs} ms: `
      + `${met === undefined ? '—' : met ? 'met' : 'MISSED'}`
      + `${m.cpu === undefined ? '' : `  cpu server ${m.cpu.server.toFixed(2)} db ${m.cpu.database.toFixed(2)} browser ${m.cpu.browser.toFixed(2)}`
        + `${m.cpu.foreign < 0.05 ? '' : ` others ${m.cpu.foreign.toFixed(2)}`}`}`);
    if (m.breakdown !== undefined) log(`      ${m.breakdown}`);
  }
  for (const note of run.result.notes) log(`      ${note}`);
}

/** The URL of each read case; the deep one needs a cursor found by walking the table. */
async function readCasePaths(block: BlockContext): Promise<Record<ReadCaseName, string>> {
  const { server, session, size, options } = block;
  const members = `${API}/orgs/${session.orgId}/members`;
  const deep = options.cases.has('deep') ? await findDeepCursor(server.origin, session, size, 0.9) : undefined;
  if (deep !== undefined) {
    block.notes.push(`deep page: the cursor after ${deep.skipped.toLocaleString('en-US')} rows in name order, then pages of 50 from there`);
  }
  const managerId = session.roles.manager;
  if (managerId === undefined) throw new Error('the default role template has no manager role');
  return {
    me: `${API}/me`,
    first: `${members}?limit=50`,
    deep: `${members}?limit=50&cursor=${encodeURIComponent(deep?.cursor ?? '')}`,
    filtered: `${members}?limit=50&roleId=${managerId}&status=active`,
    search: `${members}?limit=50&q=${SEARCH_FRAGMENT}`,
    sorted: `${members}?limit=50&sort=lastConnection&order=desc`,
  };
}

async function measureReadCases(block: BlockContext): Promise<void> {
  const { server, session, options, engine, cases } = block;
  const paths = await readCasePaths(block);
  for (const name of READ_CASES) {
    if (!options.cases.has(name)) continue;
    // Each URL must answer 200 with a real page before its figure means anything.
    const probe = await requestJson<MemberPage>(server.origin, paths[name], { headers: session.headers });
    if (probe.status !== 200) throw new Error(`${name}: ${paths[name]} answered ${probe.status}: ${JSON.stringify(probe.body)}`);
    const rows = name === 'me' ? undefined : probe.body.items.length;
    if (options.explain) {
      const queries = await captureQueries(server, true, async () => {
        await requestJson(server.origin, paths[name], { headers: session.headers });
      });
      block.explainLog.push(formatCaptured(`${LABELS[name]}: GET ${paths[name].replace(session.orgId, '{orgId}')}`, queries));
    }
    const url = `${server.origin}${paths[name]}`;
    const load = { ...options.load, headers: session.headers };
    await warmUp(url, load);
    const measurement = await measureQuietly(name, server.pid, engine === 'postgres', () => measureTimed(url, load));
    log(`   ${LABELS[name].padEnd(46)} ${summarize(measurement)}${rows === undefined ? '' : `  (${rows} rows)`}`);
    cases.push({
      name, label: LABELS[name], measurement, share: undefined, target: TARGETS[name],
      ...(rows !== undefined && rows < 50 && { note: `${rows} rows match` }),
    });
  }
  const first = cases.find((row) => row.name === 'first');
  const deep = cases.find((row) => row.name === 'deep');
  if (first?.measurement !== undefined && deep?.measurement !== undefined) {
    cases.splice(cases.indexOf(deep) + 1, 0, {
      name: 'deep/first', label: 'deep ÷ first', measurement: undefined,
      share: deep.measurement.perSecond / first.measurement.perSecond, target: DEEP_OVER_FIRST,
    });
  }
}

async function measureInvitations(block: BlockContext): Promise<void> {
  const { server, session, options, engine } = block;
  const roleId = session.roles.annotator;
  if (roleId === undefined) throw new Error('the default role template has no annotator role');
  // Cookie-authenticated writes must name the site as their Origin (the CSRF check).
  const headers = { ...session.headers, origin: server.origin, 'content-type': 'application/json' };
  let invited = 0;
  const body = () => JSON.stringify({ email: `invitee.${++invited}@bench.test`, firstName: 'Ivy', lastName: 'Invitee', roleId });
  const path = `${API}/orgs/${session.orgId}/invitations`;
  if (options.explain) {
    const queries = await captureQueries(server, false, async () => {
      const answer = await requestJson(server.origin, path, { method: 'POST', headers, body: body() });
      if (answer.status !== 201) throw new Error(`invitation answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    });
    block.explainLog.push(formatCaptured('one invitation: POST /orgs/{orgId}/invitations', queries));
  }
  const warmup = Math.min(50, options.invitations);
  const url = `${server.origin}${path}`;
  await measureSequential(url, { amount: warmup, headers, body });
  const measurement = await measureQuietly('invitations', server.pid, engine === 'postgres',
    () => measureSequential(url, { amount: options.invitations, headers, body }));
  const label = `${options.invitations.toLocaleString('en-US')} ${LABELS.invitations}`;
  log(`   ${label.padEnd(46)} ${summarize(measurement)}`);
  block.cases.push({
    name: 'invitations', label, measurement, share: undefined, target: TARGETS.invitations,
    note: `invitations/s, one request at a time on one connection, after ${warmup} unmeasured ones`,
  });
}

/**
 * One engine × size: references, a fresh database, the Roster child, the cases, the ceiling
 * again. A block with only the console case measures no references: it computes no shares.
 */
async function runBlock(engine: Engine, size: number, options: Options, consoleBuild: ConsoleBuild | undefined): Promise<BlockResult> {
  const title = blockTitle({ engine, size });
  log(`\n== ${title}`);
  const cases: CaseResult[] = [];
  const notes: string[] = [];
  const explainLog: string[] = [];
  const result: BlockResult = { engine, size, ceiling: undefined, seed: undefined, cases, notes };
  const load = [...options.cases].some((name) => name !== 'console');
  let ceilingBefore: Measurement | undefined;
  if (load) {
    ceilingBefore = await measureReference('ceiling', 'ceiling: node:http hello world', {}, options.load, false);
    const fastify = await measureReference('fastify', 'Fastify hello world, no plugins', {}, options.load, false);
    cases.push({ name: 'fastify', label: 'Fastify hello world, no plugins', measurement: fastify, share: undefined, target: undefined });
  }

  const stamp = `${engine}-${size}`;
  const profileDir = join(RESULTS_DIR, 'profiles', `${stamp}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  const database = await createBenchDatabase(engine, options.adminUrl);
  try {
    if (load) {
      const floor = await measureReference('ceiling-db', 'node:http + one `select $1` via Kysely', database.env, options.load,
        engine === 'postgres');
      cases.push({ name: 'floor', label: 'node:http + one `select $1` (createDb + Kysely)', measurement: floor, share: undefined, target: undefined });
    }
    const server = await startServer('roster', {
      ...database.env, ...(options.explain && { BENCH_CAPTURE: '1' }),
      ...(consoleBuild !== undefined && { BENCH_CONSOLE_DIR: consoleBuild.dir }),
    }, options.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []);
    try {
      const session = await signUpOwner(server.origin);
      const seed = (await server.ask({ type: 'seed', orgId: session.orgId, size }, 'seeded')).report;
      result.seed = seed;
      log(`   seeded ${seed.inserted.toLocaleString('en-US')} members in ${seed.seconds.toFixed(1)} s into ${database.describe}: `
        + JSON.stringify(seed.counts));
      const check = await requestJson<MemberPage>(server.origin, `${API}/orgs/${session.orgId}/members?limit=1`, { headers: session.headers });
      if (check.status !== 200 || check.body.counts.total !== size) {
        throw new Error(`after seeding the table shows ${check.body.counts?.total} members, not ${size} (status ${check.status})`);
      }
      const block: BlockContext = { engine, size, options, server, session, cases, notes, explainLog, consoleBuild, profileDir };
      await measureReadCases(block);
      await measureConsoleCase(block, result);
      await measureAccessCases({
        engine, size, options, server, session, cases, notes, log, summarize,
        measureQuietly: (label, measure) => measureQuietly(label, server.pid, engine === 'postgres', measure),
        explain: async (title, act) => {
          if (options.explain) explainLog.push(formatCaptured(title, await captureQueries(server, true, act)));
        },
      });
      if (options.cases.has('invitations') && options.invitations > 0) await measureInvitations(block);
    } finally {
      await server.stop();
    }
  } finally {
    if (options.keep) {
      database.keep();
      log(`   kept ${database.describe} (--keep): drop it yourself when done`);
    } else {
      await database.drop();
    }
  }
  if (explainLog.length > 0) {
    mkdirSync(RESULTS_DIR, { recursive: true });
    const file = join(RESULTS_DIR, `explain-${stamp}.md`);
    writeFileSync(file, `# SQL and plans, ${title}\n\n${explainLog.join('\n')}`);
    log(`   SQL and plans written to ${file}`);
  }
  if (options.profile && load) {
    log(`   CPU profile of the Roster child in ${profileDir}: the main thread is the *.0.001.cpuprofile file `
      + '(the other is the module loader\'s thread); npx tsx bench/profile-summary.ts <file>');
  }

  if (ceilingBefore === undefined) return result;
  // The ceiling again, now that the Roster child is gone: on a shared machine one reading can
  // be low, and a low ceiling flatters every share. The higher of the two is used.
  const ceilingAfter = await measureReference('ceiling', 'ceiling again, after the cases', {}, options.load, false);
  const ceiling = ceilingAfter.perSecond > ceilingBefore.perSecond ? ceilingAfter : ceilingBefore;
  notes.unshift(`ceiling measured before and after the cases: ${Math.round(ceilingBefore.perSecond).toLocaleString('en-US')}/s and `
    + `${Math.round(ceilingAfter.perSecond).toLocaleString('en-US')}/s; shares are of the higher`);
  for (const row of cases) {
    if (row.measurement !== undefined && hasShare(row.target)) row.share = row.measurement.perSecond / ceiling.perSecond;
  }
  result.ceiling = ceiling;
  return result;
}

async function main(): Promise<void> {
  // Issue 6's figures are absolute times, measured on their own: tag import, bulk deactivation, export.
  if (process.argv.includes('--case=bulk')) {
    await runBulkBench(process.argv.slice(2));
    return;
  }
  const options = readOptions(process.argv.slice(2), process.env);
  if (options === undefined) return;
  const started = performance.now();
  let engines = options.engines;
  if (engines.includes('postgres')) {
    const problem = await checkPostgres(options.adminUrl);
    if (problem !== undefined) {
      log(`PostgreSQL is not reachable at ${redactUrl(options.adminUrl)} (${problem}); running PGlite only.`);
      engines = engines.filter((engine) => engine !== 'postgres');
    }
  }
  const { connections, warmup, duration } = options.load;
  const load = [...options.cases].some((name) => name !== 'console');
  const header = [
    `Roster benchmark — ${new Date().toISOString()}`,
    `Machine: ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}`
      + (load ? `; autocannon, ${connections} connections, ${warmup} s warm-up + ${duration} s per case` : '')
      + '; servers in child processes on 127.0.0.1.',
    ...(load ? ['CPU column: cores used during the measured seconds by the server child, PostgreSQL\'s processes and the load generator.'] : []),
  ];
  let consoleBuild: ConsoleBuild | undefined;
  if (options.cases.has('console')) {
    const missing = consoleUnavailable();
    if (missing !== undefined) {
      log(`Console case skipped: ${missing}.`);
      options.cases.delete('console');
    } else {
      consoleBuild = await prepareConsoleBuild(log);
      header.push(`Console: production build of sources ${consoleBuild.sourceHash.slice(0, 12)} in Chromium `
        + `${chromiumVersion()} (headless, ${options.repeat} samples per measure); targets: first page ≤ ${FIRST_PAGE_TARGET_MS} ms, `
        + `filter ≤ ${FILTER_TARGET_MS} ms (medians), initial JavaScript ≤ ${INITIAL_JS_TARGET_BYTES / 1000} kB gzipped.`);
    }
  }
  log(header.join('\n'));
  if (consoleBuild !== undefined) log(`\n${formatBundle(consoleBuild.bundle, INITIAL_JS_TARGET_BYTES, undefined)}`);
  const blocks: BlockResult[] = [];
  if (options.cases.size > 0) {
    for (const engine of engines) {
      for (const size of options.sizes) blocks.push(await runBlock(engine, size, options, consoleBuild));
    }
  }
  const bundle = consoleBuild === undefined ? [] : [formatBundle(consoleBuild.bundle, INITIAL_JS_TARGET_BYTES, consoleLazy), ''];
  const markdown = ['# Roster benchmark results', '', ...header.map((line) => `${line}  `), '', ...bundle,
    ...blocks.map((b) => `${formatBlock(b)}\n`)].join('\n');
  log(`\n${markdown}`);
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, 'latest.md'), markdown);
  writeFileSync(join(RESULTS_DIR, 'latest.json'), `${JSON.stringify({
    header, blocks,
    ...(consoleBuild !== undefined && { console: { bundle: consoleBuild.bundle, lazy: consoleLazy, samples: consoleSamples } }),
  }, null, 2)}\n`);
  const postgres = blocks.filter((b) => b.engine === 'postgres');
  const misses = postgres.flatMap((b) => b.cases.filter((row) => meetsTarget(row) === false)).length
    + postgres.flatMap((b) => b.console?.measures.filter((m) => meetsConsoleTarget(m) === false) ?? []).length
    + (consoleBuild !== undefined && consoleBuild.bundle.initialJs.gzip > INITIAL_JS_TARGET_BYTES ? 1 : 0);
  log(`Written to bench/results/latest.md in ${((performance.now() - started) / 1000).toFixed(0)} s; `
    + `${misses} PostgreSQL target(s) missed.`);
}

async function cleanUp(): Promise<void> {
  killAllChildren();
  await dropAllDatabases();
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`\n${signal}: stopping servers and dropping bench databases`);
    void cleanUp().finally(() => process.exit(130));
  });
}

main().catch(async (error: unknown) => {
  if (error instanceof UsageError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  await cleanUp();
  process.exit(1);
});
