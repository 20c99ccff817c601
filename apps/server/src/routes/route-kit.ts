import { errorResponseSchema } from '@roster/contracts';
import type {
  FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';

/** Fastify with zod schemas for validation, serialization and OpenAPI. */
export type ZodApp = FastifyInstance<
  RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider
>;

/** Adds the error shape to a route's documented responses. */
export function responses<T extends Record<number, z.ZodType>>(success: T): T & { '4xx': typeof errorResponseSchema } {
  return { ...success, '4xx': errorResponseSchema };
}

/** Prefix of every versioned API path. */
export const API = '/api/v1';

/**
 * Schema key marking a route whose body may be left out; the OpenAPI document then says so
 * (@fastify/swagger copies `x-` keys onto the operation and marks every body required).
 */
export const OPTIONAL_BODY = 'x-optional-body';

/**
 * `preValidation` hook for routes whose body is optional: Fastify hands the validator `null`
 * for a request without a body, which an optional zod object refuses, so a bodiless POST (a
 * signed-in user just joining) is read as an empty object instead.
 */
export async function readMissingBodyAsEmpty(request: FastifyRequest): Promise<void> {
  if (request.body === undefined || request.body === null) request.body = {};
}

/**
 * Sends JSON that was already validated and serialized. Fastify passes a string with a JSON
 * content type through untouched, so the route's response schema is not applied again.
 */
export function sendSerializedJson(reply: FastifyReply, json: string): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(json);
}
