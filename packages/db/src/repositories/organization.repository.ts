import type { Organization, Role, RoleTemplateName, Permission, Store } from '@roster/core';
import { sql, type Selectable, type Updateable } from 'kysely';
import type { OrganizationTable, RoleTable } from '../schema';
import type { Executor } from './executor';

/** Maps an `organizations` row to an Organization. */
export function organizationRowToOrganization(row: Omit<Selectable<OrganizationTable>, 'invite_link_token'>): Organization {
  return {
    id: row.id, name: row.name, roleTemplate: row.role_template as RoleTemplateName,
    invitationTtlDays: row.invitation_ttl_days, inviteLinkEnabled: row.invite_link_enabled,
    inviteLinkCreatedAt: row.invite_link_created_at, createdAt: row.created_at,
  };
}

/** Maps a `roles` row to a Role. */
export function roleRowToRole(row: Selectable<RoleTable>): Role {
  return {
    id: row.id, orgId: row.org_id, key: row.key, name: row.name, description: row.description, rank: row.rank,
    isOwner: row.is_owner, builtin: row.builtin, permissions: row.permissions as Permission[], createdAt: row.created_at,
  };
}

/** Organizations and their roles. */
export function createOrganizationRepository(db: Executor): Pick<Store,
  'insertOrganization' | 'findOrganization' | 'lockOrganization' | 'updateOrganization' | 'deleteOrganization'
  | 'setInviteLinkToken' | 'findInviteLinkToken' | 'findOrganizationByInviteLinkHash' | 'insertRoles' | 'listRoles' | 'findRole' | 'updateRole'
  | 'deleteRole' | 'countMembersWithRole'> {
  return {
    async insertOrganization(org) {
      await db.insertInto('organizations').values({
        id: org.id, name: org.name, role_template: org.roleTemplate, invitation_ttl_days: org.invitationTtlDays,
        invite_link_enabled: org.inviteLinkEnabled, invite_link_hash: null, invite_link_created_at: null, created_at: org.createdAt,
      }).execute();
    },
    async findOrganization(orgId) {
      const row = await db.selectFrom('organizations').selectAll().where('id', '=', orgId).executeTakeFirst();
      return row === undefined ? undefined : organizationRowToOrganization(row);
    },
    async lockOrganization(orgId) {
      const row = await db.selectFrom('organizations').selectAll().where('id', '=', orgId).forUpdate().executeTakeFirst();
      return row === undefined ? undefined : organizationRowToOrganization(row);
    },
    async updateOrganization(orgId, patch) {
      const set: Updateable<OrganizationTable> = {
        ...(patch.name !== undefined && { name: patch.name }),
        ...(patch.invitationTtlDays !== undefined && { invitation_ttl_days: patch.invitationTtlDays }),
        ...(patch.inviteLinkEnabled !== undefined && { invite_link_enabled: patch.inviteLinkEnabled }),
      };
      if (Object.keys(set).length === 0) return;
      await db.updateTable('organizations').set(set).where('id', '=', orgId).execute();
    },
    async deleteOrganization(orgId) {
      // member_tags has no foreign keys (see migration 0004): its rows go first.
      await db.deleteFrom('member_tags').where('org_id', '=', orgId).execute();
      await db.deleteFrom('organizations').where('id', '=', orgId).execute();
    },
    async setInviteLinkToken(orgId, token, tokenHash, now) {
      await db.updateTable('organizations').set({ invite_link_token: token, invite_link_hash: tokenHash, invite_link_created_at: now })
        .where('id', '=', orgId).execute();
    },
    async findInviteLinkToken(orgId) {
      const row = await db.selectFrom('organizations').select('invite_link_token').where('id', '=', orgId).executeTakeFirst();
      return row?.invite_link_token ?? null;
    },
    async findOrganizationByInviteLinkHash(tokenHash) {
      const row = await db.selectFrom('organizations').selectAll().where('invite_link_hash', '=', tokenHash).executeTakeFirst();
      return row === undefined ? undefined : organizationRowToOrganization(row);
    },
    async insertRoles(roles) {
      if (roles.length === 0) return;
      await db.insertInto('roles').values(roles.map((role) => ({
        id: role.id, org_id: role.orgId, key: role.key, name: role.name, description: role.description, rank: role.rank,
        is_owner: role.isOwner, builtin: role.builtin, permissions: role.permissions, created_at: role.createdAt,
      }))).execute();
    },
    async listRoles(orgId) {
      const rows = await db.selectFrom('roles').selectAll().where('org_id', '=', orgId)
        .orderBy('rank', 'desc').orderBy('name').execute();
      return rows.map(roleRowToRole);
    },
    async findRole(orgId, roleId) {
      const row = await db.selectFrom('roles').selectAll().where('org_id', '=', orgId).where('id', '=', roleId).executeTakeFirst();
      return row === undefined ? undefined : roleRowToRole(row);
    },
    async updateRole(orgId, roleId, patch: Partial<Pick<Role, 'name' | 'description' | 'rank' | 'permissions' | 'key'>>) {
      await db.updateTable('roles').set({
        ...(patch.name !== undefined && { name: patch.name }),
        ...(patch.description !== undefined && { description: patch.description }),
        ...(patch.rank !== undefined && { rank: patch.rank }),
        ...(patch.permissions !== undefined && { permissions: patch.permissions }),
        ...(patch.key !== undefined && { key: patch.key }),
      }).where('org_id', '=', orgId).where('id', '=', roleId).execute();
      if (patch.rank !== undefined) {
        await db.updateTable('members').set({ role_rank: patch.rank })
          .where('org_id', '=', orgId).where('role_id', '=', roleId).execute();
      }
    },
    async deleteRole(orgId, roleId) {
      // History keeps removed members and old invitations; they lose the link to a deleted role.
      await db.updateTable('members').set({ role_id: null })
        .where('org_id', '=', orgId).where('role_id', '=', roleId).where('status', '=', 'removed').execute();
      await db.updateTable('invitations').set({ role_id: null }).where('org_id', '=', orgId).where('role_id', '=', roleId).execute();
      await db.deleteFrom('roles').where('org_id', '=', orgId).where('id', '=', roleId).execute();
    },
    async countMembersWithRole(orgId, roleId) {
      // Members, grants with it as their resource-level role, and live API tokens all hold a role.
      const row = await db.selectNoFrom([
        sql<string>`(select count(*) from members where org_id = ${orgId} and role_id = ${roleId} and status <> 'removed')`.as('members'),
        sql<string>`(select count(*) from access_grants where org_id = ${orgId} and role_id = ${roleId})`.as('grants'),
        sql<string>`(select count(*) from api_tokens where org_id = ${orgId} and role_id = ${roleId} and revoked_at is null)`.as('tokens'),
      ]).executeTakeFirstOrThrow();
      return Number(row.members) + Number(row.grants) + Number(row.tokens);
    },
  };
}
