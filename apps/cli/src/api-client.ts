import type { z } from 'zod';
import { ApiError, CliError, ExitCode } from './errors';

/** Query parameters; undefined values are left out. */
export type Query = Record<string, string | number | undefined>;

/** One request to the API. */
export interface ApiRequest {
  query?: Query;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as is (a stream is sent chunked, as it is read). */
  body?: string | ReadableStream | Uint8Array;
  headers?: Record<string, string>;
}

/** The API's base path. */
const API_PREFIX = '/api/v1';

/**
 * Normalises what people type as the server's address: `localhost:8080` (http), `roster.example.com`
 * (https), a trailing slash, or the API's own prefix all lead to one base URL.
 */
export function normaliseServerUrl(input: string): string {
  const trimmed = input.trim();
  // Without a scheme: http for this machine, https elsewhere (the token must not cross a network in clear).
  const local = /^(localhost|127\.0\.0\.1|\[::1\])(:|\/|$)/i.test(trimmed);
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `${local ? 'http' : 'https'}://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new CliError(`"${input}" is not a URL; give the server's address, e.g. http://localhost:8080`, ExitCode.USAGE);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CliError(`"${input}" is not an http:// or https:// URL`, ExitCode.USAGE);
  }
  const path = url.pathname.replace(/\/+$/, '').replace(new RegExp(`${API_PREFIX}$`), '');
  return `${url.origin}${path}`;
}

/** Talks to one Roster server with one API token; every failure becomes a `CliError`. */
export class ApiClient {
  constructor(readonly baseUrl: string, private readonly token: string) {}

  /** Sends a request and returns the successful answer; error answers throw `ApiError`. */
  async send(method: string, path: string, request: ApiRequest = {}): Promise<Response> {
    const url = new URL(`${this.baseUrl}${API_PREFIX}${path}`);
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}`, accept: 'application/json', ...request.headers };
    let body = request.body;
    if (request.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(request.json);
    }
    let response: Response;
    try {
      response = await fetch(url, {
        method, headers, body,
        // Node's fetch needs this to send a stream as the body.
        ...(body instanceof ReadableStream && { duplex: 'half' }),
      } as RequestInit);
    } catch (error) {
      throw unreachable(this.baseUrl, error);
    }
    if (!response.ok) throw await errorFromResponse(response);
    return response;
  }

  /** Sends a request and parses the JSON answer with `schema`. */
  async json<S extends z.ZodType>(method: string, path: string, schema: S, request: ApiRequest = {}): Promise<z.output<S>> {
    const response = await this.send(method, path, request);
    let body: unknown;
    try {
      body = await response.json();
    } catch (error) {
      throw answerError(method, path, error instanceof Error ? error.message : String(error));
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw answerError(method, path, `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'unexpected shape'}`);
    }
    return parsed.data;
  }

  /** GET and parse. */
  get<S extends z.ZodType>(path: string, schema: S, query?: Query): Promise<z.output<S>> {
    return this.json('GET', path, schema, { query });
  }
}

function answerError(method: string, path: string, why: string): CliError {
  return new CliError(`the server's answer to ${method} ${API_PREFIX}${path} is not what this roster expects (${why}); are the CLI and the server the same version?`);
}

/** A fetch failure, in words: the cause's code (ECONNREFUSED, ENOTFOUND…) says the most. */
export function unreachable(baseUrl: string, error: unknown): CliError {
  let cause: unknown = error;
  let reason = error instanceof Error ? error.message : String(error);
  // fetch wraps the socket's error: "fetch failed" with a cause, sometimes nested.
  while (cause instanceof Error && cause.cause !== undefined) cause = cause.cause;
  if (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code;
    reason = code !== undefined && !cause.message.includes(code) ? `${code}: ${cause.message}` : cause.message;
  }
  return new CliError(`cannot reach ${baseUrl}: ${reason}; is Roster running there?`, ExitCode.UNREACHABLE);
}

/** Turns an error answer into an `ApiError`, or says plainly what answered when it is not Roster's shape. */
async function errorFromResponse(response: Response): Promise<CliError> {
  const text = await response.text().catch(() => '');
  try {
    const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown; details?: unknown } };
    const error = parsed.error;
    if (error !== undefined && typeof error.code === 'string') {
      const details = typeof error.details === 'object' && error.details !== null ? error.details as Record<string, unknown> : {};
      return new ApiError(response.status, error.code, String(error.message ?? ''), details);
    }
  } catch {
    // Not JSON: a proxy or another program answered; described below.
  }
  const what = `${response.status} ${response.statusText}`.trim();
  if (response.status === 502 || response.status === 503 || response.status === 504) {
    return new CliError(`the server at ${new URL(response.url).origin} answered ${what}: it is down or starting`, ExitCode.UNREACHABLE);
  }
  return new CliError(`${new URL(response.url).origin} answered ${what}, not a Roster error; is ROSTER_URL the Roster server?`);
}
