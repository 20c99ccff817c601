import {
  authorizeBatchResponseSchema, authorizeBodySchema, createResourceBodySchema, createResourceTypeBodySchema, decisionSchema,
  grantInputSchema, grantListSchema, grantParamsSchema, grantSchema, listResourcesQuerySchema, memberAccessSchema,
  memberParamsSchema, orgParamsSchema, resourceExternalParamsSchema, resourcePageSchema, resourceParamsSchema,
  resourceSchema, resourceTypeListSchema, resourceTypeParamsSchema, resourceTypeSchema, updateGrantBodySchema,
  updateResourceBodySchema, updateResourceTypeBodySchema, upsertResourceBodySchema,
} from '@roster/contracts';
import {
  authorize, createGrant, createResource, createResourceType, deleteGrant, deleteResource, deleteResourceType,
  getMemberAccess, getResource, listGrants, listResourceTypes, listResources, updateGrant, updateResource,
  updateResourceType, upsertResource,
} from '@roster/core';
import { z } from 'zod';
import type { AppContext } from '../context';
import { requireOrgActor } from '../plugins/session';
import { API, responses, sendSerializedJson, type ZodApp } from './route-kit';

/** Resource types, resources, members' access grants, and the authorization API. */
export function registerAccessRoutes(app: ZodApp, ctx: AppContext): void {
  const actor = (request: { params: { orgId: string } } & Parameters<typeof requireOrgActor>[1]) =>
    requireOrgActor(ctx, request, request.params.orgId);

  // resource types
  app.get(`${API}/orgs/:orgId/resource-types`, {
    schema: { tags: ['resources'], summary: 'The kinds of resources the product registered', params: orgParamsSchema, response: responses({ 200: resourceTypeListSchema }) },
  }, async (request) => ({ items: await listResourceTypes(ctx.deps, await actor(request)) }));

  app.post(`${API}/orgs/:orgId/resource-types`, {
    schema: {
      tags: ['resources'], summary: 'Register a kind of resource (queue, site, project…)',
      params: orgParamsSchema, body: createResourceTypeBodySchema, response: responses({ 201: resourceTypeSchema }),
    },
  }, async (request, reply) => reply.code(201).send(await createResourceType(ctx.deps, await actor(request), request.body)));

  app.patch(`${API}/orgs/:orgId/resource-types/:typeKey`, {
    schema: {
      tags: ['resources'], summary: 'Rename a resource type', params: resourceTypeParamsSchema,
      body: updateResourceTypeBodySchema, response: responses({ 200: resourceTypeSchema }),
    },
  }, async (request) => updateResourceType(ctx.deps, await actor(request), request.params.typeKey, request.body));

  app.delete(`${API}/orgs/:orgId/resource-types/:typeKey`, {
    schema: {
      tags: ['resources'], summary: 'Delete a resource type that has no resources', params: resourceTypeParamsSchema,
      response: responses({ 204: z.null() }),
    },
  }, async (request, reply) => {
    await deleteResourceType(ctx.deps, await actor(request), request.params.typeKey);
    return reply.code(204).send(null);
  });

  // resources
  app.get(`${API}/orgs/:orgId/resources`, {
    schema: {
      tags: ['resources'], summary: 'Resources by name, in keyset pages; filter by type, parent or text',
      params: orgParamsSchema, querystring: listResourcesQuerySchema, response: responses({ 200: resourcePageSchema }),
    },
  }, async (request) => listResources(ctx.deps, await actor(request), request.query));

  app.post(`${API}/orgs/:orgId/resources`, {
    schema: {
      tags: ['resources'], summary: 'Register a resource, optionally inside another',
      params: orgParamsSchema, body: createResourceBodySchema, response: responses({ 201: resourceSchema }),
    },
  }, async (request, reply) => reply.code(201).send(await createResource(ctx.deps, await actor(request), request.body)));

  app.put(`${API}/orgs/:orgId/resources/by-external-id/:type/:externalId`, {
    schema: {
      tags: ['resources'], summary: 'Create or update a resource by the product\'s own id: an idempotent sync',
      params: resourceExternalParamsSchema, body: upsertResourceBodySchema,
      response: responses({ 200: resourceSchema, 201: resourceSchema }),
    },
  }, async (request, reply) => {
    const { view, created } = await upsertResource(ctx.deps, await actor(request), {
      type: request.params.type, externalId: request.params.externalId, name: request.body.name, parent: request.body.parent,
    });
    return reply.code(created ? 201 : 200).send(view);
  });

  app.get(`${API}/orgs/:orgId/resources/:resourceId`, {
    schema: { tags: ['resources'], summary: 'One resource', params: resourceParamsSchema, response: responses({ 200: resourceSchema }) },
  }, async (request) => getResource(ctx.deps, await actor(request), request.params.resourceId));

  app.patch(`${API}/orgs/:orgId/resources/:resourceId`, {
    schema: {
      tags: ['resources'], summary: 'Rename a resource or move it in or out of a parent',
      params: resourceParamsSchema, body: updateResourceBodySchema, response: responses({ 200: resourceSchema }),
    },
  }, async (request) => updateResource(ctx.deps, await actor(request), request.params.resourceId, request.body));

  app.delete(`${API}/orgs/:orgId/resources/:resourceId`, {
    schema: {
      tags: ['resources'], summary: 'Delete a resource: its grants go, resources inside it move to the top',
      params: resourceParamsSchema, response: responses({ 204: z.null() }),
    },
  }, async (request, reply) => {
    await deleteResource(ctx.deps, await actor(request), request.params.resourceId);
    return reply.code(204).send(null);
  });

  // grants
  app.get(`${API}/orgs/:orgId/members/:memberId/grants`, {
    schema: { tags: ['access'], summary: "A member's access grants", params: memberParamsSchema, response: responses({ 200: grantListSchema }) },
  }, async (request) => ({ items: await listGrants(ctx.deps, await actor(request), request.params.memberId) }));

  app.post(`${API}/orgs/:orgId/members/:memberId/grants`, {
    schema: {
      tags: ['access'], summary: 'Give a member access to a resource, or to all resources of a type',
      params: memberParamsSchema, body: grantInputSchema, response: responses({ 201: grantSchema }),
    },
  }, async (request, reply) => reply.code(201).send(
    await createGrant(ctx.deps, await actor(request), request.params.memberId, request.body),
  ));

  app.patch(`${API}/orgs/:orgId/members/:memberId/grants/:grantId`, {
    schema: {
      tags: ['access'], summary: "Change a grant's resource-level role or expiry",
      params: grantParamsSchema, body: updateGrantBodySchema, response: responses({ 200: grantSchema }),
    },
  }, async (request) => updateGrant(ctx.deps, await actor(request), request.params.memberId, request.params.grantId, request.body));

  app.delete(`${API}/orgs/:orgId/members/:memberId/grants/:grantId`, {
    schema: {
      tags: ['access'], summary: 'Revoke a grant: the next check answers without it, on every instance',
      params: grantParamsSchema, response: responses({ 204: z.null() }),
    },
  }, async (request, reply) => {
    await deleteGrant(ctx.deps, await actor(request), request.params.memberId, request.params.grantId);
    return reply.code(204).send(null);
  });

  app.get(`${API}/orgs/:orgId/members/:memberId/access`, {
    schema: {
      tags: ['access'], summary: "A member's effective access, resource by resource, with how they have it",
      params: memberParamsSchema, response: responses({ 200: memberAccessSchema }),
    },
  }, async (request) => getMemberAccess(ctx.deps, await actor(request), request.params.memberId, ctx.access));

  // authorization
  app.post(`${API}/orgs/:orgId/authorize`, {
    schema: {
      tags: ['access'],
      summary: 'May this member do this, here? One check, or up to 100 in `checks`; `explain` returns the chain behind each answer',
      params: orgParamsSchema, body: authorizeBodySchema,
      response: responses({ 200: z.union([decisionSchema, authorizeBatchResponseSchema]) }),
    },
  }, async (request, reply) => {
    // Every invalidation another instance committed before this request is applied first, so
    // a revocation anywhere is honoured by the very next check here. Without the barrier the
    // cache cannot be trusted: start from the database.
    await ctx.db.syncNotifications().catch(() => ctx.access.clear());
    const answer = await authorize(ctx.deps, await actor(request), request.body, ctx.access);
    // Decisions are built to the schema by the domain: the hot path skips validating them again.
    return sendSerializedJson(reply, JSON.stringify(answer));
  });
}
