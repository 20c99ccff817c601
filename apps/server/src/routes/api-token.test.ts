import { ErrorCodes } from '@roster/core';
import {
  addActiveMember, createTestApp, describeEachEngine, expectError, signUpOwner, type OwnerSetup, type TestApp,
} from '@roster/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';

describeEachEngine('API tokens', (engine) => {
  let app: TestApp;
  let owner: OwnerSetup;
  const api = () => `/api/v1/orgs/${owner.orgId}`;
  const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

  beforeAll(async () => {
    app = await createTestApp(engine);
    owner = await signUpOwner(app);
  });
  afterAll(async () => {
    await app.dispose();
  });

  async function createToken(client = owner.client, body: Record<string, unknown> = { name: 'Exports', roleId: owner.roles.viewer }) {
    const res = await client.post(`${api()}/api-tokens`, body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { token: { id: string; prefix: string; status: string }; secret: string };
  }

  it('shows the secret once, stores only its hash, and lists the token without it', async () => {
    const { token, secret } = await createToken();
    expect(secret).toMatch(/^rst_[A-Za-z0-9_-]{43}$/);
    expect(secret.startsWith(token.prefix)).toBe(true);
    const rows = await sql<Record<string, unknown>>`select * from api_tokens where id = ${token.id}`.execute(app.ctx.db.kysely);
    const stored = JSON.stringify(rows.rows);
    expect(stored).not.toContain(secret);
    expect(rows.rows[0]?.token_hash).toBe(app.ctx.deps.secrets.hashToken(secret));
    const list = await owner.client.get(`${api()}/api-tokens`);
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toContain(secret);
    expect(list.body.items.find((t: { id: string }) => t.id === token.id)).toMatchObject({
      name: 'Exports', prefix: token.prefix, role: { key: 'viewer' }, status: 'active', lastUsedAt: null,
      createdBy: { name: 'Olive Owner' },
    });
  });

  it('acts with exactly its role: a Viewer token reads members but cannot invite', async () => {
    const { secret } = await createToken();
    const client = app.client();
    const read = await client.request('GET', `${api()}/members`, undefined, bearer(secret));
    expect(read.status).toBe(200);
    const invite = await client.request('POST', `${api()}/invitations`, {
      email: 'token-invite@example.com', firstName: 'T', lastName: 'I', roleId: owner.roles.viewer,
    }, bearer(secret));
    expectError(invite, 403, ErrorCodes.PERMISSION_DENIED.code);
    // Other organizations do not exist for it; neither do the person-only endpoints.
    const other = await signUpOwner(app);
    expectError(await client.request('GET', `/api/v1/orgs/${other.orgId}/members`, undefined, bearer(secret)), 404, ErrorCodes.ORG_NOT_FOUND.code);
    expectError(await client.request('GET', '/api/v1/me', undefined, bearer(secret)), 403, ErrorCodes.AUTH_TOKEN_NOT_ALLOWED.code);
  });

  it('records when it was last used', async () => {
    const { token, secret } = await createToken();
    await app.client().request('GET', `${api()}/members`, undefined, bearer(secret));
    const list = await owner.client.get(`${api()}/api-tokens`);
    const listed = list.body.items.find((t: { id: string }) => t.id === token.id);
    expect(listed.lastUsedAt).not.toBeNull();
  });

  it('is refused at once when revoked, expired, malformed, unknown or sent in the URL', async () => {
    const { token, secret } = await createToken();
    const client = app.client();
    expect((await client.request('GET', `${api()}/members`, undefined, bearer(secret))).status).toBe(200);
    expect((await owner.client.delete(`${api()}/api-tokens/${token.id}`)).status).toBe(204);
    expectError(await client.request('GET', `${api()}/members`, undefined, bearer(secret)), 401, ErrorCodes.AUTH_TOKEN_INVALID.code);
    const listed = (await owner.client.get(`${api()}/api-tokens`)).body.items.find((t: { id: string }) => t.id === token.id);
    expect(listed.status).toBe('revoked');

    const expiring = await createToken(owner.client, {
      name: 'Short', roleId: owner.roles.viewer, expiresAt: new Date(app.clock.now().getTime() + 60_000).toISOString(),
    });
    expect((await client.request('GET', `${api()}/members`, undefined, bearer(expiring.secret))).status).toBe(200);
    app.clock.advance(120_000);
    expectError(await client.request('GET', `${api()}/members`, undefined, bearer(expiring.secret)), 401, ErrorCodes.AUTH_TOKEN_EXPIRED.code);

    expectError(await client.request('GET', `${api()}/members`, undefined, { authorization: 'Basic abc' }), 401, ErrorCodes.AUTH_MALFORMED_AUTHORIZATION.code);
    expectError(await client.request('GET', `${api()}/members`, undefined, bearer(`rst_${'x'.repeat(43)}`)), 401, ErrorCodes.AUTH_TOKEN_INVALID.code);
    const live = await createToken();
    expectError(await client.get(`${api()}/members?access_token=${live.secret}`), 400, ErrorCodes.AUTH_TOKEN_IN_URL.code);
  });

  it('never ranks above its creator: at creation, and when the creator is demoted or leaves', async () => {
    const admin = await addActiveMember(app, owner, 'admin');
    expectError(await admin.client.post(`${api()}/api-tokens`, { name: 'Too high', roleId: owner.roles.owner }), 403, ErrorCodes.ROLE_ABOVE_ACTOR.code);
    const { secret } = await createToken(admin.client, { name: 'Provisioning', roleId: owner.roles.admin });
    const client = app.client();
    const invite = (email: string) => client.request('POST', `${api()}/invitations`, {
      email, firstName: 'Prov', lastName: 'Isioned', roleId: owner.roles.viewer,
    }, bearer(secret));
    expect((await invite('provisioned-1@example.com')).status).toBe(201);
    // Admin tokens cannot make tokens: they are made by people.
    expectError(await client.request('POST', `${api()}/api-tokens`, { name: 'Child', roleId: owner.roles.viewer }, bearer(secret)), 403, ErrorCodes.API_TOKEN_SESSION_REQUIRED.code);

    // The creator becomes a Viewer: the Admin token is bounded by what a Viewer may do.
    expect((await owner.client.patch(`${api()}/members/${admin.memberId}`, { roleId: owner.roles.viewer })).status).toBe(200);
    expectError(await invite('provisioned-2@example.com'), 403, ErrorCodes.PERMISSION_DENIED.code);
    expect((await client.request('GET', `${api()}/members`, undefined, bearer(secret))).status).toBe(200);

    // The creator is deactivated: the token stops.
    expect((await owner.client.post(`${api()}/members/${admin.memberId}/deactivate`)).status).toBe(200);
    expectError(await client.request('GET', `${api()}/members`, undefined, bearer(secret)), 401, ErrorCodes.AUTH_TOKEN_CREATOR_INACTIVE.code);
  });

  it('writes the audit log as its creator, through the token', async () => {
    const { token, secret } = await createToken(owner.client, { name: 'Audited', roleId: owner.roles.admin });
    const res = await app.client().request('POST', `${api()}/resource-types`, { key: 'site', name: 'Site' }, bearer(secret));
    expect(res.status).toBe(201);
    const rows = await sql<{ actor_token_id: string | null; action: string }>`
      select actor_token_id, action from audit_events where org_id = ${owner.orgId} and action = 'resource_type.created'`.execute(app.ctx.db.kysely);
    expect(rows.rows).toEqual([{ actor_token_id: token.id, action: 'resource_type.created' }]);
  });

  it('is managed only with api_tokens.manage, and a revoke of another organization\'s token is a 404', async () => {
    const manager = await addActiveMember(app, owner, 'manager');
    expectError(await manager.client.get(`${api()}/api-tokens`), 403, ErrorCodes.PERMISSION_DENIED.code);
    const other = await signUpOwner(app);
    const foreign = (await other.client.post(`/api/v1/orgs/${other.orgId}/api-tokens`, { name: 'Theirs', roleId: other.roles.viewer })).body;
    expectError(await owner.client.delete(`${api()}/api-tokens/${foreign.token.id}`), 404, ErrorCodes.API_TOKEN_NOT_FOUND.code);
    expect((await app.client().request('GET', `/api/v1/orgs/${other.orgId}/members`, undefined, bearer(foreign.secret))).status).toBe(200);
  });
});
