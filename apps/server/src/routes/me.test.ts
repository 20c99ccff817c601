import { ErrorCodes } from '@roster/core';
import {
  addActiveMember, createTestApp, describeEachEngine, expectError, joinWithExistingAccount, signUpOwner, uniqueEmail,
  type OwnerSetup, type TestApp,
} from '@roster/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const PASSWORD = 'another good password';

describeEachEngine('me', (engine) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp(engine);
  });
  afterAll(async () => {
    await app.dispose();
  });



  async function memberRow(owner: OwnerSetup, memberId: string): Promise<any> {
    const res = await owner.client.get(`/api/v1/orgs/${owner.orgId}/members/${memberId}`);
    expect(res.status).toBe(200);
    return res.body;
  }

  async function audit(owner: OwnerSetup): Promise<any[]> {
    const res = await owner.client.get(`/api/v1/orgs/${owner.orgId}/audit-events?limit=200`);
    expect(res.status).toBe(200);
    return res.body.items;
  }

  describe('who am I', () => {
    it('shows the user and every organization with its role, status and permissions', async () => {
      const alpha = await signUpOwner(app, { organizationName: 'Alpha' });
      const bravo = await signUpOwner(app, { organizationName: 'Bravo' });
      const charlie = await signUpOwner(app, { organizationName: 'Charlie' });
      const person = await addActiveMember(app, alpha, 'viewer', { firstName: 'Multi', kind: 'external' });
      const inBravo = await joinWithExistingAccount(bravo, person, 'annotator');
      expect((await bravo.client.post(`/api/v1/orgs/${bravo.orgId}/members/${inBravo}/deactivate`)).status).toBe(200);
      const link = await charlie.client.put(`/api/v1/orgs/${charlie.orgId}/invite-link`, { enabled: true });
      const joined = await person.client.post(`/api/v1/join/${String(link.body.url).split('/join/')[1]}`);
      expect(joined.status).toBe(201);
      const own = await person.client.post('/api/v1/orgs', { name: 'Delta' });
      expect(own.status).toBe(201);

      const me = await person.client.get('/api/v1/me');
      expect(me.status).toBe(200);
      expect(me.body.user).toEqual({
        id: person.userId, email: person.email.toLowerCase(), firstName: 'Multi', lastName: 'viewer',
        createdAt: expect.any(String), lastSignInAt: expect.any(String),
      });
      expect(me.body.user).not.toHaveProperty('passwordHash');
      const rows = (me.body.organizations as any[]).map((o) => ({
        name: o.organization.name, role: o.role?.key ?? null, status: o.status, kind: o.kind, permissions: o.permissions.length,
      }));
      expect(rows).toEqual([
        { name: 'Alpha', role: 'viewer', status: 'active', kind: 'external', permissions: 3 },
        { name: 'Bravo', role: 'annotator', status: 'deactivated', kind: 'member', permissions: 0 },
        { name: 'Charlie', role: null, status: 'not_activated', kind: 'member', permissions: 0 },
        { name: 'Delta', role: 'owner', status: 'active', kind: 'member', permissions: expect.any(Number) },
      ]);
      const byName = Object.fromEntries((me.body.organizations as any[]).map((o) => [o.organization.name, o]));
      expect(byName.Alpha.memberId).toBe(person.memberId);
      expect(byName.Bravo.memberId).toBe(inBravo);
      expect(byName.Charlie.memberId).toBe(joined.body.memberId);
      expect(byName.Delta.permissions).toContain('organization.delete');
      expect([...byName.Alpha.permissions].sort()).toEqual(['documents.read', 'members.read', 'organization.read']);

      // A pending invitation is not a membership yet, even for someone who has an account.
      const invitee = await signUpOwner(app, { organizationName: 'Echo' });
      expect((await alpha.client.post(`/api/v1/orgs/${alpha.orgId}/invitations`, {
        email: invitee.email, firstName: 'N', lastName: 'Y', roleId: alpha.roles.viewer,
      })).status).toBe(201);
      expect(((await invitee.client.get('/api/v1/me')).body.organizations as any[]).map((o) => o.organization.name)).toEqual(['Echo']);

      expectError(await app.client().get('/api/v1/me'), 401, ErrorCodes.AUTH_REQUIRED.code);
    });
  });

  describe('editing my name', () => {
    it('renames me in the members table of every organization', async () => {
      const first = await signUpOwner(app);
      const second = await signUpOwner(app);
      const person = await addActiveMember(app, first, 'viewer', { firstName: 'Before' });
      const inSecond = await joinWithExistingAccount(second, person, 'annotator');

      const res = await person.client.patch('/api/v1/me', { firstName: 'After', lastName: 'Change' });
      expect(res.status).toBe(200);
      expect(res.body.user).toMatchObject({ id: person.userId, firstName: 'After', lastName: 'Change', email: person.email.toLowerCase() });
      expect((await person.client.get('/api/v1/me')).body.user).toMatchObject({ firstName: 'After', lastName: 'Change' });
      expect(await memberRow(first, person.memberId)).toMatchObject({ firstName: 'After', lastName: 'Change' });
      expect(await memberRow(second, inSecond)).toMatchObject({ firstName: 'After', lastName: 'Change' });
      const found = await first.client.get(`/api/v1/orgs/${first.orgId}/members?q=after%20change`);
      expect((found.body.items as any[]).map((m) => m.id)).toEqual([person.memberId]);
      expect((await first.client.get(`/api/v1/orgs/${first.orgId}/members?q=before`)).body.items).toEqual([]);
      for (const owner of [first, second]) {
        const entry = (await audit(owner)).find((e) => e.action === 'user.renamed');
        expect(entry).toMatchObject({ before: { firstName: 'Before' }, after: { firstName: 'After', lastName: 'Change' } });
      }

      // One name at a time keeps the other.
      const partial = await person.client.patch('/api/v1/me', { lastName: 'Only' });
      expect(partial.body.user).toMatchObject({ firstName: 'After', lastName: 'Only' });
      expect(await memberRow(second, inSecond)).toMatchObject({ firstName: 'After', lastName: 'Only' });
    });

    it('refuses an email change with user.email_immutable, and bad input, changing nothing', async () => {
      const owner = await signUpOwner(app);
      const person = await addActiveMember(app, owner, 'viewer', { firstName: 'Fixed' });
      const before = await memberRow(owner, person.memberId);
      const userBefore = (await person.client.get('/api/v1/me')).body.user;

      for (const body of [{ email: uniqueEmail('new') }, { email: person.email, firstName: 'Sneaky' }]) {
        expectError(await person.client.patch('/api/v1/me', body), 422, ErrorCodes.USER_EMAIL_IMMUTABLE.code);
      }
      for (const [body, code] of [
        [{ firstName: '' }, ErrorCodes.REQUEST_INVALID.code],
        [{ lastName: 'x'.repeat(101) }, ErrorCodes.REQUEST_INVALID.code],
        [{ firstName: 7 }, ErrorCodes.REQUEST_INVALID.code],
        [{ password: 'a new password!' }, ErrorCodes.REQUEST_UNKNOWN_FIELD.code],
      ] as const) {
        expectError(await person.client.patch('/api/v1/me', body), 400, code);
      }
      expect((await person.client.get('/api/v1/me')).body.user).toEqual(userBefore);
      expect(await memberRow(owner, person.memberId)).toEqual(before);
      // The old email still signs in.
      expect((await app.client().post('/api/v1/auth/sign-in', { email: person.email, password: PASSWORD })).status).toBe(200);
      expectError(await app.client().patch('/api/v1/me', { firstName: 'Anon' }), 401, ErrorCodes.AUTH_REQUIRED.code);
    });
  });

  describe('deleting my account', () => {
    it('is refused while I am the last active owner of an organization', async () => {
      const owner = await signUpOwner(app, { organizationName: 'Solo' });
      const second = await addActiveMember(app, owner, 'owner');
      expect((await owner.client.post(`/api/v1/orgs/${owner.orgId}/members/${second.memberId}/deactivate`)).status).toBe(200);

      const res = await owner.client.delete('/api/v1/me');
      expectError(res, 409, ErrorCodes.USER_LAST_OWNER.code);
      expect(res.body.error.details).toEqual({ organizationId: owner.orgId, organizationName: 'Solo' });
      const me = await owner.client.get('/api/v1/me');
      expect(me.status).toBe(200);
      expect(me.body.organizations[0]).toMatchObject({ status: 'active', role: { key: 'owner' } });
      expect((await app.client().post('/api/v1/auth/sign-in', { email: owner.email, password: 'correct horse battery' })).status).toBe(200);
      expect((await owner.client.get(`/api/v1/orgs/${owner.orgId}/members`)).body.counts.total).toBe(2);
    });

    it('erases me everywhere once another owner exists: sign-in fails, history shows "Deleted User"', async () => {
      const owner = await signUpOwner(app, { organizationName: 'Handover' });
      const other = await signUpOwner(app, { organizationName: 'Elsewhere' });
      const successor = await addActiveMember(app, owner, 'owner');
      const viewer = await addActiveMember(app, owner, 'viewer');
      const ownerMemberId = (await owner.client.get('/api/v1/me')).body.organizations[0].memberId as string;
      const inOther = await joinWithExistingAccount(other, { client: owner.client, email: owner.email }, 'viewer');
      // A second session of the same person, on another device.
      const otherDevice = app.client();
      expect((await otherDevice.post('/api/v1/auth/sign-in', { email: owner.email, password: 'correct horse battery' })).status).toBe(200);

      const res = await owner.client.delete('/api/v1/me');
      expect(res.status).toBe(204);
      expect(String(res.headers['set-cookie'])).toMatch(/roster_session=;/);
      expectError(await owner.client.get('/api/v1/me'), 401, ErrorCodes.AUTH_REQUIRED.code);
      expectError(await otherDevice.get('/api/v1/me'), 401, ErrorCodes.AUTH_REQUIRED.code);
      const signIn = await app.client().post('/api/v1/auth/sign-in', { email: owner.email, password: 'correct horse battery' });
      expectError(signIn, 401, ErrorCodes.AUTH_INVALID_CREDENTIALS.code);

      const handover = { ...owner, client: successor.client };
      const members = await successor.client.get(`/api/v1/orgs/${owner.orgId}/members`);
      expect((members.body.items as any[]).map((m) => m.id).sort()).toEqual([successor.memberId, viewer.memberId].sort());
      expect(members.body.counts.total).toBe(2);
      expectError(await successor.client.get(`/api/v1/orgs/${owner.orgId}/members/${ownerMemberId}`), 404, ErrorCodes.MEMBER_NOT_FOUND.code);
      const entries = await audit(handover);
      const created = entries.find((e) => e.action === 'organization.created');
      expect(created.actor).toEqual({ memberId: ownerMemberId, name: 'Deleted User', email: null });
      const invitedSuccessor = entries.find((e) => e.action === 'member.invited' && e.target.member.memberId === successor.memberId);
      expect(invitedSuccessor.actor.name).toBe('Deleted User');
      expect(invitedSuccessor.target.member.name).toBe('Member owner');
      const deleted = entries.find((e) => e.action === 'member.deleted');
      expect(deleted.target.member).toEqual({ memberId: ownerMemberId, name: 'Deleted User', email: null });
      expect(JSON.stringify(entries)).not.toContain(owner.email.toLowerCase());
      expect(JSON.stringify(entries)).not.toContain('Olive');

      // Erased in the other organization too.
      const otherMembers = await other.client.get(`/api/v1/orgs/${other.orgId}/members`);
      expect((otherMembers.body.items as any[]).map((m) => m.id)).not.toContain(inOther);
      const otherEntries = await audit(other);
      expect(otherEntries.find((e) => e.action === 'member.deleted').target.member.name).toBe('Deleted User');
      expect(JSON.stringify(otherEntries)).not.toContain(owner.email.toLowerCase());

      // The address is free: a new person may sign up with it.
      const again = await app.client().post('/api/v1/auth/sign-up', {
        firstName: 'New', lastName: 'Person', email: owner.email, password: 'a fresh password', organizationName: 'Reborn',
      });
      expect(again.status).toBe(201);
      expect(again.body.user.id).not.toBe(owner.userId);
    });

    it('erases me also from organizations that removed me earlier', async () => {
      const keeper = await signUpOwner(app);
      const former = await signUpOwner(app);
      const person = await addActiveMember(app, keeper, 'viewer', { firstName: 'Former' });
      const inFormer = await joinWithExistingAccount(former, person, 'viewer');
      expect((await former.client.delete(`/api/v1/orgs/${former.orgId}/members/${inFormer}`)).status).toBe(204);
      const removed = (await audit(former)).find((e) => e.action === 'member.removed');
      expect(removed.target.member.email).toBe(person.email.toLowerCase());

      expect((await person.client.delete('/api/v1/me')).status).toBe(204);
      const entries = await audit(former);
      expect(entries.find((e) => e.action === 'member.removed').target.member).toEqual({ memberId: inFormer, name: 'Deleted User', email: null });
      expect(JSON.stringify(entries)).not.toContain(person.email.toLowerCase());
      expect(JSON.stringify(entries)).not.toContain('Former');
      expect(JSON.stringify((await former.client.get(`/api/v1/orgs/${former.orgId}/mail?limit=200`)).body)).not.toContain(person.email.toLowerCase());
    });

    it('lets a member who owns nothing delete their account at once', async () => {
      const owner = await signUpOwner(app);
      const person = await addActiveMember(app, owner, 'annotator', { firstName: 'Leaving' });
      expect((await person.client.delete('/api/v1/me')).status).toBe(204);
      const members = await owner.client.get(`/api/v1/orgs/${owner.orgId}/members`);
      expect(members.body.items).toHaveLength(1);
      expect(members.body.counts.byStatus.active).toBe(1);
      const accepted = (await audit(owner)).find((e) => e.action === 'invitation.accepted');
      expect(accepted.actor).toEqual({ memberId: person.memberId, name: 'Deleted User', email: null });
      expectError(await app.client().post('/api/v1/auth/sign-in', { email: person.email, password: PASSWORD }), 401, ErrorCodes.AUTH_INVALID_CREDENTIALS.code);
    });
  });
});
