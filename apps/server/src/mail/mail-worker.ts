import { MAX_MAIL_ATTEMPTS, isTransientMailError, mailRetryDelayMs, type Clock, type OutboxMail } from '@roster/core';
import { OUTBOX_CHANNEL, createMailQueue, type Db } from '@roster/db';
import nodemailer from 'nodemailer';
import type { FastifyBaseLogger } from 'fastify';

/** How the delivery worker runs. */
export interface MailWorkerOptions {
  db: Db;
  smtpUrl: string;
  from: string;
  clock: Clock;
  logger: FastifyBaseLogger;
  /** How often to look for due mail when nothing wakes the worker. @default 1000 */
  pollMs?: number;
  /** How long a claimed message stays with this worker before another may take it. @default 60000 */
  leaseMs?: number;
}

/** A running delivery worker. */
export interface MailWorker {
  /** Runs one pass over due mail now; resolves when it is done. */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Delivers the outbox over SMTP. Claims are leased with `FOR UPDATE SKIP LOCKED`, so any
 * number of instances run it; a message is marked sent only after the SMTP server accepted
 * it, and one whose worker died is retried when its lease lapses.
 */
export async function startMailWorker(options: MailWorkerOptions): Promise<MailWorker> {
  const queue = createMailQueue(options.db.kysely);
  const smtp = new URL(options.smtpUrl);
  const transport = nodemailer.createTransport({
    host: smtp.hostname,
    port: smtp.port === '' ? (smtp.protocol === 'smtps:' ? 465 : 587) : Number(smtp.port),
    secure: smtp.protocol === 'smtps:',
    ...(smtp.username !== '' && {
      auth: { user: decodeURIComponent(smtp.username), pass: decodeURIComponent(smtp.password) },
    }),
    connectionTimeout: 5000,
    greetingTimeout: 5000,
    socketTimeout: 15000,
  });
  const pollMs = options.pollMs ?? 1000;
  const leaseMs = options.leaseMs ?? 60_000;
  let stopped = false;
  let running: Promise<number> | undefined;
  let timer: NodeJS.Timeout | undefined;

  async function deliver(mail: OutboxMail): Promise<void> {
    try {
      await transport.sendMail({
        from: options.from, to: mail.to, subject: mail.subject, text: mail.text ?? undefined, html: mail.html ?? undefined,
        // A stable id lets a receiving server spot the rare duplicate after a crash mid-send.
        messageId: `<outbox-${mail.id}@roster>`,
      });
      await queue.markMailSent(mail.id, options.clock.now());
    } catch (error) {
      const err = error as { message?: string; responseCode?: number; code?: string };
      const message = (err.message ?? 'unknown error').slice(0, 500);
      const attempts = mail.attempts + 1;
      if (!isTransientMailError(err) || attempts >= MAX_MAIL_ATTEMPTS) {
        await queue.markMailFailed(mail.id, message);
        options.logger.warn({ mailId: mail.id, attempts }, 'mail delivery failed for good');
      } else {
        await queue.markMailRetry(mail.id, message, new Date(options.clock.now().getTime() + mailRetryDelayMs(attempts)));
        options.logger.info({ mailId: mail.id, attempts }, 'mail delivery will be retried');
      }
    }
  }

  async function pass(): Promise<number> {
    let delivered = 0;
    for (;;) {
      if (stopped) return delivered;
      const batch = await queue.claimDueMail(options.clock.now(), 10, leaseMs);
      for (const mail of batch) await deliver(mail);
      delivered += batch.length;
      if (batch.length < 10) return delivered;
    }
  }

  function runOnce(): Promise<number> {
    running ??= pass()
      .catch((error: unknown) => {
        options.logger.warn({ err: error }, 'mail worker pass failed');
        return 0;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      void runOnce().then(schedule);
    }, pollMs);
    timer.unref();
  }

  const unlisten = await options.db.listen(OUTBOX_CHANNEL, () => {
    void runOnce();
  });
  schedule();
  void runOnce();

  return {
    runOnce,
    async stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      await unlisten();
      await running;
      transport.close();
    },
  };
}
