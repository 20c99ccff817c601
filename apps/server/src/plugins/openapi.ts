import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { OPTIONAL_BODY } from '../routes/route-kit';

type OpenApiOperation = Record<string, unknown> & { requestBody?: { required?: boolean } };
type OpenApiDocument = { paths?: Record<string, Record<string, OpenApiOperation>> } & Record<string, unknown>;

function markOptionalBodies(document: OpenApiDocument): OpenApiDocument {
  for (const operations of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(operations)) {
      if (operation[OPTIONAL_BODY] !== true) continue;
      delete operation[OPTIONAL_BODY];
      if (operation.requestBody !== undefined) operation.requestBody.required = false;
    }
  }
  return document;
}

/** The OpenAPI 3.1 document, generated from the same zod schemas that validate requests. */
export async function registerOpenApi(app: FastifyInstance, publicUrl: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Roster API',
        version: '1.0.0',
        description: 'Organizations, members, invitations and roles. Errors always have the shape '
          + '`{ "error": { "code", "message", "details" } }`; codes are listed in docs/errors.md.',
      },
      servers: [{ url: publicUrl }],
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'roster_session' } },
      },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: (document) => markOptionalBodies(('openapiObject' in document ? document.openapiObject : {}) as OpenApiDocument),
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
