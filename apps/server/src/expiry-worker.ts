import { sweepExpiredAccess, type CoreDeps } from '@roster/core';
import type { FastifyBaseLogger } from 'fastify';

/** The running sweeper of ended memberships and grants. */
export interface ExpiryWorker {
  stop(): Promise<void>;
}

/**
 * Every `intervalMs`, records memberships and grants whose end has passed (audit entries,
 * deactivation, sessions ended). Any number of instances may run it: rows are claimed with
 * SKIP LOCKED. A sweep that finds a full batch runs again at once.
 */
export function startExpiryWorker(deps: CoreDeps, intervalMs: number, log: FastifyBaseLogger): ExpiryWorker {
  let running: Promise<void> | undefined;
  let stopped = false;
  const sweep = async () => {
    try {
      for (let rounds = 0; rounds < 20 && !stopped; rounds++) {
        const result = await sweepExpiredAccess(deps);
        if (result.grants + result.memberships > 0) log.info(result, 'recorded ended access');
        if (result.grants < 500 && result.memberships < 500) break;
      }
    } catch (error) {
      log.warn({ err: error }, 'expiry sweep failed; retrying at the next interval');
    }
  };
  const timer = setInterval(() => {
    if (running === undefined) running = sweep().finally(() => { running = undefined; });
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
