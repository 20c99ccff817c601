import { ErrorCodes } from '@roster/core';
import { createTestApp, describeEachEngine, testEngines, type TestApp } from '@roster/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

interface OpenApiOperation {
  parameters?: Array<{ in: string; name: string; required?: boolean; schema?: Record<string, unknown> }>;
  requestBody?: { content?: Record<string, { schema?: Record<string, unknown> }> };
  responses?: Record<string, { content?: Record<string, { schema?: Record<string, unknown> }> }>;
  summary?: string;
  tags?: string[];
}

interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, OpenApiOperation>>;
}

const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * Every route the app has registered, as `METHOD /path/{param}`, read from Fastify's own
 * route tree rather than from the OpenAPI document it is compared with. HEAD routes are the
 * automatic twins of GET routes and are left out.
 */
function listRegisteredRoutes(app: FastifyInstance): string[] {
  const routes: string[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│ ]*)(?:[├└]── )?(\S+)(?: \(([A-Z, ]+)\))?$/u.exec(line.trimEnd());
    if (match === null) continue;
    const depth = (match[1] ?? '').length / 4;
    stack.length = depth;
    stack[depth] = match[2] ?? '';
    const path = stack.join('').replaceAll(/:(\w+)/g, '{$1}');
    for (const method of (match[3] ?? '').split(', ')) {
      if (HTTP_METHODS.includes(method)) routes.push(`${method} ${path}`);
    }
  }
  return routes.sort();
}

