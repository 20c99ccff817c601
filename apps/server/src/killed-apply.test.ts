/**
 * A server process killed with SIGKILL while it applies a plan: nothing of the plan may stay
 * (no tag, no member tag, no audit entry, the plan not marked applied), and the same plan then
 * applies in full on the next process. The kill comes when the server reports its first
 * progress, i.e. inside the transaction, after some of its writes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDb, type Db } from '@roster/db';
import { createTestDatabase, describeEachEngine } from '@roster/testing';
import { sql } from 'kysely';
import { afterAll, expect, it } from 'vitest';

const PUBLIC_URL = 'http://localhost:8080';
const MEMBERS = 8000;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function call(port: number, method: string, path: string, options: { body?: string; headers?: Record<string, string>; onData?: (text: string) => void } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: { origin: PUBLIC_URL, ...options.headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
        options.onData?.(chunk);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

let serverLog = '';
// Every server this file starts, so none outlives it whatever fails.
const children = new Set<ChildProcess>();

async function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/server.ts'], {
    env: { ...process.env, ...env, PORT: '0', HOST: '127.0.0.1', PUBLIC_URL, LOG_LEVEL: 'info', EXPIRY_SWEEP_SECONDS: '3600' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Roster listening on http:\/\/localhost:(\d+)/.exec(out);
      if (match !== null) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => { out += chunk.toString(); });
    child.stdout!.on('data', (chunk: Buffer) => { serverLog = (serverLog + chunk.toString()).slice(-4000); });
    child.on('exit', (code) => reject(new Error(`server exited (${code}): ${out}`)));
  });
  return { child, port };
}

function stopped(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.on('exit', () => resolve());
  });
}

async function counts(db: Db, orgId: string) {
  const row = await sql<{ tags: string; member_tags: string; audit: string; applied: string }>`
    select (select count(*) from tags where org_id = ${orgId}) as tags,
      (select count(*) from member_tags where org_id = ${orgId}) as member_tags,
      (select count(*) from audit_events where org_id = ${orgId} and action in ('member.tags_changed', 'tag.created', 'plan.applied')) as audit,
      (select count(*) from plans where org_id = ${orgId} and applied_at is not null) as applied`.execute(db.kysely);
  const r = row.rows[0]!;
  return { tags: Number(r.tags), memberTags: Number(r.member_tags), audit: Number(r.audit), applied: Number(r.applied) };
}

describeEachEngine('a server killed while it applies a plan', (engine) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const child of children) {
      child.kill('SIGKILL');
      await stopped(child);
    }
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('leaves nothing of the plan, and the same plan applies in full on the next process', async () => {
    // The database outlives the processes: a PostgreSQL database, or a PGlite data directory.
    let env: Record<string, string>;
    let open: () => Promise<Db>;
    if (engine === 'postgres') {
      const database = await createTestDatabase('postgres', { poolSize: 2 });
      cleanups.push(() => database.drop());
      env = { DATABASE_URL: database.url! };
      open = async () => database.db;
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'roster-killed-'));
      cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
      env = { DATA_DIR: dir };
      open = () => createDb({ dataDir: dir });
    }
    const close = async (db: Db) => {
      if (engine === 'pglite') await db.close();
    };

    // 1. An owner signs up.
    let server = await startServer(env);
    const signUp = await call(server.port, 'POST', '/api/v1/auth/sign-up', {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ firstName: 'Kim', lastName: 'Killer', email: 'kim@example.com', password: 'a long enough password', organizationName: 'Killed' }),
    });
    expect(signUp.status).toBe(201);
    const orgId = (JSON.parse(signUp.body) as { organization: { id: string } }).organization.id;
    const cookie = String(([] as string[]).concat(signUp.headers['set-cookie'] ?? [])[0]).split(';')[0]!;
    server.child.kill('SIGTERM');
    await stopped(server.child);

    // 2. Thousands of members, written straight into the database while no server runs.
    let db = await open();
    await sql`
      insert into members (id, org_id, email, first_name, last_name, role_id, role_rank, kind, status, created_at, updated_at)
      select 'mem_seed_' || i, ${orgId}, 'seed' || i || '@example.com', 'Seed', 'Person ' || i, r.id, r.rank, 'member', 'active', now(), now()
      from generate_series(1, ${MEMBERS}::int) i, roles r where r.org_id = ${orgId} and r.key = 'viewer'`.execute(db.kysely);
    const before = await counts(db, orgId);
    expect(before).toEqual({ tags: 0, memberTags: 0, audit: 0, applied: 0 });
    await close(db);

    // 3. Preview an import tagging all of them, then kill the server in the middle of applying it.
    server = await startServer(env);
    const file = `email,tags\n${Array.from({ length: MEMBERS }, (_, i) => `seed${i + 1}@example.com,"Killed, Twice"`).join('\n')}\n`;
    const preview = await call(server.port, 'POST', `/api/v1/orgs/${orgId}/imports/tags?unknownTags=create`, {
      headers: { cookie, 'content-type': 'text/csv' }, body: file,
    });
    if (preview.status !== 201) await new Promise((resolve) => setTimeout(resolve, 500));
    expect(preview.status, serverLog.split('\n').filter((l) => l.includes('"level":50')).join('\n').slice(0, 3000)).toBe(201);
    const plan = JSON.parse(preview.body) as { id: string; summary: { changes: number } };
    expect(plan.summary.changes).toBe(MEMBERS);
    const victim = server.child;
    let killedAt: string | undefined;
    await call(server.port, 'POST', `/api/v1/orgs/${orgId}/plans/${plan.id}/apply`, {
      headers: { cookie, accept: 'application/x-ndjson' },
      onData: (text) => {
        if (killedAt === undefined && text.includes('"type":"progress"')) {
          killedAt = text.split('\n')[0];
          victim.kill('SIGKILL');
        }
      },
    }).catch(() => undefined);
    await stopped(victim);
    expect(victim.signalCode).toBe('SIGKILL');
    // Killed after some writes and before the commit: the last progress said work remained.
    const progress = JSON.parse(killedAt!) as { done: number; total: number };
    expect(progress.done).toBeLessThan(progress.total);

    db = await open();
    expect(JSON.stringify(await counts(db, orgId))).toBe(JSON.stringify(before));
    await close(db);

    // 4. The next process applies the very same plan, in full.
    server = await startServer(env);
    const applied = await call(server.port, 'POST', `/api/v1/orgs/${orgId}/plans/${plan.id}/apply`, { headers: { cookie } });
    expect(applied.status).toBe(200);
    expect((JSON.parse(applied.body) as { changed: number }).changed).toBe(MEMBERS);
    server.child.kill('SIGTERM');
    await stopped(server.child);
    db = await open();
    expect(await counts(db, orgId)).toEqual({ tags: 2, memberTags: 2 * MEMBERS, audit: MEMBERS + 3, applied: 1 });
    await close(db);
  }, 180_000);
});
