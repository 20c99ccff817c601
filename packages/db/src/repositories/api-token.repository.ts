import type { ApiToken, ApiTokenAuth, Store } from '@roster/core';
import { sql, type Selectable } from 'kysely';
import type { ApiTokenTable, MemberTable, RoleTable } from '../schema';
import type { Executor } from './executor';
import { memberRowToMember } from './member.repository';
import { roleRowToRole } from './organization.repository';

function tokenRow(row: Selectable<ApiTokenTable>): ApiToken {
  return {
    id: row.id, orgId: row.org_id, name: row.name, prefix: row.token_prefix, roleId: row.role_id,
    createdByMemberId: row.created_by_member_id, createdAt: row.created_at, expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at, revokedAt: row.revoked_at,
  };
}

interface AuthRow {
  token: Selectable<ApiTokenTable>;
  role: Selectable<RoleTable>;
  creator: Selectable<MemberTable>;
  creator_role: Selectable<RoleTable> | null;
}

// json_build_object gives timestamps as strings: turn them back into Dates.
function dates<T extends object>(row: T, keys: Array<keyof T>): T {
  const copy = { ...row };
  for (const key of keys) {
    const value = copy[key];
    if (typeof value === 'string') (copy as Record<keyof T, unknown>)[key] = new Date(value);
  }
  return copy;
}

function authFromRow(row: AuthRow): ApiTokenAuth {
  return {
    token: tokenRow(dates(row.token, ['created_at', 'expires_at', 'last_used_at', 'revoked_at'])),
    role: roleRowToRole(dates(row.role, ['created_at'])),
    creator: memberRowToMember(dates(row.creator, [
      'invite_expires_at', 'last_connection_at', 'access_expires_at', 'created_at', 'updated_at', 'erased_at',
    ])),
    creatorRole: row.creator_role === null ? null : roleRowToRole(dates(row.creator_role, ['created_at'])),
  };
}

/** API tokens: issued, listed, found by hash, revoked. */
export function createApiTokenRepository(db: Executor): Pick<Store,
  'insertApiToken' | 'listApiTokens' | 'findApiToken' | 'findApiTokenAuth' | 'findApiTokenAuthById' | 'revokeApiToken' | 'touchApiTokens'> {
  // The token, its role, its creator's membership and role: one statement, so a request with a token costs one round trip.
  const authQuery = () => db.selectFrom('api_tokens as t')
    .innerJoin('roles as r', 'r.id', 't.role_id')
    .innerJoin('members as m', 'm.id', 't.created_by_member_id')
    .leftJoin('roles as cr', 'cr.id', 'm.role_id')
    .select([
      sql<Selectable<ApiTokenTable>>`to_jsonb(t)`.as('token'),
      sql<Selectable<RoleTable>>`to_jsonb(r)`.as('role'),
      sql<Selectable<MemberTable>>`to_jsonb(m) - 'sort_name' - 'search_text'`.as('creator'),
      sql<Selectable<RoleTable> | null>`case when cr.id is null then null else to_jsonb(cr) end`.as('creator_role'),
    ]);
  return {
    async insertApiToken(token, tokenHash) {
      await db.insertInto('api_tokens').values({
        id: token.id, org_id: token.orgId, name: token.name, token_hash: tokenHash, token_prefix: token.prefix,
        role_id: token.roleId, created_by_member_id: token.createdByMemberId, created_at: token.createdAt,
        expires_at: token.expiresAt, last_used_at: null, revoked_at: null,
      }).execute();
    },
    async listApiTokens(orgId) {
      const rows = await db.selectFrom('api_tokens as t').leftJoin('members as m', 'm.id', 't.created_by_member_id')
        .selectAll('t')
        .select(sql<string | null>`case when m.erased_at is null then nullif(trim(coalesce(m.first_name, '') || ' ' || coalesce(m.last_name, '')), '') end`.as('creator_name'))
        .where('t.org_id', '=', orgId).orderBy('t.created_at', 'desc').orderBy('t.id', 'desc').execute();
      return rows.map((row) => ({ ...tokenRow(row), creatorName: row.creator_name }));
    },
    async findApiToken(orgId, tokenId) {
      const row = await db.selectFrom('api_tokens as t').leftJoin('members as m', 'm.id', 't.created_by_member_id')
        .selectAll('t')
        .select(sql<string | null>`case when m.erased_at is null then nullif(trim(coalesce(m.first_name, '') || ' ' || coalesce(m.last_name, '')), '') end`.as('creator_name'))
        .where('t.org_id', '=', orgId).where('t.id', '=', tokenId).executeTakeFirst();
      return row === undefined ? undefined : { ...tokenRow(row), creatorName: row.creator_name };
    },
    async findApiTokenAuth(tokenHash) {
      const row = await authQuery().where('t.token_hash', '=', tokenHash).executeTakeFirst();
      return row === undefined ? undefined : authFromRow(row);
    },
    async findApiTokenAuthById(orgId, tokenId) {
      const row = await authQuery().where('t.org_id', '=', orgId).where('t.id', '=', tokenId).executeTakeFirst();
      return row === undefined ? undefined : authFromRow(row);
    },
    async revokeApiToken(orgId, tokenId, now) {
      await db.updateTable('api_tokens').set({ revoked_at: now }).where('org_id', '=', orgId).where('id', '=', tokenId).execute();
    },
    async touchApiTokens(tokenIds, at) {
      if (tokenIds.length === 0) return;
      await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', 'in', tokenIds)
        .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', at)])).execute();
    },
  };
}
