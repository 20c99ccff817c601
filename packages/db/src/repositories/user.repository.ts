import type { Session, Store, User } from '@roster/core';
import type { Selectable } from 'kysely';
import type { UserTable } from '../schema';
import type { Executor } from './executor';

/** Maps a `users` row to a User; erased rows are not users any more. */
export function userRowToUser(row: Selectable<UserTable>): User | undefined {
  if (row.erased_at !== null || row.email === null) return undefined;
  return {
    id: row.id, email: row.email, firstName: row.first_name ?? '', lastName: row.last_name ?? '',
    passwordHash: row.password_hash, createdAt: row.created_at, lastSignInAt: row.last_sign_in_at,
  };
}

/** Deletes sessions past their expiry; returns how many. Housekeeping, not a domain rule. */
export async function deleteExpiredSessions(db: Executor, now: Date): Promise<number> {
  const result = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Users and sessions. */
export function createUserRepository(db: Executor): Pick<Store,
  'findUserById' | 'findUserByEmail' | 'insertUser' | 'updateUserName' | 'recordSignIn' | 'eraseUser'
  | 'insertSession' | 'findSessionByTokenHash' | 'deleteSessionByTokenHash' | 'deleteSessionsOfUser'> {
  return {
    async findUserById(userId) {
      const row = await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
      return row === undefined ? undefined : userRowToUser(row);
    },
    async findUserByEmail(email) {
      const row = await db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
      return row === undefined ? undefined : userRowToUser(row);
    },
    async insertUser(user) {
      await db.insertInto('users').values({
        id: user.id, email: user.email, first_name: user.firstName, last_name: user.lastName,
        password_hash: user.passwordHash, created_at: user.createdAt, last_sign_in_at: user.lastSignInAt, erased_at: null,
      }).execute();
    },
    async updateUserName(userId, firstName, lastName, now) {
      await db.updateTable('users').set({ first_name: firstName, last_name: lastName }).where('id', '=', userId).execute();
      await db.updateTable('members').set({ first_name: firstName, last_name: lastName, updated_at: now })
        .where('user_id', '=', userId).where('status', '<>', 'removed').execute();
    },
    async recordSignIn(userId, at) {
      await db.updateTable('users').set({ last_sign_in_at: at }).where('id', '=', userId).execute();
      await db.updateTable('members').set({ last_connection_at: at })
        .where('user_id', '=', userId).where('status', '<>', 'removed').execute();
    },
    async eraseUser(userId, now) {
      await db.updateTable('users')
        .set({ email: null, first_name: null, last_name: null, password_hash: null, erased_at: now })
        .where('id', '=', userId).execute();
    },
    async insertSession(session: Session, tokenHash: string) {
      await db.insertInto('sessions').values({
        id: session.id, token_hash: tokenHash, user_id: session.userId, created_at: session.createdAt, expires_at: session.expiresAt,
      }).execute();
    },
    async findSessionByTokenHash(tokenHash, now) {
      const row = await db.selectFrom('sessions').selectAll()
        .where('token_hash', '=', tokenHash).where('expires_at', '>', now).executeTakeFirst();
      return row === undefined ? undefined
        : { id: row.id, userId: row.user_id, createdAt: row.created_at, expiresAt: row.expires_at };
    },
    async deleteSessionByTokenHash(tokenHash) {
      await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
    },
    async deleteSessionsOfUser(userId) {
      await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
    },
  };
}
