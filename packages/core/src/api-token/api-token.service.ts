import { auditActor, reloadOrgActor } from '../actor';
import { futureExpiry } from '../access/grant.service';
import { DELETED_USER } from '../audit/audit.service';
import type { CoreDeps } from '../deps';
import { ErrorCodes, fail } from '../errors';
import type { ApiToken, OrgActor, Role } from '../model';
import { assertPermission, assertRoleWithinRank, hasUnstorableText } from '../rules';
import type { ApiTokenRow } from '../store';
import type { RoleSummary } from '../views';

/** Every API token starts with this, so secret scanners and people recognise one. */
export const API_TOKEN_PREFIX = 'rst_';

/** An API token as listed: never the secret. */
export interface ApiTokenView {
  id: string;
  name: string;
  prefix: string;
  role: RoleSummary;
  createdBy: { memberId: string; name: string };
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  status: 'active' | 'expired' | 'revoked';
}

function toApiTokenView(row: ApiTokenRow, roles: ReadonlyMap<string, Role>, now: Date): ApiTokenView {
  const role = roles.get(row.roleId);
  return {
    id: row.id, name: row.name, prefix: row.prefix,
    role: role === undefined ? { id: row.roleId, key: '', name: '', rank: 0 } : { id: role.id, key: role.key, name: role.name, rank: role.rank },
    createdBy: { memberId: row.createdByMemberId, name: row.creatorName ?? DELETED_USER },
    createdAt: row.createdAt.toISOString(), expiresAt: row.expiresAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null, revokedAt: row.revokedAt?.toISOString() ?? null,
    status: row.revokedAt !== null ? 'revoked' : row.expiresAt !== null && row.expiresAt <= now ? 'expired' : 'active',
  };
}

async function rolesById(deps: CoreDeps, orgId: string): Promise<Map<string, Role>> {
  return new Map((await deps.db.read((store) => store.listRoles(orgId))).map((r) => [r.id, r]));
}

/** The organization's API tokens, newest first. */
export async function listApiTokens(deps: CoreDeps, actor: OrgActor): Promise<ApiTokenView[]> {
  assertPermission(actor, 'api_tokens.manage');
  const [rows, roles] = await Promise.all([deps.db.read((store) => store.listApiTokens(actor.orgId)), rolesById(deps, actor.orgId)]);
  const now = deps.clock.now();
  return rows.map((row) => toApiTokenView(row, roles, now));
}

/** What creating a token needs. */
export interface CreateApiTokenInput {
  name: string;
  roleId: string;
  expiresAt?: string | null;
}

/**
 * Makes a token that acts with `roleId`, which may not rank above the creator. The secret is
 * returned this once; only its hash is stored. Only a signed-in person creates tokens.
 */
export async function createApiToken(
  deps: CoreDeps, actorRef: OrgActor, input: CreateApiTokenInput,
): Promise<{ token: ApiTokenView; secret: string }> {
  if (actorRef.tokenId !== undefined) fail(ErrorCodes.API_TOKEN_SESSION_REQUIRED);
  if (hasUnstorableText(input.name)) fail(ErrorCodes.REQUEST_INVALID, { field: 'name' });
  const now = deps.clock.now();
  const secret = `${API_TOKEN_PREFIX}${deps.secrets.newToken()}`;
  return deps.db.transaction(async (store) => {
    const actor = await reloadOrgActor(store, actorRef);
    assertPermission(actor, 'api_tokens.manage');
    const role = await store.findRole(actor.orgId, input.roleId);
    if (role === undefined) fail(ErrorCodes.ROLE_NOT_FOUND, { roleId: input.roleId });
    assertRoleWithinRank(actor, role);
    const token: ApiToken = {
      id: deps.secrets.newId('tok'), orgId: actor.orgId, name: input.name, prefix: secret.slice(0, 10), roleId: role.id,
      createdByMemberId: actor.memberId, createdAt: now, expiresAt: futureExpiry(input.expiresAt, now), lastUsedAt: null, revokedAt: null,
    };
    await store.insertApiToken(token, deps.secrets.hashToken(secret));
    await store.appendAudit({
      orgId: actor.orgId, ...auditActor(actor), action: 'api_token.created', targetType: 'api_token', targetId: token.id,
      targetMemberId: null, before: null,
      after: { name: token.name, roleId: role.id, expiresAt: token.expiresAt?.toISOString() ?? null }, createdAt: now,
    });
    const creatorName = `${actor.member.firstName ?? ''} ${actor.member.lastName ?? ''}`.trim();
    return {
      token: toApiTokenView({ ...token, creatorName }, new Map([[role.id, role]]), now),
      secret,
    };
  });
}

/** Revokes a token: the next request with it is refused, on every instance. */
export async function revokeApiToken(deps: CoreDeps, actorRef: OrgActor, tokenId: string): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction(async (store) => {
    const actor = await reloadOrgActor(store, actorRef);
    assertPermission(actor, 'api_tokens.manage');
    const token = await store.findApiToken(actor.orgId, tokenId);
    if (token === undefined) fail(ErrorCodes.API_TOKEN_NOT_FOUND, { tokenId });
    if (token.revokedAt !== null) return;
    const role = await store.findRole(actor.orgId, token.roleId);
    if (role !== undefined) assertRoleWithinRank(actor, role);
    await store.revokeApiToken(actor.orgId, tokenId, now);
    await store.appendAudit({
      orgId: actor.orgId, ...auditActor(actor), action: 'api_token.revoked', targetType: 'api_token', targetId: tokenId,
      targetMemberId: null, before: { name: token.name }, after: null, createdAt: now,
    });
    await store.invalidate({ type: 'api_token', tokenId });
  });
}

/** The API token an actor acts through, its organization and what it may do: who a command line is logged in as. */
export async function describeApiToken(
  deps: CoreDeps, actor: OrgActor,
): Promise<{ token: ApiTokenView; organization: { id: string; name: string }; permissions: string[] }> {
  if (actor.tokenId === undefined) fail(ErrorCodes.AUTH_TOKEN_INVALID);
  const now = deps.clock.now();
  return deps.db.read(async (store) => {
    const [row, roles, organization] = await Promise.all([
      store.findApiToken(actor.orgId, actor.tokenId!), store.listRoles(actor.orgId), store.findOrganization(actor.orgId),
    ]);
    if (row === undefined || organization === undefined) fail(ErrorCodes.AUTH_TOKEN_INVALID);
    return {
      token: toApiTokenView(row, new Map(roles.map((r) => [r.id, r])), now),
      organization: { id: organization.id, name: organization.name },
      permissions: [...actor.role.permissions].sort(),
    };
  });
}
