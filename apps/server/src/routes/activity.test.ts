import { ErrorCodes, type AuditEventView as AuditItem } from '@roster/core';
import {
  addActiveMember, createTestApp, describeEachEngine, latestInvitationToken, signUpOwner, uniqueEmail,
  type OwnerSetup, type TestApp, type TestResponse,
} from '@roster/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';

const PASSWORD = 'a long enough password';

function cursorOf(text: string): string {
  return Buffer.from(text).toString('base64url');
}

describeEachEngine('activity: audit log and mail list', (engine) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp(engine);
  });
  afterAll(async () => {
    await app.dispose();
  });

  async function auditOf(owner: OwnerSetup): Promise<AuditItem[]> {
    const res = await owner.client.get(`/api/v1/orgs/${owner.orgId}/audit-events?limit=200`);
    expect(res.status).toBe(200);
    return res.body.items;
  }

  async function ownerMemberId(owner: OwnerSetup): Promise<string> {
    const me = await owner.client.get('/api/v1/me');
    return me.body.organizations.find((o: { organization: { id: string } }) => o.organization.id === owner.orgId).memberId;
  }

  /** Follows nextCursor to the end, `limit` at a time. */
  async function allPages<T>(fetchPage: (cursor: string | undefined) => Promise<TestResponse>): Promise<{ pages: T[][]; items: T[] }> {
    const pages: T[][] = [];
    let cursor: string | undefined;
    for (let guard = 0; guard < 100; guard++) {
      const res = await fetchPage(cursor);
      expect(res.status).toBe(200);
      pages.push(res.body.items);
      if (res.body.nextCursor === null) return { pages, items: pages.flat() };
      cursor = res.body.nextCursor;
    }
    throw new Error('pagination did not end');
  }

  it('lists the audit log newest first, with actor and target names and before/after', async () => {
    const owner = await signUpOwner(app);
    const ownerMember = await ownerMemberId(owner);
    app.clock.advance(1000);
    const email = uniqueEmail('nora');
    const invited = await owner.client.post(`/api/v1/orgs/${owner.orgId}/invitations`, {
      email, firstName: 'Iris', lastName: 'Invitee', roleId: owner.roles.annotator,
    });
    const memberId = invited.body.member.id as string;
    app.clock.advance(1000);
    const token = await latestInvitationToken(owner, email);
    expect((await app.client().post(`/api/v1/invitations/${token}/accept`, { firstName: 'Nora', lastName: 'Newcomer', password: PASSWORD })).status).toBe(200);
    app.clock.advance(1000);
    expect((await owner.client.patch(`/api/v1/orgs/${owner.orgId}/members/${memberId}`, { roleId: owner.roles.manager })).status).toBe(200);

    const items = await auditOf(owner);
    expect(items.map((e) => e.action)).toEqual(['member.updated', 'invitation.accepted', 'member.invited', 'organization.created']);
    const ids = items.map((e) => BigInt(e.id));
    expect([...ids].sort((a, b) => (a > b ? -1 : 1))).toEqual(ids);
    const times = items.map((e) => Date.parse(e.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(new Set(times).size).toBe(4);

    const olive = { memberId: ownerMember, name: 'Olive Owner', email: owner.email };
    const nora = { memberId, name: 'Nora Newcomer', email: email.toLowerCase() };
    const [updated, accepted, invitedEntry, created] = items as [AuditItem, AuditItem, AuditItem, AuditItem];
    expect(updated).toMatchObject({ actor: olive, target: { type: 'member', id: memberId, member: nora } });
    expect(updated.before).toMatchObject({ roleId: owner.roles.annotator, status: 'active' });
    expect(updated.after).toMatchObject({ roleId: owner.roles.manager, status: 'active' });
    expect(accepted).toMatchObject({
      actor: nora, target: { type: 'invitation', id: invited.body.invitation.id, member: nora },
      before: { status: 'invite_pending' }, after: { status: 'active' },
    });
    expect(invitedEntry).toMatchObject({
      actor: olive, target: { type: 'member', id: memberId, member: nora }, before: null,
      after: { email: email.toLowerCase(), roleId: owner.roles.annotator, kind: 'member', expiresAt: invited.body.invitation.expiresAt },
    });
    expect(created).toMatchObject({
      actor: olive, target: { type: 'organization', id: owner.orgId, member: null }, before: null,
      after: { name: 'Acme', roleTemplate: 'default' },
    });
  });

  it('appends exactly one entry for every change, and never rewrites the earlier ones', async () => {
    const owner = await signUpOwner(app);
    const email = uniqueEmail('sam');
    let memberId = '';
    let invitationId = '';
    let roleId = '';
    const link = `/api/v1/orgs/${owner.orgId}`;
    const steps: Array<{
      run: () => Promise<TestResponse>;
      action: string;
      target: (res: TestResponse) => { type: string; id: string | null };
      check?: (entry: AuditItem) => void;
    }> = [
      {
        run: async () => {
          const res = await owner.client.post(`${link}/invitations`, { email, firstName: 'Sam', lastName: 'Sample', roleId: owner.roles.viewer });
          memberId = res.body.member.id;
          invitationId = res.body.invitation.id;
          return res;
        },
        action: 'member.invited', target: () => ({ type: 'member', id: memberId }),
      },
      {
        run: () => owner.client.post(`${link}/invitations/${invitationId}/renew`),
        action: 'invitation.renewed', target: () => ({ type: 'invitation', id: invitationId }),
        check: (e) => expect(Date.parse(String(e.after?.expiresAt))).toBeGreaterThan(Date.parse(String(e.before?.expiresAt))),
      },
      {
        run: () => owner.client.post(`${link}/invitations/${invitationId}/resend`),
        action: 'invitation.resent', target: () => ({ type: 'invitation', id: invitationId }),
      },
      {
        run: async () => {
          const token = await latestInvitationToken(owner, email);
          return app.client().post(`/api/v1/invitations/${token}/accept`, { firstName: 'Sam', lastName: 'Sample', password: PASSWORD });
        },
        action: 'invitation.accepted', target: () => ({ type: 'invitation', id: invitationId }),
        check: (e) => expect(e.actor?.memberId).toBe(memberId),
      },
      {
        run: () => owner.client.patch(`${link}/members/${memberId}`, { roleId: owner.roles.annotator }),
        action: 'member.updated', target: () => ({ type: 'member', id: memberId }),
        check: (e) => {
          expect(e.before?.roleId).toBe(owner.roles.viewer);
          expect(e.after?.roleId).toBe(owner.roles.annotator);
        },
      },
      {
        run: () => owner.client.post(`${link}/members/${memberId}/deactivate`),
        action: 'member.deactivated', target: () => ({ type: 'member', id: memberId }),
        check: (e) => expect([e.before?.status, e.after?.status]).toEqual(['active', 'deactivated']),
      },
      {
        run: () => owner.client.post(`${link}/members/${memberId}/reactivate`),
        action: 'member.reactivated', target: () => ({ type: 'member', id: memberId }),
        check: (e) => expect([e.before?.status, e.after?.status]).toEqual(['deactivated', 'active']),
      },
      {
        run: () => owner.client.delete(`${link}/members/${memberId}`),
        action: 'member.removed', target: () => ({ type: 'member', id: memberId }),
        check: (e) => {
          expect(e.before).toMatchObject({ status: 'active', roleId: owner.roles.annotator });
          expect(e.after).toBeNull();
        },
      },
      {
        run: async () => {
          const res = await owner.client.post(`${link}/roles`, { key: 'reviewer', name: 'Reviewer', rank: 20, permissions: ['members.read'] });
          roleId = res.body.id;
          return res;
        },
        action: 'role.created', target: () => ({ type: 'role', id: roleId }),
        check: (e) => expect(e.after).toMatchObject({ key: 'reviewer', rank: 20, permissions: ['members.read'] }),
      },
      {
        run: () => owner.client.patch(`${link}/roles/${roleId}`, { name: 'Senior reviewer' }),
        action: 'role.updated', target: () => ({ type: 'role', id: roleId }),
        check: (e) => expect([e.before?.name, e.after?.name]).toEqual(['Reviewer', 'Senior reviewer']),
      },
      {
        run: () => owner.client.delete(`${link}/roles/${roleId}`),
        action: 'role.deleted', target: () => ({ type: 'role', id: roleId }),
      },
      {
        run: () => owner.client.patch(link, { name: 'Renamed Inc', invitationTtlDays: 3 }),
        action: 'organization.updated', target: () => ({ type: 'organization', id: owner.orgId }),
        check: (e) => {
          expect(e.before).toEqual({ name: 'Acme', invitationTtlDays: 7 });
          expect(e.after).toEqual({ name: 'Renamed Inc', invitationTtlDays: 3 });
        },
      },
      {
        run: () => owner.client.put(`${link}/invite-link`, { enabled: true }),
        action: 'invite_link.updated', target: () => ({ type: 'organization', id: owner.orgId }),
      },
    ];

    const stable = (entries: AuditItem[]) => entries.map((e) => ({ id: e.id, action: e.action, before: e.before, after: e.after, createdAt: e.createdAt }));
    for (const step of steps) {
      app.clock.advance(1000);
      const before = await auditOf(owner);
      const res = await step.run();
      expect(res.status, `${step.action}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
      const after = await auditOf(owner);
      expect(after, step.action).toHaveLength(before.length + 1);
      const entry = after[0]!;
      expect(entry.action).toBe(step.action);
      expect({ type: entry.target.type, id: entry.target.id }).toEqual(step.target(res));
      expect(entry.createdAt).toBe(app.clock.now().toISOString());
      step.check?.(entry);
      expect(stable(after.slice(1))).toEqual(stable(before));
    }
  });

  it('writes no entry, and changes nothing, when a change is refused', async () => {
    const owner = await signUpOwner(app);
    const ownerMember = await ownerMemberId(owner);
    const admin = await addActiveMember(app, owner, 'admin', { firstName: 'Ada' });
    const viewer = await addActiveMember(app, owner, 'viewer', { firstName: 'Vic' });
    const link = `/api/v1/orgs/${owner.orgId}`;
    const snapshot = async () => {
      const [audit, members, org, roles] = await Promise.all([
        auditOf(owner), owner.client.get(`${link}/members?limit=200`), owner.client.get(link), owner.client.get(`${link}/roles`),
      ]);
      return { audit, members: members.body, org: org.body, roles: roles.body };
    };
    const before = await snapshot();
    const refused: Array<[string, () => Promise<TestResponse>, string]> = [
      ['invite with an unknown role', () => owner.client.post(`${link}/invitations`, { email: uniqueEmail(), firstName: 'A', lastName: 'B', roleId: 'nope' }), ErrorCodes.ROLE_NOT_FOUND.code],
      ['invite an active member', () => owner.client.post(`${link}/invitations`, { email: admin.email, firstName: 'A', lastName: 'B', roleId: owner.roles.viewer }), ErrorCodes.INVITATION_ALREADY_MEMBER.code],
      ['invite as a Viewer', () => viewer.client.post(`${link}/invitations`, { email: uniqueEmail(), firstName: 'A', lastName: 'B', roleId: owner.roles.viewer }), ErrorCodes.PERMISSION_DENIED.code],
      ['invite above own rank', () => admin.client.post(`${link}/invitations`, { email: uniqueEmail(), firstName: 'A', lastName: 'B', roleId: owner.roles.owner }), ErrorCodes.ROLE_ABOVE_ACTOR.code],
      ['names with an unknown role', () => owner.client.patch(`${link}/members/${viewer.memberId}`, { firstName: 'Changed', roleId: 'nope' }), ErrorCodes.ROLE_NOT_FOUND.code],
      ['names with a role above the actor', () => admin.client.patch(`${link}/members/${viewer.memberId}`, { firstName: 'Changed', roleId: owner.roles.owner }), ErrorCodes.ROLE_ABOVE_ACTOR.code],
      ['demote the last owner', () => owner.client.patch(`${link}/members/${ownerMember}`, { roleId: owner.roles.viewer }), ErrorCodes.MEMBER_LAST_OWNER.code],
      ['deactivate oneself', () => owner.client.post(`${link}/members/${ownerMember}/deactivate`), ErrorCodes.MEMBER_SELF_ACTION.code],
      ['deactivate the owner as admin', () => admin.client.post(`${link}/members/${ownerMember}/deactivate`), ErrorCodes.MEMBER_ABOVE_ACTOR.code],
      ['remove as a Viewer', () => viewer.client.delete(`${link}/members/${admin.memberId}`), ErrorCodes.PERMISSION_DENIED.code],
      ['reactivate an active member', () => owner.client.post(`${link}/members/${viewer.memberId}/reactivate`), ErrorCodes.MEMBER_NOT_DEACTIVATED.code],
      ['change the email', () => owner.client.patch(`${link}/members/${viewer.memberId}`, { email: uniqueEmail() }), ErrorCodes.USER_EMAIL_IMMUTABLE.code],
      ['create a role with an unknown permission', () => owner.client.post(`${link}/roles`, { key: 'x', name: 'X', rank: 1, permissions: ['nope.nope'] }), ErrorCodes.ROLE_UNKNOWN_PERMISSION.code],
      ['create a role with a taken key', () => owner.client.post(`${link}/roles`, { key: 'viewer', name: 'X', rank: 1, permissions: [] }), ErrorCodes.ROLE_KEY_TAKEN.code],
      ['rename the organization as a Viewer', () => viewer.client.patch(link, { name: 'Hijacked' }), ErrorCodes.PERMISSION_DENIED.code],
      ['rename with an unknown field', () => owner.client.patch(link, { name: 'Valid', colour: 'red' }), ErrorCodes.REQUEST_UNKNOWN_FIELD.code],
      ['turn the invite link on as a Viewer', () => viewer.client.put(`${link}/invite-link`, { enabled: true }), ErrorCodes.PERMISSION_DENIED.code],
    ];
    for (const [what, run, code] of refused) {
      const res = await run();
      expect(res.status, what).toBeGreaterThanOrEqual(400);
      expect(res.status, what).toBeLessThan(500);
      expect(res.body.error.code, what).toBe(code);
    }
    expect(await snapshot()).toEqual(before);
    // The name change that came with a refused role change was rolled back with it.
    const me = await viewer.client.get('/api/v1/me');
    expect(me.body.user.firstName).toBe('Vic');
  });

  it('pages the audit log by keyset: no duplicates or gaps, even while entries are added', async () => {
    const owner = await signUpOwner(app);
    for (let i = 0; i < 9; i++) {
      expect((await owner.client.patch(`/api/v1/orgs/${owner.orgId}`, { name: `Name ${i}` })).status).toBe(200);
    }
    const full = await auditOf(owner);
    expect(full).toHaveLength(10);
    const url = (cursor?: string) => `/api/v1/orgs/${owner.orgId}/audit-events?limit=4${cursor === undefined ? '' : `&cursor=${cursor}`}`;
    const { pages, items } = await allPages<AuditItem>((cursor) => owner.client.get(url(cursor)));
    expect(pages.map((p) => p.length)).toEqual([4, 4, 2]);
    expect(items.map((e) => e.id)).toEqual(full.map((e) => e.id));

    // New entries arriving between pages do not shift the next page.
    const first = await owner.client.get(url());
    for (let i = 0; i < 3; i++) await owner.client.patch(`/api/v1/orgs/${owner.orgId}`, { name: `Later ${i}` });
    const second = await owner.client.get(url(first.body.nextCursor));
    expect(second.body.items.map((e: AuditItem) => e.id)).toEqual(full.slice(4, 8).map((e) => e.id));

    // An exact multiple of the page size ends with a null cursor, not an empty page.
    const exact = await owner.client.get(`/api/v1/orgs/${owner.orgId}/audit-events?limit=13`);
    expect(exact.body.items).toHaveLength(13);
    expect(exact.body.nextCursor).toBeNull();
  });

  it('refuses bad cursors and page sizes with their codes', async () => {
    const owner = await signUpOwner(app);
    for (const list of ['audit-events', 'mail']) {
      for (const cursor of ['not a cursor!', cursorOf('abc'), cursorOf('0'), cursorOf('-5'), cursorOf('1'.repeat(30)), cursorOf('12 or 1=1')]) {
        const res = await owner.client.get(`/api/v1/orgs/${owner.orgId}/${list}?cursor=${encodeURIComponent(cursor)}`);
        expect(res.status, `${list} ${cursor}`).toBe(400);
        expect(res.body.error.code, `${list} ${cursor}`).toBe(ErrorCodes.REQUEST_INVALID_CURSOR.code);
      }
      for (const query of ['limit=0', 'limit=201', 'limit=ten', `cursor=${'a'.repeat(2001)}`, 'cursor=']) {
        const res = await owner.client.get(`/api/v1/orgs/${owner.orgId}/${list}?${query}`);
        expect(res.status, `${list} ${query}`).toBe(400);
        expect(res.body.error.code, `${list} ${query}`).toBe(ErrorCodes.REQUEST_INVALID.code);
      }
      const unknown = await owner.client.get(`/api/v1/orgs/${owner.orgId}/${list}?offset=10`);
      expect(unknown.status).toBe(400);
      expect(unknown.body.error.code).toBe(ErrorCodes.REQUEST_UNKNOWN_FIELD.code);
    }
  });

  it('needs audit.read for the audit log and mail.read for the mail list', async () => {
    const owner = await signUpOwner(app);
    const viewer = await addActiveMember(app, owner, 'viewer');
    const manager = await addActiveMember(app, owner, 'manager');
    const admin = await addActiveMember(app, owner, 'admin');
    const role = await owner.client.post(`/api/v1/orgs/${owner.orgId}/roles`, {
      key: 'auditor', name: 'Auditor', rank: 20, permissions: ['organization.read', 'members.read', 'audit.read'],
    });
    expect(role.status).toBe(201);
    const auditor = await addActiveMember(app, { ...owner, roles: { ...owner.roles, auditor: role.body.id } }, 'auditor');
    const stranger = await signUpOwner(app);
    const audit = `/api/v1/orgs/${owner.orgId}/audit-events`;
    const mail = `/api/v1/orgs/${owner.orgId}/mail`;

    for (const [client, path] of [[viewer.client, audit], [viewer.client, mail], [manager.client, audit], [manager.client, mail], [auditor.client, mail]] as const) {
      const res = await client.get(path);
      expect(res.status, path).toBe(403);
      expect(res.body.error.code).toBe(ErrorCodes.PERMISSION_DENIED.code);
      expect(res.body.items).toBeUndefined();
    }
    for (const [client, path] of [[admin.client, audit], [admin.client, mail], [auditor.client, audit], [owner.client, mail]] as const) {
      const res = await client.get(path);
      expect(res.status, path).toBe(200);
      expect(res.body.items.length).toBeGreaterThan(0);
    }
    for (const path of [audit, mail]) {
      const res = await stranger.client.get(path);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe(ErrorCodes.ORG_NOT_FOUND.code);
    }
    const anonymous = await app.client().get(audit);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe(ErrorCodes.AUTH_REQUIRED.code);
  });

  it('pages the mail list newest first, scoped to the organization', async () => {
    const owner = await signUpOwner(app);
    const other = await signUpOwner(app);
    const emails: string[] = [];
    for (let i = 0; i < 5; i++) {
      const email = uniqueEmail(`mail${i}`);
      emails.push(email);
      expect((await owner.client.post(`/api/v1/orgs/${owner.orgId}/invitations`, {
        email, firstName: 'M', lastName: `${i}`, roleId: owner.roles.viewer,
      })).status).toBe(201);
    }
    await other.client.post(`/api/v1/orgs/${other.orgId}/invitations`, { email: uniqueEmail('elsewhere'), firstName: 'E', lastName: 'W', roleId: other.roles.viewer });

    const { pages, items } = await allPages<{ id: string; to: string; status: string; transport: string; text: string | null }>(
      (cursor) => owner.client.get(`/api/v1/orgs/${owner.orgId}/mail?limit=2${cursor === undefined ? '' : `&cursor=${cursor}`}`),
    );
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(items.map((m) => m.to)).toEqual([...emails].reverse());
    expect(new Set(items.map((m) => m.id)).size).toBe(5);
    for (const message of items) {
      expect(message).toMatchObject({ status: 'sent', transport: 'dev_mailbox' });
      expect(message.text).toContain('/invitations/');
    }
    const theirs = await other.client.get(`/api/v1/orgs/${other.orgId}/mail`);
    expect(theirs.body.items).toHaveLength(1);
    expect(theirs.body.items[0].to).not.toBe(emails[0]);
  });

  it('shows an erased member as "Deleted User" wherever they appear in the log', async () => {
    const owner = await signUpOwner(app);
    const member = await addActiveMember(app, owner, 'annotator', { firstName: 'Erin' });
    expect((await member.client.patch('/api/v1/me', { firstName: 'Erina' })).status).toBe(200);
    expect((await owner.client.delete(`/api/v1/orgs/${owner.orgId}/members/${member.memberId}?erase=true`)).status).toBe(204);
    const items = await auditOf(owner);
    const theirs = items.filter((e) => e.actor?.memberId === member.memberId || e.target.member?.memberId === member.memberId);
    expect(theirs.map((e) => e.action)).toEqual(['member.deleted', 'user.renamed', 'invitation.accepted', 'member.invited']);
    for (const entry of theirs) {
      for (const who of [entry.actor, entry.target.member]) {
        if (who?.memberId === member.memberId) expect(who).toEqual({ memberId: member.memberId, name: 'Deleted User', email: null });
      }
      const snapshotText = JSON.stringify([entry.before, entry.after]);
      expect(snapshotText).not.toContain(member.email);
      expect(snapshotText).not.toContain('Erin');
    }
  });
});
