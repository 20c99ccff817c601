/**
 * The messages the benchmark's parent (bench/run.ts) and its server child
 * (bench/server-child.ts) exchange over the IPC channel.
 */

/**
 * What the child serves: Roster; the bare node:http ceiling; Fastify with no plugins (what
 * the framework alone costs); or node:http running one trivial parameterized query through
 * Roster's own store (createDb + Kysely) per request, the most any route that touches the
 * database can hope for.
 */
export type ServerKind = 'roster' | 'ceiling' | 'fastify' | 'ceiling-db';

/** Parent → child. */
export type ParentMessage =
  | { type: 'seed'; orgId: string; size: number }
  | { type: 'seed-access'; orgId: string; workspaceTypeId: string; queueTypeId: string; grants: number; events: number }
  | { type: 'capture-start' }
  | { type: 'capture-stop'; explain: boolean }
  | { type: 'stop' };

/** One SQL statement a request ran, with its plan when asked for. */
export interface CapturedQuery {
  sql: string;
  parameters: unknown[];
  /** EXPLAIN (ANALYZE, BUFFERS) output; only for read-only statements when `explain` was asked. */
  plan: string | undefined;
}

/** What seeding did. */
export interface SeedReport {
  /** Members inserted (the owner, made through the API, is not among them). */
  inserted: number;
  /** Rows per stored status, as member_counts holds them after seeding. */
  counts: Record<string, number>;
  seconds: number;
}

/** One authorization check, as the cases send it. */
export interface AccessCheck {
  memberId: string;
  permission: string;
  resource: { type: string; externalId: string };
}

/** What seeding the authorization and usage data did. */
export interface AccessSeedReport {
  resources: number;
  /** Grants per kind. */
  grants: Record<string, number>;
  /** Members with at least one grant. */
  grantees: number;
  events: number;
  /** The sum of the events' quantities: what a report over every day must total. */
  quantity: number;
  /** Members the events are spread over. */
  workers: number;
  /** Rows of `usage_daily`: what the report reads. */
  dailyRows: number;
  seconds: number;
  /** Seconds per step. */
  timings: Record<string, number>;
}

/** Child → parent. */
export type ChildMessage =
  | { type: 'ready'; port: number }
  | { type: 'seeded'; report: SeedReport }
  | { type: 'access-seeded'; report: AccessSeedReport; checks: AccessCheck[] }
  | { type: 'captured'; queries: CapturedQuery[] }
  | { type: 'failed'; message: string };
