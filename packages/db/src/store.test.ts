import { ErrorCodes, isRosterError, type Member } from '@roster/core';
import { createTestDatabase, describeEachEngine, testEngines, type TestDatabase } from '@roster/testing';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LISTEN_RESET } from './create-db';
import { deleteExpiredSessions } from './repositories/user.repository';
import { createStore, createTransactor } from './store';

describeEachEngine('store', (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
    const store = createStore(database.db.kysely);
    const now = new Date('2026-11-01T00:00:00Z');
    await store.insertOrganization({
      id: 'org_a', name: 'A', roleTemplate: 'default', invitationTtlDays: 7, inviteLinkEnabled: false, inviteLinkCreatedAt: null, createdAt: now,
    });
    await store.insertRoles([{
      id: 'role_a', orgId: 'org_a', key: 'viewer', name: 'Viewer', description: '', rank: 10, isOwner: false, builtin: true,
      permissions: ['members.read'], createdAt: now,
    }]);
  });
  afterAll(async () => {
    await database.drop();
  });

  function member(i: number, status: Member['status'], kind: Member['kind']): Member {
    const at = new Date(Date.UTC(2026, 10, 1, 0, 0, i));
    return {
      id: `mem_${i}`, orgId: 'org_a', userId: null, email: `m${i}@example.com`, firstName: 'M', lastName: String(i), description: '',
      roleId: 'role_a', kind, status, invitationId: null, inviteExpiresAt: status === 'invite_pending' ? at : null,
      invitedByMemberId: null, lastConnectionAt: null, accessExpiresAt: null, createdAt: at, updatedAt: at, erasedAt: null,
    };
  }

  it('keeps member_counts equal to the rows, whatever inserts, updates and deletes happen', async () => {
    const store = createStore(database.db.kysely);
    const statuses: Member['status'][] = ['invite_pending', 'not_activated', 'active', 'deactivated', 'removed'];
    const kinds: Member['kind'][] = ['member', 'external'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    for (let i = 0; i < 60; i++) await store.insertMember(member(i, statuses[next() % 5]!, kinds[next() % 2]!));
    for (let i = 0; i < 120; i++) {
      await store.updateMember('org_a', `mem_${next() % 60}`, { status: statuses[next() % 5]!, kind: kinds[next() % 2]! });
    }
    await database.db.kysely.deleteFrom('members').where('id', 'in', ['mem_1', 'mem_2', 'mem_3']).execute();
    const truth = await sql<{ kind: string; status: string; n: number }>`
      select kind, status, count(*)::int as n from members where org_id = 'org_a' and status <> 'removed' group by kind, status`
      .execute(database.db.kysely);
    const kept = await database.db.kysely.selectFrom('member_counts').select(['kind', 'status', 'n'])
      .where('org_id', '=', 'org_a').where('n', '>', 0).execute();
    const key = (r: { kind: string; status: string; n: number }) => `${r.kind}/${r.status}=${Number(r.n)}`;
    expect(kept.map(key).sort()).toEqual(truth.rows.map(key).sort());
  });

  it('maps a unique violation to its error code inside a transaction and writes nothing', async () => {
    const transactor = createTransactor(database.db);
    const before = await database.db.kysely.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    let error: unknown;
    try {
      await transactor.transaction(async (store) => {
        await store.appendAudit({
          orgId: 'org_a', actorMemberId: null, actorUserId: null, action: 'test', targetType: 'member', targetId: null,
          targetMemberId: null, before: null, after: null, createdAt: new Date(),
        });
        await store.insertMember(member(100, 'active', 'member'));
        await store.insertMember({ ...member(101, 'active', 'member'), email: 'm100@example.com' });
      });
    } catch (e) {
      error = e;
    }
    expect(isRosterError(error, ErrorCodes.INVITATION_ALREADY_PENDING)).toBe(true);
    const after = await database.db.kysely.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    expect(await createStore(database.db.kysely).findMember('org_a', 'mem_100')).toBeUndefined();
  });

  it('writes held-back audit entries at commit, and before an erasure rewrites them', async () => {
    const transactor = createTransactor(database.db);
    await createStore(database.db.kysely).insertMember(member(200, 'active', 'member'));
    await transactor.transaction(async (store) => {
      await store.appendAudit({
        orgId: 'org_a', actorMemberId: null, actorUserId: null, action: 'member.removed', targetType: 'member', targetId: 'mem_200',
        targetMemberId: 'mem_200', before: { email: 'm200@example.com', roleId: 'role_a' }, after: null, createdAt: new Date(),
      });
      await store.eraseMember('org_a', 'mem_200', new Date());
    });
    const entries = await createStore(database.db.kysely).listAudit('org_a', undefined, 50);
    const entry = entries.find((e) => e.targetMemberId === 'mem_200');
    expect(entry?.before).toEqual({ roleId: 'role_a' });
    expect(entry?.targetErased).toBe(true);
  });

  it('sweeps expired sessions and keeps live ones', async () => {
    const store = createStore(database.db.kysely);
    await store.insertUser({
      id: 'usr_s', email: 'sessions@example.com', firstName: 'S', lastName: 'S', passwordHash: 'x', createdAt: new Date(), lastSignInAt: null,
    });
    const now = new Date('2026-11-24T00:00:00Z');
    await store.insertSession({ id: 'ses_old', userId: 'usr_s', createdAt: now, expiresAt: new Date(now.getTime() - 1) }, 'hash_old');
    await store.insertSession({ id: 'ses_new', userId: 'usr_s', createdAt: now, expiresAt: new Date(now.getTime() + 60_000) }, 'hash_new');
    expect(await deleteExpiredSessions(database.db.kysely, now)).toBe(1);
    expect(await store.findSessionByTokenHash('hash_new', now)).toBeDefined();
    expect(await deleteExpiredSessions(database.db.kysely, now)).toBe(0);
  });
});

