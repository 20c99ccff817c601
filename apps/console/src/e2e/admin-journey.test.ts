import type { TestClient } from '@roster/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  JOURNEY_TIMEOUT, PASSWORD, atPath, browserAvailable, checkAndShoot, chooseOption, clientOf, expectAccessible, fieldError,
  invitationLinkIn, launchBrowser, memberRow, newPerson, pathOf, seeText, settle, startConsoleServer, uncaughtErrors, visible,
  waitForMail, type ConsoleServer,
} from './harness';

// The admin's whole story in a real browser, with mail over real SMTP: sign up, invite, the invitee accepts from the
// email in another browser, then edit, deactivate, reactivate, delete, and read it all back in the audit log.

const ADA = { firstName: 'Ada', lastName: 'Lovelace', email: 'ada.lovelace@analytical.example.com' };
const GRACE = { firstName: 'Grace', lastName: 'Hopper', email: 'grace.hopper@analytical.example.com', description: 'Data Science, Seattle' };
const ORG = 'Analytical Engines';

describe.skipIf(!browserAvailable('admin-journey.test.ts'))('admin journey (browser, SMTP)', () => {
  let server: ConsoleServer;
  let browser: Browser;
  /** The admin's API client, holding the session the browser made at sign-up. */
  let admin: TestClient | undefined;
  let orgId = '';

  beforeAll(async () => {
    [server, browser] = await Promise.all([startConsoleServer({ smtp: true }), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  async function memberByEmail(email: string) {
    const res = await admin!.get(`/api/v1/orgs/${orgId}/members?q=${encodeURIComponent(email)}`);
    expect(res.status).toBe(200);
    return (res.body.items as Array<{ id: string; email: string; status: string; role: { key: string } | null }>)
      .find((m) => m.email === email);
  }

  it('signs up, invites by email, and manages the new member from invitation to deletion', async () => {
    const { context, page } = await newPerson(browser, server);
    // Sign up in the browser: the owner lands on the members page of the new organization.
    await page.goto('/sign-up');
    await visible(page.getByRole('heading', { name: 'Create your organization' }));
    await page.getByRole('textbox', { name: 'First name', exact: true }).fill(ADA.firstName);
    await page.getByRole('textbox', { name: 'Last name', exact: true }).fill(ADA.lastName);
    await page.getByRole('textbox', { name: 'Work email', exact: true }).fill(ADA.email);
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill(PASSWORD);
    await page.getByRole('textbox', { name: 'Organization name', exact: true }).fill(ORG);
    await checkAndShoot(page, 'sign-up', 'sign-up');
    await page.getByRole('button', { name: 'Create account and organization' }).click();
    await atPath(page, /^\/orgs\/[^/]+\/members$/);
    orgId = pathOf(page).split('/')[2]!;
    admin = await clientOf(server, context);
    expect((await admin.get('/api/v1/me')).body.organizations).toEqual([
      expect.objectContaining({ organization: expect.objectContaining({ id: orgId, name: ORG }), status: 'active' }),
    ]);

    // The empty state invites the first teammate; the owner is the only row.
    await visible(page.getByText('Invite your first teammate'));
    await visible(memberRow(page, ADA.email));
    expect(await page.locator('tr[data-member-id]').count()).toBe(1);
    await checkAndShoot(page, 'members (empty: only the owner)', 'members-empty');

    // Add user: the dialog, filled in, role Annotator.
    await page.getByRole('button', { name: 'Add user' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add user' });
    await visible(dialog);
    await dialog.getByRole('textbox', { name: 'First name', exact: true }).fill(GRACE.firstName);
    await dialog.getByRole('textbox', { name: 'Last name', exact: true }).fill(GRACE.lastName);
    await dialog.getByRole('textbox', { name: 'Email', exact: true }).fill(GRACE.email);
    await dialog.getByRole('textbox', { name: 'Description', exact: true }).fill(GRACE.description);
    await chooseOption(page, dialog.getByRole('combobox', { name: 'Role' }), 'Annotator');
    expect(await dialog.getByRole('radio', { name: 'Member', exact: true }).isChecked()).toBe(true);
    await checkAndShoot(page, 'add user (filled in)', null);
    await dialog.getByRole('button', { name: 'Send invitation' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const row = memberRow(page, GRACE.email);
    await visible(row.getByText('Invite pending', { exact: true }));
    await seeText(row, 'Grace Hopper');
    await seeText(row, 'Annotator');
    expect((await memberByEmail(GRACE.email))?.status).toBe('invite_pending');

    // The email arrives over SMTP with a link to this server; Grace opens it in her own browser.
    const mail = await waitForMail(server, GRACE.email);
    expect(mail.parsed.subject).toContain(ORG);
    const link = invitationLinkIn(server, mail);
    const { context: graceContext, page: gracePage } = await newPerson(browser, server);
    await gracePage.goto(link);
    await visible(gracePage.getByRole('heading', { name: `Join ${ORG}` }));
    await seeText(gracePage, 'Ada Lovelace invited you');
    expect(await gracePage.getByRole('textbox', { name: 'Email', exact: true }).inputValue()).toBe(GRACE.email);
    await gracePage.getByRole('textbox', { name: 'Choose a password', exact: true }).fill(PASSWORD);
    await gracePage.getByRole('button', { name: 'Create account and join' }).click();
    await atPath(gracePage, `/orgs/${orgId}/members`);
    await visible(gracePage.getByRole('button', { name: 'Account: Grace Hopper' }));
    await visible(gracePage.getByRole('heading', { name: 'Members', level: 1 }));

    // Back at the admin's: after a reload Grace is Active.
    await page.reload();
    await visible(row.getByText('Active', { exact: true }));
    expect((await memberByEmail(GRACE.email))?.status).toBe('active');

    // Edit: make her a Manager.
    await row.getByRole('button', { name: 'Actions for Grace Hopper' }).click();
    await page.getByRole('menuitem', { name: 'Edit' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit user' });
    await visible(edit);
    expect(await edit.getByRole('textbox', { name: 'Email', exact: true }).inputValue()).toBe(GRACE.email);
    await chooseOption(page, edit.getByRole('combobox', { name: 'Role' }), 'Manager');
    await checkAndShoot(page, 'edit user (role changed)', null);
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await edit.waitFor({ state: 'hidden' });
    await visible(row.getByText('Manager', { exact: true }));
    expect((await memberByEmail(GRACE.email))?.role?.key).toBe('manager');

    // Deactivate with the switch: the badge says so, the API agrees, and Grace's access stops at once.
    const toggle = row.getByRole('switch', { name: 'Active: Grace Hopper' });
    expect(await toggle.isChecked()).toBe(true);
    await toggle.click({ force: true });
    await visible(row.getByText('Deactivated', { exact: true }));
    await expect.poll(async () => (await memberByEmail(GRACE.email))?.status).toBe('deactivated');
    expect(await toggle.isChecked()).toBe(false);
    // Her only organization no longer lets her in, so her session ended: the console asks her to sign in.
    expect((await (await clientOf(server, graceContext)).get('/api/v1/me')).status).toBe(401);
    await gracePage.goto(`/orgs/${orgId}/members`);
    await atPath(gracePage, '/sign-in');
    await visible(gracePage.getByRole('heading', { name: 'Sign in to Roster' }));
    expect(await gracePage.getByRole('table', { name: 'Members' }).count()).toBe(0);

    // Reactivate.
    await toggle.click({ force: true });
    await visible(row.getByText('Active', { exact: true }));
    await expect.poll(async () => (await memberByEmail(GRACE.email))?.status).toBe('active');
    expect(uncaughtErrors(gracePage)).toEqual([]);

    // Delete, after the confirmation: the row goes, and so does she from the API's list.
    await row.getByRole('button', { name: 'Actions for Grace Hopper' }).click();
    await page.getByRole('menuitem', { name: 'Delete user' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete Grace Hopper?' });
    await visible(confirm);
    await checkAndShoot(page, 'delete user (confirmation)', 'delete-user');
    await confirm.getByRole('button', { name: 'Delete user' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await row.waitFor({ state: 'detached' });
    expect(await memberByEmail(GRACE.email)).toBeUndefined();

    // The audit log, newest first, tells the story; Grace's identity is erased from it.
    await page.getByRole('navigation').getByRole('link', { name: 'Audit log' }).click();
    await atPath(page, `/orgs/${orgId}/audit`);
    const entries = page.getByRole('list', { name: 'Audit events' }).locator('li[data-action]');
    await visible(entries);
    await settle(page);
    const actions = await Promise.all((await entries.all()).map((entry) => entry.getAttribute('data-action')));
    const story = ['member.invited', 'invitation.accepted', 'member.updated', 'member.deactivated', 'member.reactivated', 'member.deleted'];
    expect(actions.filter((action) => story.includes(action ?? ''))).toEqual([...story].reverse());
    const texts = await entries.allInnerTexts();
    const entryFor = (action: string) => texts[actions.indexOf(action)] ?? '';
    expect(entryFor('member.deleted')).toContain('Ada Lovelace deleted Deleted User');
    expect(entryFor('member.updated')).toContain('Manager');
    expect(entryFor('member.invited')).toContain('Annotator');
    const whole = await page.getByRole('main').innerText();
    expect(whole).not.toContain('Grace Hopper');
    expect(whole).not.toContain(GRACE.email);
    await expectAccessible(page, 'audit log (after the journey)');
    expect(uncaughtErrors(page)).toEqual([]);
  }, JOURNEY_TIMEOUT);

  it('explains field problems and API refusals in words, at the field', async () => {
    expect(admin, 'the journey above signs the admin up').toBeDefined();
    const { page } = await newPerson(browser, server, { signedInAs: admin });
    await page.goto(`/orgs/${orgId}/members`);
    await page.getByRole('button', { name: 'Add user' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add user' });
    await visible(dialog);

    // Nothing filled in: every required field says what it needs, and nothing is sent.
    await dialog.getByRole('button', { name: 'Send invitation' }).click();
    const field = (name: string) => dialog.getByRole('textbox', { name, exact: true });
    expect(await fieldError(field('First name'))).toBe('Enter their first name');
    expect(await fieldError(field('Last name'))).toBe('Enter their last name');
    expect(await fieldError(field('Email'))).toBe('Enter an email address');
    expect(await fieldError(dialog.getByRole('combobox', { name: 'Role' }))).toBe('Choose what they can do');
    await expectAccessible(page, 'add user (empty fields refused)');
    await checkAndShoot(page, 'add user (errors)', 'add-user-errors');

    // A malformed address is caught before sending.
    await field('First name').fill('Ada');
    await field('Last name').fill('Again');
    await field('Email').fill('ada.lovelace@');
    await chooseOption(page, dialog.getByRole('combobox', { name: 'Role' }), 'Viewer');
    await dialog.getByRole('button', { name: 'Send invitation' }).click();
    expect(await fieldError(field('Email'))).toBe('Enter a valid email address, like name@example.com');

    // An existing member's email: the API refuses, and its reason shows at the email field.
    await field('Email').fill(ADA.email);
    await dialog.getByRole('button', { name: 'Send invitation' }).click();
    expect(await fieldError(field('Email'))).toBe('This person is already a member of the organization.');
    await expect.poll(() => field('First name').getAttribute('aria-invalid')).not.toBe('true');
    expect(await dialog.isVisible()).toBe(true);
    const members = await admin!.get(`/api/v1/orgs/${orgId}/members`);
    expect(members.body.items.map((m: { email: string }) => m.email)).toEqual([ADA.email]);

    // Someone already invited: the other refusal, also at the field.
    const katherine = { email: 'katherine.johnson@analytical.example.com', firstName: 'Katherine', lastName: 'Johnson', roleId: undefined as string | undefined };
    const roles = await admin!.get(`/api/v1/orgs/${orgId}/roles`);
    katherine.roleId = roles.body.items.find((r: { key: string }) => r.key === 'viewer').id;
    expect((await admin!.post(`/api/v1/orgs/${orgId}/invitations`, katherine)).status).toBe(201);
    await field('Email').fill(katherine.email);
    await dialog.getByRole('button', { name: 'Send invitation' }).click();
    expect(await fieldError(field('Email'))).toBe('This person already has a pending invitation. Resend it from the table instead.');

    // Cancel closes the dialog; none of the refused attempts added anyone.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const after = await admin!.get(`/api/v1/orgs/${orgId}/members`);
    expect(after.body.items.map((m: { email: string }) => m.email).sort()).toEqual([ADA.email, katherine.email].sort());
    expect(uncaughtErrors(page)).toEqual([]);
  }, JOURNEY_TIMEOUT);
});

