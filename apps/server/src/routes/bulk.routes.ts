import { PassThrough, Readable } from 'node:stream';
import {
  appliedPlanSchema, bulkActionBodySchema, errorResponseSchema, exportMembersQuerySchema, importTagsQuerySchema, memberParamsSchema,
  memberSchema, orgParamsSchema, planParamsSchema, planRowPageSchema, planRowsQuerySchema, planSchema, setMemberTagsBodySchema,
  tagBodySchema, tagListSchema, tagParamsSchema, tagSchema, tokenInfoSchema,
} from '@roster/contracts';
import {
  EXPORT_COLUMNS, ErrorCodes, RosterError, applyPlan, createTag, deleteTag, describeApiToken, exportMembers, fail, getPlan,
  listPlanRows, listTags, previewBulkAction, previewTagImport, renameTag, setMemberTags, type BulkActionRequest,
} from '@roster/core';
import { stringify } from 'csv-stringify/sync';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../context';
import { csvCell } from '../csv';
import { requireOrgActor, requireTokenActor } from '../plugins/session';
import { API, responses, sendSerializedJson, type ZodApp } from './route-kit';

const NDJSON = 'application/x-ndjson';
// A selection of 100,000 member ids is about 4 MB of JSON.
const BULK_BODY_LIMIT = 8 * 1024 * 1024;

