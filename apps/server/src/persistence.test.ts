import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, loadConfig } from '@roster/server';
import { TEST_PUBLIC_URL, TestClient, testPasswords } from '@roster/testing';
import { afterAll, describe, expect, it } from 'vitest';

describe('embedded database on disk', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'roster-data-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('is created and migrated on first start and keeps everything across a restart', async () => {
    const config = loadConfig({ LOG_LEVEL: 'silent', PUBLIC_URL: TEST_PUBLIC_URL, DATA_DIR: dataDir });
    expect(config.databaseUrl).toBeUndefined();

    const first = await buildApp({ config, passwords: testPasswords });
    const client = new TestClient(first);
    const signUp = await client.post('/api/v1/auth/sign-up', {
      firstName: 'Per', lastName: 'Sistent', email: 'per@example.com', password: 'survives restarts', organizationName: 'Durable',
    });
    expect(signUp.status).toBe(201);
    const orgId = signUp.body.organization.id as string;
    const roles = await client.get(`/api/v1/orgs/${orgId}/roles`);
    const viewer = (roles.body.items as Array<{ key: string; id: string }>).find((r) => r.key === 'viewer')!.id;
    expect((await client.post(`/api/v1/orgs/${orgId}/invitations`, {
      email: 'guest@example.com', firstName: 'Guest', lastName: 'Person', roleId: viewer,
    })).status).toBe(201);
    const cookie = client.sessionCookie;
    await first.close();

    const second = await buildApp({ config, passwords: testPasswords });
    try {
      const again = new TestClient(second);
      again.setSessionCookie(cookie);
      const me = await again.get('/api/v1/me');
      expect(me.status).toBe(200);
      expect(me.body.organizations[0].organization.name).toBe('Durable');
      const members = await again.get(`/api/v1/orgs/${orgId}/members?sort=email`);
      expect(members.body.items.map((m: { email: string; status: string }) => `${m.email} ${m.status}`))
        .toEqual(['guest@example.com invite_pending', 'per@example.com active']);
      const fresh = new TestClient(second);
      expect((await fresh.post('/api/v1/auth/sign-in', { email: 'per@example.com', password: 'survives restarts' })).status).toBe(200);
    } finally {
      await second.close();
    }
  });
});
