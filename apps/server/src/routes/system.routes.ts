import { ErrorCodes } from '@roster/core';
import { sql } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../context';
import { sendError } from '../plugins/errors';
import type { ZodApp } from './route-kit';

const HOME_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Roster</title>
<style>
  body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2937; background: #f8fafc; margin: 0; }
  main { max-width: 640px; margin: 12vh auto; padding: 32px; background: #fff; border: 1px solid #e5e7eb; border-radius: 12px; }
  h1 { margin: 0 0 8px; font-size: 28px; }
  p { line-height: 1.6; color: #4b5563; }
  p:last-child { margin-bottom: 0; }
  a.button { display: inline-block; margin-right: 12px; padding: 10px 16px; border-radius: 8px; background: #2563eb; color: #fff; text-decoration: none; }
  a.secondary { background: #fff; color: #2563eb; border: 1px solid #bfdbfe; }
</style>
</head>
<body>
<main>
  <h1>Roster is running</h1>
  <p>Organizations, members, invitations and roles for your product, over a REST API.
     The web console is on its way; until then, everything is one API call away.</p>
  <p><a class="button" href="/api/docs">API documentation</a><a class="button secondary" href="/api/openapi.json">OpenAPI document</a></p>
</main>
</body>
</html>`;

/** The home page, liveness and readiness. */
export function registerSystemRoutes(app: ZodApp, ctx: AppContext): void {
  app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.type('text/html; charset=utf-8').send(HOME_PAGE));

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
