import type { AccessGrant, AccessMember, GrantKind, Member, Resource, ResourceType, Store } from '@roster/core';
import { sql, type Selectable, type SqlBool } from 'kysely';
import type { AccessGrantTable, ResourceTable } from '../schema';
import type { Executor } from './executor';
import { memberRowToMember } from './member.repository';

function resourceRow(row: Selectable<ResourceTable>): Resource {
  return {
    id: row.id, orgId: row.org_id, typeId: row.type_id, externalId: row.external_id, name: row.name, parentId: row.parent_id,
    createdAt: row.created_at, updatedAt: row.updated_at,
  };
}

/** Maps an `access_grants` row to a grant. */
export function grantRow(row: Selectable<AccessGrantTable>): AccessGrant {
  return {
    id: row.id, orgId: row.org_id, memberId: row.member_id, kind: row.kind as GrantKind, typeId: row.type_id,
    resourceId: row.resource_id, roleId: row.role_id, expiresAt: row.expires_at, createdByMemberId: row.created_by_member_id,
    createdAt: row.created_at,
  };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

type AccessMethods =
  | 'listResourceTypes' | 'findResourceTypeByKey' | 'insertResourceType' | 'updateResourceType' | 'deleteResourceType'
  | 'findResource' | 'findResourceByExternalId' | 'insertResourceIfAbsent' | 'updateResource' | 'deleteResource'
  | 'listResources' | 'listAncestorIds' | 'subtreeHeight' | 'loadResourceIndex'
  | 'listGrantsOfMember' | 'findGrant' | 'insertGrants' | 'updateGrant' | 'deleteGrant' | 'loadAccessMembers'
  | 'claimExpiredGrants' | 'markGrantExpiriesRecorded' | 'claimExpiredMemberships';

const GRANT_INSERT_SLICE = 5000;

/** Resource types, resources and access grants. Every statement is scoped by organization. */
export function createAccessRepository(db: Executor): Pick<Store, AccessMethods> {
  return {
    async listResourceTypes(orgId) {
      const rows = await db.selectFrom('resource_types as t')
        .select(['t.id', 't.org_id', 't.key', 't.name', 't.created_at',
          sql<string>`(select count(*) from resources r where r.type_id = t.id)`.as('n')])
        .where('t.org_id', '=', orgId).orderBy('t.name').orderBy('t.id').execute();
      return rows.map((r) => ({ id: r.id, orgId: r.org_id, key: r.key, name: r.name, createdAt: r.created_at, resourceCount: Number(r.n) }));
    },
    async findResourceTypeByKey(orgId, key) {
      const row = await db.selectFrom('resource_types').selectAll().where('org_id', '=', orgId).where('key', '=', key).executeTakeFirst();
      return row === undefined ? undefined : { id: row.id, orgId: row.org_id, key: row.key, name: row.name, createdAt: row.created_at };
    },
    async insertResourceType(type: ResourceType) {
      await db.insertInto('resource_types').values({
        id: type.id, org_id: type.orgId, key: type.key, name: type.name, created_at: type.createdAt,
      }).execute();
    },
    async updateResourceType(orgId, typeId, patch) {
      await db.updateTable('resource_types').set({ name: patch.name }).where('org_id', '=', orgId).where('id', '=', typeId).execute();
    },
    async deleteResourceType(orgId, typeId) {
      await db.deleteFrom('resource_types').where('org_id', '=', orgId).where('id', '=', typeId).execute();
    },
    async findResource(orgId, resourceId) {
      const row = await db.selectFrom('resources').selectAll().where('org_id', '=', orgId).where('id', '=', resourceId).executeTakeFirst();
      return row === undefined ? undefined : resourceRow(row);
    },
    async findResourceByExternalId(orgId, typeId, externalId, lock) {
      let query = db.selectFrom('resources').selectAll()
        .where('org_id', '=', orgId).where('type_id', '=', typeId).where('external_id', '=', externalId);
      if (lock) query = query.forUpdate();
      const row = await query.executeTakeFirst();
      return row === undefined ? undefined : resourceRow(row);
    },
    async insertResourceIfAbsent(resource) {
      const rows = await db.insertInto('resources').values({
        id: resource.id, org_id: resource.orgId, type_id: resource.typeId, external_id: resource.externalId, name: resource.name,
        parent_id: resource.parentId, created_at: resource.createdAt, updated_at: resource.updatedAt,
      }).onConflict((oc) => oc.columns(['type_id', 'external_id']).doNothing()).returning('id').execute();
      return rows.length === 1;
    },
    async updateResource(orgId, resourceId, patch) {
      await db.updateTable('resources').set({
        ...(patch.name !== undefined && { name: patch.name }),
        ...(patch.parentId !== undefined && { parent_id: patch.parentId }),
        ...(patch.updatedAt !== undefined && { updated_at: patch.updatedAt }),
      }).where('org_id', '=', orgId).where('id', '=', resourceId).execute();
    },
    async deleteResource(orgId, resourceId) {
      await db.deleteFrom('resources').where('org_id', '=', orgId).where('id', '=', resourceId).execute();
    },
    async listResources(query) {
      let select = db.selectFrom('resources').selectAll().where('org_id', '=', query.orgId);
      if (query.typeId !== undefined) select = select.where('type_id', '=', query.typeId);
      if (query.parentId !== undefined) select = select.where('parent_id', '=', query.parentId);
      if (query.q !== undefined) {
        const pattern = `%${escapeLike(query.q)}%`;
        select = select.where((eb) => eb.or([
          eb(sql`lower(name)`, 'like', pattern), eb(sql`lower(external_id)`, 'like', pattern),
        ]));
      }
      if (query.after !== undefined) {
        select = select.where(sql<SqlBool>`(lower(name), id) > (${String(query.after.value)}, ${query.after.id})`);
      }
      const rows = await select.orderBy(sql`lower(name)`).orderBy('id').limit(query.limit).execute();
      return rows.map(resourceRow);
    },
    async listAncestorIds(orgId, resourceId, max) {
      const result = await sql<{ id: string }>`
        with recursive up (id, parent_id, depth) as (
          select id, parent_id, 0 from resources where org_id = ${orgId} and id = ${resourceId}
          union all
          select r.id, r.parent_id, up.depth + 1 from resources r join up on r.id = up.parent_id
          where r.org_id = ${orgId} and up.depth < ${max}
        )
        select id from up where depth > 0 order by depth`.execute(db);
      return result.rows.map((r) => r.id);
    },
    async subtreeHeight(orgId, resourceId, max) {
      const result = await sql<{ height: number | null }>`
        with recursive down (id, depth) as (
          select id, 0 from resources where org_id = ${orgId} and id = ${resourceId}
          union all
          select r.id, down.depth + 1 from resources r join down on r.parent_id = down.id
          where r.org_id = ${orgId} and down.depth < ${max}
        )
        select max(depth)::int as height from down`.execute(db);
      return Number(result.rows[0]?.height ?? 0);
    },
    async loadResourceIndex(orgId) {
      const [types, resources] = await Promise.all([
        db.selectFrom('resource_types').selectAll().where('org_id', '=', orgId).execute(),
        db.selectFrom('resources').selectAll().where('org_id', '=', orgId).execute(),
      ]);
      return {
        types: types.map((t) => ({ id: t.id, orgId: t.org_id, key: t.key, name: t.name, createdAt: t.created_at })),
        resources: resources.map(resourceRow),
      };
    },

    async listGrantsOfMember(orgId, memberId) {
      const rows = await db.selectFrom('access_grants as g')
        .innerJoin('resource_types as t', 't.id', 'g.type_id')
        .leftJoin('resources as r', 'r.id', 'g.resource_id')
        .selectAll('g')
        .select(['t.key as type_key', 't.name as type_name', 'r.external_id as resource_external_id', 'r.name as resource_name'])
        .where('g.org_id', '=', orgId).where('g.member_id', '=', memberId)
        .orderBy('t.name').orderBy('g.kind').orderBy(sql`lower(r.name)`).orderBy('g.id').execute();
      return rows.map((row) => ({
        ...grantRow(row), typeKey: row.type_key, typeName: row.type_name,
        resourceExternalId: row.resource_external_id, resourceName: row.resource_name,
      }));
    },
    async findGrant(orgId, memberId, grantId) {
      const row = await db.selectFrom('access_grants').selectAll()
        .where('org_id', '=', orgId).where('member_id', '=', memberId).where('id', '=', grantId).executeTakeFirst();
      return row === undefined ? undefined : grantRow(row);
    },
    async insertGrants(grants) {
      // A statement takes at most 65,535 parameters: bulk grants go in slices.
      for (let start = 0; start < grants.length; start += GRANT_INSERT_SLICE) {
        await db.insertInto('access_grants').values(grants.slice(start, start + GRANT_INSERT_SLICE).map((g) => ({
          id: g.id, org_id: g.orgId, member_id: g.memberId, kind: g.kind, type_id: g.typeId, resource_id: g.resourceId,
          role_id: g.roleId, expires_at: g.expiresAt, expiry_recorded_at: null, created_by_member_id: g.createdByMemberId,
          created_at: g.createdAt,
        }))).execute();
      }
    },
    async updateGrant(orgId, grantId, patch) {
      await db.updateTable('access_grants').set({
        ...(patch.roleId !== undefined && { role_id: patch.roleId }),
        // A new expiry is a new end to record when it passes.
        ...(patch.expiresAt !== undefined && { expires_at: patch.expiresAt, expiry_recorded_at: null }),
      }).where('org_id', '=', orgId).where('id', '=', grantId).execute();
    },
    async deleteGrant(orgId, grantId) {
      await db.deleteFrom('access_grants').where('org_id', '=', orgId).where('id', '=', grantId).execute();
    },
    async loadAccessMembers(orgId, memberIds, userIds) {
      if (memberIds.length === 0 && userIds.length === 0) return [];
      const members = await db.selectFrom('members')
        .select(['id', 'user_id', 'status', 'role_id', 'access_expires_at', 'first_name', 'last_name', 'erased_at'])
        .where('org_id', '=', orgId).where('status', '<>', 'removed')
        .where((eb) => eb.or([
          ...(memberIds.length > 0 ? [eb('id', 'in', memberIds)] : []),
          ...(userIds.length > 0 ? [eb('user_id', 'in', userIds)] : []),
        ]))
        .execute();
      if (members.length === 0) return [];
      const grants = await db.selectFrom('access_grants').selectAll()
        .where('org_id', '=', orgId).where('member_id', 'in', members.map((m) => m.id)).execute();
      const byMember = new Map<string, AccessGrant[]>();
      for (const row of grants) {
        const list = byMember.get(row.member_id);
        if (list === undefined) byMember.set(row.member_id, [grantRow(row)]);
        else list.push(grantRow(row));
      }
      return members.map((m): AccessMember => ({
        id: m.id, userId: m.user_id, status: m.status as AccessMember['status'], roleId: m.role_id,
        accessExpiresAt: m.access_expires_at,
        name: m.erased_at !== null ? null : `${m.first_name ?? ''} ${m.last_name ?? ''}`.trim() || null,
        grants: byMember.get(m.id) ?? [],
      }));
    },
    async claimExpiredGrants(now, limit) {
      const rows = await db.selectFrom('access_grants').selectAll()
        .where('expires_at', '<=', now).where('expiry_recorded_at', 'is', null)
        .orderBy('expires_at').limit(limit).forUpdate().skipLocked().execute();
      return rows.map(grantRow);
    },
    async markGrantExpiriesRecorded(grantIds, now) {
      if (grantIds.length === 0) return;
      await db.updateTable('access_grants').set({ expiry_recorded_at: now }).where('id', 'in', grantIds).execute();
    },
    async claimExpiredMemberships(now, limit) {
      // Owners never expire (the service refuses the end date); the join keeps it so even if one slipped through.
      const rows = await db.selectFrom('members as m')
        .leftJoin('roles as r', 'r.id', 'm.role_id')
        .selectAll('m')
        .where('m.access_expires_at', '<=', now).where('m.status', 'in', ['active', 'not_activated'])
        .where((eb) => eb.or([eb('r.is_owner', 'is', null), eb('r.is_owner', '=', false)]))
        .orderBy('m.access_expires_at').limit(limit).forUpdate('m').skipLocked().execute();
      return rows.map((row) => memberRowToMember(row) satisfies Member);
    },
  };
}
