import { ErrorCodes } from '@roster/core';
import { sql } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../context';
import { sendError } from '../plugins/errors';
import type { ZodApp } from './route-kit';

/** Liveness and readiness. */
export function registerSystemRoutes(app: ZodApp, ctx: AppContext): void {
  app.get('/healthz', {
    schema: { tags: ['system'], summary: 'Liveness', response: { 200: z.object({ status: z.literal('ok') }) } },
  }, async () => ({ status: 'ok' as const }));

  app.get('/readyz', {
    schema: { tags: ['system'], summary: 'Readiness, including the database', response: { 200: z.object({ status: z.literal('ready') }) } },
  }, async (request, reply) => {
    try {
      await sql`select 1`.execute(ctx.db.kysely);
      return { status: 'ready' as const };
    } catch (error) {
      request.log.warn({ err: error }, 'database not reachable');
      return sendError(reply, ErrorCodes.UNAVAILABLE, { database: 'unreachable' });
    }
  });
}
