import { ErrorCodes, hasUnstorableText } from '@roster/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { API } from '../routes/route-kit';
import { sendError } from './errors';

/** One offending value, in the shape validation errors use in `details.issues`. */
interface InputIssue {
  in: 'params' | 'querystring' | 'body';
  path: string;
  message: string;
  fields?: string[];
}

// Refused here rather than failing deep in the database as a 500.
const UNSTORABLE_MESSAGE = 'Text must not contain NUL characters or unpaired UTF-16 surrogates';

/** Every string (and object key) of `value` that cannot be stored, with its path. */
function findUnstorableText(value: unknown, path: string[], found: string[]): void {
  if (found.length >= 20) return;
  if (typeof value === 'string') {
    if (hasUnstorableText(value)) found.push(path.join('.'));
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => findUnstorableText(item, [...path, String(index)], found));
  } else if (value !== null && typeof value === 'object' && !isStream(value)) {
    // Parsed JSON only: a raw body (a CSV file's stream) is read and checked by its route.
    for (const [key, item] of Object.entries(value)) {
      if (hasUnstorableText(key)) found.push([...path, key].join('.'));
      findUnstorableText(item, [...path, key], found);
    }
  }
}

/** A raw body (a CSV file's stream) is read and checked by its route, not walked here. */
function isStream(value: object): boolean {
  return typeof (value as { pipe?: unknown }).pipe === 'function';
}

function isEmptyBody(body: unknown): boolean {
  return body === undefined || body === null
    || (typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length === 0);
}

/**
 * Guards every API route against input its zod schemas cannot see: a body or query string
 * sent to a route that declares none (silently ignoring it would run the action anyway), and
 * text the database cannot store. JSON is the only body type the API takes.
 */
export function registerInputGuards(app: FastifyInstance): void {
  // Fastify parses text/plain by default; the API answers it with 415 like any other non-JSON body.
  app.removeContentTypeParser('text/plain');

  app.addHook('preValidation', async (request: FastifyRequest, reply) => {
    if (!request.routeOptions.url?.startsWith(`${API}/`)) return;
    const schema = request.routeOptions.schema;
    if (schema?.body === undefined && !isEmptyBody(request.body)) {
      const body = request.body;
      if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
        const issue: InputIssue = { in: 'body', path: '', message: 'This endpoint takes no body', fields: Object.keys(body) };
        return sendError(reply, ErrorCodes.REQUEST_UNKNOWN_FIELD, { issues: [issue] });
      }
      return sendError(reply, ErrorCodes.REQUEST_INVALID, { issues: [{ in: 'body', path: '', message: 'This endpoint takes no body' }] });
    }
    const query = request.query as Record<string, unknown>;
    if (schema?.querystring === undefined && Object.keys(query).length > 0) {
      const issue: InputIssue = {
        in: 'querystring', path: '', message: 'This endpoint takes no query parameters', fields: Object.keys(query),
      };
      return sendError(reply, ErrorCodes.REQUEST_UNKNOWN_FIELD, { issues: [issue] });
    }
    const issues: InputIssue[] = [];
    for (const [where, value] of [['params', request.params], ['querystring', query], ['body', request.body]] as const) {
      const found: string[] = [];
      findUnstorableText(value, [], found);
      for (const path of found) issues.push({ in: where, path, message: UNSTORABLE_MESSAGE });
    }
    if (issues.length > 0) return sendError(reply, ErrorCodes.REQUEST_INVALID, { issues });
  });
}
