import { API, requestJson, type Session } from './api';
import type { ServerChild } from './child';
import { measureSequential, measureTimed, warmUp, type Measurement, type TimedLoad } from './load';
import type { AccessCaseName, Options } from './options';
import type { AccessCheck, AccessSeedReport } from './protocol';
import type { CaseResult, Engine, Target } from './report';
import { EVENTS_PER_MEMBER, GRANTS_PER_MEMBER, QUEUES_PER_WORKSPACE, REPORT_DAYS, WORKSPACES } from './seed-access';

/**
 * The authorization API and the usage report (issue 5): a single check and batches of 100
 * over HTTP with an API token, as the product calls them, and the Manager's 30-day report.
 * The resource types and the token come from the API; grants and events from seed-access.ts.
 */

/** Checks per request in the batch case (the most POST /authorize takes). */
export const BATCH_SIZE = 100;

/** The issue's targets, on PostgreSQL. */
export const ACCESS_TARGETS: Record<AccessCaseName, Target> = {
  authorize: { kind: 'share', min: 0.5 },
  'authorize-batch': { kind: 'decisions', min: 20_000, perRequest: BATCH_SIZE },
  'usage-report': { kind: 'latency', maxMs: 200 },
};

const LABELS: Record<AccessCaseName, string> = {
  authorize: 'authorize, one check (API token)',
  'authorize-batch': `authorize, batch of ${BATCH_SIZE} checks`,
  'usage-report': `usage report, ${REPORT_DAYS} days by user, sequential`,
};

/** What the access cases borrow from the run: the block, and how it measures and logs. */
export interface AccessBlock {
  engine: Engine;
  size: number;
  options: Options;
  server: ServerChild;
  session: Session;
  cases: CaseResult[];
  notes: string[];
  log(line: string): void;
  summarize(m: Measurement): string;
  measureQuietly(label: string, measure: () => Promise<Measurement>): Promise<Measurement>;
  /** With --explain: the SQL `act` runs, under `title`. */
  explain(title: string, act: () => Promise<void>): Promise<void>;
}

interface Decision {
  allowed: boolean;
  reason: string;
}

