import {
  createRoleBodySchema, orgParamsSchema, permissionListSchema, roleListSchema, roleParamsSchema, roleSchema, updateRoleBodySchema,
} from '@roster/contracts';
import { createRole, deleteRole, listPermissionCatalogue, listRoles, updateRole } from '@roster/core';
import { z } from 'zod';
import type { AppContext } from '../context';
import { requireOrgActor } from '../plugins/session';
import { API, responses, type ZodApp } from './route-kit';

/** Roles as data, and the permission catalogue. */
export function registerRoleRoutes(app: ZodApp, ctx: AppContext): void {
  app.get(`${API}/permissions`, {
    schema: { tags: ['roles'], summary: 'The permission catalogue', response: responses({ 200: permissionListSchema }) },
  }, async () => ({ items: listPermissionCatalogue() }));

  app.get(`${API}/orgs/:orgId/roles`, {
    schema: {
      tags: ['roles'], summary: "The organization's roles, most senior first",
      params: orgParamsSchema, response: responses({ 200: roleListSchema }),
    },
  }, async (request) => ({ items: await listRoles(ctx.deps, await requireOrgActor(ctx, request, request.params.orgId)) }));

  app.post(`${API}/orgs/:orgId/roles`, {
    schema: {
      tags: ['roles'], summary: 'Create a custom role', params: orgParamsSchema, body: createRoleBodySchema,
      response: responses({ 201: roleSchema }),
    },
  }, async (request, reply) => {
    const role = await createRole(ctx.deps, await requireOrgActor(ctx, request, request.params.orgId), request.body);
    return reply.code(201).send(role);
  });

  app.patch(`${API}/orgs/:orgId/roles/:roleId`, {
    schema: {
      tags: ['roles'], summary: 'Edit a role', params: roleParamsSchema, body: updateRoleBodySchema, response: responses({ 200: roleSchema }),
    },
  }, async (request) => updateRole(
    ctx.deps, await requireOrgActor(ctx, request, request.params.orgId), request.params.roleId, request.body,
  ));

  app.delete(`${API}/orgs/:orgId/roles/:roleId`, {
    schema: { tags: ['roles'], summary: 'Delete a role nobody holds', params: roleParamsSchema, response: responses({ 204: z.null() }) },
  }, async (request, reply) => {
    await deleteRole(ctx.deps, await requireOrgActor(ctx, request, request.params.orgId), request.params.roleId);
    return reply.code(204).send(null);
  });
}
