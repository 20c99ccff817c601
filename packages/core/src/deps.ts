import { createHash, randomBytes } from 'node:crypto';
import type { Transactor } from './store';

/** Where the domain reads the time; tests inject their own. */
export interface Clock {
  now(): Date;
}

/** Makes opaque ids and secret tokens. Tokens are stored only as their hashes. */
export interface Secrets {
  /** An opaque id with a readable prefix, e.g. `mem_…`. */
  newId(prefix: string): string;
  /** A random token of 256 bits, URL-safe. */
  newToken(): string;
  /** The hash under which a token is stored and looked up. */
  hashToken(token: string): string;
}

/** Hashes and checks passwords (argon2id in production). */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
}

/** Settings the domain needs. */
export interface CoreConfig {
  /** The URL people reach Roster at, for links in mail. */
  publicUrl: string;
  /** How long a session lasts. @default 14 days */
  sessionTtlMs: number;
  /** Whether mail goes to an SMTP server or stays in the local dev mailbox. */
  mailTransport: 'smtp' | 'dev_mailbox';
}

/** Everything a use case needs, injected. */
export interface CoreDeps {
  db: Transactor;
  clock: Clock;
  secrets: Secrets;
  passwords: PasswordHasher;
  config: CoreConfig;
}

/** The real clock. */
export const systemClock: Clock = { now: () => new Date() };

/** Secrets from the operating system's random source, hashed with SHA-256. */
export function createSecrets(): Secrets {
  return {
    newId: (prefix) => `${prefix}_${randomBytes(12).toString('base64url')}`,
    newToken: () => randomBytes(32).toString('base64url'),
    hashToken: (token) => createHash('sha256').update(token).digest('base64url'),
  };
}
