import type { AuditEntry, Store } from '@roster/core';
import { sql, type Insertable } from 'kysely';
import type { AuditEventTable } from '../schema';
import type { Executor } from './executor';

/** The row an audit entry is stored as. */
export function auditInsertRow(entry: Omit<AuditEntry, 'id'>): Insertable<AuditEventTable> {
  return {
    org_id: entry.orgId, actor_member_id: entry.actorMemberId, actor_user_id: entry.actorUserId, action: entry.action,
    target_type: entry.targetType, target_id: entry.targetId, target_member_id: entry.targetMemberId,
    actor_token_id: entry.actorTokenId ?? null,
    before: entry.before === null ? null : JSON.stringify(entry.before),
    after: entry.after === null ? null : JSON.stringify(entry.after),
    created_at: entry.createdAt,
  };
}

/** The audit log: append and read. */
export function createAuditRepository(db: Executor): Pick<Store, 'appendAudit' | 'listAudit'> {
  return {
    async appendAudit(entry) {
      await db.insertInto('audit_events').values(auditInsertRow(entry)).execute();
    },
    async listAudit(orgId, beforeId, limit) {
      let query = db.selectFrom('audit_events as a')
        .leftJoin('members as am', 'am.id', 'a.actor_member_id')
        .leftJoin('members as tm', 'tm.id', 'a.target_member_id')
        .select([
          sql<string>`a.id::text`.as('id'), 'a.org_id', 'a.actor_member_id', 'a.actor_user_id', 'a.action', 'a.target_type',
          'a.target_id', 'a.target_member_id', 'a.before', 'a.after', 'a.created_at',
          sql<string | null>`nullif(trim(coalesce(am.first_name, '') || ' ' || coalesce(am.last_name, '')), '')`.as('actor_name'),
          'am.email as actor_email', sql<boolean>`am.erased_at is not null`.as('actor_erased'),
          sql<string | null>`nullif(trim(coalesce(tm.first_name, '') || ' ' || coalesce(tm.last_name, '')), '')`.as('target_name'),
          'tm.email as target_email', sql<boolean>`tm.erased_at is not null`.as('target_erased'),
        ])
        .where('a.org_id', '=', orgId);
      if (beforeId !== undefined) query = query.where(sql`a.id`, '<', sql`${beforeId}::bigint`);
      const rows = await query.orderBy('a.id', 'desc').limit(limit).execute();
      return rows.map((row) => ({
        id: row.id, orgId: row.org_id, actorMemberId: row.actor_member_id, actorUserId: row.actor_user_id, action: row.action,
        targetType: row.target_type, targetId: row.target_id, targetMemberId: row.target_member_id,
        before: row.before as Record<string, unknown> | null, after: row.after as Record<string, unknown> | null,
        createdAt: row.created_at, actorName: row.actor_name, actorEmail: row.actor_email, actorErased: row.actor_erased === true,
        targetName: row.target_name, targetEmail: row.target_email, targetErased: row.target_erased === true,
      }));
    },
  };
}

/** Many audit entries in one statement, as arrays: a bulk action's thousands cost one round trip. */
export async function insertAuditRows(db: Executor, rows: ReadonlyArray<Insertable<AuditEventTable>>): Promise<void> {
  if (rows.length === 0) return;
  const column = <K extends keyof Insertable<AuditEventTable>>(key: K) => rows.map((row) => row[key] ?? null);
  const json = (key: 'before' | 'after') => rows.map((row) => (row[key] === null || row[key] === undefined ? null : String(row[key])));
  await sql`
    insert into audit_events (org_id, actor_member_id, actor_user_id, action, target_type, target_id, target_member_id,
      actor_token_id, before, after, created_at)
    select org_id, actor_member_id, actor_user_id, action, target_type, target_id, target_member_id, actor_token_id,
      before::jsonb, after::jsonb, created_at
    from unnest(${column('org_id')}::text[], ${column('actor_member_id')}::text[], ${column('actor_user_id')}::text[],
      ${column('action')}::text[], ${column('target_type')}::text[], ${column('target_id')}::text[],
      ${column('target_member_id')}::text[], ${column('actor_token_id')}::text[], ${json('before')}::text[], ${json('after')}::text[],
      ${rows.map((row) => (row.created_at as Date).toISOString())}::timestamptz[])
      as t (org_id, actor_member_id, actor_user_id, action, target_type, target_id, target_member_id, actor_token_id, before, after, created_at)
    order by created_at`.execute(db);
}
