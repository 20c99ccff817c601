import { ErrorCodes } from '@roster/core';
import {
  TEST_PUBLIC_URL, addActiveMember, createTestApp, describeEachEngine, latestInvitationToken, signUpOwner, uniqueEmail,
  type OwnerSetup, type TestApp,
} from '@roster/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';

const DAY = 24 * 60 * 60 * 1000;
const PASSWORD = 'a long enough password';

interface MailItem {
  id: string;
  to: string;
  subject: string;
  status: string;
  transport: string;
  text: string | null;
  html: string | null;
}

/** How the invitation email writes a date, e.g. "8 March 2026". */
function mailDate(iso: string): string {
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(iso));
}

describeEachEngine('invitations', (engine) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp(engine);
  });
  afterAll(async () => {
    await app.dispose();
  });

  function invite(owner: OwnerSetup, email: string, roleKey = 'annotator', extra: Record<string, unknown> = {}) {
    return owner.client.post(`/api/v1/orgs/${owner.orgId}/invitations`, {
      email, firstName: 'Iris', lastName: 'Invitee', roleId: owner.roles[roleKey], ...extra,
    });
  }

  async function mailTo(owner: OwnerSetup, email: string): Promise<MailItem[]> {
    const res = await owner.client.get(`/api/v1/orgs/${owner.orgId}/mail?limit=200`);
    expect(res.status).toBe(200);
    return (res.body.items as MailItem[]).filter((m) => m.to === email.toLowerCase());
  }

  /** What a refused request must leave untouched: the members table, the outbox and the audit log. */
  async function snapshot(owner: OwnerSetup) {
    const [members, mail, audit] = await Promise.all([
      owner.client.get(`/api/v1/orgs/${owner.orgId}/members?limit=200`),
      owner.client.get(`/api/v1/orgs/${owner.orgId}/mail?limit=200`),
      owner.client.get(`/api/v1/orgs/${owner.orgId}/audit-events?limit=200`),
    ]);
    return { members: members.body.items, counts: members.body.counts, mail: mail.body.items, audit: audit.body.items };
  }

  async function memberRow(owner: OwnerSetup, memberId: string) {
    const res = await owner.client.get(`/api/v1/orgs/${owner.orgId}/members?limit=200`);
    return (res.body.items as Array<{ id: string; status: string; [key: string]: unknown }>).find((m) => m.id === memberId);
  }

  it('invites: the person appears at once as invite_pending and the email is in the dev mailbox', async () => {
    const owner = await signUpOwner(app, { organizationName: 'Acme & Sons' });
    const email = uniqueEmail('Iris');
    const res = await invite(owner, email.toUpperCase());
    expect(res.status).toBe(201);
    const { member, invitation } = res.body;
    expect(member.status).toBe('invite_pending');
    expect(member.email).toBe(email.toLowerCase());
    expect(member.userId).toBeNull();
    expect(member.role.key).toBe('annotator');
    expect(invitation.email).toBe(email.toLowerCase());
    expect(invitation.memberId).toBe(member.id);
    expect(invitation.expiresAt).toBe(new Date(app.clock.now().getTime() + 7 * DAY).toISOString());
    expect(member.invitation).toEqual({ id: invitation.id, expiresAt: invitation.expiresAt });

    const table = await owner.client.get(`/api/v1/orgs/${owner.orgId}/members?status=invite_pending`);
    expect(table.status).toBe(200);
    expect(table.body.items.map((m: { id: string }) => m.id)).toEqual([member.id]);
    expect(table.body.items[0].invitation).toEqual({ id: invitation.id, expiresAt: invitation.expiresAt });
    expect(table.body.counts.byStatus.invite_pending).toBe(1);

    const mail = await mailTo(owner, email);
    expect(mail).toHaveLength(1);
    const message = mail[0]!;
    expect(message.status).toBe('sent');
    expect(message.transport).toBe('dev_mailbox');
    expect(message.subject).toContain('Olive Owner');
    expect(message.subject).toContain('Acme & Sons');
    const text = message.text ?? '';
    const html = message.html ?? '';
    const link = text.match(/(\S+\/invitations\/[A-Za-z0-9_-]+)/)?.[1];
    expect(link?.startsWith(`${TEST_PUBLIC_URL}/invitations/`)).toBe(true);
    const expiry = mailDate(invitation.expiresAt);
    for (const [body, orgName] of [[text, 'Acme & Sons'], [html, 'Acme &amp; Sons']] as const) {
      expect(body).toContain('Olive Owner');
      expect(body).toContain(orgName);
      expect(body).toContain('Annotator');
      expect(body).toContain(link);
      expect(body).toContain(expiry);
    }
    expect(html).toContain(`href="${link}"`);
    expect(html).not.toContain('Acme & Sons');

    const token = await latestInvitationToken(owner, email);
    expect(link).toBe(`${TEST_PUBLIC_URL}/invitations/${token}`);
    // The token is random, long, and not the invitation id.
    expect(token.length).toBeGreaterThanOrEqual(22);
    expect(token).not.toContain(invitation.id);
  });

  it('refuses to invite an active member, whatever the email case, and changes nothing', async () => {
    const owner = await signUpOwner(app);
    const active = await addActiveMember(app, owner, 'annotator');
    const before = await snapshot(owner);
    for (const email of [active.email.toUpperCase(), owner.email]) {
      const res = await invite(owner, email);
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe(ErrorCodes.INVITATION_ALREADY_MEMBER.code);
    }
    expect(await snapshot(owner)).toEqual(before);
  });

  it('refuses to invite someone whose invitation is pending, whatever the email case', async () => {
    const owner = await signUpOwner(app);
    const email = uniqueEmail('pending');
    expect((await invite(owner, email)).status).toBe(201);
    const before = await snapshot(owner);
    for (const again of [email, email.toUpperCase(), email.replace(/^p/, 'P')]) {
      const res = await invite(owner, again, 'viewer');
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe(ErrorCodes.INVITATION_ALREADY_PENDING.code);
    }
    expect(await snapshot(owner)).toEqual(before);
    expect(await mailTo(owner, email)).toHaveLength(1);
  });

  it('refuses a role ranked above the inviter, but allows their own rank', async () => {
    const owner = await signUpOwner(app);
    const admin = await addActiveMember(app, owner, 'admin');
    const before = await snapshot(owner);
    const res = await admin.client.post(`/api/v1/orgs/${owner.orgId}/invitations`, {
      email: uniqueEmail('boss'), firstName: 'B', lastName: 'Oss', roleId: owner.roles.owner,
    });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe(ErrorCodes.ROLE_ABOVE_ACTOR.code);
    expect(await snapshot(owner)).toEqual(before);
    const same = await admin.client.post(`/api/v1/orgs/${owner.orgId}/invitations`, {
      email: uniqueEmail('peer'), firstName: 'P', lastName: 'Eer', roleId: owner.roles.admin,
    });
    expect(same.status).toBe(201);
  });

  it('refuses an unknown role, and a role of another organization', async () => {
    const owner = await signUpOwner(app);
    const other = await signUpOwner(app);
    const before = await snapshot(owner);
    for (const roleId of ['role_does_not_exist', other.roles.viewer!]) {
      const res = await owner.client.post(`/api/v1/orgs/${owner.orgId}/invitations`, {
        email: uniqueEmail('x'), firstName: 'X', lastName: 'Y', roleId,
      });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe(ErrorCodes.ROLE_NOT_FOUND.code);
    }
    expect(await snapshot(owner)).toEqual(before);
  });

  it('refuses a Viewer: inviting and managing invitations need members.invite', async () => {
    const owner = await signUpOwner(app);
    const viewer = await addActiveMember(app, owner, 'viewer');
    const pending = await invite(owner, uniqueEmail('p'));
    const invitationId = pending.body.invitation.id as string;
    const before = await snapshot(owner);
    const attempts = [
      viewer.client.post(`/api/v1/orgs/${owner.orgId}/invitations`, {
        email: uniqueEmail('v'), firstName: 'V', lastName: 'W', roleId: owner.roles.viewer,
      }),
      viewer.client.post(`/api/v1/orgs/${owner.orgId}/invitations/${invitationId}/resend`),
      viewer.client.post(`/api/v1/orgs/${owner.orgId}/invitations/${invitationId}/renew`),
      viewer.client.delete(`/api/v1/orgs/${owner.orgId}/invitations/${invitationId}`),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe(ErrorCodes.PERMISSION_DENIED.code);
    }
    expect(await snapshot(owner)).toEqual(before);
  });

  it('previews an invitation publicly: organization, inviter, role, expiry, whether an account exists', async () => {
    const owner = await signUpOwner(app, { organizationName: 'Preview Co' });
    const newcomer = uniqueEmail('new');
    const existing = await signUpOwner(app);
    const first = await invite(owner, newcomer);
    const second = await invite(owner, existing.email.toUpperCase(), 'manager');
    const anonymous = app.client();

    const preview = await anonymous.get(`/api/v1/invitations/${await latestInvitationToken(owner, newcomer)}`);
    expect(preview.status).toBe(200);
    expect(preview.body).toEqual({
      organization: { id: owner.orgId, name: 'Preview Co' },
      invitedBy: { name: 'Olive Owner' },
      role: { name: 'Annotator', description: expect.any(String) },
      email: newcomer.toLowerCase(), firstName: 'Iris', lastName: 'Invitee',
      expiresAt: first.body.invitation.expiresAt,
      accountExists: false,
    });
    const known = await anonymous.get(`/api/v1/invitations/${await latestInvitationToken(owner, existing.email)}`);
    expect(known.status).toBe(200);
    expect(known.body.accountExists).toBe(true);
    expect(known.body.role.name).toBe('Manager');
    expect(known.body.expiresAt).toBe(second.body.invitation.expiresAt);
  });

  it('accepts as a new person: account created with the names given, signed in, member active', async () => {
    const owner = await signUpOwner(app, { organizationName: 'Join Me' });
    const email = uniqueEmail('nora');
    const invited = await invite(owner, email);
    const token = await latestInvitationToken(owner, email);
    const client = app.client();
    const res = await client.post(`/api/v1/invitations/${token}/accept`, { firstName: 'Nora', lastName: 'Newcomer', password: PASSWORD });
    expect(res.status).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/roster_session=/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(client.sessionCookie).toBeDefined();
    expect(res.body.member.id).toBe(invited.body.member.id);
    expect(res.body.member.status).toBe('active');
    expect(res.body.member.firstName).toBe('Nora');
    expect(res.body.member.invitation).toBeNull();
    expect(res.body.user.email).toBe(email.toLowerCase());
    expect(res.body.organization.id).toBe(owner.orgId);

    const me = await client.get('/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ firstName: 'Nora', lastName: 'Newcomer', email: email.toLowerCase() });
    expect(me.body.organizations).toHaveLength(1);
    expect(me.body.organizations[0]).toMatchObject({ organization: { id: owner.orgId, name: 'Join Me' }, status: 'active', role: { key: 'annotator' } });

    const row = await memberRow(owner, invited.body.member.id);
    expect(row).toMatchObject({ status: 'active', firstName: 'Nora', lastName: 'Newcomer', userId: res.body.user.id, invitation: null });
    // The password they chose works.
    const again = app.client();
    expect((await again.post('/api/v1/auth/sign-in', { email, password: PASSWORD })).status).toBe(200);
  });

  it('asks a new person for their details and changes nothing meanwhile', async () => {
    const owner = await signUpOwner(app);
    const email = uniqueEmail('lazy');
    await invite(owner, email);
    const token = await latestInvitationToken(owner, email);
    const before = await snapshot(owner);
    const client = app.client();
    for (const body of [undefined, {}, { firstName: 'Only', lastName: 'Names' }, { password: PASSWORD }]) {
      const res = await client.post(`/api/v1/invitations/${token}/accept`, body);
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe(ErrorCodes.INVITATION_ACCOUNT_DETAILS_REQUIRED.code);
    }
    expect(client.sessionCookie).toBeUndefined();
    expect(await snapshot(owner)).toEqual(before);
    expect((await app.client().get(`/api/v1/invitations/${token}`)).body.accountExists).toBe(false);
  });

  it('lets an existing user join only when signed in as the invited email, keeping their own names', async () => {
    const owner = await signUpOwner(app);
    const existing = await signUpOwner(app, { organizationName: 'Their Own' });
    const stranger = await signUpOwner(app);
    const invited = await invite(owner, existing.email.toUpperCase(), 'manager');
    const token = await latestInvitationToken(owner, existing.email);
    const before = await snapshot(owner);

    const anonymous = app.client();
    const notSignedIn = await anonymous.post(`/api/v1/invitations/${token}/accept`, { firstName: 'Fake', lastName: 'Person', password: PASSWORD });
    expect(notSignedIn.status).toBe(409);
    expect(notSignedIn.body.error.code).toBe(ErrorCodes.INVITATION_ACCOUNT_EXISTS.code);
    expect(anonymous.sessionCookie).toBeUndefined();

    // Regression (issue 3): a bodiless accept by a signed-in user was refused as request.invalid.
    const wrongPerson = await stranger.client.post(`/api/v1/invitations/${token}/accept`);
    expect(wrongPerson.status).toBe(403);
    expect(wrongPerson.body.error.code).toBe(ErrorCodes.INVITATION_EMAIL_MISMATCH.code);
    expect((await stranger.client.get('/api/v1/me')).body.organizations).toHaveLength(1);
    expect(await snapshot(owner)).toEqual(before);

    const cookie = existing.client.sessionCookie;
    const ok = await existing.client.post(`/api/v1/invitations/${token}/accept`);
    expect(ok.status).toBe(200);
    expect(ok.headers['set-cookie']).toBeUndefined();
    expect(existing.client.sessionCookie).toBe(cookie);
    expect(ok.body.member).toMatchObject({ id: invited.body.member.id, status: 'active', firstName: 'Olive', lastName: 'Owner', role: { key: 'manager' } });
    expect(ok.body.user.id).toBe(existing.userId);
    const me = await existing.client.get('/api/v1/me');
    expect(me.body.organizations.map((o: { organization: { id: string } }) => o.organization.id).sort())
      .toEqual([existing.orgId, owner.orgId].sort());
    const row = await memberRow(owner, invited.body.member.id);
    expect(row).toMatchObject({ status: 'active', firstName: 'Olive', lastName: 'Owner', userId: existing.userId });
  });

  it('refuses a used link', async () => {
    const owner = await signUpOwner(app);
    const email = uniqueEmail('used');
    await invite(owner, email);
    const token = await latestInvitationToken(owner, email);
    const first = app.client();
    expect((await first.post(`/api/v1/invitations/${token}/accept`, { firstName: 'U', lastName: 'Sed', password: PASSWORD })).status).toBe(200);
    const before = await snapshot(owner);
    const second = app.client();
    const again = await second.post(`/api/v1/invitations/${token}/accept`, { firstName: 'Other', lastName: 'One', password: 'different password' });
    expect(again.status).toBe(410);
    expect(again.body.error.code).toBe(ErrorCodes.INVITATION_USED.code);
    expect(second.sessionCookie).toBeUndefined();
    const asInvitee = await first.post(`/api/v1/invitations/${token}/accept`);
    expect(asInvitee.body.error.code).toBe(ErrorCodes.INVITATION_USED.code);
    const preview = await app.client().get(`/api/v1/invitations/${token}`);
    expect(preview.status).toBe(410);
    expect(preview.body.error.code).toBe(ErrorCodes.INVITATION_USED.code);
    expect(await snapshot(owner)).toEqual(before);
  });

  it('expires a link after the organization lifetime; renewing extends it and the same link works again', async () => {
    const owner = await signUpOwner(app);
    const email = uniqueEmail('late');
    const invited = await invite(owner, email);
    const memberId = invited.body.member.id as string;
    const invitationId = invited.body.invitation.id as string;
    const token = await latestInvitationToken(owner, email);

    app.clock.advance(8 * DAY);
    const preview = await app.client().get(`/api/v1/invitations/${token}`);
    expect(preview.status).toBe(410);
    expect(preview.body.error.code).toBe(ErrorCodes.INVITATION_EXPIRED.code);
    const late = app.client();
    const accept = await late.post(`/api/v1/invitations/${token}/accept`, { firstName: 'L', lastName: 'Ate', password: PASSWORD });
    expect(accept.status).toBe(410);
    expect(accept.body.error.code).toBe(ErrorCodes.INVITATION_EXPIRED.code);
    expect(late.sessionCookie).toBeUndefined();

    expect((await memberRow(owner, memberId))?.status).toBe('invite_expired');
    const expired = await owner.client.get(`/api/v1/orgs/${owner.orgId}/members?status=invite_expired`);
    expect(expired.body.items.map((m: { id: string }) => m.id)).toEqual([memberId]);
    expect(expired.body.counts.byStatus).toMatchObject({ invite_expired: 1, invite_pending: 0 });

    const renewed = await owner.client.post(`/api/v1/orgs/${owner.orgId}/invitations/${invitationId}/renew`);
    expect(renewed.status).toBe(200);
    expect(renewed.body.id).toBe(invitationId);
    // An expired invitation is renewed from now, not from its old expiry.
    expect(renewed.body.expiresAt).toBe(new Date(app.clock.now().getTime() + 7 * DAY).toISOString());
    expect(await memberRow(owner, memberId)).toMatchObject({
      status: 'invite_pending', invitation: { id: invitationId, expiresAt: renewed.body.expiresAt },
    });
    expect(await mailTo(owner, email)).toHaveLength(1);

    const ok = await app.client().post(`/api/v1/invitations/${token}/accept`, { firstName: 'L', lastName: 'Ate', password: PASSWORD });
    expect(ok.status).toBe(200);
    expect(ok.body.member.status).toBe('active');
  });

  it('renews a pending invitation from its current expiry', async () => {
    const owner = await signUpOwner(app);
    const invited = await invite(owner, uniqueEmail('early'));
    app.clock.advance(2 * DAY);
    const renewed = await owner.client.post(`/api/v1/orgs/${owner.orgId}/invitations/${invited.body.invitation.id}/renew`);
    expect(renewed.status).toBe(200);
    expect(renewed.body.expiresAt).toBe(new Date(new Date(invited.body.invitation.expiresAt).getTime() + 7 * DAY).toISOString());
  });

  it('resends with a new link: new mail, the old link is replaced, the new one works', async () => {
    const owner = await signUpOwner(app);
    const email = uniqueEmail('again');
    const invited = await invite(owner, email);
    const invitationId = invited.body.invitation.id as string;
    const oldToken = await latestInvitationToken(owner, email);

    app.clock.advance(3 * DAY);
    const resent = await owner.client.post(`/api/v1/orgs/${owner.orgId}/invitations/${invitationId}/resend`);
    expect(resent.status).toBe(200);
    expect(resent.body.id).toBe(invitationId);
    expect(resent.body.expiresAt).toBe(new Date(app.clock.now().getTime() + 7 * DAY).toISOString());

    const mail = await mailTo(owner, email);
    expect(mail).toHaveLength(2);
    const newToken = await latestInvitationToken(owner, email);
    expect(newToken).not.toBe(oldToken);
    expect(mail[0]!.text).toContain(newToken);
    expect(mail[0]!.text).toContain(mailDate(resent.body.expiresAt));
    expect(mail[0]!.text).not.toContain(mailDate(invited.body.invitation.expiresAt));
    expect(await memberRow(owner, invited.body.member.id)).toMatchObject({
      status: 'invite_pending', invitation: { id: invitationId, expiresAt: resent.body.expiresAt },
    });

    const stale = app.client();
    for (const res of [
      await stale.get(`/api/v1/invitations/${oldToken}`),
      await stale.post(`/api/v1/invitations/${oldToken}/accept`, { firstName: 'O', lastName: 'Ld', password: PASSWORD }),
    ]) {
      expect(res.status).toBe(410);
      expect(res.body.error.code).toBe(ErrorCodes.INVITATION_REPLACED.code);
    }
    expect(stale.sessionCookie).toBeUndefined();
    const ok = await app.client().post(`/api/v1/invitations/${newToken}/accept`, { firstName: 'N', lastName: 'Ew', password: PASSWORD });
    expect(ok.status).toBe(200);
    // Accepted through the new link, the old one now reads as used rather than replaced.
    const used = await app.client().get(`/api/v1/invitations/${oldToken}`);
    expect(used.body.error.code).toBe(ErrorCodes.INVITATION_USED.code);
  });

  it('revokes: the link stops working and the row leaves the members table', async () => {
    const owner = await signUpOwner(app);
    const email = uniqueEmail('gone');
    const invited = await invite(owner, email);
    const memberId = invited.body.member.id as string;
    const token = await latestInvitationToken(owner, email);
    const revoked = await owner.client.delete(`/api/v1/orgs/${owner.orgId}/invitations/${invited.body.invitation.id}`);
    expect(revoked.status).toBe(204);

    for (const res of [
      await app.client().get(`/api/v1/invitations/${token}`),
      await app.client().post(`/api/v1/invitations/${token}/accept`, { firstName: 'R', lastName: 'Ev', password: PASSWORD }),
    ]) {
      expect(res.status).toBe(410);
      expect(res.body.error.code).toBe(ErrorCodes.INVITATION_REVOKED.code);
    }
    expect(await memberRow(owner, memberId)).toBeUndefined();
    const table = await owner.client.get(`/api/v1/orgs/${owner.orgId}/members`);
    expect(table.body.counts.byStatus.invite_pending).toBe(0);
    expect(table.body.counts.total).toBe(1);
    expect((await owner.client.get(`/api/v1/orgs/${owner.orgId}/members/${memberId}`)).status).toBe(404);
    // The address can be invited afresh.
    const again = await invite(owner, email);
    expect(again.status).toBe(201);
    expect(again.body.member.id).not.toBe(memberId);
  });

  it('revokes the link when the pending member is removed from the table', async () => {
    const owner = await signUpOwner(app);
    const email = uniqueEmail('removed');
    const invited = await invite(owner, email);
    const token = await latestInvitationToken(owner, email);
    expect((await owner.client.delete(`/api/v1/orgs/${owner.orgId}/members/${invited.body.member.id}`)).status).toBe(204);
    const res = await app.client().post(`/api/v1/invitations/${token}/accept`, { firstName: 'R', lastName: 'Em', password: PASSWORD });
    expect(res.status).toBe(410);
    expect(res.body.error.code).toBe(ErrorCodes.INVITATION_REVOKED.code);
  });

  it('gives the invitee the role the invitation has when they accept, even if it changed meanwhile', async () => {
    const owner = await signUpOwner(app);
    const email = uniqueEmail('promoted');
    const invited = await invite(owner, email, 'viewer');
    const token = await latestInvitationToken(owner, email);
    const changed = await owner.client.patch(`/api/v1/orgs/${owner.orgId}/members/${invited.body.member.id}`, { roleId: owner.roles.manager });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ status: 'invite_pending', role: { key: 'manager' } });
    expect((await app.client().get(`/api/v1/invitations/${token}`)).body.role.name).toBe('Manager');
    const accepted = await app.client().post(`/api/v1/invitations/${token}/accept`, { firstName: 'P', lastName: 'Ro', password: PASSWORD });
    expect(accepted.status).toBe(200);
    expect(accepted.body.member.role.key).toBe('manager');
  });

  it("uses the organization's invitation lifetime", async () => {
    const owner = await signUpOwner(app);
    expect((await owner.client.patch(`/api/v1/orgs/${owner.orgId}`, { invitationTtlDays: 2 })).status).toBe(200);
    const email = uniqueEmail('short');
    const invited = await invite(owner, email);
    expect(invited.body.invitation.expiresAt).toBe(new Date(app.clock.now().getTime() + 2 * DAY).toISOString());
    app.clock.advance(2 * DAY + 1000);
    const token = await latestInvitationToken(owner, email);
    const res = await app.client().get(`/api/v1/invitations/${token}`);
    expect(res.body.error.code).toBe(ErrorCodes.INVITATION_EXPIRED.code);
    // An expired invitation still holds the address: renew or resend it rather than invite again.
    const again = await invite(owner, email);
    expect(again.body.error.code).toBe(ErrorCodes.INVITATION_ALREADY_PENDING.code);
  });

  it('lets a removed member be invited again and rejoin with the account they kept', async () => {
    const owner = await signUpOwner(app);
    const member = await addActiveMember(app, owner, 'annotator');
    expect((await owner.client.delete(`/api/v1/orgs/${owner.orgId}/members/${member.memberId}`)).status).toBe(204);
    const invited = await invite(owner, member.email, 'viewer');
    expect(invited.status).toBe(201);
    expect(invited.body.member.id).not.toBe(member.memberId);
    const token = await latestInvitationToken(owner, member.email);
    expect((await app.client().get(`/api/v1/invitations/${token}`)).body.accountExists).toBe(true);
    const signedIn = app.client();
    expect((await signedIn.post('/api/v1/auth/sign-in', { email: member.email, password: 'another good password' })).status).toBe(200);
    const accepted = await signedIn.post(`/api/v1/invitations/${token}/accept`);
    expect(accepted.status).toBe(200);
    expect(accepted.body.member).toMatchObject({ id: invited.body.member.id, userId: member.userId, status: 'active', role: { key: 'viewer' } });
    const me = await signedIn.get('/api/v1/me');
    expect(me.body.organizations).toEqual([expect.objectContaining({ memberId: invited.body.member.id, status: 'active' })]);
  });

  it('shows an erased inviter as "Deleted User" to the invitee', async () => {
    const owner = await signUpOwner(app);
    const admin = await addActiveMember(app, owner, 'admin');
    const email = uniqueEmail('orphan');
    expect((await admin.client.post(`/api/v1/orgs/${owner.orgId}/invitations`, {
      email, firstName: 'O', lastName: 'Rphan', roleId: owner.roles.viewer,
    })).status).toBe(201);
    const token = await latestInvitationToken(owner, email);
    expect((await app.client().get(`/api/v1/invitations/${token}`)).body.invitedBy).toEqual({ name: 'Member admin' });
    expect((await owner.client.delete(`/api/v1/orgs/${owner.orgId}/members/${admin.memberId}?erase=true`)).status).toBe(204);
    const preview = await app.client().get(`/api/v1/invitations/${token}`);
    expect(preview.status).toBe(200);
    expect(preview.body.invitedBy).toEqual({ name: 'Deleted User' });
  });

  it('refuses resend, renew and revoke once the invitation is accepted', async () => {
    const owner = await signUpOwner(app);
    const email = uniqueEmail('done');
    const invited = await invite(owner, email);
    const invitationId = invited.body.invitation.id as string;
    const token = await latestInvitationToken(owner, email);
    expect((await app.client().post(`/api/v1/invitations/${token}/accept`, { firstName: 'D', lastName: 'One', password: PASSWORD })).status).toBe(200);
    const before = await snapshot(owner);
    for (const res of [
      await owner.client.post(`/api/v1/orgs/${owner.orgId}/invitations/${invitationId}/resend`),
      await owner.client.post(`/api/v1/orgs/${owner.orgId}/invitations/${invitationId}/renew`),
      await owner.client.delete(`/api/v1/orgs/${owner.orgId}/invitations/${invitationId}`),
    ]) {
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe(ErrorCodes.INVITATION_NOT_PENDING.code);
    }
    expect(await snapshot(owner)).toEqual(before);
    expect((await memberRow(owner, invited.body.member.id))?.status).toBe('active');
  });

  it('answers 404 for an unknown token', async () => {
    const anonymous = app.client();
    const unknown = 'x'.repeat(43);
    for (const res of [
      await anonymous.get(`/api/v1/invitations/${unknown}`),
      await anonymous.post(`/api/v1/invitations/${unknown}/accept`, { firstName: 'N', lastName: 'O', password: PASSWORD }),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe(ErrorCodes.INVITATION_NOT_FOUND.code);
    }
    expect(anonymous.sessionCookie).toBeUndefined();
  });

  it("answers 404 for another organization's invitation id, and leaves it alone", async () => {
    const owner = await signUpOwner(app);
    const intruder = await signUpOwner(app);
    const email = uniqueEmail('theirs');
    const invited = await invite(owner, email);
    const invitationId = invited.body.invitation.id as string;
    const before = await snapshot(owner);
    for (const res of [
      await intruder.client.post(`/api/v1/orgs/${intruder.orgId}/invitations/${invitationId}/resend`),
      await intruder.client.post(`/api/v1/orgs/${intruder.orgId}/invitations/${invitationId}/renew`),
      await intruder.client.delete(`/api/v1/orgs/${intruder.orgId}/invitations/${invitationId}`),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe(ErrorCodes.INVITATION_NOT_FOUND.code);
    }
    // Through the owner's organization id, the intruder learns nothing either.
    const cross = await intruder.client.delete(`/api/v1/orgs/${owner.orgId}/invitations/${invitationId}`);
    expect(cross.status).toBe(404);
    expect(cross.body.error.code).toBe(ErrorCodes.ORG_NOT_FOUND.code);
    expect(await snapshot(owner)).toEqual(before);
    const token = await latestInvitationToken(owner, email);
    expect((await app.client().get(`/api/v1/invitations/${token}`)).status).toBe(200);
  });

  it('lets exactly one of two simultaneous accepts of the same link succeed', async () => {
    const owner = await signUpOwner(app);
    const email = uniqueEmail('race');
    const invited = await invite(owner, email);
    const token = await latestInvitationToken(owner, email);
    const clients = [app.client(), app.client()];
    const results = await Promise.all(clients.map((client, i) => client.post(`/api/v1/invitations/${token}/accept`, {
      firstName: `Racer${i}`, lastName: 'Twin', password: `${PASSWORD} ${i}`,
    })));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 410]);
    const loser = results.find((r) => r.status !== 200)!;
    expect(loser.body.error.code).toBe(ErrorCodes.INVITATION_USED.code);
    const winner = results.findIndex((r) => r.status === 200);
    expect(clients[1 - winner]!.sessionCookie).toBeUndefined();

    const table = await owner.client.get(`/api/v1/orgs/${owner.orgId}/members?limit=200`);
    const rows = (table.body.items as Array<{ email: string; status: string; firstName: string; id: string }>).filter((m) => m.email === email);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: invited.body.member.id, status: 'active', firstName: `Racer${winner}` });
    // Only the winner's password opens the account.
    const signIn = (i: number) => app.client().post('/api/v1/auth/sign-in', { email, password: `${PASSWORD} ${i}` });
    expect((await signIn(winner)).status).toBe(200);
    expect((await signIn(1 - winner)).status).toBe(401);
  });

  it('lets exactly one of two simultaneous invitations of the same email through', async () => {
    const owner = await signUpOwner(app);
    const email = uniqueEmail('twice');
    const results = await Promise.all([invite(owner, email), invite(owner, email.toUpperCase(), 'viewer')]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    const refused = results.find((r) => r.status === 409)!;
    expect(refused.body.error.code).toBe(ErrorCodes.INVITATION_ALREADY_PENDING.code);
    const table = await owner.client.get(`/api/v1/orgs/${owner.orgId}/members?status=invite_pending`);
    expect(table.body.items).toHaveLength(1);
    expect(await mailTo(owner, email)).toHaveLength(1);
    const audit = await owner.client.get(`/api/v1/orgs/${owner.orgId}/audit-events`);
    expect(audit.body.items.filter((e: { action: string }) => e.action === 'member.invited')).toHaveLength(1);
  });
});
