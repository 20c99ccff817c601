import { parseArgs } from 'node:util';
import type { TimedLoad } from './load';
import type { Engine } from './report';

/** The cases a run can measure, in the order they run. */
export const READ_CASES = ['me', 'first', 'deep', 'filtered', 'search', 'sorted'] as const;
/** The authorization API and the usage report (issue 5): they need their own seed of grants and events. */
export const ACCESS_CASES = ['authorize', 'authorize-batch', 'usage-report'] as const;
/** The cases measured with a load generator or one request after another; `invitations` writes, so it runs last. */
export const LOAD_CASES = [...READ_CASES, ...ACCESS_CASES, 'invitations'] as const;
/** Every case: `console` (the web console in Chromium) runs after the reads, then the access cases, then the invitations. */
export const CASES = [...READ_CASES, 'console', ...ACCESS_CASES, 'invitations'] as const;
/**
 * What a run without `--case` measures: everything but the access cases, whose seed (500,000
 * grants and 1,000,000 usage events at 100,000 members) would add minutes; `--case=access`
 * names the three of them.
 */
export const DEFAULT_CASES: readonly CaseName[] = CASES.filter((name) => !(ACCESS_CASES as readonly string[]).includes(name));
/** A case's name, as `--case` takes it. */
export type CaseName = (typeof CASES)[number];
/** An access case's name. */
export type AccessCaseName = (typeof ACCESS_CASES)[number];
/** A read case's name. */
export type ReadCaseName = (typeof READ_CASES)[number];
/** A case measured with a load generator. */
export type LoadCaseName = (typeof LOAD_CASES)[number];

const ENGINES: Engine[] = ['postgres', 'pglite'];

/** What one run does. */
export interface Options {
  engines: Engine[];
  sizes: number[];
  cases: Set<CaseName>;
  load: TimedLoad;
  /** Sequential invitations measured (after up to 50 unmeasured ones). @default 1000 */
  invitations: number;
  /** Samples of each console measurement (navigations, filters). @default 10 */
  repeat: number;
  /** Usage reports measured one after another (after 3 unmeasured ones). @default 30 */
  reports: number;
  /** Run the Roster child under `--cpu-prof`; with the console case, also trace one cold navigation in Chromium. */
  profile: boolean;
  /** Write the SQL each case runs, with EXPLAIN ANALYZE, to bench/results/. */
  explain: boolean;
  /** Leave the database behind for a look with psql (PostgreSQL) or a later run (PGlite's directory). */
  keep: boolean;
  /** Where fresh PostgreSQL databases are created and dropped. @default postgres://root@127.0.0.1:5432/test */
  adminUrl: string;
}

/** A bad flag or variable: said in one line, without a stack. */
export class UsageError extends Error {}

const HELP = [
  'npm run bench -- [--engine=postgres,pglite] [--size=10000,100000]',
  '                 [--case=me,first,deep,filtered,search,sorted,console,authorize,authorize-batch,usage-report,invitations]',
  '                 [--connections=20] [--duration=6] [--warmup=2] [--invitations=1000] [--repeat=10] [--reports=30]',
  'Without --case: every case but the access ones (authorize, authorize-batch, usage-report); --case=access names those three.',
  '                 [--profile] [--explain] [--keep]',
  'Environment: BENCH_ENGINE, BENCH_SIZE, BENCH_CASE, BENCH_CONNECTIONS, BENCH_DURATION, BENCH_WARMUP, BENCH_INVITATIONS,',
  '             BENCH_REPEAT, BENCH_REPORTS, BENCH_PROFILE=1, BENCH_EXPLAIN=1, BENCH_KEEP=1, BENCH_DATABASE_URL (PostgreSQL admin URL).',
  'The console case drives /usr/bin/chromium (Debian\'s package) and is skipped, in one line, without it.',
  'Results: bench/results/latest.md (and .json); docs/BENCHMARKS.md explains the method.',
  '',
].join('\n');

function list(value: string | undefined): string[] | undefined {
  if (value === undefined || value === '' || value === 'all') return undefined;
  return value.split(',').map((item) => item.trim()).filter((item) => item !== '');
}

function wholeNumber(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be a whole number of at least ${min}, not ${value}`);
  return n;
}

function parseFlags(argv: string[]) {
  return parseArgs({
    args: argv,
    options: {
      engine: { type: 'string' }, size: { type: 'string' }, case: { type: 'string' },
      connections: { type: 'string' }, duration: { type: 'string' }, warmup: { type: 'string' },
      invitations: { type: 'string' }, repeat: { type: 'string' }, reports: { type: 'string' }, profile: { type: 'boolean' }, explain: { type: 'boolean' }, keep: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
}

/** Reads the flags, falling back to BENCH_* variables, then to the defaults; undefined after printing --help. */
export function readOptions(argv: string[], env: Record<string, string | undefined>): Options | undefined {
  let values: ReturnType<typeof parseFlags>['values'];
  try {
    values = parseFlags(argv).values;
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)} (npm run bench -- --help)`);
  }
  if (values.help === true) {
    process.stdout.write(HELP);
    return undefined;
  }
  const engines = (list(values.engine ?? env.BENCH_ENGINE) ?? ENGINES).map((engine) => {
    if (engine === 'pg' || engine === 'postgresql') return 'postgres';
    if (!ENGINES.includes(engine as Engine)) throw new UsageError(`unknown engine ${engine}; use postgres or pglite`);
    return engine as Engine;
  });
  const sizes = (list(values.size ?? env.BENCH_SIZE) ?? ['10000', '100000']).map((size) => {
    const n = Number(size.replace(/_/g, '').replace(/k$/i, '000'));
    if (!Number.isInteger(n) || n < 1000 || n > 1_000_000) throw new UsageError(`--size must be between 1000 and 1000000, not ${size}`);
    return n;
  });
  const named = (list(values.case ?? env.BENCH_CASE) ?? [...DEFAULT_CASES]).flatMap((name) => (name === 'access' ? [...ACCESS_CASES] : [name]));
  const cases = new Set(named.map((name) => {
    if (!CASES.includes(name as CaseName)) throw new UsageError(`unknown case ${name}; use ${CASES.join(', ')} or access`);
    return name as CaseName;
  }));
  return {
    engines: [...new Set(engines)], sizes: [...new Set(sizes)], cases,
    load: {
      connections: wholeNumber('connections', values.connections ?? env.BENCH_CONNECTIONS, 20, 1),
      duration: wholeNumber('duration', values.duration ?? env.BENCH_DURATION, 6, 1),
      warmup: wholeNumber('warmup', values.warmup ?? env.BENCH_WARMUP, 2, 0),
    },
    invitations: wholeNumber('invitations', values.invitations ?? env.BENCH_INVITATIONS, 1000, 0),
    repeat: wholeNumber('repeat', values.repeat ?? env.BENCH_REPEAT, 10, 1),
    reports: wholeNumber('reports', values.reports ?? env.BENCH_REPORTS, 30, 1),
    profile: values.profile === true || env.BENCH_PROFILE === '1',
    explain: values.explain === true || env.BENCH_EXPLAIN === '1',
    keep: values.keep === true || env.BENCH_KEEP === '1',
    adminUrl: env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test',
  };
}
