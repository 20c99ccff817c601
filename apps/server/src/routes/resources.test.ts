import { ErrorCodes } from '@roster/core';
import {
  addActiveMember, createTestApp, describeEachEngine, expectError, latestInvitationToken, signUpOwner, uniqueEmail,
  type OwnerSetup, type TestApp, type TestResponse,
} from '@roster/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

describeEachEngine('resources, grants and usage', (engine) => {
  let app: TestApp;
  let owner: OwnerSetup;
  const api = () => `/api/v1/orgs/${owner.orgId}`;

  beforeAll(async () => {
    app = await createTestApp(engine);
    owner = await signUpOwner(app);
    expect((await owner.client.post(`${api()}/resource-types`, { key: 'queue', name: 'Queue' })).status).toBe(201);
    expect((await owner.client.post(`${api()}/resource-types`, { key: 'workspace', name: 'Workspace' })).status).toBe(201);
  });
  afterAll(async () => {
    await app.dispose();
  });

  async function auditActions(): Promise<string[]> {
    const res = await owner.client.get(`${api()}/audit-events?limit=200`);
    return (res.body.items as Array<{ action: string }>).map((e) => e.action);
  }

  describe('resources', () => {
    it('syncs by external id idempotently: created once, updated when it changes, untouched otherwise', async () => {
      const url = `${api()}/resources/by-external-id/queue/sync-1`;
      const first = await owner.client.put(url, { name: 'Invoices' });
      expect(first.status).toBe(201);
      const before = (await auditActions()).length;
      const again = await owner.client.put(url, { name: 'Invoices' });
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
      expect((await auditActions()).length).toBe(before);
      const renamed = await owner.client.put(url, { name: 'Invoices EU' });
      expect(renamed.body).toMatchObject({ id: first.body.id, name: 'Invoices EU' });
      expect((await auditActions())[0]).toBe('resource.updated');
      // Concurrent syncs of one new resource make one resource.
      const results = await Promise.all([1, 2, 3].map(() => owner.client.put(`${api()}/resources/by-external-id/queue/sync-race`, { name: 'Race' })));
      expect(results.map((r) => r.status).sort()).toEqual([200, 200, 201]);
      expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    });

    it('nests resources, refuses cycles, and lists them by type, parent and text', async () => {
      const ws = (await owner.client.post(`${api()}/resources`, { type: 'workspace', externalId: 'ws-a', name: 'Workspace A' })).body;
      const q1 = (await owner.client.post(`${api()}/resources`, { type: 'queue', externalId: 'nest-1', name: 'Nested one', parent: { id: ws.id } })).body;
      const q2 = (await owner.client.post(`${api()}/resources`, { type: 'queue', externalId: 'nest-2', name: 'Nested two', parent: { type: 'queue', externalId: 'nest-1' } })).body;
      expect(q2.parentId).toBe(q1.id);
      expectError(await owner.client.patch(`${api()}/resources/${ws.id}`, { parent: { id: q2.id } }), 422, ErrorCodes.RESOURCE_CYCLE.code);
      expectError(await owner.client.patch(`${api()}/resources/${q1.id}`, { parent: { id: q1.id } }), 422, ErrorCodes.RESOURCE_CYCLE.code);
      const children = await owner.client.get(`${api()}/resources?parentId=${ws.id}`);
      expect(children.body.items.map((r: { id: string }) => r.id)).toEqual([q1.id]);
      const found = await owner.client.get(`${api()}/resources?type=queue&q=nested`);
      expect(found.body.items.map((r: { externalId: string }) => r.externalId)).toEqual(['nest-1', 'nest-2']);
      // Deleting a parent moves what was inside it to the top level.
      expect((await owner.client.delete(`${api()}/resources/${q1.id}`)).status).toBe(204);
      expect((await owner.client.get(`${api()}/resources/${q2.id}`)).body.parentId).toBeNull();
    });

    it('pages through many resources in name order with a cursor', async () => {
      for (let i = 0; i < 7; i++) await owner.client.put(`${api()}/resources/by-external-id/workspace/page-${i}`, { name: `Page ${i}` });
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: TestResponse = await owner.client.get(`${api()}/resources?type=workspace&q=page&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.status).toBe(200);
        seen.push(...res.body.items.map((r: { name: string }) => r.name));
        cursor = res.body.nextCursor;
      } while (cursor !== null);
      expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => `Page ${i}`));
    });

    it('keeps resource types until their resources are gone, and only admins change them', async () => {
      expectError(await owner.client.delete(`${api()}/resource-types/queue`), 409, ErrorCodes.RESOURCE_TYPE_IN_USE.code);
      const viewer = await addActiveMember(app, owner, 'viewer');
      expect((await viewer.client.get(`${api()}/resource-types`)).status).toBe(200);
      expectError(await viewer.client.post(`${api()}/resource-types`, { key: 'site', name: 'Site' }), 403, ErrorCodes.PERMISSION_DENIED.code);
      expectError(await viewer.client.put(`${api()}/resources/by-external-id/queue/x`, { name: 'X' }), 403, ErrorCodes.PERMISSION_DENIED.code);
      const types = (await owner.client.get(`${api()}/resource-types`)).body.items;
      expect(types.find((t: { key: string }) => t.key === 'queue').resourceCount).toBeGreaterThan(0);
    });
  });

  describe('grants', () => {
    it('an invitation carries its access, which counts once accepted', async () => {
      const q = (await owner.client.put(`${api()}/resources/by-external-id/queue/invited-q`, { name: 'Invited queue' })).body;
      const email = uniqueEmail('granted');
      const invite = await owner.client.post(`${api()}/invitations`, {
        email, firstName: 'Gran', lastName: 'Ted', roleId: owner.roles.annotator,
        access: [{ kind: 'resource', resource: { id: q.id }, roleId: owner.roles.manager }, { kind: 'all_existing_of_type', resourceType: 'workspace' }],
      });
      expect(invite.status, JSON.stringify(invite.body)).toBe(201);
      const memberId = invite.body.member.id;
      const check = async (permission: string) => (await owner.client.post(`${api()}/authorize`, { memberId, permission, resource: { id: q.id } })).body;
      expect(await check('usage.read')).toEqual({ allowed: false, reason: 'invite_pending' });
      const token = await latestInvitationToken(owner, email);
      expect((await app.client().post(`/api/v1/invitations/${token}/accept`, { firstName: 'Gran', lastName: 'Ted', password: 'a good long password' })).status).toBe(200);
      // Manager on this queue (usage.read), though an Annotator in the organization.
      expect(await check('usage.read')).toEqual({ allowed: true, reason: 'grant' });
      const grants = (await owner.client.get(`${api()}/members/${memberId}/grants`)).body.items;
      expect(grants.map((g: { kind: string }) => g.kind).sort()).toEqual(['all_existing_of_type', 'resource']);
      const access = (await owner.client.get(`${api()}/members/${memberId}/access`)).body;
      expect(access.allResources).toBe(false);
      expect(access.items.find((i: { resource: { id: string } }) => i.resource.id === q.id)).toMatchObject({ role: { key: 'manager' }, via: 'grant' });
      expect(access.items.some((i: { resource: { type: string } }) => i.resource.type === 'workspace')).toBe(true);
    });

    it('refuses a resource role above the granter, a duplicate grant, and a past expiry; a failed invitation writes nothing', async () => {
      const admin = await addActiveMember(app, owner, 'admin');
      const member = await addActiveMember(app, owner, 'annotator');
      const url = `${api()}/members/${member.memberId}/grants`;
      expectError(await admin.client.post(url, { kind: 'all_of_type', resourceType: 'queue', roleId: owner.roles.owner }), 403, ErrorCodes.ROLE_ABOVE_ACTOR.code);
      expect((await admin.client.post(url, { kind: 'all_of_type', resourceType: 'queue', roleId: owner.roles.admin })).status).toBe(201);
      expectError(await admin.client.post(url, { kind: 'all_of_type', resourceType: 'queue' }), 409, ErrorCodes.GRANT_DUPLICATE.code);
      expectError(await admin.client.post(url, { kind: 'all_of_type', resourceType: 'workspace', expiresAt: '2020-01-01T00:00:00Z' }), 422, ErrorCodes.EXPIRY_IN_PAST.code);
      // An admin cannot touch an owner's grants.
      const ownerMemberId = (await owner.client.get('/api/v1/me')).body.organizations[0].memberId;
      expectError(await admin.client.post(`${api()}/members/${ownerMemberId}/grants`, { kind: 'all_of_type', resourceType: 'queue' }), 403, ErrorCodes.MEMBER_ABOVE_ACTOR.code);

      const email = uniqueEmail('half');
      const bad = await owner.client.post(`${api()}/invitations`, {
        email, firstName: 'Half', lastName: 'Written', roleId: owner.roles.viewer,
        access: [{ kind: 'all_of_type', resourceType: 'queue' }, { kind: 'all_of_type', resourceType: 'nosuch' }],
      });
      expectError(bad, 404, ErrorCodes.RESOURCE_TYPE_NOT_FOUND.code);
      expect((await owner.client.get(`${api()}/members?q=${encodeURIComponent(email)}`)).body.items).toEqual([]);
    });

    it('an owner\'s membership cannot be given an end date', async () => {
      const second = await addActiveMember(app, owner, 'owner');
      const soon = new Date(app.clock.now().getTime() + 86_400_000).toISOString();
      expectError(await owner.client.patch(`${api()}/members/${second.memberId}`, { accessExpiresAt: soon }), 409, ErrorCodes.MEMBER_OWNER_CANNOT_EXPIRE.code);
      const member = await addActiveMember(app, owner, 'viewer');
      expect((await owner.client.patch(`${api()}/members/${member.memberId}`, { accessExpiresAt: soon })).body.accessExpiresAt).toBe(soon);
      expectError(await owner.client.patch(`${api()}/members/${member.memberId}`, { roleId: owner.roles.owner }), 409, ErrorCodes.MEMBER_OWNER_CANNOT_EXPIRE.code);
    });
  });

  describe('usage', () => {
    it('records batches once per event id and reports by user, resource and day, keeping deleted users as "Deleted User"', async () => {
      const alice = await addActiveMember(app, owner, 'annotator', { firstName: 'Alice' });
      const bob = await addActiveMember(app, owner, 'annotator', { firstName: 'Bob' });
      const carol = await addActiveMember(app, owner, 'annotator', { firstName: '=Carol' });
      const q = (await owner.client.put(`${api()}/resources/by-external-id/queue/usage-q`, { name: 'Usage queue' })).body;
      const today = app.clock.now();
      const yesterday = new Date(today.getTime() - 86_400_000);
      const events = [
        { id: 'e1', memberId: alice.memberId, action: 'documents.imported', quantity: 5, resource: { id: q.id }, occurredAt: yesterday.toISOString() },
        { id: 'e2', userId: alice.userId, action: 'documents.confirmed', quantity: 2, resource: { type: 'queue', externalId: 'usage-q' } },
        { id: 'e3', memberId: carol.memberId, action: 'documents.exported', quantity: 1 },
        { id: 'e4', memberId: bob.memberId, action: 'documents.imported', quantity: 3 },
      ];
      const posted = await owner.client.post(`${api()}/usage-events`, { events });
      expect(posted.body).toEqual({ accepted: 4, duplicates: 0 });
      expect((await owner.client.post(`${api()}/usage-events`, { events: [{ ...events[0], id: 'e5', action: 'Not=Valid' }] })).status).toBe(400);
      // A retried batch counts nothing twice.
      expect((await owner.client.post(`${api()}/usage-events`, { events })).body).toEqual({ accepted: 0, duplicates: 4 });

      const day = (d: Date) => d.toISOString().slice(0, 10);
      const report = async (query: string) => (await owner.client.get(`${api()}/usage/report?from=${day(yesterday)}&to=${day(today)}&${query}`)).body;
      const byUser = await report('groupBy=user');
      expect(byUser.total).toBe(11);
      expect(byUser.rows.map((r: { label: string; total: number }) => [r.label, r.total])).toEqual([['Alice annotator', 7], ['Bob annotator', 3], ['=Carol annotator', 1]]);
      const byResource = await report('groupBy=resource');
      expect(byResource.rows.map((r: { label: string; total: number }) => [r.label, r.total])).toEqual([['Usage queue', 7], ['No resource', 4]]);
      expect(byUser.actions).toEqual(['documents.confirmed', 'documents.exported', 'documents.imported']);
      const byDay = await report('groupBy=day&action=documents.imported');
      expect(byDay.rows.map((r: { key: string; total: number }) => [r.key, r.total])).toEqual([[day(yesterday), 5], [day(today), 3]]);

      // Bob is deleted: his work stays, as "Deleted User", unless deleted users are left out.
      expect((await owner.client.delete(`${api()}/members/${bob.memberId}?erase=true`)).status).toBe(204);
      const after = await report('groupBy=user');
      expect(after.rows.map((r: { label: string; deleted: boolean; total: number }) => [r.label, r.deleted, r.total]))
        .toEqual([['Alice annotator', false, 7], ['Deleted User', true, 3], ['=Carol annotator', false, 1]]);
      const without = await report('groupBy=user&includeDeleted=false');
      expect(without.rows.map((r: { label: string }) => r.label)).toEqual(['Alice annotator', '=Carol annotator']);
      expect(without.total).toBe(8);

      const csv = await owner.client.get(`${api()}/usage/report.csv?from=${day(yesterday)}&to=${day(today)}&groupBy=user`);
      expect(csv.status).toBe(200);
      expect(csv.headers['content-type']).toContain('text/csv');
      expect(csv.headers['content-disposition']).toContain('attachment');
      const lines = csv.raw.body.replace(/^\uFEFF/, '').trim().split('\r\n');
      expect(lines[0]).toBe('User,documents.confirmed,documents.exported,documents.imported,Total');
      expect(lines).toContain('Deleted User,0,0,3,3');
      // A cell a spreadsheet would run as a formula is neutralised.
      expect(lines).toContain("'=Carol annotator,0,1,0,1");
      expect(lines.at(-1)).toBe('Total,2,1,8,11');
    });

    it('lets Managers read the report, and only integrations with usage.record post events', async () => {
      const manager = await addActiveMember(app, owner, 'manager');
      const annotator = await addActiveMember(app, owner, 'annotator');
      expect((await manager.client.get(`${api()}/usage/report`)).status).toBe(200);
      expectError(await annotator.client.get(`${api()}/usage/report`), 403, ErrorCodes.PERMISSION_DENIED.code);
      expectError(await manager.client.post(`${api()}/usage-events`, { events: [{ memberId: manager.memberId, action: 'documents.imported' }] }), 403, ErrorCodes.PERMISSION_DENIED.code);
      const report = (await manager.client.get(`${api()}/usage/report`)).body;
      const span = (Date.parse(report.to) - Date.parse(report.from)) / 86_400_000;
      expect(span).toBe(29);
    });
  });

  it('deleting the organization takes its resources, grants, tokens and usage with it', async () => {
    const other = await signUpOwner(app, { organizationName: 'Short lived' });
    const url = `/api/v1/orgs/${other.orgId}`;
    await other.client.post(`${url}/resource-types`, { key: 'queue', name: 'Queue' });
    const q = (await other.client.put(`${url}/resources/by-external-id/queue/q1`, { name: 'Q1' })).body;
    const member = await addActiveMember(app, other, 'annotator');
    expect((await other.client.post(`${url}/members/${member.memberId}/grants`, { kind: 'resource', resource: { id: q.id } })).status).toBe(201);
    expect((await other.client.post(`${url}/api-tokens`, { name: 'T', roleId: other.roles.viewer })).status).toBe(201);
    expect((await other.client.post(`${url}/usage-events`, { events: [{ memberId: member.memberId, action: 'documents.imported' }] })).status).toBe(200);
    expect((await other.client.delete(url)).status).toBe(204);
    const { sql } = await import('kysely');
    const left = await sql<{ n: string }>`
      select (select count(*) from resources where org_id = ${other.orgId}) + (select count(*) from access_grants where org_id = ${other.orgId})
        + (select count(*) from api_tokens where org_id = ${other.orgId}) + (select count(*) from usage_daily where org_id = ${other.orgId})
        + (select count(*) from usage_daily_members where org_id = ${other.orgId}) as n`.execute(app.ctx.db.kysely);
    expect(Number(left.rows[0]?.n)).toBe(0);
  });
});
