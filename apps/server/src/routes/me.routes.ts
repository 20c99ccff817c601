import { meResponseSchema, updateMeBodySchema, updateMeResponseSchema } from '@roster/contracts';
import { deleteMe, toMeView, updateMe } from '@roster/core';
import { z } from 'zod';
import type { AppContext } from '../context';
import { clearSessionCookie, requirePrincipal, requireUserContext } from '../plugins/session';
import { API, responses, type ZodApp } from './route-kit';

/** The signed-in user's own account. */
export function registerMeRoutes(app: ZodApp, ctx: AppContext): void {
  app.get(`${API}/me`, {
    schema: {
      tags: ['me'], summary: 'Who am I: the user and every organization they belong to',
      response: responses({ 200: meResponseSchema }),
    },
  }, async (request) => toMeView(await requireUserContext(ctx, request), ctx.deps.clock.now()));

  app.patch(`${API}/me`, {
    schema: {
      tags: ['me'], summary: 'Edit my name', body: updateMeBodySchema, response: responses({ 200: updateMeResponseSchema }),
    },
  }, async (request) => ({ user: await updateMe(ctx.deps, await requirePrincipal(ctx, request), request.body) }));

  app.delete(`${API}/me`, {
    schema: {
      tags: ['me'], summary: 'Delete my account everywhere (refused while I am the last owner of an organization)',
      response: responses({ 204: z.null() }),
    },
  }, async (request, reply) => {
    await deleteMe(ctx.deps, await requirePrincipal(ctx, request));
    clearSessionCookie(ctx, reply);
    return reply.code(204).send(null);
  });
}
