import {
  DELETED_USER, escapeHtml, senderName, type Member, type MemberCounts, type MemberKind, type MemberFilter, type MemberListQuery, type MemberSort, type MemberTagRef,
  type MemberStatus, type StoredMemberStatus, type Store,
} from '@roster/core';
import { sql, type Expression, type InsertObject, type Selectable, type SqlBool } from 'kysely';
import type { Database, MemberTable } from '../schema';
import type { Executor } from './executor';
import { organizationRowToOrganization, roleRowToRole } from './organization.repository';

/** Maps a `members` row to a Member. */
export function memberRowToMember(row: Selectable<MemberTable>): Member {
  return {
    id: row.id, orgId: row.org_id, userId: row.user_id, email: row.email, firstName: row.first_name,
    lastName: row.last_name, description: row.description, roleId: row.role_id, kind: row.kind as MemberKind,
    status: row.status as StoredMemberStatus, invitationId: row.invitation_id, inviteExpiresAt: row.invite_expires_at,
    invitedByMemberId: row.invited_by_member_id, lastConnectionAt: row.last_connection_at,
    accessExpiresAt: row.access_expires_at, createdAt: row.created_at,
    updatedAt: row.updated_at, erasedAt: row.erased_at,
  };
}

const EPOCH = new Date(0);

/** The role's rank, read in the statement that sets the role (the table sorts by it). */
function roleRank(roleId: string | null) {
  return roleId === null ? null : sql<number>`(select rank from roles where id = ${roleId})`;
}

/** The row a member is stored as; the role's rank is copied from the role in the same statement. */
export function memberInsertRow(member: Member): InsertObject<Database, 'members'> {
  return {
    id: member.id, org_id: member.orgId, user_id: member.userId, email: member.email, first_name: member.firstName,
    last_name: member.lastName, description: member.description, role_id: member.roleId,
    role_rank: roleRank(member.roleId),
    kind: member.kind, status: member.status, invitation_id: member.invitationId, invite_expires_at: member.inviteExpiresAt,
    invited_by_member_id: member.invitedByMemberId, last_connection_at: member.lastConnectionAt,
    access_expires_at: member.accessExpiresAt, created_at: member.createdAt, updated_at: member.updatedAt, erased_at: member.erasedAt,
  };
}

const ORGANIZATION_COLUMNS = [
  'o.id as o_id', 'o.name as o_name', 'o.role_template as o_role_template', 'o.invitation_ttl_days as o_ttl',
  'o.invite_link_enabled as o_link_enabled', 'o.invite_link_created_at as o_link_created_at', 'o.created_at as o_created_at',
] as const;

const ROLE_COLUMNS = [
  'r.id as r_id', 'r.key as r_key', 'r.name as r_name', 'r.description as r_description', 'r.rank as r_rank',
  'r.is_owner as r_is_owner', 'r.builtin as r_builtin', 'r.permissions as r_permissions', 'r.created_at as r_created_at',
] as const;

interface JoinedOrganizationColumns {
  o_id: string;
  o_name: string;
  o_role_template: string;
  o_ttl: number;
  o_link_enabled: boolean;
  o_link_created_at: Date | null;
  o_created_at: Date;
}

function joinedOrganization(row: JoinedOrganizationColumns) {
  return organizationRowToOrganization({
    id: row.o_id, name: row.o_name, role_template: row.o_role_template, invitation_ttl_days: row.o_ttl,
    invite_link_enabled: row.o_link_enabled, invite_link_hash: null, invite_link_created_at: row.o_link_created_at,
    created_at: row.o_created_at,
  });
}

interface JoinedRoleColumns {
  org_id: string;
  r_id: string | null;
  r_key: string | null;
  r_name: string | null;
  r_description: string | null;
  r_rank: number | null;
  r_is_owner: boolean | null;
  r_builtin: boolean | null;
  r_permissions: string[] | null;
  r_created_at: Date | null;
}

function joinedRole(row: JoinedRoleColumns) {
  return row.r_id === null ? null : roleRowToRole({
    id: row.r_id, org_id: row.org_id, key: row.r_key ?? '', name: row.r_name ?? '', description: row.r_description ?? '',
    rank: row.r_rank ?? 0, is_owner: row.r_is_owner ?? false, builtin: row.r_builtin ?? false,
    permissions: row.r_permissions ?? [], created_at: row.r_created_at ?? EPOCH,
  });
}

