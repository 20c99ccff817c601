import { ErrorCodes } from '@roster/core';
import { buildApp, loadConfig, type RosterApp } from '@roster/server';
import {
  TEST_PUBLIC_URL, TestClient, addActiveMember, createTestApp, signUpOwner, testEngines, testPasswords,
  type OwnerSetup, type TestApp,
} from '@roster/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Real concurrency needs real connections: these run on PostgreSQL (PGlite has one connection).
const onPostgres = testEngines().includes('postgres') ? describe : describe.skip;

async function twoOwners(app: TestApp): Promise<{ owner: OwnerSetup; second: Awaited<ReturnType<typeof addActiveMember>> }> {
  const owner = await signUpOwner(app);
  const second = await addActiveMember(app, owner, 'owner');
  return { owner, second };
}

async function activeOwnerCount(owner: OwnerSetup, client: TestClient): Promise<number> {
  const page = await client.get(`/api/v1/orgs/${owner.orgId}/members?status=active&roleId=${owner.roles.owner}&limit=200`);
  expect(page.status).toBe(200);
  return page.body.items.length;
}

onPostgres('concurrent changes [postgres]', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp('postgres');
  });
  afterAll(async () => {
    await app.dispose();
  });

  it('keeps an owner when the last two owners deactivate each other at the same moment', async () => {
    for (let round = 0; round < 5; round++) {
      const { owner, second } = await twoOwners(app);
      const ownerMemberId = (await owner.client.get('/api/v1/me')).body.organizations[0].memberId as string;
      const [a, b] = await Promise.all([
        owner.client.post(`/api/v1/orgs/${owner.orgId}/members/${second.memberId}/deactivate`),
        second.client.post(`/api/v1/orgs/${owner.orgId}/members/${ownerMemberId}/deactivate`),
      ]);
      const statuses = [a.status, b.status].sort();
      expect(statuses[0]).toBe(200);
      expect(statuses[1]).toBeGreaterThanOrEqual(403);
      const refused = a.status === 200 ? b : a;
      // The loser either finds itself deactivated or meets the last-owner guard; never both succeed.
      expect([ErrorCodes.MEMBER_LAST_OWNER.code, ErrorCodes.MEMBERSHIP_DEACTIVATED.code]).toContain(refused.body.error.code);
      const survivor = a.status === 200 ? owner.client : second.client;
      expect(await activeOwnerCount(owner, survivor)).toBe(1);
    }
  });

  it('keeps an owner when the last two owners demote each other at the same moment', async () => {
    for (let round = 0; round < 5; round++) {
      const { owner, second } = await twoOwners(app);
      const ownerMemberId = (await owner.client.get('/api/v1/me')).body.organizations[0].memberId as string;
      const [a, b] = await Promise.all([
        owner.client.patch(`/api/v1/orgs/${owner.orgId}/members/${second.memberId}`, { roleId: owner.roles.admin }),
        second.client.patch(`/api/v1/orgs/${owner.orgId}/members/${ownerMemberId}`, { roleId: owner.roles.admin }),
      ]);
      expect([a.status, b.status].filter((s) => s === 200)).toHaveLength(1);
      const refused = a.status === 200 ? b : a;
      // The loser was demoted first (now outranked by the owner it targets) or meets the guard.
      expect([ErrorCodes.MEMBER_LAST_OWNER.code, ErrorCodes.MEMBER_ABOVE_ACTOR.code]).toContain(refused.body.error.code);
      const survivor = a.status === 200 ? owner.client : second.client;
      expect(await activeOwnerCount(owner, survivor)).toBe(1);
    }
  });

  it('keeps an owner when the last two owners delete their accounts at the same moment', async () => {
    const { owner, second } = await twoOwners(app);
    const [a, b] = await Promise.all([owner.client.delete('/api/v1/me'), second.client.delete('/api/v1/me')]);
    expect([a.status, b.status].sort()).toEqual([204, 409]);
    const refused = a.status === 204 ? b : a;
    expect(refused.body.error.code).toBe(ErrorCodes.USER_LAST_OWNER.code);
    const survivor = a.status === 204 ? second.client : owner.client;
    expect(await activeOwnerCount(owner, survivor)).toBe(1);
  });
});

