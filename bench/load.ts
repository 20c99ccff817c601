import { Agent, request } from 'node:http';
import autocannon, { type Options, type Result } from 'autocannon';
import type { CpuUse } from './cpu';

/** What one case measured. */
export interface Measurement {
  /** 2xx responses counted. */
  responses: number;
  seconds: number;
  /** 2xx responses per second. */
  perSecond: number;
  /** Latency percentiles in milliseconds, from every 2xx response (not autocannon's whole-ms histogram). */
  p50: number;
  /** Nearest rank; reported for the sequential cases, whose samples are few. */
  p95: number;
  p99: number;
  /** Why the figure cannot be trusted (non-2xx answers, socket errors), or undefined. */
  problem: string | undefined;
  /** Where the machine's CPU went meanwhile, in cores. */
  cpu?: CpuUse;
}

/** Settings of a timed run. */
export interface TimedLoad {
  connections: number;
  /** Seconds measured. */
  duration: number;
  /** Seconds of load before measuring, thrown away. */
  warmup: number;
  headers?: Record<string, string>;
  /**
   * Requests each connection sends in turn, e.g. POSTs with different bodies; a plain GET of
   * the URL without. Built once per connection, so the load generator pays nothing per request.
   */
  requests?: Array<{ method: 'POST'; body: string }>;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

function describeProblem(result: Result): string | undefined {
  if (result.non2xx === 0 && result.errors === 0 && result.timeouts === 0) return undefined;
  const codes = Object.entries(result.statusCodeStats)
    .filter(([code]) => !code.startsWith('2')).map(([code, { count }]) => `${count}×${code}`).join(', ');
  return `non-2xx ${result.non2xx}${codes === '' ? '' : ` (${codes})`}, errors ${result.errors}, timeouts ${result.timeouts}`;
}

async function run(options: Options): Promise<Measurement> {
  const latencies: number[] = [];
  const started = performance.now();
  const instance = autocannon({ timeout: 30, ...options });
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
  });
  const result = await instance;
  const seconds = (performance.now() - started) / 1000;
  const sorted = Float64Array.from(latencies).sort();
  return {
    responses: latencies.length, seconds, perSecond: latencies.length / seconds,
    p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), problem: describeProblem(result),
  };
}

/** The unmeasured load before a timed run: JIT, connection pool and caches warm up. */
export async function warmUp(url: string, load: TimedLoad): Promise<void> {
  if (load.warmup > 0) {
    await run({ url, connections: load.connections, duration: load.warmup, headers: load.headers, requests: load.requests });
  }
}

/** Keeps `connections` requests in flight on `url` for `duration` seconds. */
export async function measureTimed(url: string, load: TimedLoad): Promise<Measurement> {
  return run({ url, connections: load.connections, duration: load.duration, headers: load.headers, requests: load.requests });
}

/**
 * Sends `amount` requests (POSTs with `body`, GETs without) one after another on one keep-alive connection, each waiting for the
 * previous answer. A plain node:http client: autocannon's `amount` mode notices the end only
 * on its once-a-second tick, which would round every sequential run up to whole seconds.
 */
export async function measureSequential(
  url: string, options: { amount: number; headers: Record<string, string>; body?: () => string },
): Promise<Measurement> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const statuses = new Map<number, number>();
  let errors = 0;
  const send = (): Promise<number> => new Promise((resolve) => {
    const body = options.body?.();
    const started = performance.now();
    const req = request(url, {
      method: body === undefined ? 'GET' : 'POST', agent,
      headers: body === undefined ? options.headers : { ...options.headers, 'content-length': Buffer.byteLength(body) },
    }, (res) => {
      res.resume();
      res.on('end', () => {
        statuses.set(res.statusCode ?? 0, (statuses.get(res.statusCode ?? 0) ?? 0) + 1);
        resolve(res.statusCode !== undefined && res.statusCode >= 200 && res.statusCode < 300 ? performance.now() - started : -1);
      });
    });
    req.on('error', () => {
      errors++;
      resolve(-1);
    });
    req.end(body);
  });
  try {
    const latencies: number[] = [];
    const started = performance.now();
    for (let i = 0; i < options.amount; i++) {
      const latency = await send();
      if (latency >= 0) latencies.push(latency);
    }
    const seconds = (performance.now() - started) / 1000;
    const sorted = Float64Array.from(latencies).sort();
    const failures = [...statuses].filter(([code]) => code < 200 || code >= 300);
    const failed = failures.reduce((sum, [, n]) => sum + n, 0);
    return {
      responses: latencies.length, seconds, perSecond: latencies.length / seconds,
      p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99),
      problem: failed === 0 && errors === 0
        ? undefined
        : `non-2xx ${failed} (${failures.map(([code, n]) => `${n}×${code}`).join(', ')}), errors ${errors}`,
    };
  } finally {
    agent.destroy();
  }
}