function listDocumentedRoutes(doc: OpenApiDocument): string[] {
  return Object.entries(doc.paths)
    .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`))
    .sort();
}

function jsonSchemaOf(content: Record<string, { schema?: Record<string, unknown> }> | undefined) {
  return content?.['application/json']?.schema;
}

/** The object schema of a body, also when the body may be left out (`anyOf: [object, null]`). */
function objectAlternativeOf(schema: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  const alternatives = schema?.anyOf as Array<Record<string, unknown>> | undefined;
  if (alternatives === undefined) return schema;
  const [objects, others] = [alternatives.filter((a) => a.type === 'object'), alternatives.filter((a) => a.type !== 'object')];
  return objects.length === 1 && others.every((a) => a.type === 'null') ? objects[0] : undefined;
}

describeEachEngine('OpenAPI document and documentation pages', (engine) => {
  let app: TestApp;
  let doc: OpenApiDocument;
  beforeAll(async () => {
    app = await createTestApp(engine);
    const res = await app.client().get('/api/openapi.json');
    expect(res.status).toBe(200);
    doc = res.body;
  });
  afterAll(async () => {
    await app.dispose();
  });

  it('serves OpenAPI 3.1 as JSON', async () => {
    const res = await app.client().get('/api/openapi.json');
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(doc.info.title).toBe('Roster API');
    expect(Object.keys(doc.paths).length).toBeGreaterThan(0);
  });

  it('documents every /api/v1 route the app serves, and no route it does not', () => {
    const registered = listRegisteredRoutes(app.app).filter((route) => route.split(' ')[1]?.startsWith('/api/v1/'));
    const documented = listDocumentedRoutes(doc).filter((route) => route.split(' ')[1]?.startsWith('/api/v1/'));
    // The route tree parser is only worth trusting if it finds the routes the issue lists.
    expect(registered).toContain('GET /api/v1/orgs/{orgId}/members');
    expect(registered).toContain('POST /api/v1/orgs/{orgId}/members/{memberId}/deactivate');
    expect(registered).toContain('DELETE /api/v1/me');
    expect(registered.length).toBeGreaterThanOrEqual(30);
    expect(documented).toEqual(registered);
  });

  it('keeps the documentation machinery itself out of the document', () => {
    const paths = Object.keys(doc.paths);
    expect(paths.filter((p) => p === '/' || p.startsWith('/api/docs') || p === '/api/openapi.json')).toEqual([]);
  });

  it('gives every /api/v1 operation a summary, a tag, its path parameters and its responses', () => {
    for (const [path, operations] of Object.entries(doc.paths)) {
      if (!path.startsWith('/api/v1/')) continue;
      for (const [method, operation] of Object.entries(operations)) {
        const where = `${method.toUpperCase()} ${path}`;
        expect(operation.summary, where).toBeTruthy();
        expect(operation.tags?.length, where).toBeGreaterThan(0);

        const pathParams = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
        const documentedPathParams = (operation.parameters ?? []).filter((p) => p.in === 'path');
        expect(documentedPathParams.map((p) => p.name).sort(), where).toEqual(pathParams);
        for (const param of documentedPathParams) {
          expect({ where, required: param.required, type: param.schema?.type }).toEqual({ where, required: true, type: 'string' });
        }

        const responses = operation.responses ?? {};
        const success = Object.keys(responses).filter((status) => /^2\d\d$/.test(status));
        // An idempotent PUT answers 201 when it created and 200 when it updated; everything else has one success.
        if (method === 'put' && success.length === 2) expect(success, where).toEqual(['200', '201']);
        else expect(success, where).toHaveLength(1);
        const status = success[0] ?? '';
        if (status === '204') {
          expect(responses[status]?.content, where).toBeUndefined();
        } else if (path.endsWith('.csv')) {
          // A download: CSV, named by its path.
          expect(Object.keys(responses[status]?.content ?? {}), where).toEqual(['text/csv']);
        } else {
          // An object, or a choice of objects (authorize answers one decision or a batch).
          const schema = jsonSchemaOf(responses[status]?.content) as { type?: string; anyOf?: Array<{ type?: string }> } | undefined;
          const types = schema?.anyOf?.map((s) => s.type) ?? [schema?.type];
          expect(types.length, where).toBeGreaterThan(0);
          for (const type of types) expect(type, where).toBe('object');
        }
        // Every error has the one shape.
        const errorSchema = jsonSchemaOf(responses['4XX']?.content) as
          { properties?: { error?: { required?: string[] } } } | undefined;
        expect(errorSchema?.properties?.error?.required, where).toEqual(['code', 'message', 'details']);
      }
    }
  });

  it('documents a strict JSON body for every operation that takes one, and for every PUT and PATCH', () => {
    let bodies = 0;
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const where = `${method.toUpperCase()} ${path}`;
        if (method === 'put' || method === 'patch') expect(operation.requestBody, where).toBeDefined();
        if (operation.requestBody === undefined) continue;
        bodies += 1;
        if (where === 'POST /api/v1/orgs/{orgId}/imports/tags') {
          // The one body that is a file: the CSV itself.
          expect(Object.keys(operation.requestBody.content ?? {}), where).toEqual(['text/csv']);
          continue;
        }
        const whole = jsonSchemaOf(operation.requestBody.content);
        expect(Object.keys(operation.requestBody.content ?? {}), where).toEqual(['application/json']);
        // A body that depends on a discriminator (bulk actions) is one strict object per alternative.
        const schemas = Array.isArray(whole?.oneOf) ? whole.oneOf as Array<Record<string, unknown>> : [objectAlternativeOf(whole)];
        for (const schema of schemas) {
          expect({ where, type: schema?.type, additionalProperties: schema?.additionalProperties })
            .toEqual({ where, type: 'object', additionalProperties: false });
          expect(Object.keys((schema?.properties as object | undefined) ?? {}).length, where).toBeGreaterThan(0);
        }
      }
    }
    expect(bodies).toBeGreaterThanOrEqual(10);
  });

  it('marks a body required except where a signed-in user may leave it out (accept, join)', () => {
    const optional = ['POST /api/v1/invitations/{token}/accept', 'POST /api/v1/join/{token}'];
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const where = `${method.toUpperCase()} ${path}`;
        const body = operation.requestBody as { required?: boolean } | undefined;
        if (body === undefined) continue;
        expect({ where, required: body.required }).toEqual({ where, required: !optional.includes(where) });
        expect(Object.keys(operation).filter((key) => key.startsWith('x-')), where).toEqual([]);
      }
    }
  });

  it('documents the query parameters of the lists', () => {
    const members = doc.paths['/api/v1/orgs/{orgId}/members']?.get;
    const query = (members?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name).sort();
    expect(query).toEqual(['cursor', 'kind', 'limit', 'order', 'q', 'roleId', 'sort', 'status', 'tagId']);
    for (const list of ['audit-events', 'mail']) {
      const operation = doc.paths[`/api/v1/orgs/{orgId}/${list}`]?.get;
      expect((operation?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name).sort()).toEqual(['cursor', 'limit']);
    }
  });

  it('serves the interactive documentation at /api/docs', async () => {
    const page = await app.client().get('/api/docs');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.raw.body).toMatch(/swagger/i);
    // The page loads the same document the API publishes.
    const json = await app.client().get('/api/docs/json');
    expect(json.status).toBe(200);
    expect(listDocumentedRoutes(json.body)).toEqual(listDocumentedRoutes(doc));
  });

  it('serves the web console at / and at every page address a browser navigates to', async () => {
    for (const path of ['/', '/orgs/org_x/members', '/invitations/some-token', '/join/some-token']) {
      const page = await app.client().request('GET', path, undefined, { accept: 'text/html' });
      expect({ path, status: page.status, type: page.headers['content-type'] }).toEqual({ path, status: 200, type: 'text/html; charset=utf-8' });
      expect(page.raw.body).toContain('<div id="root"></div>');
      expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    }
    // The assets the page names are served, with a long cache; an API path never falls back to the page.
    const home = await app.client().request('GET', '/', undefined, { accept: 'text/html' });
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(String(home.raw.body))?.[1];
    expect(script).toBeDefined();
    const asset = await app.client().get(String(script));
    expect(asset.status).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    const apiMiss = await app.client().request('GET', '/api/v1/nope', undefined, { accept: 'text/html' });
    expect({ status: apiMiss.status, code: apiMiss.body.error.code }).toEqual({ status: 404, code: 'route.not_found' });
    const missingAsset = await app.client().request('GET', '/assets/nope.js', undefined, { accept: 'text/html' });
    expect(missingAsset.status).toBe(404);
  });

  it('answers /healthz and /readyz', async () => {
    const health = await app.client().get('/healthz');
    expect({ status: health.status, body: health.body }).toEqual({ status: 200, body: { status: 'ok' } });
    const ready = await app.client().get('/readyz');
    expect({ status: ready.status, body: ready.body }).toEqual({ status: 200, body: { status: 'ready' } });
  });
});

// One engine is enough to see readiness fall when the database goes away.
describe.runIf(testEngines().includes('pglite'))('readiness without a database', () => {
  it('answers /readyz with 503 unavailable once the database is gone, while /healthz still answers', async () => {
    const app = await createTestApp('pglite');
    try {
      await app.database.db.close();
      const ready = await app.client().get('/readyz');
      expect(ready.status).toBe(503);
      expect(ready.body.error.code).toBe(ErrorCodes.UNAVAILABLE.code);
      expect((await app.client().get('/healthz')).status).toBe(200);
    } finally {
      // The database is already closed, so closing it again as part of disposal fails by design.
      await app.dispose().catch(() => undefined);
    }
  });
});
