import type { Clock } from '@roster/core';
import { deleteExpiredPlans, deleteExpiredSessions, type Db } from '@roster/db';
import type { FastifyBaseLogger } from 'fastify';

/** How often expired sessions are swept. */
const SWEEP_INTERVAL_MS = 60 * 60 * 1000;

/** Sweeps expired sessions and plans now and every hour; any number of instances may do it. */
export function startHousekeeping(db: Db, clock: Clock, logger: FastifyBaseLogger): () => void {
  const sweep = () => {
    deleteExpiredSessions(db.kysely, clock.now()).then(
      (n) => { if (n > 0) logger.info({ sessions: n }, 'expired sessions deleted'); },
      (error: unknown) => logger.warn({ err: error }, 'session sweep failed'),
    );
    // Previews nobody applied within their hour: megabytes each for large imports.
    deleteExpiredPlans(db.kysely, clock.now()).then(
      (n) => { if (n > 0) logger.info({ plans: n }, 'expired plans deleted'); },
      (error: unknown) => logger.warn({ err: error }, 'plan sweep failed'),
    );
  };
  sweep();
  const timer = setInterval(sweep, SWEEP_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
