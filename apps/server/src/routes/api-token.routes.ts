import {
  apiTokenListSchema, apiTokenParamsSchema, createApiTokenBodySchema, createdApiTokenSchema, orgParamsSchema,
} from '@roster/contracts';
import { createApiToken, listApiTokens, revokeApiToken } from '@roster/core';
import { z } from 'zod';
import type { AppContext } from '../context';
import { requireOrgActor } from '../plugins/session';
import { API, responses, type ZodApp } from './route-kit';

/** Organization-scoped API tokens. */
export function registerApiTokenRoutes(app: ZodApp, ctx: AppContext): void {
  app.get(`${API}/orgs/:orgId/api-tokens`, {
    schema: {
      tags: ['api-tokens'], summary: 'The organization\'s API tokens (never their secrets)',
      params: orgParamsSchema, response: responses({ 200: apiTokenListSchema }),
    },
  }, async (request) => {
    const actor = await requireOrgActor(ctx, request, request.params.orgId);
    // "Last used" is written in batches: bring it up to date before listing.
    await ctx.tokenUsage.flush();
    return { items: await listApiTokens(ctx.deps, actor) };
  });

  app.post(`${API}/orgs/:orgId/api-tokens`, {
    schema: {
      tags: ['api-tokens'],
      summary: 'Create a token acting with a role no higher than yours; the secret is in this answer only',
      params: orgParamsSchema, body: createApiTokenBodySchema, response: responses({ 201: createdApiTokenSchema }),
    },
  }, async (request, reply) => {
    const created = await createApiToken(ctx.deps, await requireOrgActor(ctx, request, request.params.orgId), request.body);
    return reply.code(201).header('cache-control', 'no-store').send(created);
  });

  app.delete(`${API}/orgs/:orgId/api-tokens/:tokenId`, {
    schema: {
      tags: ['api-tokens'], summary: 'Revoke a token: its next request is refused, on every instance',
      params: apiTokenParamsSchema, response: responses({ 204: z.null() }),
    },
  }, async (request, reply) => {
    await revokeApiToken(ctx.deps, await requireOrgActor(ctx, request, request.params.orgId), request.params.tokenId);
    return reply.code(204).send(null);
  });
}
