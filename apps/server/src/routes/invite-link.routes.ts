import { inviteLinkSchema, joinBodySchema, joinResponseSchema, orgParamsSchema, setInviteLinkBodySchema, tokenParamsSchema } from '@roster/contracts';
import { getInviteLink, joinByInviteLink, setInviteLink } from '@roster/core';
import type { AppContext } from '../context';
import { findPrincipal, requireOrgActor, setSessionCookie } from '../plugins/session';
import { API, OPTIONAL_BODY, readMissingBodyAsEmpty, responses, type ZodApp } from './route-kit';

/** The organization's shared invite link, and joining through it. */
export function registerInviteLinkRoutes(app: ZodApp, ctx: AppContext): void {
  app.get(`${API}/orgs/:orgId/invite-link`, {
    schema: {
      tags: ['invite link'], summary: 'Whether the shared invite link is on',
      params: orgParamsSchema, response: responses({ 200: inviteLinkSchema }),
    },
  }, async (request) => getInviteLink(ctx.deps, await requireOrgActor(ctx, request, request.params.orgId)));

  app.put(`${API}/orgs/:orgId/invite-link`, {
    schema: {
      tags: ['invite link'], summary: 'Turn the shared invite link on or off, or regenerate it',
      params: orgParamsSchema, body: setInviteLinkBodySchema, response: responses({ 200: inviteLinkSchema }),
    },
  }, async (request) => setInviteLink(ctx.deps, await requireOrgActor(ctx, request, request.params.orgId), request.body));

  app.post(`${API}/join/:token`, {
    config: { rateLimit: { max: ctx.config.rateLimitAuthPerMinute, timeWindow: '1 minute' } },
    preValidation: readMissingBodyAsEmpty,
    schema: {
      [OPTIONAL_BODY]: true,
      tags: ['invite link'],
      summary: 'Join through a shared invite link: status not_activated until an admin gives a role',
      params: tokenParamsSchema, body: joinBodySchema.optional(), response: responses({ 201: joinResponseSchema }),
    },
  }, async (request, reply) => {
    const principal = await findPrincipal(ctx, request);
    const result = await joinByInviteLink(ctx.deps, request.params.token, principal, request.body ?? {});
    if (result.session !== null) setSessionCookie(ctx, reply, result.session);
    return reply.code(201).send({ organization: result.organization, memberId: result.memberId, status: 'not_activated' as const });
  });
}
