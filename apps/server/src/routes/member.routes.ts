import {
  listMembersQuerySchema, memberPageSchema, memberParamsSchema, memberSchema, orgParamsSchema, removeMemberQuerySchema,
  updateMemberBodySchema,
} from '@roster/contracts';
import { deactivateMember, getMember, listMembers, reactivateMember, removeMember, updateMember } from '@roster/core';
import { z } from 'zod';
import type { AppContext } from '../context';
import { requireOrgActor } from '../plugins/session';
import { API, responses, type ZodApp } from './route-kit';

/** The members table and each member. */
export function registerMemberRoutes(app: ZodApp, ctx: AppContext): void {
  app.get(`${API}/orgs/:orgId/members`, {
    schema: {
      tags: ['members'], summary: 'The members table: filter, search, sort, keyset pages, counts by status',
      params: orgParamsSchema, querystring: listMembersQuerySchema, response: responses({ 200: memberPageSchema }),
    },
  }, async (request) => listMembers(ctx.deps, await requireOrgActor(ctx, request, request.params.orgId), request.query));

  app.get(`${API}/orgs/:orgId/members/:memberId`, {
    schema: { tags: ['members'], summary: 'One member', params: memberParamsSchema, response: responses({ 200: memberSchema }) },
  }, async (request) => getMember(ctx.deps, await requireOrgActor(ctx, request, request.params.orgId), request.params.memberId));

  app.patch(`${API}/orgs/:orgId/members/:memberId`, {
    schema: {
      tags: ['members'], summary: "Edit a member's names, description, role or kind",
      params: memberParamsSchema, body: updateMemberBodySchema, response: responses({ 200: memberSchema }),
    },
  }, async (request) => updateMember(
    ctx.deps, await requireOrgActor(ctx, request, request.params.orgId), request.params.memberId, request.body,
  ));

  app.delete(`${API}/orgs/:orgId/members/:memberId`, {
    schema: {
      tags: ['members'], summary: 'Remove a member; with erase=true, delete them (shown as "Deleted User")',
      params: memberParamsSchema, querystring: removeMemberQuerySchema, response: responses({ 204: z.null() }),
    },
  }, async (request, reply) => {
    await removeMember(ctx.deps, await requireOrgActor(ctx, request, request.params.orgId), request.params.memberId, {
      erase: request.query.erase === 'true',
    });
    return reply.code(204).send(null);
  });

  app.post(`${API}/orgs/:orgId/members/:memberId/deactivate`, {
    schema: {
      tags: ['members'], summary: 'Deactivate: access stops at once, sessions end',
      params: memberParamsSchema, response: responses({ 200: memberSchema }),
    },
  }, async (request) => deactivateMember(ctx.deps, await requireOrgActor(ctx, request, request.params.orgId), request.params.memberId));

  app.post(`${API}/orgs/:orgId/members/:memberId/reactivate`, {
    schema: {
      tags: ['members'], summary: 'Reactivate a deactivated member', params: memberParamsSchema, response: responses({ 200: memberSchema }),
    },
  }, async (request) => reactivateMember(ctx.deps, await requireOrgActor(ctx, request, request.params.orgId), request.params.memberId));
}
