/**
 * What the `roster` process exits with. Stable: scripts branch on them (docs/cli.md).
 */
export const ExitCode = {
  /** The command did what was asked; a preview counts as done, refused rows or not. */
  OK: 0,
  /** The API refused the request (its error code is printed), or something else failed. */
  FAILED: 1,
  /** Bad flags, arguments, input file or configuration: nothing was sent. */
  USAGE: 2,
  /** Not logged in, or the API token is not valid (any `auth.*` code). */
  AUTH: 3,
  /** The server could not be reached, or a proxy in front of it answered 502, 503 or 504. */
  UNREACHABLE: 4,
  /** Applying was refused because the organization changed since the preview (`plan.stale`); run the command again. */
  STALE: 5,
  /** Interrupted (Ctrl-C at a prompt). */
  INTERRUPTED: 130,
} as const;

/** One of the exit codes. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** A failure to report as one line on stderr (`roster: <message>`) before exiting with `exitCode`. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode: ExitCodeValue = ExitCode.FAILED) {
    super(message);
    this.name = 'CliError';
  }
}

/** A usage error: bad flags or arguments. Exits 2. */
export function usageError(message: string): CliError {
  return new CliError(message, ExitCode.USAGE);
}

/** An error answer of the API: `{ error: { code, message, details } }`. */
export class ApiError extends CliError {
  constructor(
    /** The HTTP status; 0 for an error reported inside a streamed answer, whose status was already 200. */
    readonly status: number,
    readonly code: string,
    readonly apiMessage: string,
    readonly details: Record<string, unknown>,
  ) {
    super(`${code}: ${apiMessage}${describeDetails(details)}${status > 0 ? ` (${status})` : ''}`, exitCodeForApiError(status, code));
    this.name = 'ApiError';
  }
}

/** Maps an API error to the exit code scripts see. */
function exitCodeForApiError(status: number, code: string): ExitCodeValue {
  if (code === 'plan.stale') return ExitCode.STALE;
  if (status === 401 || code.startsWith('auth.')) return ExitCode.AUTH;
  return ExitCode.FAILED;
}

const MAX_DETAIL_LENGTH = 200;

/**
 * The useful part of an error's details, kept on the same line: the first invalid field of a
 * validation error, or short scalar details such as a CSV line number.
 */
function describeDetails(details: Record<string, unknown>): string {
  const parts: string[] = [];
  const issues = details.issues;
  if (Array.isArray(issues) && issues.length > 0) {
    const first = issues[0] as { in?: unknown; path?: unknown; message?: unknown };
    const where = [first.in, first.path].filter((p) => typeof p === 'string' && p !== '').join('.');
    parts.push(`${where === '' ? '' : `${where}: `}${String(first.message ?? 'invalid')}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}`);
  }
  for (const [key, value] of Object.entries(details)) {
    if (key === 'issues') continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') parts.push(`${key} ${String(value)}`);
  }
  if (parts.length === 0) return '';
  const text = parts.join(', ').replace(/\s+/g, ' ');
  return ` [${text.length > MAX_DETAIL_LENGTH ? `${text.slice(0, MAX_DETAIL_LENGTH - 1)}…` : text}]`;
}
