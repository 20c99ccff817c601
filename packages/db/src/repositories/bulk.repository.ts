import type { GrantRow, MemberKind, MemberTagRef, PlanAction, Store, StoredMemberStatus } from '@roster/core';
import { sql } from 'kysely';
import { grantRow } from './access.repository';
import type { Executor } from './executor';
import { memberFilterCondition } from './member.repository';
import { roleRowToRole } from './organization.repository';

type BulkMethods =
  | 'listTags' | 'listTagCatalogue' | 'findTag' | 'insertTags' | 'renameTag' | 'deleteTag' | 'listTagsOfMembers' | 'addMemberTags' | 'addTagToMembers' | 'removeMemberTags'
  | 'loadPlanMembers' | 'updateMembersBulk' | 'endSessionsWithoutOtherAccessBulk' | 'revokeInvitationsOfMembers'
  | 'setInvitationRoleOfMembers' | 'listGrantsOfMembers' | 'deleteGrants' | 'insertPlan' | 'findPlan' | 'readPlanPages' | 'markPlanApplied';

/** Tags, plans, and the set-based writes of bulk actions: one statement for many members. */
export function createBulkRepository(db: Executor): Pick<Store, BulkMethods> {
  return {
    async listTags(orgId) {
      const rows = await sql<{ id: string; org_id: string; name: string; created_at: Date; n: string }>`
        select t.id, t.org_id, t.name, t.created_at,
          (select count(*) from member_tags mt join members m on m.id = mt.member_id
           where mt.tag_id = t.id and m.status <> 'removed') as n
        from tags t where t.org_id = ${orgId} order by lower(t.name), t.id`.execute(db);
      return rows.rows.map((r) => ({ id: r.id, orgId: r.org_id, name: r.name, createdAt: new Date(r.created_at), memberCount: Number(r.n) }));
    },
    async listTagCatalogue(orgId) {
      const rows = await db.selectFrom('tags').selectAll().where('org_id', '=', orgId).orderBy(sql`lower(name)`).orderBy('id').execute();
      return rows.map((row) => ({ id: row.id, orgId: row.org_id, name: row.name, createdAt: row.created_at }));
    },
    async findTag(orgId, tagId) {
      const row = await db.selectFrom('tags').selectAll().where('org_id', '=', orgId).where('id', '=', tagId).executeTakeFirst();
      return row === undefined ? undefined : { id: row.id, orgId: row.org_id, name: row.name, createdAt: row.created_at };
    },
    async insertTags(tags) {
      if (tags.length === 0) return;
      await sql`
        insert into tags (id, org_id, name, created_at)
        select * from unnest(${tags.map((t) => t.id)}::text[], ${tags.map((t) => t.orgId)}::text[],
          ${tags.map((t) => t.name)}::text[], ${tags.map((t) => t.createdAt.toISOString())}::timestamptz[])`.execute(db);
    },
    async renameTag(orgId, tagId, name) {
      await db.updateTable('tags').set({ name }).where('org_id', '=', orgId).where('id', '=', tagId).execute();
    },
    async deleteTag(orgId, tagId) {
      await db.deleteFrom('member_tags').where('org_id', '=', orgId).where('tag_id', '=', tagId).execute();
      await db.deleteFrom('tags').where('org_id', '=', orgId).where('id', '=', tagId).execute();
    },
    async listTagsOfMembers(orgId, memberIds) {
      const byMember = new Map<string, MemberTagRef[]>();
      if (memberIds.length === 0) return byMember;
      const rows = await sql<{ member_id: string; id: string; name: string }>`
        select mt.member_id, t.id, t.name from member_tags mt join tags t on t.id = mt.tag_id
        where mt.org_id = ${orgId} and mt.member_id in (select unnest(${memberIds}::text[]))
        order by lower(t.name), t.id`.execute(db);
      for (const row of rows.rows) {
        const list = byMember.get(row.member_id);
        if (list === undefined) byMember.set(row.member_id, [{ id: row.id, name: row.name }]);
        else list.push({ id: row.id, name: row.name });
      }
      return byMember;
    },
    async addMemberTags(orgId, pairs) {
      if (pairs.length === 0) return;
      await sql`
        insert into member_tags (member_id, tag_id, org_id)
        select p.member_id, p.tag_id, ${orgId} from unnest(${pairs.map((p) => p[0])}::text[], ${pairs.map((p) => p[1])}::text[])
          as p (member_id, tag_id)
        on conflict do nothing`.execute(db);
    },
    async addTagToMembers(orgId, tagId, memberIds) {
      if (memberIds.length === 0) return;
      await sql`
        insert into member_tags (member_id, tag_id, org_id)
        select member_id, ${tagId}, ${orgId} from unnest(${memberIds}::text[]) as p (member_id)
        on conflict do nothing`.execute(db);
    },
    async removeMemberTags(orgId, pairs) {
      if (pairs.length === 0) return;
      await sql`
        delete from member_tags mt using unnest(${pairs.map((p) => p[0])}::text[], ${pairs.map((p) => p[1])}::text[]) as p (member_id, tag_id)
        where mt.org_id = ${orgId} and mt.member_id = p.member_id and mt.tag_id = p.tag_id`.execute(db);
    },
    async loadPlanMembers(orgId, selector, lock) {
      // Long lists join as a set (a hash or index join), never as a linear `= any(array)` per row
      // (PGlite plans statements generically, where `= any($1)` compares every row with every element).
      let from;
      let condition;
      if ('ids' in selector) {
        from = sql`unnest(${selector.ids}::text[]) as wanted (key) join members m on m.id = wanted.key`;
        condition = sql`m.status <> 'removed'`;
      } else if ('emails' in selector) {
        from = sql`unnest(${selector.emails}::text[]) as wanted (key) join members m on m.email = wanted.key`;
        condition = sql`m.status <> 'removed'`;
      } else {
        from = sql`members m`;
        condition = memberFilterCondition(selector.filter, selector.now);
      }
      // Only what a plan reads, and roles once from their own table: 100,000 rows parse fast.
      const [rows, roles] = await Promise.all([
        sql<{
          id: string; user_id: string | null; email: string | null; first_name: string | null; last_name: string | null;
          description: string; role_id: string | null; kind: string; status: string; invitation_id: string | null;
          invite_expires_at: Date | null; access_expires_at: Date | null; tag_ids: string[];
        }>`
          select m.id, m.user_id, m.email, m.first_name, m.last_name, m.description, m.role_id, m.kind, m.status,
            m.invitation_id, m.invite_expires_at, m.access_expires_at,
            coalesce((select array_agg(mt.tag_id order by mt.tag_id) from member_tags mt where mt.member_id = m.id), '{}') as tag_ids
          from ${from}
          where m.org_id = ${orgId} and ${condition}
          order by m.id
          ${lock ? sql`for update of m` : sql``}`.execute(db),
        db.selectFrom('roles').selectAll().where('org_id', '=', orgId).execute(),
      ]);
      const byId = new Map(roles.map((row) => [row.id, roleRowToRole(row)]));
      return rows.rows.map((row) => ({
        member: {
          id: row.id, orgId, userId: row.user_id, email: row.email, firstName: row.first_name, lastName: row.last_name,
          description: row.description, roleId: row.role_id, kind: row.kind as MemberKind, status: row.status as StoredMemberStatus,
          invitationId: row.invitation_id, inviteExpiresAt: row.invite_expires_at, accessExpiresAt: row.access_expires_at,
        },
        role: row.role_id === null ? null : byId.get(row.role_id) ?? null,
        tagIds: row.tag_ids,
      }));
    },
    async updateMembersBulk(orgId, memberIds, patch) {
      if (memberIds.length === 0) return;
      await db.updateTable('members').set({
        ...(patch.status !== undefined && { status: patch.status }),
        ...(patch.roleId !== undefined && { role_id: patch.roleId, role_rank: sql<number>`(select rank from roles where id = ${patch.roleId})` }),
        ...(patch.accessExpiresAt !== undefined && { access_expires_at: patch.accessExpiresAt }),
        updated_at: patch.updatedAt,
      }).where('org_id', '=', orgId).where(sql<boolean>`id in (select unnest(${memberIds}::text[]))`).execute();
    },
    async endSessionsWithoutOtherAccessBulk(userIds, exceptOrgId) {
      if (userIds.length === 0) return;
      await sql`
        delete from sessions s where s.user_id in (select unnest(${userIds}::text[]))
        and not exists (
          select 1 from members m where m.user_id = s.user_id and m.org_id <> ${exceptOrgId}
          and m.status in ('active', 'not_activated'))`.execute(db);
    },
    async revokeInvitationsOfMembers(orgId, memberIds, now) {
      if (memberIds.length === 0) return;
      await sql`
        update invitations set revoked_at = ${now}
        where org_id = ${orgId} and member_id in (select unnest(${memberIds}::text[])) and accepted_at is null and revoked_at is null`.execute(db);
    },
    async setInvitationRoleOfMembers(orgId, memberIds, roleId) {
      if (memberIds.length === 0) return;
      await sql`
        update invitations set role_id = ${roleId}
        where org_id = ${orgId} and member_id in (select unnest(${memberIds}::text[])) and accepted_at is null and revoked_at is null`.execute(db);
    },
    async listGrantsOfMembers(orgId, memberIds) {
      const byMember = new Map<string, GrantRow[]>();
      if (memberIds.length === 0) return byMember;
      const rows = await db.selectFrom('access_grants as g')
        .innerJoin('resource_types as t', 't.id', 'g.type_id')
        .leftJoin('resources as r', 'r.id', 'g.resource_id')
        .selectAll('g')
        .select(['t.key as type_key', 't.name as type_name', 'r.external_id as resource_external_id', 'r.name as resource_name'])
        .where('g.org_id', '=', orgId).where(sql<boolean>`g.member_id in (select unnest(${memberIds}::text[]))`)
        .orderBy('g.member_id').orderBy('t.name').orderBy('g.kind').orderBy(sql`lower(r.name)`).orderBy('g.id').execute();
      for (const row of rows) {
        const grant: GrantRow = {
          ...grantRow(row), typeKey: row.type_key, typeName: row.type_name,
          resourceExternalId: row.resource_external_id, resourceName: row.resource_name,
        };
        const list = byMember.get(grant.memberId);
        if (list === undefined) byMember.set(grant.memberId, [grant]);
        else list.push(grant);
      }
      return byMember;
    },
    async deleteGrants(orgId, grantIds) {
      if (grantIds.length === 0) return;
      await sql`delete from access_grants where org_id = ${orgId} and id in (select unnest(${grantIds}::text[]))`.execute(db);
    },
    async insertPlan(plan, pages) {
      await db.insertInto('plans').values({
        id: plan.id, org_id: plan.orgId, action: plan.action, created_by_member_id: plan.createdByMemberId,
        created_by_token_id: plan.createdByTokenId, input: plan.input, summary: plan.summary, digest: plan.digest,
        created_at: plan.createdAt, expires_at: plan.expiresAt, applied_at: plan.appliedAt,
      }).execute();
      // Each page its own parameter: JSON inside an array literal would be escaped quote by quote.
      for (let start = 0; start < pages.length; start += 500) {
        await db.insertInto('plan_pages').values(pages.slice(start, start + 500).map((p) => ({
          plan_id: plan.id, outcome: p.outcome, page: p.page, rows: p.rows,
        }))).execute();
      }
    },
    async findPlan(orgId, planId, lock) {
      let query = db.selectFrom('plans').selectAll().where('org_id', '=', orgId).where('id', '=', planId);
      if (lock) query = query.forUpdate();
      const row = await query.executeTakeFirst();
      return row === undefined ? undefined : {
        id: row.id, orgId: row.org_id, action: row.action as PlanAction, createdByMemberId: row.created_by_member_id,
        createdByTokenId: row.created_by_token_id, input: row.input, summary: row.summary, digest: row.digest,
        createdAt: row.created_at, expiresAt: row.expires_at, appliedAt: row.applied_at,
      };
    },
    async readPlanPages(orgId, planId, outcome, from, to) {
      const rows = await db.selectFrom('plan_pages as pp').innerJoin('plans as p', 'p.id', 'pp.plan_id').select('pp.rows')
        .where('p.org_id', '=', orgId).where('pp.plan_id', '=', planId).where('pp.outcome', '=', outcome)
        .where('pp.page', '>=', from).where('pp.page', '<=', to).orderBy('pp.page').execute();
      return rows.map((r) => r.rows);
    },
    async markPlanApplied(orgId, planId, now) {
      await db.updateTable('plans').set({ applied_at: now }).where('org_id', '=', orgId).where('id', '=', planId).execute();
    },
  };
}

/** Deletes plans past their expiry (applied or not); returns how many. */
export async function deleteExpiredPlans(db: Executor, now: Date): Promise<number> {
  const result = await db.deleteFrom('plans').where('expires_at', '<', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
