import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { buildApp, loadConfig } from '@roster/server';
import { sql } from 'kysely';
import pg from 'pg';

/**
 * Issue 6: a tag import of 100,000 rows (preview, then apply), a bulk deactivation of 10,000
 * selected members (preview, then apply), and the CSV export of 100,000 members (rows per
 * second, and how far the heap grows while it streams). Absolute times, as the targets
 * are; one server in this process, over HTTP, on the engine asked for.
 *
 *   npm run bench -- --case=bulk --engine=postgres --size=100000
 */

const PUBLIC_URL = 'http://localhost:8080';
const TARGETS = {
  postgres: { importSeconds: 5, deactivateSeconds: 2, exportRowsPerSecond: 50_000 },
  pglite: { importSeconds: 15, deactivateSeconds: 2, exportRowsPerSecond: 50_000 },
} as const;
const DEACTIVATE = 10_000;

function option(args: string[], name: string, fallback: string): string {
  return args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await work();
  return [value, (performance.now() - started) / 1000];
}

/** Runs the bulk cases on each engine asked for and prints one line per figure. */
export async function runBulkBench(args: string[]): Promise<void> {
  const engines = option(args, 'engine', 'postgres,pglite').split(',') as Array<'postgres' | 'pglite'>;
  const size = Number(option(args, 'size', '100000'));
  console.log(`Roster bulk benchmark — ${new Date().toISOString()}, ${size.toLocaleString('en')} members`);
  for (const engine of engines) await runEngine(engine, size);
}

