import { hash, verify } from '@node-rs/argon2';
import type { Clock, PasswordHasher } from '@roster/core';
import { buildApp, loadConfig, type RosterApp } from '@roster/server';
import type { LightMyRequestResponse } from 'fastify';
import { createTestDatabase, type Engine, type TestDatabase } from './databases';

/** The public URL test apps run under; the test client sends it as Origin. */
export const TEST_PUBLIC_URL = 'http://localhost:8080';

/**
 * Real argon2id with small costs: the same code path as production, fast enough that a
 * suite can sign up hundreds of people.
 */
export const testPasswords: PasswordHasher = {
  hash: (password) => hash(password, { memoryCost: 1024, timeCost: 1, parallelism: 1 }),
  verify: async (passwordHash, password) => verify(passwordHash, password).catch(() => false),
};

/** A clock a test can move. */
export class TestClock implements Clock {
  constructor(private current = new Date()) {}
  now(): Date {
    return new Date(this.current.getTime());
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** A built app on a fresh database. */
export interface TestApp extends RosterApp {
  database: TestDatabase;
  clock: TestClock;
  /** A client with its own cookie jar. */
  client(): TestClient;
  /** Closes the app and drops its database. */
  dispose(): Promise<void>;
}

/** Builds Roster on a fresh database of `engine`. */
export async function createTestApp(engine: Engine, env: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase(engine);
  const clock = new TestClock();
  const config = loadConfig({ LOG_LEVEL: 'silent', PUBLIC_URL: TEST_PUBLIC_URL, RATE_LIMIT_AUTH_PER_MINUTE: '100000', ...env });
  const roster = await buildApp({ config, db: database.db, clock, passwords: testPasswords });
  return {
    ...roster, database, clock,
    client: () => new TestClient(roster),
    async dispose() {
      await roster.close();
      await database.drop();
    },
  };
}

/** A response with its JSON body parsed. */
export interface TestResponse<T = any> {
  status: number;
  body: T;
  headers: LightMyRequestResponse['headers'];
  raw: LightMyRequestResponse;
}

/** Talks to the app through `inject`, keeping the session cookie like a browser. */
export class TestClient {
  private cookie: string | undefined;

  constructor(private readonly roster: RosterApp, private readonly origin: string | null = TEST_PUBLIC_URL) {}

  /** The session token this client holds, if any. */
  get sessionCookie(): string | undefined {
    return this.cookie;
  }

  /** Replaces the client's cookie, e.g. to replay an old session. */
  setSessionCookie(value: string | undefined): void {
    this.cookie = value;
  }

  async request<T = any>(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<TestResponse<T>> {
    const allHeaders: Record<string, string> = { ...headers };
    if (this.cookie !== undefined) allHeaders.cookie = `roster_session=${this.cookie}`;
    if (this.origin !== null && method !== 'GET' && allHeaders.origin === undefined) allHeaders.origin = this.origin;
    const response = await this.roster.app.inject({
      method: method as 'GET', url, headers: allHeaders,
      ...(body !== undefined && (typeof body === 'string' ? { payload: body } : { payload: body as object })),
    });
    const setCookie = response.cookies.find((c) => c.name === 'roster_session');
    if (setCookie !== undefined) {
      const expires = (setCookie as { expires?: Date }).expires;
      this.cookie = setCookie.value === '' || (expires !== undefined && expires.getTime() <= Date.now()) ? undefined : setCookie.value;
    }
    let parsed: unknown = undefined;
    if (response.body !== '' && String(response.headers['content-type'] ?? '').includes('json')) parsed = response.json();
    return { status: response.statusCode, body: parsed as T, headers: response.headers, raw: response };
  }

  get<T = any>(url: string) { return this.request<T>('GET', url); }
  post<T = any>(url: string, body?: unknown) { return this.request<T>('POST', url, body); }
  put<T = any>(url: string, body?: unknown) { return this.request<T>('PUT', url, body); }
  patch<T = any>(url: string, body?: unknown) { return this.request<T>('PATCH', url, body); }
  delete<T = any>(url: string) { return this.request<T>('DELETE', url); }
}
