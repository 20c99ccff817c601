import {
  createOrganizationBodySchema, orgParamsSchema, organizationSchema, updateOrganizationBodySchema,
} from '@roster/contracts';
import { createOrganization, deleteOrganization, getOrganization, updateOrganization } from '@roster/core';
import { z } from 'zod';
import type { AppContext } from '../context';
import { requireOrgActor, requirePrincipal } from '../plugins/session';
import { API, responses, type ZodApp } from './route-kit';

/** Organizations: create, read, settings, delete. */
export function registerOrganizationRoutes(app: ZodApp, ctx: AppContext): void {
  app.post(`${API}/orgs`, {
    schema: {
      tags: ['organizations'], summary: 'Create an organization and become its owner',
      body: createOrganizationBodySchema, response: responses({ 201: organizationSchema }),
    },
  }, async (request, reply) => {
    const organization = await createOrganization(ctx.deps, await requirePrincipal(ctx, request), request.body);
    return reply.code(201).send(organization);
  });

  app.get(`${API}/orgs/:orgId`, {
    schema: { tags: ['organizations'], summary: 'Read an organization', params: orgParamsSchema, response: responses({ 200: organizationSchema }) },
  }, async (request) => getOrganization(ctx.deps, await requireOrgActor(ctx, request, request.params.orgId)));

  app.patch(`${API}/orgs/:orgId`, {
    schema: {
      tags: ['organizations'], summary: 'Rename the organization or change its settings',
      params: orgParamsSchema, body: updateOrganizationBodySchema, response: responses({ 200: organizationSchema }),
    },
  }, async (request) => updateOrganization(ctx.deps, await requireOrgActor(ctx, request, request.params.orgId), request.body));

  app.delete(`${API}/orgs/:orgId`, {
    schema: {
      tags: ['organizations'], summary: 'Delete the organization (Owner)', params: orgParamsSchema, response: responses({ 204: z.null() }),
    },
  }, async (request, reply) => {
    await deleteOrganization(ctx.deps, await requireOrgActor(ctx, request, request.params.orgId));
    return reply.code(204).send(null);
  });
}