/** Reads the raw CSV body up to the configured size; a larger file is refused before or as it arrives. */
async function readCsvBody(request: FastifyRequest, maxBytes: number): Promise<Buffer> {
  const tooLarge = () => fail(ErrorCodes.CSV_TOO_LARGE, { maxBytes },
    `The file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB, the import limit; split it into smaller files.`);
  if (!(request.body instanceof Readable)) fail(ErrorCodes.CSV_HEADER_INVALID, {}, 'Send the CSV file as the request body, with Content-Type: text/csv.');
  const declared = Number(request.headers['content-length'] ?? NaN);
  if (declared > maxBytes) tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request.body as Readable) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      (request.body as Readable).destroy();
      tooLarge();
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Member tags, the tag catalogue, CSV tag imports, bulk actions with their plans, the export, and who a token is. */
export function registerBulkRoutes(app: ZodApp, ctx: AppContext): void {
  app.get(`${API}/token`, {
    schema: {
      tags: ['api-tokens'], summary: 'The API token sending the request: its organization and permissions (for command lines)',
      response: responses({ 200: tokenInfoSchema }),
    },
  }, async (request) => describeApiToken(ctx.deps, await requireTokenActor(ctx, request)));

  // the tag catalogue
  app.get(`${API}/orgs/:orgId/tags`, {
    schema: {
      tags: ['tags'], summary: 'The organization\'s member tags, with how many members carry each',
      params: orgParamsSchema, response: responses({ 200: tagListSchema }),
    },
  }, async (request) => ({ items: await listTags(ctx.deps, await requireOrgActor(ctx, request, request.params.orgId)) }));

  app.post(`${API}/orgs/:orgId/tags`, {
    schema: {
      tags: ['tags'], summary: 'Add a tag to the catalogue', params: orgParamsSchema, body: tagBodySchema, response: responses({ 201: tagSchema }),
    },
  }, async (request, reply) => reply.code(201).send(
    await createTag(ctx.deps, await requireOrgActor(ctx, request, request.params.orgId), request.body.name),
  ));

  app.patch(`${API}/orgs/:orgId/tags/:tagId`, {
    schema: {
      tags: ['tags'], summary: 'Rename a tag; everyone carrying it shows the new name',
      params: tagParamsSchema, body: tagBodySchema, response: responses({ 200: tagSchema }),
    },
  }, async (request) => renameTag(ctx.deps, await requireOrgActor(ctx, request, request.params.orgId), request.params.tagId, request.body.name));

  app.delete(`${API}/orgs/:orgId/tags/:tagId`, {
    schema: {
      tags: ['tags'], summary: 'Delete a tag, which takes it off everyone', params: tagParamsSchema, response: responses({ 204: z.null() }),
    },
  }, async (request, reply) => {
    await deleteTag(ctx.deps, await requireOrgActor(ctx, request, request.params.orgId), request.params.tagId);
    return reply.code(204).send(null);
  });

  app.put(`${API}/orgs/:orgId/members/:memberId/tags`, {
    schema: {
      tags: ['tags'], summary: 'Set a member\'s tags (by name)',
      params: memberParamsSchema, body: setMemberTagsBodySchema, response: responses({ 200: memberSchema }),
    },
  }, async (request) => setMemberTags(
    ctx.deps, await requireOrgActor(ctx, request, request.params.orgId), request.params.memberId, request.body,
  ));

  // the export
  app.get(`${API}/orgs/:orgId/members/export.csv`, {
    schema: {
      tags: ['members'], summary: 'The members table with its filters as CSV, streamed: every column, tags and resource access',
      params: orgParamsSchema, querystring: exportMembersQuerySchema,
      response: { 200: { description: 'The members as CSV (UTF-8 with a byte-order mark)', content: { 'text/csv': { schema: z.string() } } }, '4xx': errorResponseSchema },
    },
  }, async (request, reply) => {
    const actor = await requireOrgActor(ctx, request, request.params.orgId);
    const batches = exportMembers(ctx.deps, actor, request.query);
    // The first batch is read before answering, so a refusal is still an ordinary error answer.
    const first = await batches.next();
    async function* lines(): AsyncGenerator<string> {
      yield `\uFEFF${stringify([EXPORT_COLUMNS.map(([, label]) => label)], { record_delimiter: '\r\n' })}`;
      let batch = first;
      while (batch.done !== true) {
        yield stringify(batch.value.map((row) => EXPORT_COLUMNS.map(([key]) => csvCell(row[key]))), { record_delimiter: '\r\n' });
        batch = await batches.next();
      }
    }
    const day = ctx.deps.clock.now().toISOString().slice(0, 10);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="members-${day}.csv"`)
      .header('cache-control', 'no-store').send(Readable.from(lines()) as never);
  });

  // imports and bulk actions: a preview first, as a plan
  app.register(async (scope) => {
    // Only this route takes a CSV body; the stream is read (and size-checked) by the handler.
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser(['text/csv', 'application/csv'], (_request, payload, done) => done(null, payload));
    const zodScope = scope as unknown as ZodApp;
    zodScope.post(`${API}/orgs/:orgId/imports/tags`, {
      schema: {
        tags: ['bulk'], summary: 'Preview a tag import from an email,tags CSV file (the body, text/csv); apply the plan to make it happen',
        params: orgParamsSchema, querystring: importTagsQuerySchema, consumes: ['text/csv'],
        // Checked by the handler after the caller: who may import comes before what the file holds.
        body: z.custom<Readable | undefined>((value) => value === undefined || value === null || value instanceof Readable)
          .describe('The CSV file: UTF-8 (a byte-order mark is fine), header `email,tags`, tags quoted and comma-separated.'),
        response: responses({ 201: planSchema }),
      },
    }, async (request, reply) => {
      const actor = await requireOrgActor(ctx, request, request.params.orgId);
      const file = await readCsvBody(request, ctx.config.importMaxMb * 1024 * 1024);
      const plan = await previewTagImport(ctx.deps, actor, file, request.query);
      return sendSerializedJson(reply.code(201), JSON.stringify(plan));
    });
  });

  app.post(`${API}/orgs/:orgId/members/bulk`, {
    bodyLimit: BULK_BODY_LIMIT,
    schema: {
      tags: ['bulk'], summary: 'Preview a bulk action on members picked by id or "all matching a filter"; apply the plan to make it happen',
      params: orgParamsSchema, body: bulkActionBodySchema, response: responses({ 201: planSchema }),
    },
  }, async (request, reply) => {
    const plan = await previewBulkAction(ctx.deps, await requireOrgActor(ctx, request, request.params.orgId), request.body as BulkActionRequest);
    return sendSerializedJson(reply.code(201), JSON.stringify(plan));
  });

  app.get(`${API}/orgs/:orgId/plans/:planId`, {
    schema: { tags: ['bulk'], summary: 'A plan (preview) with its first 500 rows', params: planParamsSchema, response: responses({ 200: planSchema }) },
  }, async (request, reply) => sendSerializedJson(reply, JSON.stringify(
    await getPlan(ctx.deps, await requireOrgActor(ctx, request, request.params.orgId), request.params.planId),
  )));

  app.get(`${API}/orgs/:orgId/plans/:planId/rows`, {
    schema: {
      tags: ['bulk'], summary: 'A page of a plan\'s rows, optionally of one outcome',
      params: planParamsSchema, querystring: planRowsQuerySchema, response: responses({ 200: planRowPageSchema }),
    },
  }, async (request, reply) => sendSerializedJson(reply, JSON.stringify(
    await listPlanRows(ctx.deps, await requireOrgActor(ctx, request, request.params.orgId), request.params.planId, request.query),
  )));

  app.post(`${API}/orgs/:orgId/plans/:planId/apply`, {
    schema: {
      tags: ['bulk'],
      summary: 'Apply a plan in one transaction — exactly the previewed changes, or plan.stale when the organization changed since. '
        + 'With Accept: application/x-ndjson the answer streams progress lines, then the result (or an error) as the last line; '
        + 'refusals found before the writes start (unknown, expired, applied, stale) keep their own status.',
      params: planParamsSchema, response: responses({ 200: appliedPlanSchema }),
    },
  }, async (request, reply) => {
    const actor = await requireOrgActor(ctx, request, request.params.orgId);
    if (!(request.headers.accept ?? '').includes(NDJSON)) return applyPlan(ctx.deps, actor, request.params.planId);
    const stream = new PassThrough();
    const line = (value: unknown) => stream.write(`${JSON.stringify(value)}\n`);
    let last = 0;
    let streaming: () => void = () => undefined;
    const started = new Promise<void>((resolve) => { streaming = resolve; });
    const outcome = applyPlan(ctx.deps, actor, request.params.planId, async (done, total) => {
      const now = Date.now();
      if (done === total || now - last >= 100) {
        last = now;
        line({ type: 'progress', done, total });
        streaming();
        // Let the line leave now: the embedded database works without yielding to the event loop.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }).then((result) => ({ result }), (error: unknown) => ({ error }));
    // Until the first progress line nothing is sent: a plan that is unknown, expired, applied
    // or stale is refused with its own status, like without streaming.
    const early = await Promise.race([started.then(() => undefined), outcome]);
    if (early !== undefined && 'error' in early) throw early.error;
    void outcome.then((end) => {
      if ('result' in end) line({ type: 'result', result: end.result });
      else if (end.error instanceof RosterError) {
        line({ type: 'error', error: { code: end.error.code, message: end.error.message, details: end.error.details } });
      } else {
        request.log.error({ err: end.error }, 'applying a plan failed');
        line({ type: 'error', error: { code: ErrorCodes.INTERNAL.code, message: ErrorCodes.INTERNAL.message, details: {} } });
      }
      stream.end();
    });
    // A stream skips the JSON response schema: each line follows applyProgressEventSchema.
    return reply.type(`${NDJSON}; charset=utf-8`).header('cache-control', 'no-store').send(stream as never);
  });
}
