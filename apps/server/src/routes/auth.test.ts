import { ErrorCodes } from '@roster/core';
import { createTestApp, describeEachEngine, signUpOwner, uniqueEmail, type TestApp } from '@roster/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';

describeEachEngine('auth', (engine) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp(engine);
  });
  afterAll(async () => {
    await app.dispose();
  });

  it('signs up: creates the user and organization, makes them Owner, signs them in', async () => {
    const client = app.client();
    const email = uniqueEmail('Ada');
    const res = await client.post('/api/v1/auth/sign-up', {
      firstName: 'Ada', lastName: 'Lovelace', email: email.toUpperCase(), password: 'analytical engine', organizationName: 'Engines Ltd',
    });
    expect(res.status).toBe(201);
    expect(res.body.user.email).toBe(email.toLowerCase());
    expect(res.body.organization.name).toBe('Engines Ltd');
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    for (const response of [res, await app.client().get('/api/v1/me')]) {
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-frame-options']).toBe('DENY');
      expect(response.headers['referrer-policy']).toBe('same-origin');
    }
    const me = await client.get('/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body.organizations).toHaveLength(1);
    expect(me.body.organizations[0].role.key).toBe('owner');
    expect(me.body.organizations[0].status).toBe('active');
    expect(me.body.organizations[0].permissions).toContain('organization.delete');
  });

  it('refuses a second account with the same email, whatever its case', async () => {
    const email = uniqueEmail('dup');
    const body = { firstName: 'A', lastName: 'B', email, password: 'long enough pass', organizationName: 'X' };
    expect((await app.client().post('/api/v1/auth/sign-up', body)).status).toBe(201);
    const again = await app.client().post('/api/v1/auth/sign-up', { ...body, email: email.toUpperCase() });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe(ErrorCodes.AUTH_EMAIL_TAKEN.code);
  });

  it('refuses a short password with its own code', async () => {
    const res = await app.client().post('/api/v1/auth/sign-up', {
      firstName: 'A', lastName: 'B', email: uniqueEmail(), password: 'short', organizationName: 'X',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe(ErrorCodes.AUTH_WEAK_PASSWORD.code);
  });

  it('signs in and out; records the sign-in as last connection', async () => {
    const owner = await signUpOwner(app);
    app.clock.advance(60_000);
    const client = app.client();
    const wrong = await client.post('/api/v1/auth/sign-in', { email: owner.email, password: 'not the password' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe(ErrorCodes.AUTH_INVALID_CREDENTIALS.code);
    const unknown = await client.post('/api/v1/auth/sign-in', { email: uniqueEmail('nobody'), password: 'whatever it is' });
    expect(unknown.body.error.code).toBe(ErrorCodes.AUTH_INVALID_CREDENTIALS.code);
    const ok = await client.post('/api/v1/auth/sign-in', { email: owner.email.toUpperCase(), password: 'correct horse battery' });
    expect(ok.status).toBe(200);
    expect(ok.body.user.lastSignInAt).toBe(app.clock.now().toISOString());
    const members = await client.get(`/api/v1/orgs/${owner.orgId}/members`);
    expect(members.body.items[0].lastConnectionAt).toBe(app.clock.now().toISOString());
    const out = await client.post('/api/v1/auth/sign-out');
    expect(out.status).toBe(204);
    expect((await client.get('/api/v1/me')).status).toBe(401);
  });

  it('ends the session server-side on sign-out: the old cookie no longer works', async () => {
    const owner = await signUpOwner(app);
    const stolen = owner.client.sessionCookie;
    await owner.client.post('/api/v1/auth/sign-out');
    const replay = app.client();
    replay.setSessionCookie(stolen);
    const me = await replay.get('/api/v1/me');
    expect(me.status).toBe(401);
    expect(me.body.error.code).toBe(ErrorCodes.AUTH_REQUIRED.code);
  });

  it('refuses a cookie-authenticated change without a matching Origin', async () => {
    const owner = await signUpOwner(app);
    const res = await owner.client.request('PATCH', '/api/v1/me', { firstName: 'Eve' }, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe(ErrorCodes.REQUEST_ORIGIN_MISMATCH.code);
    const me = await owner.client.get('/api/v1/me');
    expect(me.body.user.firstName).toBe('Olive');
  });

  it('rate-limits sign-in attempts', async () => {
    const limited = await createTestApp(engine, { RATE_LIMIT_AUTH_PER_MINUTE: '3' });
    try {
      const client = limited.client();
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        statuses.push((await client.post('/api/v1/auth/sign-in', { email: 'x@example.com', password: 'whatever it is' })).status);
      }
      expect(statuses).toEqual([401, 401, 401, 429]);
      const last = await client.post('/api/v1/auth/sign-in', { email: 'x@example.com', password: 'whatever it is' });
      expect(last.body.error.code).toBe(ErrorCodes.RATE_LIMITED.code);
    } finally {
      await limited.dispose();
    }
  });
});
