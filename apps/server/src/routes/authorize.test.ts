/**
 * Every path of the authorization decision, generated as a table: organization role ×
 * membership status × grant kind × grant expiry, each asked about a queue that existed when
 * the grants were made, a queue created later, and no resource at all. The expected answer
 * comes from a small reference written here, independently of the decision code; the state
 * is written with SQL so the table can be large, and the answers come over HTTP.
 */
import { ErrorCodes } from '@roster/core';
import {
  addActiveMember, createTestApp, describeEachEngine, expectError, signUpOwner, type OwnerSetup, type TestApp,
} from '@roster/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROLES = ['viewer', 'annotator', 'admin'] as const;
const STATUSES = ['active', 'deactivated', 'not_activated', 'invite_pending', 'removed', 'membership_expired'] as const;
const GRANTS = ['none', 'direct', 'inherited', 'all_of_type', 'all_existing_of_type', 'direct_as_manager', 'direct_as_viewer'] as const;
const EXPIRIES = ['never', 'future', 'past'] as const;
const TARGETS = ['queue', 'later_queue', 'no_resource'] as const;

type RoleKey = (typeof ROLES)[number];
type Status = (typeof STATUSES)[number];
type GrantKind = (typeof GRANTS)[number];
type Expiry = (typeof EXPIRIES)[number];
type Target = (typeof TARGETS)[number];

interface Row {
  role: RoleKey;
  status: Status;
  grant: GrantKind;
  expiry: Expiry;
  memberId: string;
}

const PERMISSION = 'documents.export';
// Which roles hold the permission asked about, and which reach every resource without a grant.
const HAS_PERMISSION: Record<string, boolean> = { viewer: false, annotator: true, admin: true, manager: true };
const ALL_RESOURCES: Record<string, boolean> = { viewer: false, annotator: false, admin: true, manager: false };

/** The reference: what the answer must be, from the rules as the issue states them. */
function expected(row: Row, target: Target): { allowed: boolean; reason: string } {
  const deny = (reason: string) => ({ allowed: false, reason });
  if (row.status === 'removed') return deny('not_a_member');
  if (row.status === 'invite_pending') return deny('invite_pending');
  if (row.status === 'membership_expired') return deny('membership_expired');
  if (row.status === 'deactivated') return deny('deactivated');
  if (row.status === 'not_activated') return deny('not_activated');
  const orgRoleHas = HAS_PERMISSION[row.role]!;
  if (target === 'no_resource') return orgRoleHas ? { allowed: true, reason: 'role' } : deny('role_lacks_permission');
  if (orgRoleHas && ALL_RESOURCES[row.role]) return { allowed: true, reason: 'role_all_resources' };
  // The queue sits inside the workspace; the later queue sits at the top and was created after the grants.
  const covers = row.grant === 'all_of_type'
    || (target === 'queue' && row.grant !== 'none');
  if (!covers) return ALL_RESOURCES[row.role] ? deny('role_lacks_permission') : deny('no_grant');
  if (row.expiry === 'past') return deny('grant_expired');
  const grantRole = row.grant === 'direct_as_manager' ? 'manager' : row.grant === 'direct_as_viewer' ? 'viewer' : row.role;
  return HAS_PERMISSION[grantRole] ? { allowed: true, reason: 'grant' } : deny('role_lacks_permission');
}

