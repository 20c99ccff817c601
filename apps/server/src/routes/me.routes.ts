import { meResponseSchema, updateMeBodySchema, updateMeResponseSchema } from '@roster/contracts';
import { deleteMe, toMeView, updateMe, type UserContext } from '@roster/core';
import { z } from 'zod';
import type { AppContext } from '../context';
import { clearSessionCookie, requirePrincipal, requireUserContext } from '../plugins/session';
import { API, responses, sendSerializedJson, type ZodApp } from './route-kit';

/** The signed-in user's own account. */
export function registerMeRoutes(app: ZodApp, ctx: AppContext): void {
  const serializedMe = new WeakMap<UserContext, string>();
  app.get(`${API}/me`, {
    schema: {
      tags: ['me'], summary: 'Who am I: the user and every organization they belong to',
      response: responses({ 200: meResponseSchema }),
    },
  }, async (request, reply) => {
    const context = await requireUserContext(ctx, request);
    let json = serializedMe.get(context);
    if (json === undefined) {
      // Validated against the schema once, then kept with the cached context it was made from:
      // who-am-I is the hottest read, and nothing in it changes until the context is invalidated.
      json = JSON.stringify(meResponseSchema.parse(toMeView(context, ctx.deps.clock.now())));
      serializedMe.set(context, json);
    }
    return sendSerializedJson(reply, json);
  });

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
