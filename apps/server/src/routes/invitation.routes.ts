import {
  acceptInvitationBodySchema, acceptInvitationResponseSchema, invitationParamsSchema, invitationPreviewSchema,
  invitationSchema, inviteBodySchema, inviteResponseSchema, orgParamsSchema, tokenParamsSchema,
} from '@roster/contracts';
import {
  acceptInvitation, inviteMember, previewInvitation, renewInvitation, resendInvitation, revokeInvitation,
} from '@roster/core';
import { z } from 'zod';
import type { AppContext } from '../context';
import { findPrincipal, requireOrgActor, setSessionCookie } from '../plugins/session';
import { API, OPTIONAL_BODY, readMissingBodyAsEmpty, responses, type ZodApp } from './route-kit';

/** Invitations: invite, resend, renew, revoke; and the public side: read and accept. */
export function registerInvitationRoutes(app: ZodApp, ctx: AppContext): void {
  app.post(`${API}/orgs/:orgId/invitations`, {
    schema: {
      tags: ['invitations'], summary: 'Invite a person: they appear as invite_pending and an email is queued',
      params: orgParamsSchema, body: inviteBodySchema, response: responses({ 201: inviteResponseSchema }),
    },
  }, async (request, reply) => {
    const result = await inviteMember(ctx.deps, await requireOrgActor(ctx, request, request.params.orgId), request.body);
    return reply.code(201).send(result);
  });

  app.post(`${API}/orgs/:orgId/invitations/:invitationId/resend`, {
    schema: {
      tags: ['invitations'], summary: 'Send again with a new link; the old link stops working',
      params: invitationParamsSchema, response: responses({ 200: invitationSchema }),
    },
  }, async (request) => resendInvitation(
    ctx.deps, await requireOrgActor(ctx, request, request.params.orgId), request.params.invitationId,
  ));

  app.post(`${API}/orgs/:orgId/invitations/:invitationId/renew`, {
    schema: {
      tags: ['invitations'], summary: 'Extend the expiry; the link stays the same',
      params: invitationParamsSchema, response: responses({ 200: invitationSchema }),
    },
  }, async (request) => renewInvitation(
    ctx.deps, await requireOrgActor(ctx, request, request.params.orgId), request.params.invitationId,
  ));

  app.delete(`${API}/orgs/:orgId/invitations/:invitationId`, {
    schema: {
      tags: ['invitations'], summary: 'Revoke a pending invitation', params: invitationParamsSchema, response: responses({ 204: z.null() }),
    },
  }, async (request, reply) => {
    await revokeInvitation(ctx.deps, await requireOrgActor(ctx, request, request.params.orgId), request.params.invitationId);
    return reply.code(204).send(null);
  });

  app.get(`${API}/invitations/:token`, {
    schema: {
      tags: ['invitations'], summary: 'Public: what an invitation link is for, or why it no longer works',
      params: tokenParamsSchema, response: responses({ 200: invitationPreviewSchema }),
    },
  }, async (request) => previewInvitation(ctx.deps, request.params.token));

  app.post(`${API}/invitations/:token/accept`, {
    config: { rateLimit: { max: ctx.config.rateLimitAuthPerMinute, timeWindow: '1 minute' } },
    preValidation: readMissingBodyAsEmpty,
    schema: {
      [OPTIONAL_BODY]: true,
      tags: ['invitations'],
      summary: 'Accept: a new person gives name and password; a signed-in user with the invited email just joins',
      params: tokenParamsSchema, body: acceptInvitationBodySchema.optional(), response: responses({ 200: acceptInvitationResponseSchema }),
    },
  }, async (request, reply) => {
    const principal = await findPrincipal(ctx, request);
    const result = await acceptInvitation(ctx.deps, request.params.token, principal, request.body ?? {});
    if (result.session !== null) setSessionCookie(ctx, reply, result.session);
    return { member: result.member, organization: result.organization, user: result.user };
  });
}