describeEachEngine('authorization decisions', (engine) => {
  let app: TestApp;
  let owner: OwnerSetup;
  let rows: Row[];
  const ids = { workspace: '', queue: '', later: '', typeId: '' };
  const api = () => `/api/v1/orgs/${owner.orgId}`;

  beforeAll(async () => {
    app = await createTestApp(engine);
    owner = await signUpOwner(app);
    const created = (await owner.client.post(`${api()}/resource-types`, { key: 'queue', name: 'Queue' })).body;
    ids.typeId = created.id;
    ids.workspace = (await owner.client.post(`${api()}/resources`, { type: 'queue', externalId: 'ws', name: 'Workspace' })).body.id;
    ids.queue = (await owner.client.post(`${api()}/resources`, {
      type: 'queue', externalId: 'q7', name: 'Queue 7', parent: { id: ids.workspace },
    })).body.id;

    // The table's members and grants, written directly: the write paths have their own tests.
    const db = app.ctx.db.kysely;
    const now = app.clock.now().getTime();
    const at = (offsetMs: number) => new Date(now + offsetMs);
    const day = 24 * 60 * 60 * 1000;
    rows = [];
    const members: Array<Record<string, unknown>> = [];
    const grants: Array<Record<string, unknown>> = [];
    let n = 0;
    for (const role of ROLES) for (const status of STATUSES) for (const grant of GRANTS) for (const expiry of EXPIRIES) {
      n += 1;
      const memberId = `mem_table_${n}`;
      rows.push({ role, status, grant, expiry, memberId });
      members.push({
        id: memberId, org_id: owner.orgId, user_id: null, email: `table${n}@example.com`, first_name: 'Table', last_name: String(n),
        description: '', role_id: status === 'not_activated' ? null : owner.roles[role], role_rank: null, kind: 'member',
        status: status === 'membership_expired' ? 'active' : status, invitation_id: null,
        invite_expires_at: status === 'invite_pending' ? at(7 * day) : null, invited_by_member_id: null, last_connection_at: null,
        access_expires_at: status === 'membership_expired' ? at(-day) : null, created_at: at(-10 * day), updated_at: at(-10 * day), erased_at: null,
      });
      if (grant === 'none') continue;
      const kind = grant === 'all_of_type' || grant === 'all_existing_of_type' ? grant : 'resource';
      grants.push({
        id: `grt_table_${n}`, org_id: owner.orgId, member_id: memberId, kind, type_id: ids.typeId,
        resource_id: kind !== 'resource' ? null : grant === 'inherited' ? ids.workspace : ids.queue,
        role_id: grant === 'direct_as_manager' ? owner.roles.manager : grant === 'direct_as_viewer' ? owner.roles.viewer : null,
        expires_at: expiry === 'never' ? null : at(expiry === 'future' ? day : -day),
        expiry_recorded_at: null, created_by_member_id: null, created_at: at(-5 * day),
      });
    }
    await db.insertInto('members').values(members as never).execute();
    await db.insertInto('access_grants').values(grants as never).execute();
    // The queues existed before the grants were made; the later queue is created after them (now).
    await sql`update resources set created_at = ${at(-6 * day).toISOString()}::timestamptz where org_id = ${owner.orgId}`.execute(db);
    ids.later = (await owner.client.post(`${api()}/resources`, { type: 'queue', externalId: 'q-later', name: 'Later queue' })).body.id;
  });
  afterAll(async () => {
    await app.dispose();
  });

  const resourceOf = (target: Target) => (target === 'queue' ? { id: ids.queue } : target === 'later_queue' ? { type: 'queue', externalId: 'q-later' } : undefined);

  it(`answers all ${ROLES.length * STATUSES.length * GRANTS.length * EXPIRIES.length * TARGETS.length} cells of role × status × grant × expiry × resource as the rules say`, async () => {
    const cells = rows.flatMap((row) => TARGETS.map((target) => ({ row, target })));
    const mismatches: string[] = [];
    for (let i = 0; i < cells.length; i += 100) {
      const chunk = cells.slice(i, i + 100);
      const res = await owner.client.post(`${api()}/authorize`, {
        checks: chunk.map(({ row, target }) => ({ memberId: row.memberId, permission: PERMISSION, resource: resourceOf(target) })),
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.results).toHaveLength(chunk.length);
      chunk.forEach(({ row, target }, j) => {
        const got = res.body.results[j];
        const want = expected(row, target);
        if (got.allowed !== want.allowed || got.reason !== want.reason) {
          mismatches.push(`${row.role}/${row.status}/${row.grant}/${row.expiry} on ${target}: got ${got.reason}, want ${want.reason}`);
        }
      });
    }
    expect(mismatches).toEqual([]);
    // The table is not trivially one-sided: both answers and every reason occur.
    const reasons = new Set(cells.map(({ row, target }) => expected(row, target).reason));
    expect([...reasons].sort()).toEqual([
      'deactivated', 'grant', 'grant_expired', 'invite_pending', 'membership_expired', 'no_grant', 'not_a_member', 'not_activated',
      'role', 'role_all_resources', 'role_lacks_permission',
    ]);
  });

  it('gives the same answers one check at a time, with an explanation that names the grant and role', async () => {
    const sample = rows.filter((r) => r.status === 'active' && r.expiry !== 'future');
    for (const row of sample) {
      for (const target of ['queue', 'later_queue'] as const) {
        const res = await owner.client.post(`${api()}/authorize`, {
          memberId: row.memberId, permission: PERMISSION, resource: resourceOf(target), explain: true,
        });
        const want = expected(row, target);
        expect({ cell: `${row.role}/${row.grant}/${row.expiry}/${target}`, allowed: res.body.allowed, reason: res.body.reason })
          .toEqual({ cell: `${row.role}/${row.grant}/${row.expiry}/${target}`, ...want });
        const explanation = res.body.explanation;
        expect(explanation.summary).toMatch(want.allowed ? /^Allowed: / : /^Denied: /);
        expect(explanation.chain.length).toBeGreaterThan(0);
        expect(explanation.chain.at(-1).ok).toBe(want.allowed);
        if (want.reason === 'grant') {
          expect(explanation.grant.inherited).toBe(row.grant === 'inherited');
          expect(explanation.role.key).toBe(row.grant === 'direct_as_manager' ? 'manager' : row.role);
          if (row.grant === 'inherited') expect(explanation.summary).toContain('through a grant on the queue "Workspace", which the queue "Queue 7" is inside');
          if (row.grant === 'direct') expect(explanation.summary).toContain('on the queue "Queue 7" through a direct grant');
        }
        if (want.reason === 'grant_expired') expect(explanation.grant.expiresAt).not.toBeNull();
      }
    }
  });

  it('asks by user id as well as member id, and denies people who are not members', async () => {
    const person = await addActiveMember(app, owner, 'annotator');
    const byUser = await owner.client.post(`${api()}/authorize`, { userId: person.userId, permission: PERMISSION });
    expect(byUser.body).toEqual({ allowed: true, reason: 'role' });
    const stranger = await owner.client.post(`${api()}/authorize`, { userId: 'usr_nobody', permission: PERMISSION });
    expect(stranger.body).toEqual({ allowed: false, reason: 'not_a_member' });
    const unknownResource = await owner.client.post(`${api()}/authorize`, {
      memberId: person.memberId, permission: PERMISSION, resource: { type: 'queue', externalId: 'never-synced' },
    });
    expect(unknownResource.body).toEqual({ allowed: false, reason: 'unknown_resource' });
  });

  it('needs access.check, except for people asking about themselves', async () => {
    const viewer = await addActiveMember(app, owner, 'viewer');
    const other = rows.find((r) => r.status === 'active')!;
    expectError(await viewer.client.post(`${api()}/authorize`, { memberId: other.memberId, permission: PERMISSION }), 403, ErrorCodes.PERMISSION_DENIED.code);
    const self = await viewer.client.post(`${api()}/authorize`, { memberId: viewer.memberId, permission: 'documents.read' });
    expect(self.body).toEqual({ allowed: true, reason: 'role' });
  });

  describe('changes take effect for the very next check', () => {
    it('revoking a grant, changing the role, deactivating and removing', async () => {
      const person = await addActiveMember(app, owner, 'annotator');
      const check = async () => (await owner.client.post(`${api()}/authorize`, {
        memberId: person.memberId, permission: PERMISSION, resource: { id: ids.queue },
      })).body;
      expect(await check()).toEqual({ allowed: false, reason: 'no_grant' });
      const grant = await owner.client.post(`${api()}/members/${person.memberId}/grants`, { kind: 'resource', resource: { id: ids.workspace } });
      expect(grant.status).toBe(201);
      expect(await check()).toEqual({ allowed: true, reason: 'grant' });
      expect((await owner.client.delete(`${api()}/members/${person.memberId}/grants/${grant.body.id}`)).status).toBe(204);
      expect(await check()).toEqual({ allowed: false, reason: 'no_grant' });

      await owner.client.post(`${api()}/members/${person.memberId}/grants`, { kind: 'all_of_type', resourceType: 'queue' });
      expect(await check()).toEqual({ allowed: true, reason: 'grant' });
      expect((await owner.client.patch(`${api()}/members/${person.memberId}`, { roleId: owner.roles.viewer })).status).toBe(200);
      expect(await check()).toEqual({ allowed: false, reason: 'role_lacks_permission' });
      await owner.client.patch(`${api()}/members/${person.memberId}`, { roleId: owner.roles.annotator });
      expect(await check()).toEqual({ allowed: true, reason: 'grant' });
      expect((await owner.client.post(`${api()}/members/${person.memberId}/deactivate`)).status).toBe(200);
      expect(await check()).toEqual({ allowed: false, reason: 'deactivated' });
      expect((await owner.client.post(`${api()}/members/${person.memberId}/reactivate`)).status).toBe(200);
      expect(await check()).toEqual({ allowed: true, reason: 'grant' });
      expect((await owner.client.delete(`${api()}/members/${person.memberId}`)).status).toBe(204);
      expect(await check()).toEqual({ allowed: false, reason: 'not_a_member' });
    });

    it('moving a resource out of the parent the grant is on', async () => {
      const person = await addActiveMember(app, owner, 'annotator');
      await owner.client.post(`${api()}/members/${person.memberId}/grants`, { kind: 'resource', resource: { id: ids.workspace } });
      const child = (await owner.client.post(`${api()}/resources`, { type: 'queue', externalId: 'q-moving', name: 'Moving', parent: { id: ids.workspace } })).body;
      const check = async () => (await owner.client.post(`${api()}/authorize`, {
        memberId: person.memberId, permission: PERMISSION, resource: { id: child.id },
      })).body;
      expect(await check()).toEqual({ allowed: true, reason: 'grant' });
      expect((await owner.client.patch(`${api()}/resources/${child.id}`, { parent: null })).status).toBe(200);
      expect(await check()).toEqual({ allowed: false, reason: 'no_grant' });
    });

    it('a membership or grant whose end passes is denied at once, and the sweep records it in the audit log', async () => {
      const person = await addActiveMember(app, owner, 'annotator');
      const inOneHour = new Date(app.clock.now().getTime() + 60 * 60 * 1000).toISOString();
      const grant = await owner.client.post(`${api()}/members/${person.memberId}/grants`, { kind: 'resource', resource: { id: ids.queue }, expiresAt: inOneHour });
      expect(grant.status).toBe(201);
      const other = await addActiveMember(app, owner, 'annotator');
      expect((await owner.client.patch(`${api()}/members/${other.memberId}`, { accessExpiresAt: inOneHour })).status).toBe(200);
      const check = async (memberId: string) => (await owner.client.post(`${api()}/authorize`, {
        memberId, permission: PERMISSION, resource: { id: ids.queue },
      })).body.reason;
      expect(await check(person.memberId)).toBe('grant');
      expect((await other.client.get(`${api()}/members`)).status).toBe(200);

      app.clock.advance(2 * 60 * 60 * 1000);
      expect(await check(person.memberId)).toBe('grant_expired');
      expect(await check(other.memberId)).toBe('membership_expired');
      expectError(await other.client.get(`${api()}/members`), 403, ErrorCodes.MEMBERSHIP_EXPIRED.code);

      const { sweepExpiredAccess } = await import('@roster/core');
      const swept = await sweepExpiredAccess(app.ctx.deps);
      expect(swept.grants).toBeGreaterThanOrEqual(1);
      expect(swept.memberships).toBeGreaterThanOrEqual(1);
      const audit = (await owner.client.get(`${api()}/audit-events?limit=200`)).body.items as Array<{ action: string; target: { member: { memberId: string } | null } }>;
      expect(audit.some((e) => e.action === 'access.expired' && e.target.member?.memberId === person.memberId)).toBe(true);
      expect(audit.some((e) => e.action === 'member.access_expired' && e.target.member?.memberId === other.memberId)).toBe(true);
      const member = (await owner.client.get(`${api()}/members/${other.memberId}`)).body;
      expect(member.status).toBe('deactivated');
      // Recorded once: a second sweep finds nothing of these.
      const again = await sweepExpiredAccess(app.ctx.deps);
      expect(again).toEqual({ grants: 0, memberships: 0 });
      // Reactivating starts the membership again without the passed end.
      const back = await owner.client.post(`${api()}/members/${other.memberId}/reactivate`);
      expect(back.body).toMatchObject({ status: 'active', accessExpiresAt: null });
      expect(await check(other.memberId)).toBe('no_grant');
    });
  });
});