async function runEngine(engine: 'postgres' | 'pglite', size: number): Promise<void> {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
  const name = `roster_bench_bulk_${process.pid}`;
  let dir: string | undefined;
  const env: Record<string, string> = { PUBLIC_URL, LOG_LEVEL: 'warn', PORT: '0', IMPORT_MAX_MB: '50' };
  if (engine === 'postgres') {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
  } else {
    dir = mkdtempSync(join(tmpdir(), 'roster-bench-bulk-'));
    env.DATA_DIR = dir;
  }
  const roster = await buildApp({ config: loadConfig(env) });
  await roster.app.listen({ host: '127.0.0.1', port: 0 });
  const address = roster.app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}/api/v1`;
  try {
    const signUp = await fetch(`${base}/auth/sign-up`, {
      method: 'POST', headers: { 'content-type': 'application/json', origin: PUBLIC_URL },
      body: JSON.stringify({ firstName: 'Bench', lastName: 'Owner', email: 'bench-owner@acme.test', password: 'a long enough password', organizationName: 'Bench' }),
    });
    const orgId = ((await signUp.json()) as { organization: { id: string } }).organization.id;
    const cookie = (signUp.headers.get('set-cookie') ?? '').split(';')[0]!;
    const headers = { cookie, origin: PUBLIC_URL };
    const api = `${base}/orgs/${orgId}`;
    for (const tag of ['Data Science', 'Seattle', 'Finance']) {
      await fetch(`${api}/tags`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ name: tag }) });
    }
    const seeded = performance.now();
    await sql`
      insert into members (id, org_id, email, first_name, last_name, role_id, role_rank, kind, status, created_at, updated_at)
      select 'mem_bench_' || i, ${orgId}, 'bench' || i || '@acme.test', 'Bench', 'Person ' || lpad(i::text, 6, '0'), r.id, r.rank,
        'member', 'active', now() - (i || ' minutes')::interval, now()
      from generate_series(1, ${size}::int) i, roles r where r.org_id = ${orgId} and r.key = 'viewer'`.execute(roster.ctx.db.kysely);
    // Each case starts from a settled database: statistics current, no checkpoint owed by the last case's writes.
    const settle = async () => {
      if (engine === 'postgres') await sql`checkpoint`.execute(roster.ctx.db.kysely);
    };
    await sql`vacuum analyze`.execute(roster.ctx.db.kysely);
    console.log(`[${engine}] seeded ${size.toLocaleString('en')} members in ${((performance.now() - seeded) / 1000).toFixed(1)} s`);
    const target = TARGETS[engine];

    await settle();
    // The tag import: every member gets two tags.
    const file = `email,tags\n${Array.from({ length: size }, (_, i) => `bench${i + 1}@acme.test,"Data Science, Seattle"`).join('\n')}\n`;
    await settle();
    const [preview, previewSeconds] = await timed(async () => {
      const res = await fetch(`${api}/imports/tags`, { method: 'POST', headers: { ...headers, 'content-type': 'text/csv' }, body: file });
      return (await res.json()) as { id: string; summary: { changes: number } };
    });
    await settle();
    const [applied, applySeconds] = await timed(async () => {
      const res = await fetch(`${api}/plans/${preview.id}/apply`, { method: 'POST', headers });
      return (await res.json()) as { changed: number };
    });
    if (preview.summary.changes !== size || applied.changed !== size) throw new Error(`import changed ${applied.changed} of ${size}`);
    console.log(`[${engine}] tag import, ${size.toLocaleString('en')} rows (${(file.length / 1e6).toFixed(1)} MB): preview ${previewSeconds.toFixed(2)} s, apply ${applySeconds.toFixed(2)} s — target ≤ ${target.importSeconds} s each: ${previewSeconds <= target.importSeconds && applySeconds <= target.importSeconds ? 'met' : 'MISSED'}`);

    await sql`vacuum analyze`.execute(roster.ctx.db.kysely);
    await settle();
    // Bulk deactivation of 10,000 picked members.
    const ids = Array.from({ length: Math.min(DEACTIVATE, size) }, (_, i) => `mem_bench_${i + 1}`);
    const [bulk, bulkPreviewSeconds] = await timed(async () => {
      const res = await fetch(`${api}/members/bulk`, {
        method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ action: 'deactivate', memberIds: ids }),
      });
      return (await res.json()) as { id: string; summary: { changes: number } };
    });
    const [deactivated, bulkApplySeconds] = await timed(async () => {
      const res = await fetch(`${api}/plans/${bulk.id}/apply`, { method: 'POST', headers });
      return (await res.json()) as { changed: number };
    });
    if (deactivated.changed !== ids.length) throw new Error(`deactivated ${deactivated.changed} of ${ids.length}`);
    console.log(`[${engine}] bulk deactivate, ${ids.length.toLocaleString('en')} selected: preview ${bulkPreviewSeconds.toFixed(2)} s, apply ${bulkApplySeconds.toFixed(2)} s — target ≤ ${target.deactivateSeconds} s: ${bulkApplySeconds <= target.deactivateSeconds ? 'met' : 'MISSED'} (preview + apply ${(bulkPreviewSeconds + bulkApplySeconds).toFixed(2)} s)`);

    await settle();
    // The export, streamed: rows per second, then (a second run) the live heap while it streams.
    const exportAll = async (onChunk?: () => void) => {
      const res = await fetch(`${api}/members/export.csv`, { headers });
      let lines = 0;
      const reader = res.body!.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        for (let at = value.indexOf(0x0a); at !== -1; at = value.indexOf(0x0a, at + 1)) lines++;
        onChunk?.();
      }
      return lines - 1;
    };
    const [rows, exportSeconds] = await timed(() => exportAll());
    if (rows !== size + 1) throw new Error(`exported ${rows} rows of ${size + 1}`);
    const rate = rows / exportSeconds;
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    gc();
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    let last = 0;
    await exportAll(() => {
      // Live memory, garbage collected first, every quarter second of the stream.
      if (performance.now() - last < 250) return;
      last = performance.now();
      gc();
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    });
    console.log(`[${engine}] export, ${rows.toLocaleString('en')} members: ${exportSeconds.toFixed(2)} s = ${Math.round(rate).toLocaleString('en')} rows/s; live heap at most ${((peak - baseline) / 1e6).toFixed(1)} MB above where it started — target ≥ ${target.exportRowsPerSecond.toLocaleString('en')} rows/s: ${rate >= target.exportRowsPerSecond ? 'met' : 'MISSED'}`);
  } finally {
    await roster.close();
    if (engine === 'postgres') {
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  }
}
