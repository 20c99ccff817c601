import { ErrorCodes, PERMISSIONS } from '@roster/core';
import {
  addActiveMember, createTestApp, describeEachEngine, expectError, signUpOwner, uniqueEmail, type OwnerSetup,
  type TestApp, type TestClient,
} from '@roster/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

describeEachEngine('roles', (engine) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp(engine);
  });
  afterAll(async () => {
    await app.dispose();
  });

  const rolesUrl = (orgId: string) => `/api/v1/orgs/${orgId}/roles`;
  const roleUrl = (orgId: string, roleId: string) => `/api/v1/orgs/${orgId}/roles/${roleId}`;

  async function listRoles(client: TestClient, orgId: string): Promise<any[]> {
    const res = await client.get(rolesUrl(orgId));
    expect(res.status).toBe(200);
    return res.body.items;
  }

  async function roleById(owner: OwnerSetup, roleId: string): Promise<any> {
    return (await listRoles(owner.client, owner.orgId)).find((r) => r.id === roleId);
  }

  async function createRole(owner: OwnerSetup, body: Record<string, unknown>, client = owner.client): Promise<any> {
    const res = await client.post(rolesUrl(owner.orgId), body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    owner.roles[res.body.key] = res.body.id;
    return res.body;
  }


  describe('the permission catalogue and the templates', () => {
    it('lists every permission with what it allows', async () => {
      const owner = await signUpOwner(app);
      const res = await owner.client.get('/api/v1/permissions');
      expect(res.status).toBe(200);
      const names = (res.body.items as Array<{ name: string; description: string }>).map((p) => p.name);
      expect(names).toEqual(Object.keys(PERMISSIONS));
      expect(new Set(names).size).toBe(names.length);
      expect(names).toEqual(expect.arrayContaining(['members.read', 'members.manage', 'roles.manage', 'organization.delete']));
      for (const item of res.body.items) expect(item.description.length).toBeGreaterThan(5);
    });

    it('seeds the default template: Owner, Admin, Manager, Annotator, Annotator (limited), Viewer, most senior first', async () => {
      const owner = await signUpOwner(app);
      const roles = await listRoles(owner.client, owner.orgId);
      expect(roles.map((r) => r.key)).toEqual(['owner', 'admin', 'manager', 'annotator', 'annotator_limited', 'viewer']);
      expect(roles.map((r) => r.name)).toEqual(['Owner', 'Admin', 'Manager', 'Annotator', 'Annotator (limited)', 'Viewer']);
      const ranks = roles.map((r) => r.rank as number);
      for (let i = 1; i < ranks.length; i++) expect(ranks[i - 1]).toBeGreaterThan(ranks[i]!);
      expect(roles.map((r) => r.isOwner)).toEqual([true, false, false, false, false, false]);
      expect(roles.every((r) => r.builtin === true)).toBe(true);

      const byKey = Object.fromEntries(roles.map((r) => [r.key, new Set(r.permissions as string[])]));
      expect([...byKey.owner!].sort()).toEqual(Object.keys(PERMISSIONS).sort());
      expect(byKey.admin!.has('organization.delete')).toBe(false);
      expect(byKey.admin!.has('billing.manage')).toBe(false);
      for (const p of ['members.manage', 'members.invite', 'roles.manage', 'sso.manage', 'tags.manage', 'resources.manage']) {
        expect(byKey.admin!.has(p), p).toBe(true);
      }
      expect(byKey.manager!.has('usage.read')).toBe(true);
      expect(byKey.annotator!.has('usage.read')).toBe(false);
      for (const p of ['documents.import', 'documents.annotate', 'documents.confirm', 'documents.export']) expect(byKey.annotator!.has(p), p).toBe(true);
      expect(byKey.annotator_limited!.has('documents.import')).toBe(false);
      expect(byKey.annotator_limited!.has('documents.export')).toBe(false);
      expect(byKey.annotator_limited!.has('documents.confirm')).toBe(true);
      expect([...byKey.viewer!].sort()).toEqual(['documents.read', 'members.read', 'organization.read']);
      // Nobody below Admin manages members.
      for (const key of ['manager', 'annotator', 'annotator_limited', 'viewer']) {
        expect(byKey[key]!.has('members.manage'), key).toBe(false);
        expect(byKey[key]!.has('members.read'), key).toBe(true);
      }
    });

    it('seeds the admin-member template: Admin (the owner role) and Member', async () => {
      const owner = await signUpOwner(app, { roleTemplate: 'admin-member' });
      const roles = await listRoles(owner.client, owner.orgId);
      expect(roles.map((r) => [r.key, r.name, r.isOwner])).toEqual([['admin', 'Admin', true], ['member', 'Member', false]]);
      expect(roles[0].rank).toBeGreaterThan(roles[1].rank);
      expect([...roles[1].permissions].sort()).toEqual(['members.read', 'organization.read']);
      const me = await owner.client.get('/api/v1/me');
      expect(me.body.organizations[0]).toMatchObject({ role: { key: 'admin' }, status: 'active' });
    });

    it('lets any activated member read the roles', async () => {
      const owner = await signUpOwner(app);
      const viewer = await addActiveMember(app, owner, 'viewer');
      expect((await listRoles(viewer.client, owner.orgId)).map((r) => r.key)).toHaveLength(6);
    });
  });

  describe('custom roles', () => {
    it('creates a role that slots in by rank and can be given to members', async () => {
      const owner = await signUpOwner(app);
      const role = await createRole(owner, {
        key: 'reviewer', name: 'Reviewer', description: 'Reads and confirms', rank: 50,
        permissions: ['organization.read', 'members.read', 'documents.read', 'documents.confirm', 'documents.read'],
      });
      expect(role).toMatchObject({ key: 'reviewer', name: 'Reviewer', description: 'Reads and confirms', rank: 50, isOwner: false, builtin: false });
      expect([...role.permissions].sort()).toEqual(['documents.confirm', 'documents.read', 'members.read', 'organization.read']);
      const keys = (await listRoles(owner.client, owner.orgId)).map((r) => r.key);
      expect(keys).toEqual(['owner', 'admin', 'manager', 'reviewer', 'annotator', 'annotator_limited', 'viewer']);

      const reviewer = await addActiveMember(app, owner, 'reviewer');
      const me = await reviewer.client.get('/api/v1/me');
      expect(me.body.organizations[0]).toMatchObject({ role: { key: 'reviewer', rank: 50 }, status: 'active' });
      expect([...me.body.organizations[0].permissions].sort()).toEqual([...role.permissions].sort());
      expect((await reviewer.client.get(`/api/v1/orgs/${owner.orgId}/members`)).status).toBe(200);
      expectError(await reviewer.client.post(`/api/v1/orgs/${owner.orgId}/invitations`, {
        email: uniqueEmail(), firstName: 'A', lastName: 'B', roleId: owner.roles.viewer,
      }), 403, ErrorCodes.PERMISSION_DENIED.code);

      const audit = await owner.client.get(`/api/v1/orgs/${owner.orgId}/audit-events`);
      const created = (audit.body.items as any[]).find((e) => e.action === 'role.created');
      expect(created).toMatchObject({ target: { type: 'role', id: role.id }, after: { key: 'reviewer', rank: 50 } });
    });

    it('refuses a taken key, a rank above the actor, a permission not held and an unknown permission', async () => {
      const owner = await signUpOwner(app);
      const admin = await addActiveMember(app, owner, 'admin');
      await createRole(owner, { key: 'reviewer', name: 'Reviewer', rank: 50, permissions: ['members.read'] });
      const before = await listRoles(owner.client, owner.orgId);

      expectError(await owner.client.post(rolesUrl(owner.orgId), { key: 'reviewer', name: 'Again', rank: 40, permissions: [] }),
        409, ErrorCodes.ROLE_KEY_TAKEN.code);
      expectError(await admin.client.post(rolesUrl(owner.orgId), { key: 'admin', name: 'Admin 2', rank: 40, permissions: [] }),
        409, ErrorCodes.ROLE_KEY_TAKEN.code);
      expectError(await admin.client.post(rolesUrl(owner.orgId), { key: 'boss', name: 'Boss', rank: 90, permissions: ['members.read'] }),
        403, ErrorCodes.ROLE_ABOVE_ACTOR.code);
      expectError(await owner.client.post(rolesUrl(owner.orgId), { key: 'overlord', name: 'Overlord', rank: 101, permissions: [] }),
        403, ErrorCodes.ROLE_ABOVE_ACTOR.code);
      expectError(await admin.client.post(rolesUrl(owner.orgId), { key: 'deleter', name: 'Deleter', rank: 20, permissions: ['organization.delete'] }),
        403, ErrorCodes.ROLE_PERMISSION_NOT_HELD.code);
      expectError(await admin.client.post(rolesUrl(owner.orgId), { key: 'payer', name: 'Payer', rank: 20, permissions: ['members.read', 'billing.manage'] }),
        403, ErrorCodes.ROLE_PERMISSION_NOT_HELD.code);
      const unknown = await owner.client.post(rolesUrl(owner.orgId), { key: 'flyer', name: 'Flyer', rank: 20, permissions: ['members.fly'] });
      expectError(unknown, 400, ErrorCodes.ROLE_UNKNOWN_PERMISSION.code);
      expect(unknown.body.error.details).toEqual({ permissions: ['members.fly'] });
      for (const body of [
        { key: 'Bad Key', name: 'X', rank: 1, permissions: [] },
        { key: 'ok_key', name: '', rank: 1, permissions: [] },
        { key: 'ok_key', name: 'X', rank: -1, permissions: [] },
        { key: 'ok_key', name: 'X', rank: 1.5, permissions: [] },
        { key: 'ok_key', name: 'X', rank: 1 },
      ]) {
        expectError(await owner.client.post(rolesUrl(owner.orgId), body), 400, ErrorCodes.REQUEST_INVALID.code);
      }
      expectError(await owner.client.post(rolesUrl(owner.orgId), { key: 'ok_key', name: 'X', rank: 1, permissions: [], isOwner: true }),
        400, ErrorCodes.REQUEST_UNKNOWN_FIELD.code);
      expect(await listRoles(owner.client, owner.orgId)).toEqual(before);

      // At their own rank and with what they hold, an Admin may create a role.
      const peer = await createRole(owner, { key: 'peer_admin', name: 'Peer admin', rank: 80, permissions: ['members.read', 'members.manage'] }, admin.client);
      expect(peer.rank).toBe(80);
    });

    it('refuses role management to members without roles.manage', async () => {
      const owner = await signUpOwner(app);
      const manager = await addActiveMember(app, owner, 'manager');
      const before = await listRoles(owner.client, owner.orgId);
      expectError(await manager.client.post(rolesUrl(owner.orgId), { key: 'mine', name: 'Mine', rank: 1, permissions: [] }),
        403, ErrorCodes.PERMISSION_DENIED.code);
      expectError(await manager.client.patch(roleUrl(owner.orgId, owner.roles.viewer!), { name: 'Watcher' }), 403, ErrorCodes.PERMISSION_DENIED.code);
      expectError(await manager.client.delete(roleUrl(owner.orgId, owner.roles.viewer!)), 403, ErrorCodes.PERMISSION_DENIED.code);
      expect(await listRoles(owner.client, owner.orgId)).toEqual(before);
    });
  });

  describe('editing roles', () => {
    it('edits name, description and permissions; the holders feel it on their next request', async () => {
      const owner = await signUpOwner(app);
      const role = await createRole(owner, { key: 'helper', name: 'Helper', rank: 50, permissions: ['organization.read', 'members.read'] });
      const helper = await addActiveMember(app, owner, 'helper');
      const invite = () => helper.client.post(`/api/v1/orgs/${owner.orgId}/invitations`, {
        email: uniqueEmail('by-helper'), firstName: 'A', lastName: 'B', roleId: owner.roles.viewer,
      });
      expectError(await invite(), 403, ErrorCodes.PERMISSION_DENIED.code);

      const res = await owner.client.patch(roleUrl(owner.orgId, role.id), {
        name: 'Recruiter', description: 'Invites people', permissions: ['organization.read', 'members.read', 'members.invite'],
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: role.id, key: 'helper', name: 'Recruiter', description: 'Invites people', rank: 50 });
      expect(await roleById(owner, role.id)).toMatchObject({ name: 'Recruiter', permissions: ['organization.read', 'members.read', 'members.invite'] });
      expect((await invite()).status).toBe(201);
      const me = await helper.client.get('/api/v1/me');
      expect(me.body.organizations[0].role.name).toBe('Recruiter');

      // Taking a permission away also applies at once.
      expect((await owner.client.patch(roleUrl(owner.orgId, role.id), { permissions: ['organization.read', 'members.read'] })).status).toBe(200);
      expectError(await invite(), 403, ErrorCodes.PERMISSION_DENIED.code);

      const audit = await owner.client.get(`/api/v1/orgs/${owner.orgId}/audit-events`);
      expect((audit.body.items as any[]).filter((e) => e.action === 'role.updated' && e.target.id === role.id)).toHaveLength(2);
    });

    it("protects the owner role's rank and permissions, and keeps an Admin off roles above their own", async () => {
      const owner = await signUpOwner(app);
      const admin = await addActiveMember(app, owner, 'admin');
      const ownerRoleId = owner.roles.owner!;
      const before = await roleById(owner, ownerRoleId);

      expectError(await owner.client.patch(roleUrl(owner.orgId, ownerRoleId), { rank: 50 }), 409, ErrorCodes.ROLE_OWNER_PROTECTED.code);
      expectError(await owner.client.patch(roleUrl(owner.orgId, ownerRoleId), { permissions: ['members.read'] }), 409, ErrorCodes.ROLE_OWNER_PROTECTED.code);
      expectError(await owner.client.patch(roleUrl(owner.orgId, ownerRoleId), { name: 'Boss', rank: 100 }), 409, ErrorCodes.ROLE_OWNER_PROTECTED.code);
      expectError(await admin.client.patch(roleUrl(owner.orgId, ownerRoleId), { name: 'Puppet' }), 403, ErrorCodes.ROLE_ABOVE_ACTOR.code);
      expect(await roleById(owner, ownerRoleId)).toEqual(before);

      // Its name and description are the organization's to choose.
      const renamed = await owner.client.patch(roleUrl(owner.orgId, ownerRoleId), { name: 'Founder', description: 'Runs the place' });
      expect(renamed.status).toBe(200);
      expect(await roleById(owner, ownerRoleId)).toMatchObject({ name: 'Founder', rank: before.rank, permissions: before.permissions, isOwner: true });

      const adminRoleBefore = await roleById(owner, owner.roles.admin!);
      expectError(await admin.client.patch(roleUrl(owner.orgId, owner.roles.admin!), { rank: 90 }), 403, ErrorCodes.ROLE_ABOVE_ACTOR.code);
      expectError(await admin.client.patch(roleUrl(owner.orgId, owner.roles.viewer!), { rank: 81 }), 403, ErrorCodes.ROLE_ABOVE_ACTOR.code);
      expectError(await admin.client.patch(roleUrl(owner.orgId, owner.roles.viewer!), { permissions: ['members.read', 'organization.delete'] }),
        403, ErrorCodes.ROLE_PERMISSION_NOT_HELD.code);
      expectError(await admin.client.patch(roleUrl(owner.orgId, owner.roles.viewer!), { permissions: ['members.read', 'members.fly'] }),
        400, ErrorCodes.ROLE_UNKNOWN_PERMISSION.code);
      expect(await roleById(owner, owner.roles.admin!)).toEqual(adminRoleBefore);
      expect(await roleById(owner, owner.roles.viewer!)).toMatchObject({ rank: 10, permissions: ['organization.read', 'members.read', 'documents.read'] });

      const other = await signUpOwner(app);
      expectError(await owner.client.patch(roleUrl(owner.orgId, other.roles.viewer!), { name: 'Mine now' }), 404, ErrorCodes.ROLE_NOT_FOUND.code);
      expectError(await owner.client.patch(roleUrl(other.orgId, other.roles.viewer!), { name: 'Mine now' }), 404, ErrorCodes.ORG_NOT_FOUND.code);
      expect((await roleById(other, other.roles.viewer!)).name).toBe('Viewer');
    });

    it('reorders the members table sorted by role when a rank changes, and moves the rank guard with it', async () => {
      const owner = await signUpOwner(app);
      const admin = await addActiveMember(app, owner, 'admin');
      const viewer = await addActiveMember(app, owner, 'viewer');
      const manager = await addActiveMember(app, owner, 'manager');
      const annotator = await addActiveMember(app, owner, 'annotator');
      const order = async () => {
        const res = await owner.client.get(`/api/v1/orgs/${owner.orgId}/members?sort=role&order=desc`);
        return (res.body.items as any[]).map((m) => m.role.key);
      };
      expect(await order()).toEqual(['owner', 'admin', 'manager', 'annotator', 'viewer']);

      expect((await owner.client.patch(roleUrl(owner.orgId, owner.roles.viewer!), { rank: 70 })).status).toBe(200);
      expect(await order()).toEqual(['owner', 'admin', 'viewer', 'manager', 'annotator']);
      const row = await owner.client.get(`/api/v1/orgs/${owner.orgId}/members/${viewer.memberId}`);
      expect(row.body.role).toMatchObject({ key: 'viewer', rank: 70 });
      const asc = await owner.client.get(`/api/v1/orgs/${owner.orgId}/members?sort=role&order=asc&limit=2`);
      expect((asc.body.items as any[]).map((m) => m.id)).toEqual([annotator.memberId, manager.memberId]);

      // Ranked above the Admin now, Viewers are out of the Admin's reach.
      expect((await owner.client.patch(roleUrl(owner.orgId, owner.roles.viewer!), { rank: 90 })).status).toBe(200);
      expect(await order()).toEqual(['owner', 'viewer', 'admin', 'manager', 'annotator']);
      expectError(await admin.client.patch(`/api/v1/orgs/${owner.orgId}/members/${viewer.memberId}`, { description: 'x' }),
        403, ErrorCodes.MEMBER_ABOVE_ACTOR.code);
      expectError(await admin.client.patch(`/api/v1/orgs/${owner.orgId}/members/${manager.memberId}`, { roleId: owner.roles.viewer }),
        403, ErrorCodes.ROLE_ABOVE_ACTOR.code);
      expect((await owner.client.patch(roleUrl(owner.orgId, owner.roles.viewer!), { rank: 10 })).status).toBe(200);
      expect((await admin.client.patch(`/api/v1/orgs/${owner.orgId}/members/${viewer.memberId}`, { description: 'x' })).status).toBe(200);
    });
  });

  describe('deleting roles', () => {
    it('deletes a role nobody holds, refuses one in use and the owner role', async () => {
      const owner = await signUpOwner(app);
      const admin = await addActiveMember(app, owner, 'admin');
      const unused = await createRole(owner, { key: 'unused', name: 'Unused', rank: 5, permissions: [] });
      const held = await createRole(owner, { key: 'held', name: 'Held', rank: 5, permissions: ['members.read'] });
      const invited = await createRole(owner, { key: 'invited', name: 'Invited', rank: 5, permissions: ['members.read'] });
      const holder = await addActiveMember(app, owner, 'held');
      const invitation = await owner.client.post(`/api/v1/orgs/${owner.orgId}/invitations`, {
        email: uniqueEmail('pending'), firstName: 'P', lastName: 'Q', roleId: invited.id,
      });
      expect(invitation.status).toBe(201);

      expect((await owner.client.delete(roleUrl(owner.orgId, unused.id))).status).toBe(204);
      expect(await roleById(owner, unused.id)).toBeUndefined();
      expectError(await owner.client.delete(roleUrl(owner.orgId, unused.id)), 404, ErrorCodes.ROLE_NOT_FOUND.code);

      const inUse = await owner.client.delete(roleUrl(owner.orgId, held.id));
      expectError(inUse, 409, ErrorCodes.ROLE_IN_USE.code);
      expect(inUse.body.error.details).toEqual({ members: 1 });
      expectError(await owner.client.delete(roleUrl(owner.orgId, invited.id)), 409, ErrorCodes.ROLE_IN_USE.code);
      expectError(await owner.client.delete(roleUrl(owner.orgId, owner.roles.owner!)), 409, ErrorCodes.ROLE_OWNER_PROTECTED.code);
      expectError(await admin.client.delete(roleUrl(owner.orgId, owner.roles.owner!)), 403, ErrorCodes.ROLE_ABOVE_ACTOR.code);
      expect(await roleById(owner, held.id)).toBeDefined();
      expect(await roleById(owner, owner.roles.owner!)).toBeDefined();
      expect((await owner.client.get(`/api/v1/orgs/${owner.orgId}/members/${holder.memberId}`)).body.role.key).toBe('held');

      // Once the holder is removed and the invitation revoked, the roles go; history stays readable.
      expect((await owner.client.delete(`/api/v1/orgs/${owner.orgId}/members/${holder.memberId}`)).status).toBe(204);
      expect((await owner.client.delete(`/api/v1/orgs/${owner.orgId}/invitations/${invitation.body.invitation.id}`)).status).toBe(204);
      expect((await owner.client.delete(roleUrl(owner.orgId, held.id))).status).toBe(204);
      expect((await owner.client.delete(roleUrl(owner.orgId, invited.id))).status).toBe(204);
      expect((await listRoles(owner.client, owner.orgId)).map((r) => r.key)).not.toEqual(expect.arrayContaining(['held']));
      const audit = await owner.client.get(`/api/v1/orgs/${owner.orgId}/audit-events?limit=200`);
      expect(audit.status).toBe(200);
      expect((audit.body.items as any[]).filter((e) => e.action === 'role.deleted')).toHaveLength(3);
      expect((audit.body.items as any[]).find((e) => e.action === 'member.removed').target.member.memberId).toBe(holder.memberId);
      expect((await owner.client.get(`/api/v1/orgs/${owner.orgId}/members`)).status).toBe(200);
    });

    it('deletes a built-in role nobody holds', async () => {
      const owner = await signUpOwner(app);
      expect((await owner.client.delete(roleUrl(owner.orgId, owner.roles.annotator_limited!))).status).toBe(204);
      expect((await listRoles(owner.client, owner.orgId)).map((r) => r.key)).toEqual(['owner', 'admin', 'manager', 'annotator', 'viewer']);
    });
  });

  describe('the admin-member template', () => {
    it('lets a Member list members and nothing more', async () => {
      const owner = await signUpOwner(app, { roleTemplate: 'admin-member' });
      const member = await addActiveMember(app, owner, 'member');
      const other = await addActiveMember(app, owner, 'member');
      const orgUrl = `/api/v1/orgs/${owner.orgId}`;

      const list = await member.client.get(`${orgUrl}/members`);
      expect(list.status).toBe(200);
      expect(list.body.items).toHaveLength(3);
      expect((await member.client.get(`${orgUrl}/members/${other.memberId}`)).status).toBe(200);
      expect((await member.client.get(orgUrl)).status).toBe(200);
      const me = await member.client.get('/api/v1/me');
      expect([...me.body.organizations[0].permissions].sort()).toEqual(['members.read', 'organization.read']);

      const before = {
        members: (await owner.client.get(`${orgUrl}/members`)).body,
        roles: await listRoles(owner.client, owner.orgId),
        org: (await owner.client.get(orgUrl)).body,
      };
      const denied = [
        await member.client.patch(`${orgUrl}/members/${other.memberId}`, { description: 'x' }),
        await member.client.patch(`${orgUrl}/members/${member.memberId}`, { roleId: owner.roles.admin }),
        await member.client.post(`${orgUrl}/members/${other.memberId}/deactivate`),
        await member.client.delete(`${orgUrl}/members/${other.memberId}`),
        await member.client.delete(`${orgUrl}/members/${other.memberId}?erase=true`),
        await member.client.post(`${orgUrl}/invitations`, { email: uniqueEmail(), firstName: 'A', lastName: 'B', roleId: owner.roles.member }),
        await member.client.post(rolesUrl(owner.orgId), { key: 'x', name: 'X', rank: 1, permissions: [] }),
        await member.client.patch(roleUrl(owner.orgId, owner.roles.member!), { name: 'Y' }),
        await member.client.delete(roleUrl(owner.orgId, owner.roles.member!)),
        await member.client.patch(orgUrl, { name: 'Taken over' }),
        await member.client.delete(orgUrl),
        await member.client.get(`${orgUrl}/audit-events`),
        await member.client.get(`${orgUrl}/mail`),
        await member.client.get(`${orgUrl}/invite-link`),
        await member.client.put(`${orgUrl}/invite-link`, { enabled: true }),
      ];
      for (const res of denied) expectError(res, 403, ErrorCodes.PERMISSION_DENIED.code);
      expect({
        members: (await owner.client.get(`${orgUrl}/members`)).body,
        roles: await listRoles(owner.client, owner.orgId),
        org: (await owner.client.get(orgUrl)).body,
      }).toEqual(before);

      // The Admin of this template holds everything.
      expect((await owner.client.patch(`${orgUrl}/members/${other.memberId}`, { roleId: owner.roles.admin })).status).toBe(200);
      expect((await other.client.get(`${orgUrl}/audit-events`)).status).toBe(200);
    });
  });
});
