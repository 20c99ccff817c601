import {
  API_TOKEN_PREFIX, ErrorCodes, actorFromApiToken, actorFromMembership, authenticateSessionToken, fail, loadUserContext,
  type IssuedSession, type OrgActor, type Principal, type UserContext,
} from '@roster/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context';

/** The session cookie's name. */
export const SESSION_COOKIE = 'roster_session';

/** The session token the request carries, if any. */
export function sessionToken(request: FastifyRequest): string | undefined {
  const token = request.cookies[SESSION_COOKIE];
  return token === undefined || token === '' || token.length > 200 ? undefined : token;
}

/** The API token of `Authorization: Bearer …`, undefined without the header; a malformed header is refused. */
export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer +(\S+)$/i.exec(header);
  if (match === null || match[1]!.length > 200 || !match[1]!.startsWith(API_TOKEN_PREFIX)) fail(ErrorCodes.AUTH_MALFORMED_AUTHORIZATION);
  return match[1];
}

/** The actor an API token acts as in `orgId`; a token of another organization finds no organization. */
async function tokenActor(ctx: AppContext, token: string, orgId: string | undefined): Promise<OrgActor> {
  const tokenHash = ctx.deps.secrets.hashToken(token);
  let auth = ctx.access.getToken(tokenHash);
  if (auth === undefined) {
    const generation = ctx.access.currentGeneration();
    auth = await ctx.deps.db.read((store) => store.findApiTokenAuth(tokenHash));
    if (auth === undefined) fail(ErrorCodes.AUTH_TOKEN_INVALID);
    ctx.access.storeToken(tokenHash, auth, generation);
  }
  const actor = actorFromApiToken(auth, ctx.deps.clock.now());
  if (orgId !== undefined && actor.orgId !== orgId) fail(ErrorCodes.ORG_NOT_FOUND);
  ctx.tokenUsage.used(auth.token.id);
  return actor;
}

/** The signed-in person, or null: from the cache, else from the database. */
export async function findPrincipal(ctx: AppContext, request: FastifyRequest): Promise<Principal | null> {
  // API tokens act inside their organization only, never as a person.
  if (request.headers.authorization !== undefined && sessionToken(request) === undefined) fail(ErrorCodes.AUTH_TOKEN_NOT_ALLOWED);
  const token = sessionToken(request);
  if (token === undefined) return null;
  const tokenHash = ctx.deps.secrets.hashToken(token);
  const now = ctx.deps.clock.now().getTime();
  const cached = ctx.cache.getSession(tokenHash, now);
  if (cached !== undefined) return { userId: cached.userId, sessionId: cached.sessionId };
  const generation = ctx.cache.currentGeneration();
  const session = await authenticateSessionToken(ctx.deps, tokenHash);
  if (session === undefined || session.sessionId === null) return null;
  ctx.cache.storeSession(tokenHash, { userId: session.userId, sessionId: session.sessionId, expiresAt: session.expiresAt.getTime() }, generation);
  return { userId: session.userId, sessionId: session.sessionId };
}

/** The signed-in person; `auth.required` otherwise. */
export async function requirePrincipal(ctx: AppContext, request: FastifyRequest): Promise<Principal> {
  const principal = await findPrincipal(ctx, request);
  if (principal === null) fail(ErrorCodes.AUTH_REQUIRED);
  return principal;
}

/** The signed-in user with their memberships, cached until something about them changes. */
export async function requireUserContext(ctx: AppContext, request: FastifyRequest): Promise<UserContext> {
  const principal = await requirePrincipal(ctx, request);
  const cached = ctx.cache.getContext(principal.userId);
  if (cached !== undefined) return cached;
  const generation = ctx.cache.currentGeneration();
  const context = await loadUserContext(ctx.deps, principal.userId);
  if (context === undefined) fail(ErrorCodes.AUTH_REQUIRED);
  ctx.cache.storeContext(principal.userId, context, generation);
  return context;
}

/** The signed-in person acting in `orgId`, with their role; the organization's existence is never leaked. */
export async function requireOrgActor(ctx: AppContext, request: FastifyRequest, orgId: string): Promise<OrgActor> {
  const bearer = bearerToken(request);
  if (bearer !== undefined) return tokenActor(ctx, bearer, orgId);
  const context = await requireUserContext(ctx, request);
  const membership = context.memberships.find((m) => m.organization.id === orgId);
  return actorFromMembership(membership?.member, membership?.role ?? undefined, context.user.id, orgId, ctx.deps.clock.now());
}

/** The API token of the request, acting in its own organization; `auth.required` without one. */
export async function requireTokenActor(ctx: AppContext, request: FastifyRequest): Promise<OrgActor> {
  const bearer = bearerToken(request);
  if (bearer === undefined) fail(ErrorCodes.AUTH_REQUIRED, { hint: 'Send an API token as "Authorization: Bearer rst_…".' });
  return tokenActor(ctx, bearer, undefined);
}

/** Puts a new session into the httpOnly cookie. */
export function setSessionCookie(ctx: AppContext, reply: FastifyReply, session: IssuedSession): void {
  reply.setCookie(SESSION_COOKIE, session.token, {
    httpOnly: true, sameSite: 'lax', secure: ctx.config.secureCookies, path: '/', expires: session.expiresAt,
  });
}

/** Removes the session cookie. */
export function clearSessionCookie(ctx: AppContext, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: ctx.config.secureCookies, path: '/' });
}