onPostgres('two instances on one database [postgres]', () => {
  let first: TestApp;
  let second: RosterApp;
  beforeAll(async () => {
    first = await createTestApp('postgres');
    const config = loadConfig({ LOG_LEVEL: 'silent', PUBLIC_URL: TEST_PUBLIC_URL, RATE_LIMIT_AUTH_PER_MINUTE: '100000', DATABASE_URL: first.database.url });
    second = await buildApp({ config, passwords: testPasswords, clock: first.clock });
  });
  afterAll(async () => {
    await second.close();
    await first.dispose();
  });

  it('honours a deactivation made through one instance on the other: writes at once, cached reads within moments', async () => {
    const owner = await signUpOwner(first);
    const admin = await addActiveMember(first, owner, 'admin');
    const onSecond = new TestClient(second);
    onSecond.setSessionCookie(admin.client.sessionCookie);
    // The second instance caches the admin's session and membership.
    expect((await onSecond.get(`/api/v1/orgs/${owner.orgId}/members`)).status).toBe(200);

    const off = await owner.client.post(`/api/v1/orgs/${owner.orgId}/members/${admin.memberId}/deactivate`);
    expect(off.status).toBe(200);

    // Writes re-read the actor inside their transaction: refused on the very next request.
    const write = await onSecond.post(`/api/v1/orgs/${owner.orgId}/invitations`, {
      email: 'late@example.com', firstName: 'Late', lastName: 'Comer', roleId: owner.roles.viewer,
    });
    expect([401, 403]).toContain(write.status);

    // Reads use the cache, which NOTIFY clears; allow the notification a bounded moment to arrive.
    const deadline = Date.now() + 2000;
    let read = await onSecond.get(`/api/v1/orgs/${owner.orgId}/members`);
    while (read.status === 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      read = await onSecond.get(`/api/v1/orgs/${owner.orgId}/members`);
    }
    expect(read.status).toBe(401);
    const pending = await owner.client.get(`/api/v1/orgs/${owner.orgId}/members?q=late%40example.com`);
    expect(pending.body.items).toHaveLength(0);
  });

  it('sees a role change made on one instance in the other instance\'s who-am-I', async () => {
    const owner = await signUpOwner(first);
    const member = await addActiveMember(first, owner, 'viewer');
    const onSecond = new TestClient(second);
    onSecond.setSessionCookie(member.client.sessionCookie);
    expect((await onSecond.get('/api/v1/me')).body.organizations[0].role.key).toBe('viewer');
    expect((await owner.client.patch(`/api/v1/orgs/${owner.orgId}/members/${member.memberId}`, { roleId: owner.roles.manager })).status).toBe(200);
    const deadline = Date.now() + 2000;
    let key = (await onSecond.get('/api/v1/me')).body.organizations[0].role.key;
    while (key !== 'manager' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      key = (await onSecond.get('/api/v1/me')).body.organizations[0].role.key;
    }
    expect(key).toBe('manager');
  });

  it('honours a revocation made through one instance on the other\'s very next check: grants, tokens, deactivation, role change', async () => {
    const owner = await signUpOwner(first);
    const api = `/api/v1/orgs/${owner.orgId}`;
    await owner.client.post(`${api}/resource-types`, { key: 'queue', name: 'Queue' });
    const queue = (await owner.client.post(`${api}/resources`, { type: 'queue', externalId: 'q1', name: 'Queue 1' })).body;
    const token = (await owner.client.post(`${api}/api-tokens`, { name: 'Product', roleId: owner.roles.admin })).body.secret as string;
    const product = new TestClient(second, null);
    const check = async (memberId: string) => {
      const res = await product.request('POST', `${api}/authorize`, {
        memberId, permission: 'documents.export', resource: { id: queue.id },
      }, { authorization: `Bearer ${token}` });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.reason as string;
    };

    for (let round = 0; round < 5; round++) {
      const member = await addActiveMember(first, owner, 'annotator');
      const grant = await owner.client.post(`${api}/members/${member.memberId}/grants`, { kind: 'resource', resource: { id: queue.id } });
      expect(grant.status).toBe(201);
      // The second instance answers from its cache once warm.
      expect(await check(member.memberId)).toBe('grant');
      expect(await check(member.memberId)).toBe('grant');
      expect((await owner.client.delete(`${api}/members/${member.memberId}/grants/${grant.body.id}`)).status).toBe(204);
      expect(await check(member.memberId)).toBe('no_grant');

      await owner.client.post(`${api}/members/${member.memberId}/grants`, { kind: 'all_of_type', resourceType: 'queue' });
      expect(await check(member.memberId)).toBe('grant');
      expect((await owner.client.patch(`${api}/members/${member.memberId}`, { roleId: owner.roles.viewer })).status).toBe(200);
      expect(await check(member.memberId)).toBe('role_lacks_permission');
      await owner.client.patch(`${api}/members/${member.memberId}`, { roleId: owner.roles.annotator });
      expect(await check(member.memberId)).toBe('grant');
      expect((await owner.client.post(`${api}/members/${member.memberId}/deactivate`)).status).toBe(200);
      expect(await check(member.memberId)).toBe('deactivated');
    }

    // Revoking the token on the first instance stops it on the second at its next request.
    const tokens = (await owner.client.get(`${api}/api-tokens`)).body.items as Array<{ id: string }>;
    expect((await owner.client.delete(`${api}/api-tokens/${tokens[0]!.id}`)).status).toBe(204);
    const refused = await product.request('POST', `${api}/authorize`, { userId: owner.userId, permission: 'documents.read' }, { authorization: `Bearer ${token}` });
    expect({ status: refused.status, code: refused.body.error?.code }).toEqual({ status: 401, code: ErrorCodes.AUTH_TOKEN_INVALID.code });
  });
});
