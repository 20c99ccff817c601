import type { OwnerSetup } from '@roster/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  JOURNEY_TIMEOUT, PASSWORD, addMember, atPath, browserAvailable, checkAndShoot, devMailboxToken, invite, launchBrowser,
  newPerson, pathOf, seeText, settle, signInClient, signInThroughPage, signUpOwnerAs, startConsoleServer, uncaughtErrors, visible,
  type ConsoleServer,
} from './harness';

// Links a person opens from outside the console (invitations in their states, the shared invite link), the welcome page
// of a person with no organization, sign-in, and switching between organizations.

const DAY = 24 * 60 * 60 * 1000;

describe.skipIf(!browserAvailable('links.test.ts'))('console links and organizations (browser)', () => {
  let server: ConsoleServer;
  let browser: Browser;
  let owner: OwnerSetup;
  const ORG = 'Northwind Analytics';

  beforeAll(async () => {
    [server, browser] = await Promise.all([startConsoleServer(), launchBrowser()]);
    owner = await signUpOwnerAs(server, { firstName: 'Ada', lastName: 'Lovelace', email: 'ada.lovelace@northwind.example.com' }, ORG);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('accepts an invitation as a new person, and explains every link that no longer works', async () => {
    const { page } = await newPerson(browser, server);
    // A new person: the form is prefilled with the names the admin typed.
    const grace = { firstName: 'Grace', lastName: 'Hopper', email: 'grace.hopper@northwind.example.com', description: 'Compilers, Arlington' };
    await invite(owner, grace, 'annotator');
    const token = await devMailboxToken(owner, grace.email);
    await page.goto(`/invitations/${token}`);
    await visible(page.getByRole('heading', { name: `Join ${ORG}` }));
    await seeText(page, 'Ada Lovelace invited you');
    expect(await page.getByRole('textbox', { name: 'First name', exact: true }).inputValue()).toBe('Grace');
    expect(await page.getByRole('textbox', { name: 'Last name', exact: true }).inputValue()).toBe('Hopper');
    expect(await page.getByRole('textbox', { name: 'Email', exact: true }).inputValue()).toBe(grace.email);
    await checkAndShoot(page, 'invitation', 'invitation');

    // Too short a password is refused in words before anything is sent.
    await page.getByRole('textbox', { name: 'Choose a password', exact: true }).fill('short');
    await page.getByRole('button', { name: 'Create account and join' }).click();
    await seeText(page, 'Use at least 10 characters');
    expect(pathOf(page)).toBe(`/invitations/${token}`);

    await page.getByRole('textbox', { name: 'Choose a password', exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account and join' }).click();
    await atPath(page, `/orgs/${owner.orgId}/members`);
    await visible(page.getByRole('button', { name: 'Account: Grace Hopper' }));
    const members = await owner.client.get(`/api/v1/orgs/${owner.orgId}/members?q=grace`);
    expect(members.body.items).toEqual([expect.objectContaining({ email: grace.email, status: 'active' })]);

    // The same link again, from another browser: already accepted, with the way to sign in.
    const { page: again } = await newPerson(browser, server);
    await again.goto(`/invitations/${token}`);
    await visible(again.getByRole('heading', { name: 'This invitation was already accepted' }));
    await checkAndShoot(again, 'invitation used', 'invitation-used');
    await again.getByRole('link', { name: 'Sign in' }).click();
    await atPath(again, '/sign-in');

    // Withdrawn: the admin revoked it.
    const alan = { firstName: 'Alan', lastName: 'Turing', email: 'alan.turing@northwind.example.com' };
    const revoked = await invite(owner, alan, 'viewer');
    const revokedToken = await devMailboxToken(owner, alan.email);
    expect((await owner.client.delete(`/api/v1/orgs/${owner.orgId}/invitations/${revoked.invitationId}`)).status).toBeLessThan(300);
    await again.goto(`/invitations/${revokedToken}`);
    await visible(again.getByRole('heading', { name: 'This invitation was withdrawn' }));
    await checkAndShoot(again, 'invitation withdrawn', 'invitation-withdrawn');

    // Replaced: a newer email was sent, only its link works.
    const katherine = { firstName: 'Katherine', lastName: 'Johnson', email: 'katherine.johnson@northwind.example.com' };
    const resent = await invite(owner, katherine, 'manager');
    const firstToken = await devMailboxToken(owner, katherine.email);
    expect((await owner.client.post(`/api/v1/orgs/${owner.orgId}/invitations/${resent.invitationId}/resend`)).status).toBeLessThan(300);
    const secondToken = await devMailboxToken(owner, katherine.email);
    expect(secondToken).not.toBe(firstToken);
    await again.goto(`/invitations/${firstToken}`);
    await visible(again.getByRole('heading', { name: 'A newer invitation replaced this one' }));
    await again.goto(`/invitations/${secondToken}`);
    await visible(again.getByRole('heading', { name: `Join ${ORG}` }));

    // Not a link at all.
    await again.goto('/invitations/not-a-real-token-0000');
    await visible(again.getByRole('heading', { name: 'This invitation link is not valid' }));

    // Expired: eight days later (the organization's invitations last seven).
    const margaret = { firstName: 'Margaret', lastName: 'Hamilton', email: 'margaret.hamilton@northwind.example.com' };
    await invite(owner, margaret, 'annotator');
    const expiringToken = await devMailboxToken(owner, margaret.email);
    server.clock.advance(8 * DAY);
    try {
      await again.goto(`/invitations/${expiringToken}`);
      await visible(again.getByRole('heading', { name: 'This invitation has expired' }));
      await checkAndShoot(again, 'invitation expired', 'invitation-expired');
      const expired = await owner.client.get(`/api/v1/orgs/${owner.orgId}/members?status=invite_expired`);
      // Every invitation still pending a week ago has expired by now, Margaret's among them.
      expect(expired.body.items.map((m: { email: string }) => m.email)).toContain(margaret.email);
    } finally {
      server.clock.advance(-8 * DAY);
    }
    expect(uncaughtErrors(again)).toEqual([]);
    expect(uncaughtErrors(page)).toEqual([]);
  }, JOURNEY_TIMEOUT);

  it('joins through the shared invite link and waits for an admin to give a role', async () => {
    const link = await owner.client.put(`/api/v1/orgs/${owner.orgId}/invite-link`, { enabled: true });
    expect(link.status).toBe(200);
    const url = link.body.url as string;
    expect(url).toMatch(new RegExp(`^${server.url.replace(/\./g, '\\.')}/join/[A-Za-z0-9_-]+$`));

    const { page } = await newPerson(browser, server);
    await page.goto(url);
    await visible(page.getByRole('heading', { name: 'Join an organization on Roster' }));
    // Nothing filled in: each field says what it needs.
    await page.getByRole('button', { name: 'Create account and join' }).click();
    await seeText(page, 'Enter your first name');
    await seeText(page, 'Enter an email address');
    await checkAndShoot(page, 'join link (errors shown)', null);

    await page.getByRole('textbox', { name: 'First name', exact: true }).fill('Hedy');
    await page.getByRole('textbox', { name: 'Last name', exact: true }).fill('Lamarr');
    await page.getByRole('textbox', { name: 'Email', exact: true }).fill('hedy.lamarr@northwind.example.com');
    await page.getByRole('textbox', { name: 'Choose a password', exact: true }).fill(PASSWORD);
    await checkAndShoot(page, 'join link', 'join');
    await page.getByRole('button', { name: 'Create account and join' }).click();

    await visible(page.getByRole('heading', { name: `Waiting for an admin of ${ORG}` }));
    expect(pathOf(page)).toMatch(new RegExp(`^/orgs/${owner.orgId}`));
    await checkAndShoot(page, 'waiting for a role', 'waiting');
    const waiting = await owner.client.get(`/api/v1/orgs/${owner.orgId}/members?status=not_activated`);
    expect(waiting.body.items).toEqual([expect.objectContaining({ email: 'hedy.lamarr@northwind.example.com', role: null })]);

    // Once an admin gives a role, the same person sees the organization.
    const hedy = waiting.body.items[0] as { id: string };
    const given = await owner.client.patch(`/api/v1/orgs/${owner.orgId}/members/${hedy.id}`, { roleId: owner.roles.annotator });
    expect(given.status).toBe(200);
    await page.goto(`/orgs/${owner.orgId}`);
    await atPath(page, `/orgs/${owner.orgId}/members`);
    await visible(page.getByRole('link', { name: 'Members' }));
    expect(await page.getByRole('heading', { name: /Waiting for an admin/ }).count()).toBe(0);

    // Turned off, the link explains itself.
    expect((await owner.client.put(`/api/v1/orgs/${owner.orgId}/invite-link`, { enabled: false })).status).toBe(200);
    const { page: stranger } = await newPerson(browser, server);
    await stranger.goto(url);
    await stranger.getByRole('textbox', { name: 'First name', exact: true }).fill('Ida');
    await stranger.getByRole('textbox', { name: 'Last name', exact: true }).fill('Rhodes');
    await stranger.getByRole('textbox', { name: 'Email', exact: true }).fill('ida.rhodes@northwind.example.com');
    await stranger.getByRole('textbox', { name: 'Choose a password', exact: true }).fill(PASSWORD);
    await stranger.getByRole('button', { name: 'Create account and join' }).click();
    await visible(stranger.getByRole('heading', { name: 'This invite link no longer works' }));
    expect(uncaughtErrors(page)).toEqual([]);
  }, JOURNEY_TIMEOUT);

  it('signs in, and a person with no organization sees the welcome page with its two choices', async () => {
    // Someone whose only organization was deleted belongs to none.
    const person = { firstName: 'Annie', lastName: 'Easley', email: 'annie.easley@example.com' };
    const former = await signUpOwnerAs(server, person, 'Closed Shop');
    expect((await former.client.delete(`/api/v1/orgs/${former.orgId}`)).status).toBeLessThan(300);

    const { page } = await newPerson(browser, server);
    await page.goto('/');
    await atPath(page, '/sign-in');
    await visible(page.getByRole('heading', { name: 'Sign in to Roster' }));
    await checkAndShoot(page, 'sign-in', 'sign-in');

    // Empty fields, then a wrong password: each explained in words.
    await page.getByRole('button', { name: 'Sign in' }).click();
    await seeText(page, 'Enter an email address');
    await seeText(page, 'Enter your password');
    await page.getByRole('textbox', { name: 'Email', exact: true }).fill(person.email);
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = await visible(page.getByRole('alert'));
    expect((await alert.first().innerText()).trim()).not.toBe('');
    expect(pathOf(page)).toBe('/sign-in');
    await checkAndShoot(page, 'sign-in (wrong password)', null);

    await page.getByRole('textbox', { name: 'Password', exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await atPath(page, '/welcome');
    await visible(page.getByRole('heading', { name: 'Welcome, Annie' }));
    await visible(page.getByRole('heading', { name: 'Create an organization' }));
    await visible(page.getByRole('heading', { name: 'Open an invitation' }));
    await checkAndShoot(page, 'welcome (no organization)', 'welcome');

    // The invitation choice wants a real link…
    await page.getByRole('textbox', { name: 'Invitation link', exact: true }).fill('hello');
    await page.getByRole('button', { name: 'Open invitation' }).click();
    await seeText(page, 'Paste the whole link from the invitation email');
    // …and the other choice creates an organization and lands in it.
    await page.getByRole('textbox', { name: 'Organization name', exact: true }).fill('Easley Propulsion Lab');
    await page.getByRole('button', { name: 'Create organization' }).click();
    await atPath(page, /^\/orgs\/[^/]+\/members$/);
    await visible(page.getByRole('button', { name: /^Organization: Easley Propulsion Lab/ }));
    const me = await (await signInClient(server, person.email)).get('/api/v1/me');
    expect(me.body.organizations.map((o: { organization: { name: string } }) => o.organization.name)).toEqual(['Easley Propulsion Lab']);
    expect(uncaughtErrors(page)).toEqual([]);
  }, JOURNEY_TIMEOUT);

  it('an existing account signs in to accept, then switches between its two organizations', async () => {
    // Dorothy already has an account (in Northwind); Bletchley invites her.
    const dorothy = { firstName: 'Dorothy', lastName: 'Vaughan', email: 'dorothy.vaughan@northwind.example.com' };
    await addMember(server, owner, dorothy, 'manager');
    const bletchley = await signUpOwnerAs(server, { firstName: 'Joan', lastName: 'Clarke', email: 'joan.clarke@bletchley.example.com' }, 'Bletchley Park');
    await invite(bletchley, dorothy, 'viewer');
    const token = await devMailboxToken(bletchley, dorothy.email);

    const { page } = await newPerson(browser, server);
    await page.goto(`/invitations/${token}`);
    await visible(page.getByRole('heading', { name: 'Join Bletchley Park' }));
    await page.getByRole('link', { name: 'Sign in to accept' }).click();
    await atPath(page, '/sign-in');
    expect(await page.getByRole('textbox', { name: 'Email', exact: true }).inputValue()).toBe(dorothy.email);
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await atPath(page, `/invitations/${token}`);
    const accept = await visible(page.getByRole('button', { name: 'Accept and join Bletchley Park' }));
    await checkAndShoot(page, 'invitation (signed in, existing account)', 'invitation-existing-account');
    await accept.click();
    await atPath(page, `/orgs/${bletchley.orgId}/members`);

    // The switcher names the current organization and lists both.
    const switcher = await visible(page.getByRole('button', { name: /^Organization: Bletchley Park/ }));
    await switcher.click();
    await visible(page.getByRole('menuitem', { name: new RegExp(ORG) }));
    await checkAndShoot(page, 'organization switcher (open)', 'org-switcher');
    await page.getByRole('menuitem', { name: new RegExp(ORG) }).click();
    await atPath(page, `/orgs/${owner.orgId}/members`);
    await visible(page.getByRole('button', { name: new RegExp(`^Organization: ${ORG}`) }));

    // Back again; the section is kept and the URL carries the other id.
    await page.getByRole('button', { name: new RegExp(`^Organization: ${ORG}`) }).click();
    await page.getByRole('menuitem', { name: /Bletchley Park/ }).click();
    await atPath(page, `/orgs/${bletchley.orgId}/members`);
    await visible(page.getByRole('button', { name: /^Organization: Bletchley Park/ }));
    await settle(page);

    // "/" goes back to the organization last visited.
    await page.goto('/');
    await atPath(page, `/orgs/${bletchley.orgId}/members`);

    // A made-up organization id is explained, not blank.
    await page.goto('/orgs/not-an-org/members');
    await visible(page.getByRole('heading', { name: 'Organization not found' }));
    await checkAndShoot(page, 'organization not found', null);

    // Signing out from the account menu returns to sign-in, and the session is gone.
    await page.getByRole('button', { name: 'Account: Dorothy Vaughan' }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await atPath(page, '/sign-in');
    await page.goto(`/orgs/${owner.orgId}/members`);
    await atPath(page, '/sign-in');
    expect(new URL(page.url()).searchParams.get('next')).toBe(`/orgs/${owner.orgId}/members`);
    expect(uncaughtErrors(page)).toEqual([]);
  }, JOURNEY_TIMEOUT);

  it('shows a clear page for an address that does not exist', async () => {
    const { page } = await newPerson(browser, server);
    await page.goto('/no/such/page');
    await visible(page.getByRole('heading', { name: 'Page not found' }));
    await checkAndShoot(page, 'not found', 'not-found');
    await page.getByRole('link', { name: 'Go to Roster' }).click();
    await atPath(page, '/sign-in');
    await signInThroughPage(page, owner.email);
    await atPath(page, `/orgs/${owner.orgId}/members`);
  }, JOURNEY_TIMEOUT);
});
