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

async function request<T>(method: string, path: string, options: { body?: unknown; query?: Query } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(withQuery(`/api/v1${path}`, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError(0, 'network.unreachable', 'Roster could not be reached. Check your connection and try again.');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let payload: unknown = undefined;
  try {
    payload = text === '' ? undefined : JSON.parse(text);
  } catch {
    payload = undefined;
  }
  if (!response.ok) {
    const error = (payload as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | undefined)?.error;
    throw new ApiError(
      response.status,
      error?.code ?? 'http.error',
      error?.message ?? `The server answered ${response.status}.`,
      error?.details ?? {},
    );
  }
  return payload as T;
}

/** The public `/api/v1` API, typed from the server's contracts. */
export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, { query }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body: body ?? {} }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  delete: <T = void>(path: string, query?: Query) => request<T>('DELETE', path, { query }),
};
