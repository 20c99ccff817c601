import { signInBodySchema, signInResponseSchema, signUpBodySchema, signUpResponseSchema } from '@roster/contracts';
import { signIn, signOut, signUp } from '@roster/core';
import { z } from 'zod';
import type { AppContext } from '../context';
import { clearSessionCookie, sessionToken, setSessionCookie } from '../plugins/session';
import { API, responses, type ZodApp } from './route-kit';

/** Sign-up, sign-in and sign-out. */
export function registerAuthRoutes(app: ZodApp, ctx: AppContext): void {
  const rateLimit = { max: ctx.config.rateLimitAuthPerMinute, timeWindow: '1 minute' };
  app.post(`${API}/auth/sign-up`, {
    config: { rateLimit },
    schema: {
      tags: ['auth'], summary: 'Create an account and its organization, and sign in',
      body: signUpBodySchema, response: responses({ 201: signUpResponseSchema }),
    },
  }, async (request, reply) => {
    const result = await signUp(ctx.deps, request.body);
    setSessionCookie(ctx, reply, result.session);
    return reply.code(201).send({ user: result.user, organization: result.organization });
  });

  app.post(`${API}/auth/sign-in`, {
    config: { rateLimit },
    schema: {
      tags: ['auth'], summary: 'Sign in with email and password',
      body: signInBodySchema, response: responses({ 200: signInResponseSchema }),
    },
  }, async (request, reply) => {
    const result = await signIn(ctx.deps, request.body);
    setSessionCookie(ctx, reply, result.session);
    return { user: result.user };
  });

  app.post(`${API}/auth/sign-out`, {
    schema: { tags: ['auth'], summary: 'End the current session', response: responses({ 204: z.null() }) },
  }, async (request, reply) => {
    const token = sessionToken(request);
    if (token !== undefined) await signOut(ctx.deps, token);
    clearSessionCookie(ctx, reply);
    return reply.code(204).send(null);
  });
}
