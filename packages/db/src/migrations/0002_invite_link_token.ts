import { sql, type Kysely } from 'kysely';

/**
 * Keeps the shared invite link itself, so admins can copy it whenever it is on (issue 4).
 * It only lets someone join with no permissions until an admin gives them a role; invitation
 * tokens and sessions stay stored as hashes. Links made before this migration have no token
 * until they are regenerated.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table organizations add column invite_link_token text`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table organizations drop column invite_link_token`.execute(db);
}
