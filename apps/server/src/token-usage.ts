import type { Transactor } from '@roster/core';
import type { FastifyBaseLogger } from 'fastify';

/** How often "last used" reaches the database. */
const FLUSH_INTERVAL_MS = 30_000;

/**
 * Notes which API tokens were used and writes their "last used" time in one statement every
 * 30 seconds (and on close), so a request with a token never waits for a write.
 */
export class TokenUsage {
  private pending = new Set<string>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly db: Transactor, private readonly now: () => Date, private readonly log: FastifyBaseLogger) {
    this.timer = setInterval(() => void this.flush(), FLUSH_INTERVAL_MS);
    this.timer.unref();
  }

  /** Notes a use of the token. */
  used(tokenId: string): void {
    this.pending.add(tokenId);
  }

  /** Writes the uses noted so far. */
  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const ids = [...this.pending];
    this.pending = new Set();
    try {
      await this.db.transaction((store) => store.touchApiTokens(ids, this.now()));
    } catch (error) {
      this.log.warn({ err: error }, 'could not record API token use');
    }
  }

  /** Stops the timer after a last flush. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
