import { ErrorCodes, RosterError, type ErrorDefinition, type ErrorKind } from '@roster/core';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';

/** The HTTP status of each error kind: the one place where kinds meet HTTP. */
export const STATUS_BY_KIND: Record<ErrorKind, number> = {
  invalid: 400,
  unprocessable: 422,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  too_large: 413,
  unsupported: 415,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

/** Sends the one error shape. */
export function sendError(reply: FastifyReply, definition: ErrorDefinition, details: Record<string, unknown> = {}, message?: string) {
  return reply.code(STATUS_BY_KIND[definition.kind]).type('application/json; charset=utf-8').send({
    error: { code: definition.code, message: message ?? definition.message, details },
  });
}

interface ValidationIssue {
  keyword?: string;
  instancePath?: string;
  message?: string;
  params?: { keys?: string[] };
}

// Fastify's own request errors, each with the code a client sees.
const FASTIFY_ERRORS: Record<string, ErrorDefinition> = {
  FST_ERR_CTP_INVALID_JSON_BODY: ErrorCodes.REQUEST_MALFORMED_JSON,
  FST_ERR_CTP_EMPTY_JSON_BODY: ErrorCodes.REQUEST_MALFORMED_JSON,
  FST_ERR_CTP_BODY_TOO_LARGE: ErrorCodes.REQUEST_BODY_TOO_LARGE,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ErrorCodes.REQUEST_UNSUPPORTED_MEDIA_TYPE,
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ErrorCodes.REQUEST_INVALID,
};

/**
 * Answers the errors Fastify's router raises before a route is found (Fastify's
 * `frameworkErrors` option): without it they leave in Fastify's own shape.
 */
export function handleFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  // A path that is not valid percent-encoding, or a path parameter longer than any id.
  if (error.code === 'FST_ERR_BAD_URL' || error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return sendError(reply, ErrorCodes.REQUEST_INVALID, { issues: [{ in: 'path', path: '', message: 'The URL path is not valid' }] });
  }
  request.log.error({ err: error }, 'router error');
  return sendError(reply, ErrorCodes.INTERNAL);
}

/** Maps every error to the one shape; unknown errors are a 500 with no internals. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof RosterError) {
      return sendError(reply, { code: error.code, kind: error.kind, message: error.message }, error.details);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const validation = error.validation as unknown as ValidationIssue[];
      const issues = validation.map((issue) => ({
        in: error.validationContext ?? 'body',
        path: (issue.instancePath ?? '/').slice(1).replaceAll('/', '.'),
        message: issue.message ?? 'Invalid value',
        ...(issue.params?.keys !== undefined && { fields: issue.params.keys }),
      }));
      const unknownField = validation.some((issue) => issue.keyword === 'unrecognized_keys');
      return sendError(reply, unknownField ? ErrorCodes.REQUEST_UNKNOWN_FIELD : ErrorCodes.REQUEST_INVALID, { issues });
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error }, 'response did not match its schema');
      return sendError(reply, ErrorCodes.INTERNAL);
    }
    const mapped = error.code === undefined ? undefined : FASTIFY_ERRORS[error.code];
    if (mapped !== undefined) return sendError(reply, mapped);
    if (error instanceof SyntaxError || (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500)) {
      if (error.statusCode === 429) return sendError(reply, ErrorCodes.RATE_LIMITED);
      return sendError(reply, ErrorCodes.REQUEST_INVALID);
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendError(reply, ErrorCodes.INTERNAL);
  });
}