// Regression (issue 3): prepared statements went stale on running instances after another
// instance's migration changed a table: "cached plan must not change result type", forever.
describe.runIf(testEngines().includes('postgres'))('prepared statements across a schema change [postgres]', () => {
  it('drop the stale connection and retry, in reads and in transactions', async () => {
    const database = await createTestDatabase('postgres', { poolSize: 3 });
    try {
      const transactor = createTransactor(database.db);
      const now = new Date();
      await createStore(database.db.kysely).insertOrganization({
        id: 'org_s', name: 'Before', roleTemplate: 'default', invitationTtlDays: 7, inviteLinkEnabled: false,
        inviteLinkCreatedAt: null, createdAt: now,
      });
      // Use every pooled connection, so each has the statement prepared.
      for (let i = 0; i < 10; i++) {
        await Promise.all([1, 2, 3].map(() => transactor.read((store) => store.lockOrganization('org_s'))));
      }
      const other = new pg.Client({ connectionString: database.url });
      await other.connect();
      await other.query('alter table organizations add column extra text');
      await other.end();
      const read = await transactor.read((store) => store.lockOrganization('org_s'));
      expect(read?.name).toBe('Before');
      const written = await transactor.transaction(async (store) => {
        const locked = await store.lockOrganization('org_s');
        await store.updateOrganization('org_s', { name: 'After' });
        return locked?.name;
      });
      expect(written).toBe('Before');
      for (let i = 0; i < 5; i++) {
        const names = await Promise.all([1, 2, 3].map(() => transactor.read((store) => store.lockOrganization('org_s'))));
        expect(names.map((o) => o?.name)).toEqual(['After', 'After', 'After']);
      }
    } finally {
      await database.drop();
    }
  });
});

describe.runIf(testEngines().includes('postgres'))('listening across a lost connection [postgres]', () => {
  it('reopens the connection, says the listener may have missed something, and hears later notifications', async () => {
    const database = await createTestDatabase('postgres');
    try {
      const heard: string[] = [];
      const stop = await database.db.listen('roster_test_channel', (payload) => heard.push(payload));
      const admin = new pg.Client({ connectionString: database.url });
      await admin.connect();
      await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid() and query ilike 'listen%'`);
      const deadline = Date.now() + 10_000;
      while (!heard.includes(LISTEN_RESET) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(heard).toContain(LISTEN_RESET);
      await admin.query(`select pg_notify('roster_test_channel', 'after')`);
      while (!heard.includes('after') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(heard).toContain('after');
      await admin.end();
      await stop();
    } finally {
      await database.drop();
    }
  });
});
