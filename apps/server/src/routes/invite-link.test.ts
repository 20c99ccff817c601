import { ErrorCodes } from '@roster/core';
import {
  TEST_PUBLIC_URL, addActiveMember, createTestApp, describeEachEngine, latestInvitationToken, signUpOwner, uniqueEmail,
  type OwnerSetup, type TestApp, type TestClient,
} from '@roster/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';

const PASSWORD = 'a long enough password';

describeEachEngine('invite link', (engine) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp(engine);
  });
  afterAll(async () => {
    await app.dispose();
  });

  function linkUrl(owner: OwnerSetup) {
    return `/api/v1/orgs/${owner.orgId}/invite-link`;
  }

  /** Takes the token out of a link the API showed. */
  function tokenOf(url: unknown): string {
    expect(typeof url).toBe('string');
    const match = String(url).match(/^(.*)\/join\/([A-Za-z0-9_-]+)$/);
    expect(match?.[1]).toBe(TEST_PUBLIC_URL);
    return match![2]!;
  }

  async function enableLink(owner: OwnerSetup): Promise<string> {
    const res = await owner.client.put(linkUrl(owner), { enabled: true });
    expect(res.status).toBe(200);
    return tokenOf(res.body.url);
  }

  function joinAsNewPerson(client: TestClient, token: string, email = uniqueEmail('joiner')) {
    return client.post(`/api/v1/join/${token}`, { firstName: 'Jo', lastName: 'Iner', email, password: PASSWORD });
  }

  /** What a refused request must leave untouched. */
  async function snapshot(owner: OwnerSetup) {
    const [members, audit, link] = await Promise.all([
      owner.client.get(`/api/v1/orgs/${owner.orgId}/members?limit=200`),
      owner.client.get(`/api/v1/orgs/${owner.orgId}/audit-events?limit=200`),
      owner.client.get(linkUrl(owner)),
    ]);
    return { members: members.body.items, counts: members.body.counts, audit: audit.body.items, link: link.body };
  }

  it('is off until turned on; while on, admins can read the same link to copy it', async () => {
    const owner = await signUpOwner(app);
    const initial = await owner.client.get(linkUrl(owner));
    expect(initial.status).toBe(200);
    expect(initial.body).toEqual({ enabled: false, createdAt: null, url: null });

    const on = await owner.client.put(linkUrl(owner), { enabled: true });
    expect(on.status).toBe(200);
    expect(on.body.enabled).toBe(true);
    expect(on.body.createdAt).toBe(app.clock.now().toISOString());
    const token = tokenOf(on.body.url);
    expect(token.length).toBeGreaterThanOrEqual(22);

    const read = await owner.client.get(linkUrl(owner));
    expect(read.body).toEqual({ enabled: true, createdAt: on.body.createdAt, url: on.body.url });
    expect((await owner.client.get(`/api/v1/orgs/${owner.orgId}`)).body.inviteLinkEnabled).toBe(true);

    // Turning it on again keeps the same link.
    app.clock.advance(60_000);
    const again = await owner.client.put(linkUrl(owner), { enabled: true });
    expect(again.body).toEqual({ enabled: true, createdAt: on.body.createdAt, url: on.body.url });
    expect((await joinAsNewPerson(app.client(), token)).status).toBe(201);
  });

  it('joins a new person as not_activated with no permissions, until an admin gives a role', async () => {
    const owner = await signUpOwner(app, { organizationName: 'Linked' });
    const admin = await addActiveMember(app, owner, 'admin');
    const token = await enableLink(owner);
    const joiner = app.client();
    const email = uniqueEmail('Joiner');
    const joined = await joinAsNewPerson(joiner, token, email.toUpperCase());
    expect(joined.status).toBe(201);
    expect(joined.body.status).toBe('not_activated');
    expect(joined.body.organization).toMatchObject({ id: owner.orgId, name: 'Linked' });
    expect(String(joined.headers['set-cookie'])).toMatch(/roster_session=.*HttpOnly/);
    const memberId = joined.body.memberId as string;

    const me = await joiner.get('/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe(email.toLowerCase());
    expect(me.body.organizations).toEqual([expect.objectContaining({
      organization: expect.objectContaining({ id: owner.orgId }), memberId, status: 'not_activated', role: null, permissions: [],
    })]);
    for (const res of [
      await joiner.get(`/api/v1/orgs/${owner.orgId}`),
      await joiner.get(`/api/v1/orgs/${owner.orgId}/members`),
      await joiner.get(`/api/v1/orgs/${owner.orgId}/roles`),
      await joiner.get(linkUrl(owner)),
      await joiner.post(`/api/v1/orgs/${owner.orgId}/invitations`, { email: uniqueEmail(), firstName: 'A', lastName: 'B', roleId: owner.roles.viewer }),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe(ErrorCodes.MEMBERSHIP_NOT_ACTIVATED.code);
    }

    const table = await owner.client.get(`/api/v1/orgs/${owner.orgId}/members?status=not_activated`);
    expect(table.body.items).toEqual([expect.objectContaining({
      id: memberId, status: 'not_activated', role: null, email: email.toLowerCase(), firstName: 'Jo', lastName: 'Iner', invitation: null,
    })]);
    expect(table.body.counts.byStatus.not_activated).toBe(1);
    const audit = await owner.client.get(`/api/v1/orgs/${owner.orgId}/audit-events`);
    expect(audit.body.items[0]).toMatchObject({ action: 'member.joined', target: { member: { memberId, name: 'Jo Iner' } } });

    const activated = await admin.client.patch(`/api/v1/orgs/${owner.orgId}/members/${memberId}`, { roleId: owner.roles.annotator });
    expect(activated.status).toBe(200);
    expect(activated.body).toMatchObject({ status: 'active', role: { key: 'annotator' } });
    const after = await joiner.get('/api/v1/me');
    expect(after.body.organizations[0]).toMatchObject({ status: 'active', role: { key: 'annotator' } });
    expect(after.body.organizations[0].permissions).toContain('members.read');
    expect((await joiner.get(`/api/v1/orgs/${owner.orgId}/members`)).status).toBe(200);
    // Still no more than the role gives.
    const denied = await joiner.get(linkUrl(owner));
    expect(denied.body.error.code).toBe(ErrorCodes.PERMISSION_DENIED.code);
  });

  it('joins a signed-in user with their own account and names', async () => {
    const owner = await signUpOwner(app);
    const token = await enableLink(owner);
    const user = await signUpOwner(app, { organizationName: 'Home' });
    const cookie = user.client.sessionCookie;
    const joined = await user.client.post(`/api/v1/join/${token}`);
    expect(joined.status).toBe(201);
    expect(joined.body.status).toBe('not_activated');
    expect(joined.headers['set-cookie']).toBeUndefined();
    expect(user.client.sessionCookie).toBe(cookie);

    const me = await user.client.get('/api/v1/me');
    const byOrg = Object.fromEntries((me.body.organizations as Array<{ organization: { id: string }; status: string }>)
      .map((o) => [o.organization.id, o.status]));
    expect(byOrg).toEqual({ [user.orgId]: 'active', [owner.orgId]: 'not_activated' });
    const row = await owner.client.get(`/api/v1/orgs/${owner.orgId}/members/${joined.body.memberId}`);
    expect(row.body).toMatchObject({ userId: user.userId, email: user.email, firstName: 'Olive', lastName: 'Owner', status: 'not_activated' });
    // Their own organization is untouched by the new membership.
    expect((await user.client.get(`/api/v1/orgs/${user.orgId}/members`)).status).toBe(200);
  });

  it('asks a new person for all their details, refuses a taken email, and creates nothing', async () => {
    const owner = await signUpOwner(app);
    const token = await enableLink(owner);
    const existing = await signUpOwner(app);
    const before = await snapshot(owner);
    const client = app.client();
    const email = uniqueEmail('partial');
    for (const body of [undefined, {}, { firstName: 'A', lastName: 'B', email }, { firstName: 'A', lastName: 'B', password: PASSWORD }]) {
      const res = await client.post(`/api/v1/join/${token}`, body);
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe(ErrorCodes.INVITATION_ACCOUNT_DETAILS_REQUIRED.code);
    }
    const taken = await joinAsNewPerson(client, token, existing.email.toUpperCase());
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe(ErrorCodes.AUTH_EMAIL_TAKEN.code);
    expect(client.sessionCookie).toBeUndefined();
    expect(await snapshot(owner)).toEqual(before);
    expect((await app.client().post('/api/v1/auth/sign-in', { email, password: PASSWORD })).status).toBe(401);
  });

  it('refuses a disabled link and the old link after regenerating', async () => {
    const owner = await signUpOwner(app);
    const first = await enableLink(owner);
    const off = await owner.client.put(linkUrl(owner), { enabled: false });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ enabled: false, url: null });
    expect((await owner.client.get(linkUrl(owner))).body).toMatchObject({ enabled: false, url: null });
    const signedIn = await signUpOwner(app);
    const before = await snapshot(owner);
    const email = uniqueEmail('closed');
    for (const res of [await joinAsNewPerson(app.client(), first, email), await signedIn.client.post(`/api/v1/join/${first}`)]) {
      expect(res.status).toBe(410);
      expect(res.body.error.code).toBe(ErrorCodes.INVITE_LINK_INVALID.code);
    }
    expect(await snapshot(owner)).toEqual(before);
    expect((await app.client().post('/api/v1/auth/sign-in', { email, password: PASSWORD })).status).toBe(401);
    expect((await signedIn.client.get('/api/v1/me')).body.organizations).toHaveLength(1);

    // Back on: the same link works again.
    const on = await owner.client.put(linkUrl(owner), { enabled: true });
    expect(tokenOf(on.body.url)).toBe(first);
    expect((await joinAsNewPerson(app.client(), first)).status).toBe(201);

    app.clock.advance(60_000);
    const regenerated = await owner.client.put(linkUrl(owner), { enabled: true, regenerate: true });
    expect(regenerated.status).toBe(200);
    expect(regenerated.body.createdAt).toBe(app.clock.now().toISOString());
    const second = tokenOf(regenerated.body.url);
    expect(second).not.toBe(first);
    expect(tokenOf((await owner.client.get(linkUrl(owner))).body.url)).toBe(second);
    const old = await joinAsNewPerson(app.client(), first);
    expect(old.status).toBe(410);
    expect(old.body.error.code).toBe(ErrorCodes.INVITE_LINK_INVALID.code);
    expect((await joinAsNewPerson(app.client(), second)).status).toBe(201);

    const unknown = await joinAsNewPerson(app.client(), 'z'.repeat(43));
    expect(unknown.status).toBe(410);
    expect(unknown.body.error.code).toBe(ErrorCodes.INVITE_LINK_INVALID.code);
  });

  it('refuses people already in the organization, deactivated or invited ones included', async () => {
    const owner = await signUpOwner(app);
    const token = await enableLink(owner);
    const joiner = app.client();
    expect((await joinAsNewPerson(joiner, token)).status).toBe(201);
    const deactivated = await addActiveMember(app, owner, 'annotator');
    const other = await signUpOwner(app);
    // The deactivated person keeps their session through another organization they belong to.
    await other.client.post(`/api/v1/orgs/${other.orgId}/invitations`, {
      email: deactivated.email, firstName: 'D', lastName: 'E', roleId: other.roles.viewer,
    });
    const token2 = await latestInvitationToken(other, deactivated.email);
    expect((await deactivated.client.post(`/api/v1/invitations/${token2}/accept`)).status).toBe(200);
    expect((await owner.client.post(`/api/v1/orgs/${owner.orgId}/members/${deactivated.memberId}/deactivate`)).status).toBe(200);
    const invitedEmail = uniqueEmail('invited');
    await owner.client.post(`/api/v1/orgs/${owner.orgId}/invitations`, {
      email: invitedEmail, firstName: 'I', lastName: 'N', roleId: owner.roles.viewer,
    });
    const before = await snapshot(owner);

    for (const client of [owner.client, joiner, deactivated.client]) {
      const res = await client.post(`/api/v1/join/${token}`);
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe(ErrorCodes.INVITATION_ALREADY_MEMBER.code);
    }
    const pending = await joinAsNewPerson(app.client(), token, invitedEmail.toUpperCase());
    expect(pending.status).toBe(409);
    expect(pending.body.error.code).toBe(ErrorCodes.INVITATION_ALREADY_PENDING.code);
    expect(await snapshot(owner)).toEqual(before);
    // The refused join created no account: the invitation still expects a new person.
    const invitation = await latestInvitationToken(owner, invitedEmail);
    expect((await app.client().get(`/api/v1/invitations/${invitation}`)).body.accountExists).toBe(false);
    // Still deactivated: the link is no way back in.
    const me = await deactivated.client.get('/api/v1/me');
    expect(me.body.organizations.find((o: { organization: { id: string } }) => o.organization.id === owner.orgId).status).toBe('deactivated');
  });

  it('keeps the settings to members with invite_link.manage', async () => {
    const owner = await signUpOwner(app);
    const viewer = await addActiveMember(app, owner, 'viewer');
    const admin = await addActiveMember(app, owner, 'admin');
    const before = await snapshot(owner);
    for (const res of [
      await viewer.client.get(linkUrl(owner)),
      await viewer.client.put(linkUrl(owner), { enabled: true }),
      await viewer.client.put(linkUrl(owner), { enabled: true, regenerate: true }),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe(ErrorCodes.PERMISSION_DENIED.code);
      expect(res.body.url).toBeUndefined();
    }
    expect(await snapshot(owner)).toEqual(before);
    const byAdmin = await admin.client.put(linkUrl(owner), { enabled: true });
    expect(byAdmin.status).toBe(200);
    tokenOf(byAdmin.body.url);
  });
});
