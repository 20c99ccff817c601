import { ErrorCodes } from '@roster/core';
import {
  addActiveMember, createTestApp, describeEachEngine, expectError, latestInvitationToken, signUpOwner,
  uniqueEmail, type OwnerSetup, type TestApp,
} from '@roster/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const DAY = 24 * 60 * 60 * 1000;
const PASSWORD = 'another good password';

describeEachEngine('organizations', (engine) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp(engine);
  });
  afterAll(async () => {
    await app.dispose();
  });

  const orgUrl = (orgId: string) => `/api/v1/orgs/${orgId}`;


  async function readOrg(owner: OwnerSetup): Promise<any> {
    const res = await owner.client.get(orgUrl(owner.orgId));
    expect(res.status).toBe(200);
    return res.body;
  }

  describe('creating', () => {
    it('creates an organization for any signed-in user, who becomes its Owner', async () => {
      const owner = await signUpOwner(app, { organizationName: 'First' });
      const res = await owner.client.post('/api/v1/orgs', { name: '  Second  ', roleTemplate: 'admin-member' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ name: 'Second', roleTemplate: 'admin-member', invitationTtlDays: 7, inviteLinkEnabled: false });
      const orgId = res.body.id as string;
      expect(orgId).not.toBe(owner.orgId);

      const me = await owner.client.get('/api/v1/me');
      expect((me.body.organizations as any[]).map((o) => [o.organization.name, o.role.key, o.status])).toEqual([
        ['First', 'owner', 'active'], ['Second', 'admin', 'active'],
      ]);
      const members = await owner.client.get(`${orgUrl(orgId)}/members`);
      expect(members.status).toBe(200);
      expect(members.body.items).toHaveLength(1);
      expect(members.body.items[0]).toMatchObject({ userId: owner.userId, role: { key: 'admin' }, status: 'active' });
      const roles = await owner.client.get(`${orgUrl(orgId)}/roles`);
      expect((roles.body.items as any[]).map((r) => r.key)).toEqual(['admin', 'member']);
      const audit = await owner.client.get(`${orgUrl(orgId)}/audit-events`);
      expect(audit.body.items).toEqual([expect.objectContaining({ action: 'organization.created', after: { name: 'Second', roleTemplate: 'admin-member' } })]);

      const byDefault = await owner.client.post('/api/v1/orgs', { name: 'Third' });
      expect(byDefault.status).toBe(201);
      expect(byDefault.body.roleTemplate).toBe('default');
    });

    it('lets a user with no organization left create one', async () => {
      const owner = await signUpOwner(app);
      const person = await addActiveMember(app, owner, 'viewer');
      expect((await owner.client.delete(`${orgUrl(owner.orgId)}/members/${person.memberId}`)).status).toBe(204);
      const client = app.client();
      expect((await client.post('/api/v1/auth/sign-in', { email: person.email, password: PASSWORD })).status).toBe(200);
      expect((await client.get('/api/v1/me')).body.organizations).toEqual([]);

      const res = await client.post('/api/v1/orgs', { name: 'Fresh start' });
      expect(res.status).toBe(201);
      const me = await client.get('/api/v1/me');
      expect(me.body.organizations).toEqual([
        expect.objectContaining({ organization: expect.objectContaining({ id: res.body.id, name: 'Fresh start' }), status: 'active', role: expect.objectContaining({ key: 'owner' }) }),
      ]);
      expect((await client.get(`${orgUrl(res.body.id)}/members`)).body.items).toHaveLength(1);
    });

    it('refuses an anonymous caller and bad input, creating nothing', async () => {
      const owner = await signUpOwner(app);
      expectError(await app.client().post('/api/v1/orgs', { name: 'Nobody' }), 401, ErrorCodes.AUTH_REQUIRED.code);
      for (const [body, code] of [
        [{ name: '' }, ErrorCodes.REQUEST_INVALID.code],
        [{ name: '   ' }, ErrorCodes.REQUEST_INVALID.code],
        [{ name: 'x'.repeat(101) }, ErrorCodes.REQUEST_INVALID.code],
        [{ name: 'X', roleTemplate: 'everyone-admin' }, ErrorCodes.REQUEST_INVALID.code],
        [{}, ErrorCodes.REQUEST_INVALID.code],
        [{ name: 'X', plan: 'gold' }, ErrorCodes.REQUEST_UNKNOWN_FIELD.code],
      ] as const) {
        expectError(await owner.client.post('/api/v1/orgs', body), 400, code);
      }
      expect((await owner.client.get('/api/v1/me')).body.organizations).toHaveLength(1);
    });
  });

  describe('reading and settings', () => {
    it('shows the organization to its members and to nobody else', async () => {
      const owner = await signUpOwner(app, { organizationName: 'Readable' });
      const viewer = await addActiveMember(app, owner, 'viewer');
      const stranger = await signUpOwner(app);
      const org = await readOrg(owner);
      expect(org).toEqual({
        id: owner.orgId, name: 'Readable', roleTemplate: 'default', invitationTtlDays: 7, inviteLinkEnabled: false,
        createdAt: expect.any(String),
      });
      const seen = await viewer.client.get(orgUrl(owner.orgId));
      expect(seen.status).toBe(200);
      expect(seen.body).toEqual(org);
      const foreign = await stranger.client.get(orgUrl(owner.orgId));
      expectError(foreign, 404, ErrorCodes.ORG_NOT_FOUND.code);
      expect(foreign.body).toEqual((await stranger.client.get(orgUrl('org_nope'))).body);
      expectError(await app.client().get(orgUrl(owner.orgId)), 401, ErrorCodes.AUTH_REQUIRED.code);
    });

    it('renames and changes settings; members see the new name at once', async () => {
      const owner = await signUpOwner(app, { organizationName: 'Old name' });
      const admin = await addActiveMember(app, owner, 'admin');
      const viewer = await addActiveMember(app, owner, 'viewer');
      expect((await viewer.client.get('/api/v1/me')).body.organizations[0].organization.name).toBe('Old name');

      const res = await owner.client.patch(orgUrl(owner.orgId), { name: 'New name', invitationTtlDays: 3 });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: owner.orgId, name: 'New name', invitationTtlDays: 3 });
      expect(await readOrg(owner)).toMatchObject({ name: 'New name', invitationTtlDays: 3 });
      expect((await viewer.client.get('/api/v1/me')).body.organizations[0].organization).toMatchObject({ name: 'New name', invitationTtlDays: 3 });

      const byAdmin = await admin.client.patch(orgUrl(owner.orgId), { name: 'Admin named' });
      expect(byAdmin.status).toBe(200);
      expect(byAdmin.body).toMatchObject({ name: 'Admin named', invitationTtlDays: 3 });

      const audit = await owner.client.get(`${orgUrl(owner.orgId)}/audit-events`);
      const updates = (audit.body.items as any[]).filter((e) => e.action === 'organization.updated');
      expect(updates).toHaveLength(2);
      expect(updates[1]).toMatchObject({ before: { name: 'Old name', invitationTtlDays: 7 }, after: { name: 'New name', invitationTtlDays: 3 } });
      expect(updates[0].actor.memberId).toBe(admin.memberId);
    });

    it('refuses settings changes without permission or with bad values, changing nothing', async () => {
      const owner = await signUpOwner(app, { organizationName: 'Steady' });
      const viewer = await addActiveMember(app, owner, 'viewer');
      const manager = await addActiveMember(app, owner, 'manager');
      const before = await readOrg(owner);
      expectError(await viewer.client.patch(orgUrl(owner.orgId), { name: 'Hijacked' }), 403, ErrorCodes.PERMISSION_DENIED.code);
      expectError(await manager.client.patch(orgUrl(owner.orgId), { invitationTtlDays: 90 }), 403, ErrorCodes.PERMISSION_DENIED.code);
      for (const [body, code] of [
        [{ invitationTtlDays: 0 }, ErrorCodes.REQUEST_INVALID.code],
        [{ invitationTtlDays: 91 }, ErrorCodes.REQUEST_INVALID.code],
        [{ invitationTtlDays: 2.5 }, ErrorCodes.REQUEST_INVALID.code],
        [{ invitationTtlDays: '7' }, ErrorCodes.REQUEST_INVALID.code],
        [{ name: '' }, ErrorCodes.REQUEST_INVALID.code],
        [{ name: 'x'.repeat(101) }, ErrorCodes.REQUEST_INVALID.code],
        [{ roleTemplate: 'admin-member' }, ErrorCodes.REQUEST_UNKNOWN_FIELD.code],
        [{ inviteLinkEnabled: true }, ErrorCodes.REQUEST_UNKNOWN_FIELD.code],
      ] as const) {
        expectError(await owner.client.patch(orgUrl(owner.orgId), body), 400, code);
      }
      expect(await readOrg(owner)).toEqual(before);
    });

    it('uses invitationTtlDays for the expiry of invitations made after the change', async () => {
      const owner = await signUpOwner(app);
      const invite = async (email: string) => {
        const res = await owner.client.post(`${orgUrl(owner.orgId)}/invitations`, { email, firstName: 'I', lastName: 'N', roleId: owner.roles.viewer });
        expect(res.status).toBe(201);
        return res.body;
      };
      const early = await invite(uniqueEmail('early'));
      expect(Date.parse(early.invitation.expiresAt)).toBe(app.clock.now().getTime() + 7 * DAY);

      expect((await owner.client.patch(orgUrl(owner.orgId), { invitationTtlDays: 3 })).status).toBe(200);
      const lateEmail = uniqueEmail('late');
      const late = await invite(lateEmail);
      const now = app.clock.now().getTime();
      expect(Date.parse(late.invitation.expiresAt)).toBe(now + 3 * DAY);
      expect(Date.parse(late.member.invitation.expiresAt)).toBe(now + 3 * DAY);
      const token = await latestInvitationToken(owner, lateEmail);
      expect(Date.parse((await app.client().get(`/api/v1/invitations/${token}`)).body.expiresAt)).toBe(now + 3 * DAY);

      app.clock.advance(3 * DAY + 1);
      const members = await owner.client.get(`${orgUrl(owner.orgId)}/members?status=invite_expired`);
      expect((members.body.items as any[]).map((m) => m.id)).toEqual([late.member.id]);
      // The invitation made before the change keeps its 7 days.
      const pending = await owner.client.get(`${orgUrl(owner.orgId)}/members?status=invite_pending`);
      expect((pending.body.items as any[]).map((m) => m.id)).toEqual([early.member.id]);
      const accept = await app.client().post(`/api/v1/invitations/${token}/accept`, { firstName: 'L', lastName: 'A', password: PASSWORD });
      expectError(accept, 410, ErrorCodes.INVITATION_EXPIRED.code);

      // Renewing uses the lifetime in force now.
      expect((await owner.client.patch(orgUrl(owner.orgId), { invitationTtlDays: 30 })).status).toBe(200);
      const renewed = await owner.client.post(`${orgUrl(owner.orgId)}/invitations/${late.invitation.id}/renew`);
      expect(renewed.status).toBe(200);
      expect(Date.parse(renewed.body.expiresAt)).toBe(app.clock.now().getTime() + 30 * DAY);
    });
  });

  describe('deleting', () => {
    it('is for the Owner only', async () => {
      const owner = await signUpOwner(app);
      const admin = await addActiveMember(app, owner, 'admin');
      // A custom role that holds organization.delete but is not the owner role.
      const custom = await owner.client.post(`${orgUrl(owner.orgId)}/roles`, {
        key: 'closer', name: 'Closer', rank: 90, permissions: ['organization.read', 'organization.delete'],
      });
      expect(custom.status).toBe(201);
      owner.roles.closer = custom.body.id;
      const closer = await addActiveMember(app, owner, 'closer');
      const before = await readOrg(owner);
      expectError(await admin.client.delete(orgUrl(owner.orgId)), 403, ErrorCodes.PERMISSION_DENIED.code);
      expectError(await closer.client.delete(orgUrl(owner.orgId)), 403, ErrorCodes.PERMISSION_DENIED.code);
      expect(await readOrg(owner)).toEqual(before);
      expect((await admin.client.get(`${orgUrl(owner.orgId)}/members`)).body.items).toHaveLength(3);
    });

    it('removes the organization for everyone: 404 on every path, gone from /me, its links dead', async () => {
      const owner = await signUpOwner(app, { organizationName: 'Doomed' });
      const keep = await owner.client.post('/api/v1/orgs', { name: 'Kept' });
      expect(keep.status).toBe(201);
      const admin = await addActiveMember(app, owner, 'admin');
      const viewer = await addActiveMember(app, owner, 'viewer');
      const pendingEmail = uniqueEmail('pending');
      expect((await owner.client.post(`${orgUrl(owner.orgId)}/invitations`, {
        email: pendingEmail, firstName: 'P', lastName: 'Q', roleId: owner.roles.viewer,
      })).status).toBe(201);
      const invitationToken = await latestInvitationToken(owner, pendingEmail);
      const link = await owner.client.put(`${orgUrl(owner.orgId)}/invite-link`, { enabled: true });
      const linkToken = String(link.body.url).split('/join/')[1];
      // Everyone has been in, so their caches know the organization.
      for (const client of [owner.client, admin.client, viewer.client]) expect((await client.get(`${orgUrl(owner.orgId)}/members`)).status).toBe(200);

      const res = await owner.client.delete(orgUrl(owner.orgId));
      expect(res.status).toBe(204);

      for (const client of [owner.client, admin.client, viewer.client]) {
        expectError(await client.get(orgUrl(owner.orgId)), 404, ErrorCodes.ORG_NOT_FOUND.code);
        expectError(await client.get(`${orgUrl(owner.orgId)}/members`), 404, ErrorCodes.ORG_NOT_FOUND.code);
        expectError(await client.get(`${orgUrl(owner.orgId)}/roles`), 404, ErrorCodes.ORG_NOT_FOUND.code);
        expectError(await client.patch(orgUrl(owner.orgId), { name: 'Back' }), 404, ErrorCodes.ORG_NOT_FOUND.code);
        expectError(await client.delete(orgUrl(owner.orgId)), 404, ErrorCodes.ORG_NOT_FOUND.code);
      }
      const ownerMe = await owner.client.get('/api/v1/me');
      expect((ownerMe.body.organizations as any[]).map((o) => o.organization.name)).toEqual(['Kept']);
      for (const client of [admin.client, viewer.client]) {
        const me = await client.get('/api/v1/me');
        expect(me.status).toBe(200);
        expect(me.body.organizations).toEqual([]);
      }
      expectError(await app.client().get(`/api/v1/invitations/${invitationToken}`), 404, ErrorCodes.INVITATION_NOT_FOUND.code);
      const join = await app.client().post(`/api/v1/join/${linkToken}`, { firstName: 'J', lastName: 'K', email: uniqueEmail('join'), password: PASSWORD });
      expectError(join, 410, ErrorCodes.INVITE_LINK_INVALID.code);

      // Its members keep their accounts and can start again.
      const fresh = await viewer.client.post('/api/v1/orgs', { name: 'Phoenix' });
      expect(fresh.status).toBe(201);
      expect((await app.client().post('/api/v1/auth/sign-in', { email: admin.email, password: PASSWORD })).status).toBe(200);
    });

    it('lets the Admin of an admin-member organization delete it', async () => {
      const owner = await signUpOwner(app, { roleTemplate: 'admin-member' });
      const member = await addActiveMember(app, owner, 'member');
      expectError(await member.client.delete(orgUrl(owner.orgId)), 403, ErrorCodes.PERMISSION_DENIED.code);
      expect((await owner.client.delete(orgUrl(owner.orgId))).status).toBe(204);
      expectError(await member.client.get(`${orgUrl(owner.orgId)}/members`), 404, ErrorCodes.ORG_NOT_FOUND.code);
      expect((await owner.client.get('/api/v1/me')).body.organizations).toEqual([]);
    });
  });
});
