import type { OutboxMail } from '../model';

/** Work on the mail outbox, for the delivery worker. Claims use `FOR UPDATE SKIP LOCKED` leases. */
export interface MailQueue {
  /** Claims due messages for `leaseMs`; a worker that dies lets the lease lapse and another retries. */
  claimDueMail(now: Date, limit: number, leaseMs: number): Promise<OutboxMail[]>;
  markMailSent(id: string, now: Date): Promise<void>;
  markMailRetry(id: string, error: string, nextAttemptAt: Date): Promise<void>;
  markMailFailed(id: string, error: string): Promise<void>;
}

/** Attempts before a message is marked failed. @default 12 (about 2 hours of retrying) */
export const MAX_MAIL_ATTEMPTS = 12;

/** Delay before the next attempt after `attempts` failures: exponential from 1 s, capped at 30 min. */
export function mailRetryDelayMs(attempts: number): number {
  return Math.min(1000 * 2 ** Math.max(0, attempts - 1), 30 * 60 * 1000);
}

/** Whether an SMTP failure is worth retrying: connection trouble and 4xx replies are; 5xx are not. */
export function isTransientMailError(error: { responseCode?: number; code?: string }): boolean {
  if (typeof error.responseCode === 'number') return error.responseCode < 500;
  return true;
}
