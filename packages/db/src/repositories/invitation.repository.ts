import type { Invitation, Store } from '@roster/core';
import type { QueryCreator, Selectable } from 'kysely';
import type { Database } from '../schema';
import { memberInsertRow } from './member.repository';
import type { InvitationTable } from '../schema';
import type { Executor } from './executor';

/** Maps an `invitations` row to an Invitation. */
export function invitationRowToInvitation(row: Selectable<InvitationTable>): Invitation {
  return {
    id: row.id, orgId: row.org_id, memberId: row.member_id, email: row.email ?? '', roleId: row.role_id,
    invitedByMemberId: row.invited_by_member_id, expiresAt: row.expires_at, createdAt: row.created_at,
    acceptedAt: row.accepted_at, revokedAt: row.revoked_at,
  };
}

/** Invitations and their link tokens. */
export function createInvitationRepository(db: Executor): Pick<Store,
  'insertInvitation' | 'findInvitation' | 'findInvitationByTokenHash' | 'replaceInvitationToken' | 'updateInvitation'> {
  return {
    async insertInvitation(invitation, tokenHash, newMember) {
      // One statement for every row: foreign keys are checked at its end.
      let creator: QueryCreator<Database> = db;
      if (newMember !== undefined) {
        creator = creator.with('m', (qb) => qb.insertInto('members').values(memberInsertRow(newMember)).returning('id')) as unknown as QueryCreator<Database>;
      }
      await creator.with('i', (qb) => qb.insertInto('invitations').values({
        id: invitation.id, org_id: invitation.orgId, member_id: invitation.memberId, email: invitation.email,
        role_id: invitation.roleId, invited_by_member_id: invitation.invitedByMemberId, expires_at: invitation.expiresAt,
        created_at: invitation.createdAt, accepted_at: null, revoked_at: null,
      }).returning('id'))
        .insertInto('invitation_tokens').values({
          token_hash: tokenHash, invitation_id: invitation.id, created_at: invitation.createdAt, replaced_at: null,
        }).execute();
    },
    async findInvitation(orgId, invitationId) {
      const row = await db.selectFrom('invitations').selectAll().where('org_id', '=', orgId).where('id', '=', invitationId)
        .executeTakeFirst();
      return row === undefined ? undefined : invitationRowToInvitation(row);
    },
    async findInvitationByTokenHash(tokenHash, lock) {
      let query = db.selectFrom('invitation_tokens as t').innerJoin('invitations as i', 'i.id', 't.invitation_id')
        .selectAll('i').select('t.replaced_at as token_replaced_at').where('t.token_hash', '=', tokenHash);
      if (lock) query = query.forUpdate('i');
      const row = await query.executeTakeFirst();
      if (row === undefined || row.email === null) return undefined;
      return { invitation: invitationRowToInvitation(row), tokenReplaced: row.token_replaced_at !== null };
    },
    async replaceInvitationToken(invitationId, tokenHash, now) {
      await db.updateTable('invitation_tokens').set({ replaced_at: now })
        .where('invitation_id', '=', invitationId).where('replaced_at', 'is', null).execute();
      await db.insertInto('invitation_tokens').values({
        token_hash: tokenHash, invitation_id: invitationId, created_at: now, replaced_at: null,
      }).execute();
    },
    async updateInvitation(orgId, invitationId, patch) {
      await db.updateTable('invitations').set({
        ...(patch.expiresAt !== undefined && { expires_at: patch.expiresAt }),
        ...(patch.acceptedAt !== undefined && { accepted_at: patch.acceptedAt }),
        ...(patch.revokedAt !== undefined && { revoked_at: patch.revokedAt }),
        ...(patch.roleId !== undefined && { role_id: patch.roleId }),
      }).where('org_id', '=', orgId).where('id', '=', invitationId).execute();
    },
  };
}
