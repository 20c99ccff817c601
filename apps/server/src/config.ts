import { resolve } from 'node:path';
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().min(1);
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const url = (protocols: string[]) => z.string().refine((value) => {
  try {
    return protocols.includes(new URL(value).protocol);
  } catch {
    return false;
  }
}, `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);

const envSchema = z.object({
  PORT: port.default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: url(['postgres:', 'postgresql:']).optional(),
  DATABASE_POOL_SIZE: positiveInt.max(200).default(10),
  PUBLIC_URL: url(['http:', 'https:']).optional(),
  SMTP_URL: url(['smtp:', 'smtps:']).optional(),
  MAIL_FROM: z.string().min(3).default('Roster <no-reply@roster.localhost>'),
  SESSION_TTL_DAYS: positiveInt.max(365).default(14),
  RATE_LIMIT_AUTH_PER_MINUTE: positiveInt.default(20),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: bool.default(false),
  EXPIRY_SWEEP_SECONDS: positiveInt.max(86_400).default(60),
  IMPORT_MAX_MB: positiveInt.max(1024).default(20),
});

/** Roster's settings, read once from the environment at start. */
export interface Config {
  /** Port to listen on. @default 8080 */
  port: number;
  /** Interface to listen on. @default 0.0.0.0 */
  host: string;
  /** Where the embedded database lives when DATABASE_URL is unset. @default ./data */
  dataDir: string;
  /** PostgreSQL URL; unset means embedded PGlite under dataDir. */
  databaseUrl: string | undefined;
  /** Connections in the PostgreSQL pool. @default 10 */
  databasePoolSize: number;
  /** The URL people reach Roster at: links in mail, the CSRF origin check. @default http://localhost:PORT */
  publicUrl: string;
  /** SMTP server for outgoing mail; unset keeps mail in the dev mailbox. */
  smtpUrl: string | undefined;
  /** Sender of outgoing mail. */
  mailFrom: string;
  /** Session lifetime in days. @default 14 */
  sessionTtlDays: number;
  /** Sign-in, sign-up, accept and join attempts per client address per minute. @default 20 */
  rateLimitAuthPerMinute: number;
  /** pino log level. @default info */
  logLevel: string;
  /** Trust X-Forwarded-* from a reverse proxy. @default false */
  trustProxy: boolean;
  /** How often ended memberships and grants are recorded (audit log, deactivation). Decisions honour an end at once. @default 60 */
  expirySweepSeconds: number;
  /** Largest CSV file an import takes, in megabytes. @default 20 */
  importMaxMb: number;
  /** Whether session cookies carry Secure: true unless PUBLIC_URL is http on localhost. */
  secureCookies: boolean;
}

/** A bad setting: which variable, and why. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function isLocalHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]' || hostname.endsWith('.localhost');
}

/** Parses the environment once into a frozen Config; throws ConfigError naming each bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Readonly<Config> {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = parsed.data;
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
  const publicHost = new URL(publicUrl);
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    publicUrl,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    sessionTtlDays: e.SESSION_TTL_DAYS,
    rateLimitAuthPerMinute: e.RATE_LIMIT_AUTH_PER_MINUTE,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    expirySweepSeconds: e.EXPIRY_SWEEP_SECONDS,
    importMaxMb: e.IMPORT_MAX_MB,
    secureCookies: !(publicHost.protocol === 'http:' && isLocalHost(publicHost.hostname)),
  });
}
