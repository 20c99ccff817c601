/** An error answered by the API, in its one error shape. */
export class ApiError extends Error {
  constructor(
    /** The HTTP status; 0 when Roster could not be reached. */
    readonly status: number,
    /** The API's error code, such as `invitation.expired`. */
    readonly code: string,
    message: string,
    /** What the error carries besides its message, such as validation issues. @default {} */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Field-level messages from a validation error, keyed by the field's name. */
  fieldErrors(): Record<string, string> {
    const issues = this.details.issues;
    const fields: Record<string, string> = {};
    if (!Array.isArray(issues)) return fields;
    for (const issue of issues as Array<{ path?: unknown[]; message?: string }>) {
      const field = issue.path?.[0];
      if (typeof field === 'string' && fields[field] === undefined) fields[field] = issue.message ?? 'Invalid value';
    }
    return fields;
  }
}

type Query = Record<string, string | number | boolean | undefined | null>;

function withQuery(path: string, query?: Query): string {
  if (query === undefined) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text === '' ? path : `${path}?${text}`;
}

/** A request body sent as it is, such as a CSV file, with its content type. */
interface RawBody {
  body: Blob | string;
  contentType: string;
}

async function send(method: string, path: string, options: { body?: unknown; raw?: RawBody; query?: Query; accept?: string }): Promise<Response> {
  const headers: Record<string, string> = { accept: options.accept ?? 'application/json' };
  let body: BodyInit | undefined;
  if (options.raw !== undefined) {
    headers['content-type'] = options.raw.contentType;
    body = options.raw.body;
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  try {
    return await fetch(withQuery(`/api/v1${path}`, options.query), { method, headers, credentials: 'same-origin', body });
  } catch {
    throw new ApiError(0, 'network.unreachable', 'Roster could not be reached. Check your connection and try again.');
  }
}

function parseJson(text: string): unknown {
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

function errorOf(status: number, payload: unknown): ApiError {
  const error = (payload as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | undefined)?.error;
  return new ApiError(status, error?.code ?? 'http.error', error?.message ?? `The server answered ${status}.`, error?.details ?? {});
}

async function request<T>(method: string, path: string, options: { body?: unknown; raw?: RawBody; query?: Query } = {}): Promise<T> {
  const response = await send(method, path, options);
  if (response.status === 204) return undefined as T;
  const payload = parseJson(await response.text());
  if (!response.ok) throw errorOf(response.status, payload);
  return payload as T;
}

/**
 * POSTs and reads an `application/x-ndjson` answer line by line as it streams in, handing each parsed line to
 * `onLine`; a plain JSON answer is handed over as one line. A refusal before the stream starts throws an ApiError.
 */
async function postLines(path: string, onLine: (value: unknown) => void, body: unknown = {}): Promise<void> {
  const response = await send('POST', path, { body, accept: 'application/x-ndjson, application/json;q=0.9' });
  if (!response.ok) throw errorOf(response.status, parseJson(await response.text()));
  if (!(response.headers.get('content-type') ?? '').includes('ndjson') || response.body === null) {
    const payload = parseJson(await response.text());
    if (payload !== undefined) onLine(payload);
    return;
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  for (;;) {
    let chunk: ReadableStreamReadResult<string>;
    try {
      chunk = await reader.read();
    } catch {
      throw new ApiError(0, 'network.unreachable', 'The connection to Roster was lost before the answer ended.');
    }
    if (chunk.done) break;
    buffered += chunk.value;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) if (line.trim() !== '') onLine(parseJson(line));
  }
  if (buffered.trim() !== '') onLine(parseJson(buffered));
}

/** The public `/api/v1` API, typed from the server's contracts. */
export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, { query }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body: body ?? {} }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  delete: <T = void>(path: string, query?: Query) => request<T>('DELETE', path, { query }),
  /** POSTs a file as it is (a CSV import), with its content type. */
  upload: <T>(path: string, file: Blob | string, contentType: string, query?: Query) =>
    request<T>('POST', path, { raw: { body: file, contentType }, query }),
  postLines,
};

/** The address of an API download (a CSV export), for a link the browser follows with the session cookie. */
export function downloadUrl(path: string, query?: Query): string {
  return withQuery(`/api/v1${path}`, query);
}