// Each expression matches its index in migration 0001 exactly, so keyset pages are index seeks.
const SORT_EXPRESSIONS: Record<MemberSort, ReturnType<typeof sql<string | number | Date>>> = {
  name: sql<string>`m.sort_name`,
  email: sql<string>`m.email`,
  role: sql<number>`coalesce(m.role_rank, -1)`,
  lastConnection: sql<Date>`coalesce(m.last_connection_at, timestamptz 'epoch')`,
  createdAt: sql<Date>`m.created_at`,
};

function toSortValue(sort: MemberSort, raw: unknown): string | number {
  if (raw instanceof Date) return raw.getTime();
  if (sort === 'role') return Number(raw);
  return String(raw);
}

function toSqlValue(sort: MemberSort, value: string | number): string | number | Date {
  return sort === 'lastConnection' || sort === 'createdAt' ? new Date(value) : value;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The members table's filters as one condition on `members as m` (not removed rows only). */
export function memberFilterCondition(filter: MemberFilter, now: Date): Expression<SqlBool> {
  const parts: Array<Expression<SqlBool>> = [sql<SqlBool>`m.status <> 'removed'`];
  if (filter.kind !== undefined) parts.push(sql<SqlBool>`m.kind = ${filter.kind}`);
  if (filter.roleId !== undefined) parts.push(sql<SqlBool>`m.role_id = ${filter.roleId}`);
  if (filter.status === 'invite_pending') {
    parts.push(sql<SqlBool>`m.status = 'invite_pending' and m.invite_expires_at > ${now}`);
  } else if (filter.status === 'invite_expired') {
    parts.push(sql<SqlBool>`m.status = 'invite_pending' and m.invite_expires_at <= ${now}`);
  } else if (filter.status !== undefined) {
    parts.push(sql<SqlBool>`m.status = ${filter.status}`);
  }
  if (filter.tagId !== undefined) {
    parts.push(sql<SqlBool>`exists (select 1 from member_tags mt where mt.member_id = m.id and mt.tag_id = ${filter.tagId})`);
  }
  if (filter.q !== undefined) parts.push(sql<SqlBool>`m.search_text like ${`%${escapeLike(filter.q)}%`}`);
  return sql<SqlBool>`(${sql.join(parts, sql` and `)})`;
}

const STATUSES: MemberStatus[] = ['invite_pending', 'invite_expired', 'not_activated', 'active', 'deactivated'];

/** Members: the table, the rows, the counts. */
export function createMemberRepository(db: Executor): Pick<Store,
  'insertMember' | 'findMember' | 'lockMember' | 'findCurrentMemberByEmail' | 'findMembershipOfUser'
  | 'updateMember'
  | 'listMembers' | 'countMembers' | 'countActiveOwners' | 'listMembershipsOfUser' | 'listRemovedMembershipsOfUser'
  | 'eraseMember' | 'listMembersForExport'> {
  return {
    async insertMember(member) {
      await db.insertInto('members').values(memberInsertRow(member)).execute();
    },
    async findMember(orgId, memberId) {
      const row = await db.selectFrom('members').selectAll().where('org_id', '=', orgId).where('id', '=', memberId).executeTakeFirst();
      return row === undefined ? undefined : memberRowToMember(row);
    },
    async lockMember(orgId, memberId) {
      const row = await db.selectFrom('members').selectAll().where('org_id', '=', orgId).where('id', '=', memberId)
        .forUpdate().executeTakeFirst();
      return row === undefined ? undefined : memberRowToMember(row);
    },
    async findCurrentMemberByEmail(orgId, email) {
      const row = await db.selectFrom('members').selectAll().where('org_id', '=', orgId).where('email', '=', email)
        .where('status', '<>', 'removed').executeTakeFirst();
      return row === undefined ? undefined : memberRowToMember(row);
    },
    async findMembershipOfUser(orgId, userId) {
      const row = await db.selectFrom('members as m').leftJoin('roles as r', 'r.id', 'm.role_id')
        .innerJoin('organizations as o', 'o.id', 'm.org_id')
        .selectAll('m')
        .select(ORGANIZATION_COLUMNS)
        .select(ROLE_COLUMNS)
        .where('m.org_id', '=', orgId).where('m.user_id', '=', userId).where('m.status', '<>', 'removed')
        .executeTakeFirst();
      if (row === undefined) return undefined;
      return { member: memberRowToMember(row), role: joinedRole(row), organization: joinedOrganization(row) };
    },
    async updateMember(orgId, memberId, patch) {
      await db.updateTable('members').set({
        ...(patch.userId !== undefined && { user_id: patch.userId }),
        ...(patch.email !== undefined && { email: patch.email }),
        ...(patch.firstName !== undefined && { first_name: patch.firstName }),
        ...(patch.lastName !== undefined && { last_name: patch.lastName }),
        ...(patch.description !== undefined && { description: patch.description }),
        ...(patch.roleId !== undefined && { role_id: patch.roleId, role_rank: roleRank(patch.roleId) }),
        ...(patch.kind !== undefined && { kind: patch.kind }),
        ...(patch.status !== undefined && { status: patch.status }),
        ...(patch.invitationId !== undefined && { invitation_id: patch.invitationId }),
        ...(patch.inviteExpiresAt !== undefined && { invite_expires_at: patch.inviteExpiresAt }),
        ...(patch.lastConnectionAt !== undefined && { last_connection_at: patch.lastConnectionAt }),
        ...(patch.accessExpiresAt !== undefined && { access_expires_at: patch.accessExpiresAt }),
        ...(patch.updatedAt !== undefined && { updated_at: patch.updatedAt }),
        ...(patch.erasedAt !== undefined && { erased_at: patch.erasedAt }),
      }).where('org_id', '=', orgId).where('id', '=', memberId).execute();
    },
    async listMembersForExport(orgId, filter, now, after, limit) {
      // Text straight from the database (ISO dates, the visible status, tags joined): no Date
      // objects to parse and format again for 100,000 rows.
      const iso = (column: string) => sql<string>`coalesce(to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), '')`;
      const position = after === undefined ? sql`true` : sql`(m.sort_name, m.id) > (${after.sortName}, ${after.id})`;
      const rows = await sql<{
        id: string; sort_name: string; name: string; email: string; role_name: string; status: string; kind: string;
        last_connection_at: string; access_expires_at: string; created_at: string; tags: string;
      }>`
        select m.id, m.sort_name, trim(coalesce(m.first_name, '') || ' ' || coalesce(m.last_name, '')) as name,
          coalesce(m.email, '') as email, coalesce(r.name, '') as role_name,
          case when m.status = 'invite_pending' and m.invite_expires_at <= ${now} then 'invite_expired' else m.status end as status,
          m.kind, ${iso('m.last_connection_at')} as last_connection_at, ${iso('m.access_expires_at')} as access_expires_at,
          ${iso('m.created_at')} as created_at,
          coalesce((select string_agg(t.name, ', ' order by lower(t.name), t.id) from member_tags mt join tags t on t.id = mt.tag_id
            where mt.member_id = m.id), '') as tags
        from members m left join roles r on r.id = m.role_id
        where m.org_id = ${orgId} and ${memberFilterCondition(filter, now)} and ${position}
        order by m.sort_name, m.id
        limit ${limit}`.execute(db);
      return rows.rows.map((row) => ({
        id: row.id, sortName: row.sort_name, name: row.name, email: row.email, roleName: row.role_name,
        status: row.status as MemberStatus, kind: row.kind as MemberKind, lastConnectionAt: row.last_connection_at,
        accessExpiresAt: row.access_expires_at, createdAt: row.created_at, tags: row.tags,
      }));
    },
    async listMembers(query: MemberListQuery) {
      const sortExpr = SORT_EXPRESSIONS[query.sort];
      const direction = query.order === 'desc' ? sql`desc` : sql`asc`;
      let select = db.selectFrom('members as m').leftJoin('roles as r', 'r.id', 'm.role_id')
        .selectAll('m')
        .select([sortExpr.as('sort_value'), 'r.id as r_id', 'r.key as r_key', 'r.name as r_name', 'r.rank as r_rank'])
        // Tags come with the page, not in a second round trip: a few index probes for 50 rows.
        .select(sql<MemberTagRef[]>`coalesce((select json_agg(json_build_object('id', t.id, 'name', t.name) order by lower(t.name), t.id)
          from member_tags mt join tags t on t.id = mt.tag_id where mt.member_id = m.id), '[]'::json)`.as('tags'))
        .where('m.org_id', '=', query.orgId).where('m.status', '<>', 'removed');
      select = select.where(memberFilterCondition(query, query.now));
      if (query.after !== undefined) {
        const value = toSqlValue(query.sort, query.after.value);
        const comparison: Expression<SqlBool> = query.order === 'desc'
          ? sql<SqlBool>`(${sortExpr}, m.id) < (${value}, ${query.after.id})`
          : sql<SqlBool>`(${sortExpr}, m.id) > (${value}, ${query.after.id})`;
        select = select.where(comparison);
      }
      const rows = await select.orderBy(sql`${sortExpr} ${direction}`).orderBy(sql`m.id ${direction}`).limit(query.limit).execute();
      return rows.map((row) => ({
        member: memberRowToMember(row),
        role: row.r_id === null ? null : { id: row.r_id, key: row.r_key ?? '', name: row.r_name ?? '', rank: row.r_rank ?? 0 },
        sortValue: toSortValue(query.sort, row.sort_value),
        tags: row.tags,
      }));
    },
    async countMembers(orgId, kind, now): Promise<MemberCounts> {
      const rows = await sql<{ kind: string; status: string; n: number }>`
        select kind, status, n from member_counts where org_id = ${orgId}
        union all
        select kind, 'invite_expired' as status, count(*)::int as n from members
        where org_id = ${orgId} and status = 'invite_pending' and invite_expires_at <= ${now}
        group by kind`.execute(db);
      const counts: MemberCounts = {
        total: 0, byKind: { member: 0, external: 0 },
        byStatus: Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<MemberStatus, number>,
      };
      for (const row of rows.rows) {
        const n = Number(row.n);
        const rowKind = row.kind as MemberKind;
        const status = row.status as MemberStatus;
        if (status === 'invite_expired') {
          // Expired invitations are stored as pending: move them from one count to the other.
          if (kind === undefined || kind === rowKind) {
            counts.byStatus.invite_expired += n;
            counts.byStatus.invite_pending -= n;
          }
          continue;
        }
        counts.byKind[rowKind] += n;
        if (kind === undefined || kind === rowKind) {
          counts.byStatus[status] += n;
          counts.total += n;
        }
      }
      return counts;
    },
    async countActiveOwners(orgId) {
      const row = await db.selectFrom('members as m').innerJoin('roles as r', 'r.id', 'm.role_id')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('m.org_id', '=', orgId).where('m.status', '=', 'active').where('r.is_owner', '=', true)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async listMembershipsOfUser(userId) {
      const rows = await db.selectFrom('members as m')
        .innerJoin('organizations as o', 'o.id', 'm.org_id')
        .leftJoin('roles as r', 'r.id', 'm.role_id')
        .selectAll('m')
        .select(ORGANIZATION_COLUMNS)
        .select(ROLE_COLUMNS)
        .where('m.user_id', '=', userId).where('m.status', '<>', 'removed')
        .orderBy('o.name').execute();
      return rows.map((row) => ({
        member: memberRowToMember(row),
        organization: joinedOrganization(row),
        role: joinedRole(row),
      }));
    },
    async listRemovedMembershipsOfUser(userId) {
      const rows = await db.selectFrom('members').selectAll().where('user_id', '=', userId).where('status', '=', 'removed')
        .where('erased_at', 'is', null).orderBy('org_id').orderBy('id').execute();
      return rows.map(memberRowToMember);
    },
    async eraseMember(orgId, memberId, now) {
      const member = await db.selectFrom('members').select(['email', 'first_name', 'last_name'])
        .where('org_id', '=', orgId).where('id', '=', memberId).executeTakeFirst();
      await db.updateTable('members').set({
        user_id: null, email: null, first_name: null, last_name: null, description: '', erased_at: now, updated_at: now,
      }).where('org_id', '=', orgId).where('id', '=', memberId).execute();
      await db.updateTable('invitations').set({ email: null }).where('org_id', '=', orgId).where('member_id', '=', memberId).execute();
      // Audit snapshots keep what changed (role, status) and lose who the person was.
      const pii = sql`array['email', 'firstName', 'lastName', 'description']::text[]`;
      await db.updateTable('audit_events').set({
        before: sql`before - ${pii}`, after: sql`after - ${pii}`,
      }).where('org_id', '=', orgId).where('target_member_id', '=', memberId).execute();
      if (member?.email) {
        await db.updateTable('mail_outbox').set({ to_address: DELETED_USER, text_body: null, html_body: null })
          .where('org_id', '=', orgId).where('to_address', '=', member.email).execute();
      }
      if (member !== undefined) {
        // Mail they sent (invitations) names them: the name goes, the rest (and the link) stays.
        const name = senderName({ firstName: member.first_name, lastName: member.last_name });
        await db.updateTable('mail_outbox').set({
          subject: sql`replace(subject, ${name}, ${DELETED_USER})`,
          text_body: sql`replace(text_body, ${name}, ${DELETED_USER})`,
          html_body: sql`replace(html_body, ${escapeHtml(name)}, ${DELETED_USER})`,
          sender_member_id: null,
        }).where('org_id', '=', orgId).where('sender_member_id', '=', memberId).execute();
      }
    },
  };
}
