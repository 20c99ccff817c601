import {
  errorResponseSchema, orgParamsSchema, usageEventsBodySchema, usageEventsResponseSchema, usageReportQuerySchema, usageReportSchema,
} from '@roster/contracts';
import { recordUsage, usageReport, type UsageReportView } from '@roster/core';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import type { AppContext } from '../context';
import { csvCell } from '../csv';
import { requireOrgActor } from '../plugins/session';
import { API, responses, sendSerializedJson, type ZodApp } from './route-kit';

/** The report as CSV: one row per group, one column per action, then the total. */
export function usageReportCsv(report: UsageReportView): string {
  const first = report.groupBy === 'user' ? 'User' : report.groupBy === 'resource' ? 'Resource' : 'Day';
  const header = [first, ...report.actions, 'Total'];
  const rows = report.rows.map((row) => [
    csvCell(row.label), ...report.actions.map((a) => String(row.counts[a] ?? 0)), String(row.total),
  ]);
  rows.push(['Total', ...report.actions.map((a) => String(report.totals[a] ?? 0)), String(report.total)]);
  return stringify([header, ...rows], { record_delimiter: '\r\n' });
}

/** Usage events from the product, and the Manager's report. */
export function registerUsageRoutes(app: ZodApp, ctx: AppContext): void {
  app.post(`${API}/orgs/:orgId/usage-events`, {
    schema: {
      tags: ['usage'], summary: 'Record up to 1,000 usage events attributed to members; events with a known id are skipped',
      params: orgParamsSchema, body: usageEventsBodySchema, response: responses({ 200: usageEventsResponseSchema }),
    },
  }, async (request) => recordUsage(ctx.deps, await requireOrgActor(ctx, request, request.params.orgId), request.body.events, ctx.access));

  const reportInput = (query: z.infer<typeof usageReportQuerySchema>) => ({
    from: query.from, to: query.to, groupBy: query.groupBy, action: query.action,
    includeDeleted: query.includeDeleted !== 'false',
  });

  app.get(`${API}/orgs/:orgId/usage/report`, {
    schema: {
      tags: ['usage'], summary: 'Usage by user, resource or day over a range of UTC days; deleted users stay as "Deleted User"',
      params: orgParamsSchema, querystring: usageReportQuerySchema, response: responses({ 200: usageReportSchema }),
    },
  }, async (request, reply) => {
    const report = await usageReport(ctx.deps, await requireOrgActor(ctx, request, request.params.orgId), reportInput(request.query), ctx.access);
    // Built to the schema by the domain; a large report is not validated again on the way out.
    return sendSerializedJson(reply, JSON.stringify(report));
  });

  app.get(`${API}/orgs/:orgId/usage/report.csv`, {
    schema: {
      tags: ['usage'], summary: 'The same report as a CSV file',
      params: orgParamsSchema, querystring: usageReportQuerySchema,
      response: { 200: { description: 'The report as CSV', content: { 'text/csv': { schema: z.string() } } }, '4xx': errorResponseSchema },
    },
  }, async (request, reply) => {
    const report = await usageReport(ctx.deps, await requireOrgActor(ctx, request, request.params.orgId), reportInput(request.query), ctx.access);
    const name = `usage-${report.groupBy}-${report.from}-to-${report.to}.csv`;
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`)
      .send(`\uFEFF${usageReportCsv(report)}`);
  });
}
