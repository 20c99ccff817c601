import { errorResponseSchema } from '@roster/contracts';
import type {
  FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault,
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