function tally(decisions: Decision[]): string {
  const counts = new Map<string, number>();
  for (const d of decisions) counts.set(`${d.allowed ? 'allowed' : 'denied'} ${d.reason}`, (counts.get(`${d.allowed ? 'allowed' : 'denied'} ${d.reason}`) ?? 0) + 1);
  const allowed = decisions.filter((d) => d.allowed).length;
  const parts = [...counts].sort((a, b) => b[1] - a[1]).map(([reason, n]) => `${reason} ${(100 * n / decisions.length).toFixed(1)} %`);
  return `${(100 * allowed / decisions.length).toFixed(1)} % allowed (${parts.join(', ')})`;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/** A UTC day, YYYY-MM-DD, `daysAgo` days before today. */
function utcDay(daysAgo: number): string {
  return new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
}

/** Registers the resource types, creates the token, seeds grants and events; checks the API sees them. */
async function prepare(block: AccessBlock): Promise<{ token: string; checks: AccessCheck[]; seed: AccessSeedReport }> {
  const { server, session, size } = block;
  const org = `${API}/orgs/${session.orgId}`;
  // Cookie-authenticated writes must name the site as their Origin (the CSRF check).
  const headers = { ...session.headers, origin: server.origin, 'content-type': 'application/json' };
  const typeIds: Record<string, string> = {};
  for (const [key, name] of [['workspace', 'Workspace'], ['queue', 'Queue']] as const) {
    const created = await requestJson<{ id: string }>(server.origin, `${org}/resource-types`, {
      method: 'POST', headers, body: JSON.stringify({ key, name }),
    });
    if (created.status !== 201) throw new Error(`resource type ${key}: ${created.status} ${JSON.stringify(created.body)}`);
    typeIds[key] = created.body.id;
  }
  const roleId = session.roles.admin;
  if (roleId === undefined) throw new Error('the default role template has no admin role');
  const token = await requestJson<{ secret: string }>(server.origin, `${org}/api-tokens`, {
    method: 'POST', headers, body: JSON.stringify({ name: 'Benchmark integration', roleId }),
  });
  if (token.status !== 201) throw new Error(`API token: ${token.status} ${JSON.stringify(token.body)}`);

  const { report: seed, checks } = await server.ask({
    type: 'seed-access', orgId: session.orgId, workspaceTypeId: typeIds.workspace!, queueTypeId: typeIds.queue!,
    grants: GRANTS_PER_MEMBER * size, events: EVENTS_PER_MEMBER * size,
  }, 'access-seeded');
  const grants = Object.values(seed.grants).reduce((a, b) => a + b, 0);
  block.log(`   seeded ${seed.resources.toLocaleString('en-US')} resources, ${grants.toLocaleString('en-US')} grants `
    + `${JSON.stringify(seed.grants)} over ${seed.grantees.toLocaleString('en-US')} members, ${seed.events.toLocaleString('en-US')} usage events `
    + `of ${seed.workers.toLocaleString('en-US')} members → ${seed.dailyRows.toLocaleString('en-US')} usage_daily rows, in ${seed.seconds.toFixed(1)} s `
    + `(${Object.entries(seed.timings).map(([step, s]) => `${step} ${s.toFixed(1)}`).join(', ')})`);

  // The API must see the seeded rows as its own.
  const types = await requestJson<{ items: Array<{ key: string; resourceCount: number }> }>(server.origin, `${org}/resource-types`, { headers: session.headers });
  const counts = Object.fromEntries(types.body.items.map((t) => [t.key, t.resourceCount]));
  if (counts.workspace !== WORKSPACES || counts.queue !== WORKSPACES * QUEUES_PER_WORKSPACE) {
    throw new Error(`after seeding the API lists resource types ${JSON.stringify(counts)}`);
  }
  return { token: token.body.secret, checks, seed };
}

/**
 * Measures the access cases the run asks for, after their seed. Every check is asked once
 * first (in batches), so the access cache holds every member the cases ask about: the figures
 * are warm, as a product's steady traffic is.
 */
export async function measureAccessCases(block: AccessBlock): Promise<void> {
  const { server, session, options, cases, notes, log } = block;
  const wanted = (name: AccessCaseName) => options.cases.has(name);
  if (!wanted('authorize') && !wanted('authorize-batch') && !wanted('usage-report')) return;
  const { token, checks, seed } = await prepare(block);
  const grants = Object.values(seed.grants).reduce((a, b) => a + b, 0);
  notes.push(`access data: ${seed.resources.toLocaleString('en-US')} resources (${WORKSPACES} workspaces of ${QUEUES_PER_WORKSPACE} queues), `
    + `${grants.toLocaleString('en-US')} grants (${Object.entries(seed.grants).map(([k, n]) => `${k} ${n.toLocaleString('en-US')}`).join(', ')}) `
    + `held by ${seed.grantees.toLocaleString('en-US')} members; ${seed.events.toLocaleString('en-US')} usage events over ${REPORT_DAYS} days by `
    + `${seed.workers.toLocaleString('en-US')} members, ${seed.dailyRows.toLocaleString('en-US')} usage_daily rows; seeded in ${seed.seconds.toFixed(0)} s`);

  const url = `${server.origin}${API}/orgs/${session.orgId}/authorize`;
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const batches = chunk(checks, BATCH_SIZE);
  const decisions: Decision[] = [];
  for (const batch of batches) {
    const answer = await requestJson<{ results: Decision[] }>(server.origin, `${API}/orgs/${session.orgId}/authorize`, {
      method: 'POST', headers, body: JSON.stringify({ checks: batch }),
    });
    if (answer.status !== 200) throw new Error(`authorize (warm-up batch) answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    decisions.push(...answer.body.results);
  }
  const members = new Set(checks.map((c) => c.memberId)).size;
  const mix = tally(decisions);
  log(`   ${checks.length.toLocaleString('en-US')} checks about ${members.toLocaleString('en-US')} members: ${mix}`);

  if (wanted('authorize')) {
    const first = checks[0]!;
    await block.explain(`${LABELS.authorize}: POST /orgs/{orgId}/authorize (warm)`, async () => {
      await requestJson(server.origin, `${API}/orgs/${session.orgId}/authorize`, { method: 'POST', headers, body: JSON.stringify(first) });
    });
    const load: TimedLoad = { ...options.load, headers, requests: checks.map((c) => ({ method: 'POST', body: JSON.stringify(c) })) };
    await warmUp(url, load);
    const measurement = await block.measureQuietly('authorize', () => measureTimed(url, load));
    log(`   ${LABELS.authorize.padEnd(46)} ${block.summarize(measurement)}`);
    cases.push({
      name: 'authorize', label: LABELS.authorize, measurement, share: undefined, target: ACCESS_TARGETS.authorize,
      note: `${checks.length.toLocaleString('en-US')} different checks in turn, about ${members.toLocaleString('en-US')} members, `
        + `each already asked once (warm); answers: ${mix}`,
    });
  }

  if (wanted('authorize-batch')) {
    const load: TimedLoad = { ...options.load, headers, requests: batches.map((b) => ({ method: 'POST', body: JSON.stringify({ checks: b }) })) };
    await warmUp(url, load);
    const measurement = await block.measureQuietly('authorize-batch', () => measureTimed(url, load));
    log(`   ${LABELS['authorize-batch'].padEnd(46)} ${block.summarize(measurement)}  = ${Math.round(measurement.perSecond * BATCH_SIZE).toLocaleString('en-US')} decisions/s`);
    cases.push({
      name: 'authorize-batch', label: LABELS['authorize-batch'], measurement, share: undefined, target: ACCESS_TARGETS['authorize-batch'],
      note: `${Math.round(measurement.perSecond * BATCH_SIZE).toLocaleString('en-US')} decisions/s; the same checks, ${batches.length} different batches in turn`,
    });
  }

  if (wanted('usage-report')) {
    const path = `${API}/orgs/${session.orgId}/usage/report?from=${utcDay(REPORT_DAYS - 1)}&to=${utcDay(0)}&groupBy=user&includeDeleted=true`;
    const probe = await requestJson<{ total: number; rows: unknown[] }>(server.origin, path, { headers: session.headers });
    if (probe.status !== 200) throw new Error(`usage report answered ${probe.status}: ${JSON.stringify(probe.body)}`);
    // Every event lies in the range: the report must add up to all of them.
    if (probe.body.total !== seed.quantity) throw new Error(`the usage report totals ${probe.body.total}, the events ${seed.quantity}`);
    const bytes = Number(probe.response.headers.get('content-length') ?? 0);
    await block.explain(`${LABELS['usage-report']}: GET ${path.replace(session.orgId, '{orgId}')}`, async () => {
      await requestJson(server.origin, path, { headers: session.headers });
    });
    const reportUrl = `${server.origin}${path}`;
    await measureSequential(reportUrl, { amount: 3, headers: session.headers });
    const measurement = await block.measureQuietly('usage-report',
      () => measureSequential(reportUrl, { amount: options.reports, headers: session.headers }));
    log(`   ${LABELS['usage-report'].padEnd(46)} ${block.summarize(measurement)}  p95 ${measurement.p95.toFixed(1)} ms  (${probe.body.rows.length} rows)`);
    cases.push({
      name: 'usage-report', label: LABELS['usage-report'], measurement, share: undefined, target: ACCESS_TARGETS['usage-report'],
      note: `median ${measurement.p50.toFixed(1)} ms, p95 ${measurement.p95.toFixed(1)} ms over ${options.reports} requests one after another `
        + `(after 3 unmeasured; req/s is their sequential rate); ${probe.body.rows.length.toLocaleString('en-US')} rows, `
        + `${(bytes / 1000).toFixed(0)} kB of JSON, from ${seed.dailyRows.toLocaleString('en-US')} usage_daily rows`,
    });
  }
}
