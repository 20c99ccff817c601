import { auditPageSchema, mailPageSchema, orgParamsSchema, pageQuerySchema } from '@roster/contracts';
import { listAuditEvents, listMail } from '@roster/core';
import type { AppContext } from '../context';
import { requireOrgActor } from '../plugins/session';
import { API, responses, type ZodApp } from './route-kit';

/** The audit log and the outgoing mail of an organization. */
export function registerActivityRoutes(app: ZodApp, ctx: AppContext): void {
  app.get(`${API}/orgs/:orgId/audit-events`, {
    schema: {
      tags: ['audit'], summary: 'The audit log, newest first',
      params: orgParamsSchema, querystring: pageQuerySchema, response: responses({ 200: auditPageSchema }),
    },
  }, async (request) => listAuditEvents(ctx.deps, await requireOrgActor(ctx, request, request.params.orgId), request.query));

  app.get(`${API}/orgs/:orgId/mail`, {
    schema: {
      tags: ['mail'], summary: 'Outgoing mail and its delivery state; the dev mailbox when SMTP_URL is unset',
      params: orgParamsSchema, querystring: pageQuerySchema, response: responses({ 200: mailPageSchema }),
    },
  }, async (request) => listMail(ctx.deps, await requireOrgActor(ctx, request, request.params.orgId), request.query));
}
