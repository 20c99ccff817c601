import type { OwnerSetup } from '@roster/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  JOURNEY_TIMEOUT, PASSWORD, addMember, atPath, browserAvailable, checkAndShoot, chooseOption, expectAccessible,
  fullNameOf, horizontalOverflow, invite, onScreen, expectTable, launchBrowser, memberRow, newPerson, pathOf, settle,
  signInClient, signInThroughPage, signUpOwnerAs, startConsoleServer, uncaughtErrors, visible, type ConsoleServer,
  type Person,
} from './harness';

// A tour of every page of an organization with a real-looking team: each page is checked with axe and photographed
// for docs/screenshots. Then the same organization through a Viewer's eyes, and on a phone.

const DAY = 24 * 60 * 60 * 1000;
const ORG = 'Northwind Analytics';
const ADA: Person = { firstName: 'Ada', lastName: 'Lovelace', email: 'ada.lovelace@northwind.example.com' };

const at = (first: string, last: string) => `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '') + '@northwind.example.com';
const person = (firstName: string, lastName: string, description: string, email = at(firstName, lastName)): Person =>
  ({ firstName, lastName, email, description });

/** The team, and what each one is in the organization. */
const ACTIVE: Array<[Person, string]> = [
  [person('Grace', 'Hopper', 'Data Science, Seattle'), 'admin'],
  [person('Katherine', 'Johnson', 'Flight Research, Hampton'), 'manager'],
  [person('Alan', 'Turing', 'Machine Learning, London'), 'annotator'],
  [person('Margaret', 'Hamilton', 'Platform Engineering, Boston'), 'manager'],
  [person('Dorothy', 'Vaughan', 'Data Science, Seattle'), 'annotator'],
  [person('Claude', 'Shannon', 'Information Theory, Cambridge'), 'annotator_limited'],
  [person('Ken', 'Thompson', 'Infrastructure, Berkeley'), 'annotator'],
  [person('John', 'von Neumann', 'Finance audit, Princeton'), 'viewer'],
];
const DEACTIVATED = person('Hedy', 'Lamarr', 'Wireless, Los Angeles');
const PENDING = person('Barbara', 'Liskov', 'Quality Assurance, Boston');
const EXPIRED = person('Edsger', 'Dijkstra', 'Algorithms, Austin');
const WAITING = person('Radia', 'Perlman', '');
const EXTERNAL: Array<[Person, string]> = [
  [person('Donald', 'Knuth', 'Vendor: TeX Typesetting Ltd.', 'don@texconsulting.example.com'), 'annotator'],
  [person('Frances', 'Allen', 'Partner: Compiler Research Group', 'fran.allen@partner.example.com'), 'viewer'],
];
const VIEWER = ACTIVE.find(([, role]) => role === 'viewer')![0];

describe.skipIf(!browserAvailable('tour.test.ts'))('console tour, Viewer and phone (browser)', () => {
  let server: ConsoleServer;
  let browser: Browser;
  let owner: OwnerSetup;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startConsoleServer(), launchBrowser()]);
    // The story starts eleven days ago, so that it ends today and the pages show today's dates.
    server.clock.advance(-11 * DAY);
    owner = await signUpOwnerAs(server, ADA, ORG);
    // Edsger was invited nine days ago and never answered: his invitation has expired by now.
    await invite(owner, EXPIRED, 'annotator');
    server.clock.advance(9 * DAY);
    for (const [teammate, role] of ACTIVE) await addMember(server, owner, teammate, role);
    for (const [teammate, role] of EXTERNAL) await addMember(server, owner, teammate, role, 'external');
    const hedy = await addMember(server, owner, DEACTIVATED, 'annotator');
    await invite(owner, PENDING, 'annotator');
    // Radia joined through the shared link and waits for a role.
    const link = await owner.client.put(`/api/v1/orgs/${owner.orgId}/invite-link`, { enabled: true });
    const token = String(link.body.url).split('/join/')[1];
    const joined = await server.client().post(`/api/v1/join/${token}`, {
      firstName: WAITING.firstName, lastName: WAITING.lastName, email: WAITING.email, password: PASSWORD,
    });
    expect(joined.status).toBe(201);
    // A few of them came back later: their last connection is a day or two after they joined.
    server.clock.advance(DAY);
    for (const [teammate] of ACTIVE.slice(0, 5)) await signInClient(server, teammate.email);
    server.clock.advance(DAY);
    for (const [teammate] of ACTIVE.slice(5)) await signInClient(server, teammate.email);
    expect((await owner.client.post(`/api/v1/orgs/${owner.orgId}/members/${hedy.memberId}/deactivate`)).status).toBe(200);
    // Someone renamed the organization's invitation policy once, for the audit log's sake.
    expect((await owner.client.patch(`/api/v1/orgs/${owner.orgId}`, { invitationTtlDays: 14 })).status).toBe(200);
  }, JOURNEY_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  /** A fresh browser signed in as the owner (a new session, so "last connection" is today). */
  const ownerBrowser = (phone = false) => newPerson(browser, server, { signInAs: ADA.email, phone });

  it('tours every page of a busy organization: axe finds nothing serious, and each page is photographed', async () => {
    const { page } = await ownerBrowser();
    const base = `/orgs/${owner.orgId}`;
    // Members, with a page full of people in every status.
    await page.goto(`${base}/members`);
    await visible(memberRow(page, 'grace.hopper@northwind.example.com'));
    const rows = page.locator('tr[data-member-id]');
    expect(await rows.count()).toBe(ACTIVE.length + 5); // Ada, the team, Hedy, Barbara, Edsger, Radia
    for (const [status, who] of [['Active', ACTIVE[0]![0]], ['Deactivated', DEACTIVATED], ['Invite pending', PENDING],
      ['Invite expired', EXPIRED], ['Not activated', WAITING]] as const) {
      await visible(memberRow(page, who.email).getByText(status, { exact: true }));
    }
    await checkAndShoot(page, 'members', 'members');

    // Filters: by status, then a search.
    const search = page.getByRole('textbox', { name: 'Search members' });
    await chooseOption(page, page.getByRole('combobox', { name: 'Status' }), /^Invite expired/);
    await expectTable(page, [EXPIRED.email]);
    await checkAndShoot(page, 'members (filtered by status)', null);
    await chooseOption(page, page.getByRole('combobox', { name: 'Status' }), 'All statuses');
    await expectTable(page, { count: ACTIVE.length + 5 });
    await search.fill('hopper');
    await page.waitForURL((url) => url.searchParams.get('q') === 'hopper');
    await expectTable(page, ['grace.hopper@northwind.example.com']);

    // Clearing the search and going straight to the other tab leaves no search behind.
    await page.getByRole('button', { name: 'Clear search' }).click();
    await page.getByRole('tab', { name: /^External collaborators/ }).click();
    await page.waitForURL((url) => url.searchParams.get('tab') === 'external');
    await settle(page);
    expect.soft(await search.inputValue(), 'a cleared search came back after switching tab at once').toBe('');
    if ((await search.inputValue()) !== '') {
      await page.getByRole('button', { name: 'Clear search' }).click();
      await page.waitForURL((url) => !url.searchParams.has('q'));
    }
    await expectTable(page, EXTERNAL.map(([teammate]) => teammate.email));
    await checkAndShoot(page, 'members: external collaborators', 'members-external');
    await page.getByRole('tab', { name: /^Members/ }).click();
    await expectTable(page, { count: ACTIVE.length + 5 });

    // A row's menu, the Add user dialog and the Edit dialog.
    const katherine = ACTIVE[1]![0];
    await memberRow(page, katherine.email).getByRole('button', { name: `Actions for ${fullNameOf(katherine)}` }).click();
    await visible(page.getByRole('menuitem', { name: 'Edit' }));
    for (const item of ['Remove from organization', 'Delete user']) await visible(page.getByRole('menuitem', { name: item }));
    await checkAndShoot(page, 'members: row menu open', 'row-menu');
    await page.keyboard.press('Escape');
    await page.getByRole('menu').waitFor({ state: 'hidden' });

    await memberRow(page, PENDING.email).getByRole('button', { name: `Actions for ${fullNameOf(PENDING)}` }).click();
    for (const item of ['Resend invitation', 'Revoke invitation']) await visible(page.getByRole('menuitem', { name: item }));
    await page.keyboard.press('Escape');
    await page.getByRole('menu').waitFor({ state: 'hidden' });

    await page.evaluate('window.scrollTo(0, 0)');
    await page.getByRole('button', { name: 'Add user' }).click();
    const add = page.getByRole('dialog', { name: 'Add user' });
    await visible(add);
    await add.getByRole('textbox', { name: 'First name', exact: true }).fill('Annie');
    await add.getByRole('textbox', { name: 'Last name', exact: true }).fill('Easley');
    await add.getByRole('textbox', { name: 'Email', exact: true }).fill('annie.easley@northwind.example.com');
    await add.getByRole('textbox', { name: 'Description', exact: true }).fill('Data Science, Seattle');
    await chooseOption(page, add.getByRole('combobox', { name: 'Role' }), 'Annotator');
    await checkAndShoot(page, 'add user', 'add-user');
    await add.getByRole('button', { name: 'Cancel' }).click();
    await add.waitFor({ state: 'hidden' });

    await memberRow(page, katherine.email).getByRole('button', { name: `Actions for ${fullNameOf(katherine)}` }).click();
    await page.getByRole('menuitem', { name: 'Edit' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit user' });
    await visible(edit);
    expect(await edit.getByRole('textbox', { name: 'Description', exact: true }).inputValue()).toBe(katherine.description);
    await checkAndShoot(page, 'edit user', 'edit-user');
    await edit.getByRole('button', { name: 'Cancel' }).click();
    await edit.waitFor({ state: 'hidden' });

    // Roles, and the form to create one.
    await page.getByRole('navigation').getByRole('link', { name: 'Roles' }).click();
    await atPath(page, `${base}/roles`);
    for (const role of ['Owner', 'Admin', 'Manager', 'Annotator', 'Annotator (limited)', 'Viewer']) {
      await visible(page.getByRole('heading', { name: role, exact: true, level: 2 }));
    }
    await checkAndShoot(page, 'roles', 'roles');
    await page.getByRole('button', { name: 'Create role' }).click();
    const roleForm = page.getByRole('dialog');
    await visible(roleForm);
    await checkAndShoot(page, 'roles: create role', 'role-form');
    await roleForm.getByRole('button', { name: 'Cancel' }).click();
    await roleForm.waitFor({ state: 'hidden' });

    // Settings.
    await page.getByRole('navigation').getByRole('link', { name: 'Settings' }).click();
    await atPath(page, `${base}/settings`);
    expect(await page.getByRole('textbox', { name: 'Organization name', exact: true }).inputValue()).toBe(ORG);
    await visible(page.getByRole('switch', { name: 'Invite link' }));
    await checkAndShoot(page, 'settings', 'settings');
    await page.getByRole('button', { name: 'Delete organization' }).click();
    const deleteOrg = page.getByRole('dialog', { name: `Delete ${ORG}?` });
    await visible(deleteOrg);
    await expectAccessible(page, 'settings: delete organization');
    await deleteOrg.getByRole('button', { name: 'Cancel' }).click();
    await deleteOrg.waitFor({ state: 'hidden' });

    // The audit log.
    await page.getByRole('navigation').getByRole('link', { name: 'Audit log' }).click();
    await atPath(page, `${base}/audit`);
    const events = page.getByRole('list', { name: 'Audit events' }).locator('li[data-action]');
    await visible(events);
    expect(await events.first().getAttribute('data-action')).toBe('organization.updated');
    await checkAndShoot(page, 'audit log', 'audit');

    // Mail: the development mailbox keeps every message, each with its link.
    await page.getByRole('navigation').getByRole('link', { name: 'Mail' }).click();
    await atPath(page, `${base}/mail`);
    await visible(page.getByRole('list', { name: 'Messages' }));
    await checkAndShoot(page, 'mail', 'mail');
    await page.getByRole('button', { name: `View message to ${PENDING.email}` }).click();
    const message = page.getByRole('dialog');
    await visible(message);
    const open = message.getByRole('link', { name: /Open invitation link/ });
    await visible(open);
    expect(await open.getAttribute('href')).toMatch(/\/invitations\/[A-Za-z0-9_-]+$/);
    await checkAndShoot(page, 'mail: message', 'mail-message');
    await page.keyboard.press('Escape');
    await message.waitFor({ state: 'hidden' });

    // Your profile.
    await page.getByRole('navigation').getByRole('link', { name: 'Your profile' }).click();
    await atPath(page, '/profile');
    expect(await page.getByRole('textbox', { name: 'First name', exact: true }).inputValue()).toBe('Ada');
    await visible(page.getByRole('list', { name: 'Your organizations' }).getByText(ORG));
    await checkAndShoot(page, 'profile', 'profile');

    // The account menu.
    await page.getByRole('button', { name: 'Account: Ada Lovelace' }).click();
    await visible(page.getByRole('menuitem', { name: 'Sign out' }));
    await checkAndShoot(page, 'account menu open', null);
    await page.keyboard.press('Escape');
    expect(uncaughtErrors(page)).toEqual([]);
  }, JOURNEY_TIMEOUT);

  it('a Viewer sees the members and nothing they cannot use', async () => {
    const { page } = await newPerson(browser, server);
    await signInThroughPage(page, VIEWER.email);
    await atPath(page, `/orgs/${owner.orgId}/members`);
    const rows = page.locator('tr[data-member-id]');
    await visible(memberRow(page, 'grace.hopper@northwind.example.com'));
    expect(await rows.count()).toBe(ACTIVE.length + 5);
    await visible(memberRow(page, DEACTIVATED.email).getByText('Deactivated', { exact: true }));
    // Read-only: no Add user, no switches, no row menus.
    await settle(page);
    expect(await page.getByRole('button', { name: 'Add user' }).count()).toBe(0);
    expect(await page.getByRole('switch').count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Actions for / }).count()).toBe(0);
    expect(await page.getByRole('columnheader', { name: 'Actions' }).count()).toBe(0);
    await checkAndShoot(page, 'members as a Viewer', 'members-viewer');

    // The navigation offers only what a Viewer may read.
    const nav = page.getByRole('navigation');
    const links = (await nav.getByRole('link').allInnerTexts()).map((text) => text.trim());
    expect(links).toEqual(['Members', 'Settings', 'Your profile']);

    // Settings are shown, not editable.
    await nav.getByRole('link', { name: 'Settings' }).click();
    await atPath(page, `/orgs/${owner.orgId}/settings`);
    await visible(page.getByText(ORG, { exact: true }));
    await settle(page);
    expect(await page.getByRole('textbox').count()).toBe(0);
    expect(await page.getByRole('switch').count()).toBe(0);
    expect(await page.getByRole('button', { name: /Save changes|Delete organization|Regenerate|Copy link/ }).count()).toBe(0);
    await checkAndShoot(page, 'settings as a Viewer', 'settings-viewer');

    // A page outside their role, typed in by hand, says so in words.
    await page.goto(`/orgs/${owner.orgId}/audit`);
    await visible(page.getByText('Your role does not allow this'));
    expect(await page.getByRole('list', { name: 'Audit events' }).count()).toBe(0);
    expect(uncaughtErrors(page)).toEqual([]);
  }, JOURNEY_TIMEOUT);

  it('on a phone: the members list fits the screen and the navigation opens from the burger', async () => {
    const { page } = await ownerBrowser(true);
    await page.goto(`/orgs/${owner.orgId}/members`);
    const grace = memberRow(page, 'grace.hopper@northwind.example.com');
    await visible(grace);
    await settle(page);
    expect(await horizontalOverflow(page), 'the page scrolls sideways at 390 px').toBeLessThanOrEqual(0);
    // Names and statuses are on screen for each row.
    await visible(grace.getByText('Grace Hopper'));
    await visible(grace.getByText('Active', { exact: true }));
    await visible(memberRow(page, PENDING.email).getByText('Invite pending', { exact: true }));
    await visible(memberRow(page, DEACTIVATED.email).getByText('Deactivated', { exact: true }));
    await grace.scrollIntoViewIfNeeded();
    expect(await onScreen(page, grace.getByText('Grace Hopper'))).toBe(true);
    await page.evaluate('window.scrollTo(0, 0)');
    // The header is fixed, so the document's width does not show its overflow: its controls must be on screen too.
    for (const control of [/^Open navigation/, /^Organization: /, /^Account: /]) {
      expect.soft(await onScreen(page, page.getByRole('button', { name: control })), `${control} is cut off at 390 px`).toBe(true);
    }
    await checkAndShoot(page, 'members on a phone', 'members-phone');

    // The side navigation is off screen until the burger opens it, and out of the keyboard's way meanwhile.
    const nav = page.getByRole('navigation');
    const auditLink = nav.getByRole('link', { name: 'Audit log' });
    expect(await onScreen(page, auditLink)).toBe(false);
    const reached: string[] = [];
    for (let press = 0; press < 6; press += 1) {
      await page.keyboard.press('Tab');
      const focused = page.locator('*:focus');
      if (!(await onScreen(page, focused))) reached.push(await focused.innerText().catch(() => '?'));
    }
    expect.soft(reached, 'Tab reaches links of the closed navigation, off screen (focus not visible)').toEqual([]);
    await page.getByRole('button', { name: 'Open navigation' }).click();
    await expect.poll(() => onScreen(page, auditLink)).toBe(true);
    await checkAndShoot(page, 'navigation open on a phone', 'navigation-phone');
    await auditLink.click();
    await atPath(page, `/orgs/${owner.orgId}/audit`);
    await visible(page.getByRole('list', { name: 'Audit events' }));
    await expect.poll(() => onScreen(page, auditLink)).toBe(false);

    // Every other page fits the phone too.
    for (const path of ['audit', 'roles', 'settings', 'mail']) {
      await page.goto(`/orgs/${owner.orgId}/${path}`);
      await atPath(page, `/orgs/${owner.orgId}/${path}`);
      await visible(page.getByRole('heading', { level: 1 }));
      await settle(page);
      expect.soft(await horizontalOverflow(page), `${path} scrolls sideways at 390 px`).toBeLessThanOrEqual(0);
    }
    await page.goto('/profile');
    await visible(page.getByRole('heading', { name: 'Your profile' }));
    await settle(page);
    expect.soft(await horizontalOverflow(page), 'the profile scrolls sideways at 390 px').toBeLessThanOrEqual(0);

    // The Add user dialog is usable at this size.
    await page.goto(`/orgs/${owner.orgId}/members`);
    await page.getByRole('button', { name: 'Add user' }).click();
    const add = page.getByRole('dialog', { name: 'Add user' });
    await visible(add);
    await settle(page);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    const send = await add.getByRole('button', { name: 'Send invitation' }).boundingBox();
    expect(send !== null && send.x >= 0 && send.x + send.width <= 390).toBe(true);
    await checkAndShoot(page, 'add user on a phone', 'add-user-phone');
    expect(pathOf(page)).toBe(`/orgs/${owner.orgId}/members`);
    expect(uncaughtErrors(page)).toEqual([]);
  }, JOURNEY_TIMEOUT);
});
