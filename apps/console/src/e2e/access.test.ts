import type { OwnerSetup } from '@roster/testing';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  JOURNEY_TIMEOUT, PASSWORD, addMember, atPath, browserAvailable, checkAndShoot, chooseOption, clientOf, devMailboxToken,
  expectAccessible, horizontalOverflow, launchBrowser, memberRow, newPerson, seeText, settle, signUpOwnerAs,
  startConsoleServer, uncaughtErrors, visible, type ConsoleServer, type Person,
} from './harness';

// Resource access in the console (issue 5): the product's resources and their types, giving a new user access to some
// of them, the member's Access tab and its "why?" panel, API tokens used for real, and the usage dashboard.

const DAY = 24 * 60 * 60 * 1000;
const ORG = 'Fjord Annotation';
const ADA: Person = { firstName: 'Ada', lastName: 'Lovelace', email: 'ada.lovelace@fjord.example.com' };
const ALICE: Person = { firstName: 'Alice', lastName: 'Navarro', email: 'alice.navarro@fjord.example.com', description: 'Invoices team, Oslo' };
const BOB: Person = { firstName: 'Bob', lastName: 'Okafor', email: 'bob.okafor@fjord.example.com' };
const CAROL: Person = { firstName: 'Carol', lastName: 'Lindqvist', email: 'carol.lindqvist@fjord.example.com' };

/** A day `days` from today, as the browser's date field takes it (the browser runs in UTC). */
const dayFromNow = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

describe.skipIf(!browserAvailable('access.test.ts'))('resource access, API tokens and usage (browser)', () => {
  let server: ConsoleServer;
  let browser: Browser;
  let owner: OwnerSetup;
  /** Resource ids by external id. */
  const ids: Record<string, string> = {};
  let aliceId = '';

  beforeAll(async () => {
    [server, browser] = await Promise.all([startConsoleServer(), launchBrowser()]);
    owner = await signUpOwnerAs(server, ADA, ORG);
    // The product registers its kinds of resource and its resources over the API, as it would in production.
    const api = `/api/v1/orgs/${owner.orgId}`;
    for (const type of [{ key: 'workspace', name: 'Workspace' }, { key: 'queue', name: 'Queue' }]) {
      const res = await owner.client.post(`${api}/resource-types`, type);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    const put = async (type: string, externalId: string, name: string, parent?: string) => {
      const res = await owner.client.put(`${api}/resources/by-external-id/${type}/${externalId}`, {
        name, ...(parent !== undefined && { parent: { type: 'workspace', externalId: parent } }),
      });
      expect([200, 201], JSON.stringify(res.body)).toContain(res.status);
      ids[externalId] = res.body.id as string;
    };
    await put('workspace', 'ws-north', 'Workspace North');
    await put('workspace', 'ws-south', 'Workspace South');
    for (let n = 1; n <= 8; n += 1) await put('queue', `q-${n}`, `Queue ${n}`, n >= 5 ? 'ws-north' : undefined);
  }, JOURNEY_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  /** A fresh browser signed in as the owner. */
  const ownerBrowser = (phone = false) => newPerson(browser, server, { signInAs: ADA.email, phone });

  async function grantsOf(memberId: string) {
    const res = await owner.client.get(`/api/v1/orgs/${owner.orgId}/members/${memberId}/grants`);
    expect(res.status).toBe(200);
    return res.body.items as Array<{ id: string; kind: string; resource: { externalId: string } | null; resourceType: { key: string }; role: { key: string } | null; expiresAt: string | null }>;
  }

  /** Picks `names` in a Mantine MultiSelect that searches as one types. */
  async function pickResources(page: Page, field: Locator, names: string[]) {
    for (const name of names) {
      await field.click();
      await field.fill(name);
      const option = page.getByRole('option', { name, exact: true });
      await option.waitFor({ state: 'visible' });
      await option.click();
    }
    await page.keyboard.press('Escape');
  }

  it('gives a new user some queues and every existing workspace, then shows and explains their access', async () => {
    const { page } = await ownerBrowser();
    await page.goto(`/orgs/${owner.orgId}/members`);
    await page.getByRole('button', { name: 'Add user' }).click();
    const add = page.getByRole('dialog', { name: 'Add user' });
    await visible(add);
    await add.getByRole('textbox', { name: 'First name', exact: true }).fill(ALICE.firstName);
    await add.getByRole('textbox', { name: 'Last name', exact: true }).fill(ALICE.lastName);
    await add.getByRole('textbox', { name: 'Email', exact: true }).fill(ALICE.email);
    await add.getByRole('textbox', { name: 'Description', exact: true }).fill(ALICE.description!);
    await chooseOption(page, add.getByRole('combobox', { name: 'Role', exact: true }), 'Annotator');
    await add.getByLabel('Membership ends on').fill(dayFromNow(90));

    // One choice per resource type, in the type's own words.
    const queues = add.getByRole('group', { name: 'Queues' });
    const workspaces = add.getByRole('group', { name: 'Workspaces' });
    await visible(queues);
    await chooseOption(page, queues.getByRole('combobox', { name: 'Access' }), 'Specific queues');
    // Nothing chosen yet: the dialog says what is missing instead of sending.
    await add.getByRole('button', { name: 'Send invitation' }).click();
    await seeText(queues, 'Choose at least one queue, or choose “No queues”');
    await pickResources(page, queues.getByRole('combobox', { name: 'Which queues' }), ['Queue 7', 'Queue 2']);
    await queues.getByLabel('Access ends on').fill(dayFromNow(30));
    await chooseOption(page, workspaces.getByRole('combobox', { name: 'Access' }), 'All existing workspaces');
    await visible(workspaces.getByText('Every workspace that exists now; workspaces created later are not included.'));
    await checkAndShoot(page, 'add user with resource access', 'add-user-access');
    await add.getByRole('button', { name: 'Send invitation' }).click();
    await add.waitFor({ state: 'hidden' });
    await visible(memberRow(page, ALICE.email).getByText('Invite pending', { exact: true }));

    // The invitation carries the grants and the end of the membership.
    const found = await owner.client.get(`/api/v1/orgs/${owner.orgId}/members?q=alice`);
    aliceId = found.body.items[0].id as string;
    expect(found.body.items[0].accessExpiresAt).toMatch(new RegExp(`^${dayFromNow(90)}T23:59:59`));
    const grants = await grantsOf(aliceId);
    expect(grants.map((g) => `${g.kind}:${g.resource?.externalId ?? g.resourceType.key}`).sort())
      .toEqual(['all_existing_of_type:workspace', 'resource:q-2', 'resource:q-7']);
    expect(grants.find((g) => g.resource?.externalId === 'q-7')?.expiresAt).toMatch(new RegExp(`^${dayFromNow(30)}T23:59:59`));
    expect(grants.every((g) => g.role === null)).toBe(true);

    // Alice accepts.
    const token = await devMailboxToken(owner, ALICE.email);
    const accepted = await server.client().post(`/api/v1/invitations/${token}/accept`, {
      firstName: ALICE.firstName, lastName: ALICE.lastName, password: PASSWORD,
    });
    expect(accepted.status).toBe(200);

    // Her name in the table opens her page; the Access tab has its own address.
    await page.reload();
    await memberRow(page, ALICE.email).getByRole('link', { name: 'Alice Navarro' }).click();
    await atPath(page, `/orgs/${owner.orgId}/members/${aliceId}`);
    await visible(page.getByRole('heading', { name: 'Alice Navarro', level: 1 }));
    await visible(page.getByText('Invoices team, Oslo'));
    await checkAndShoot(page, 'member details', 'member-details');
    await page.getByRole('navigation', { name: 'Alice Navarro: sections' }).getByRole('link', { name: 'Access' }).click();
    await atPath(page, `/orgs/${owner.orgId}/members/${aliceId}/access`);

    const reach = page.getByRole('list', { name: 'Resources they can reach' });
    await visible(reach);
    const reachRow = (externalId: string) => reach.locator(`li[data-resource-id="${ids[externalId]}"]`);
    await visible(reachRow('q-7').getByText('Direct grant'));
    await visible(reachRow('q-2').getByText('Direct grant'));
    await visible(reachRow('ws-north').getByText('Grant on all existing workspaces'));
    // Queues inside Workspace North come with it.
    await visible(reachRow('q-5').getByText('Inherited from Workspace North (all existing workspaces)'));
    expect(await reachRow('q-1').count()).toBe(0);
    await visible(reachRow('q-7').locator('[data-expiry="active"]'));
    await visible(page.getByRole('list', { name: 'Grants' }).locator('li[data-kind]').nth(2));
    expect(await page.getByRole('list', { name: 'Grants' }).locator('li[data-kind]').count()).toBe(3);
    await checkAndShoot(page, 'member access', 'member-access');

    // Why can Alice export on Queue 7? Through the grant on it.
    const explain = page.getByRole('region', { name: 'Explain a decision' });
    await explain.getByRole('combobox', { name: 'Permission' }).fill('Download exports');
    await page.getByRole('option', { name: 'Download exports', exact: true }).click();
    const resourceField = explain.getByRole('combobox', { name: 'Resource' });
    await resourceField.click();
    await resourceField.fill('Queue 7');
    await page.getByRole('option', { name: 'Queue 7', exact: true }).click();
    await explain.getByRole('button', { name: 'Explain' }).click();
    const answer = explain.locator('[data-decision]');
    await visible(answer);
    expect(await answer.getAttribute('data-decision')).toBe('allowed');
    expect(await answer.getAttribute('data-reason')).toBe('grant');
    await visible(answer.getByRole('heading', { name: 'Allowed' }));
    const summary = await answer.locator('[data-summary]').innerText();
    expect(summary).toContain('on the queue "Queue 7" through a direct grant (until');
    const steps = answer.getByRole('list', { name: 'How the answer was reached' }).locator('li');
    expect(await steps.evaluateAll((items) => items.map((item) => `${item.getAttribute('data-step')}:${item.getAttribute('data-ok')}`)))
      .toEqual(['membership:true', 'role:true', 'grant:true', 'permission:true']);
    await page.evaluate('window.scrollTo(0, document.body.scrollHeight)');
    await checkAndShoot(page, 'member access: explained (allowed)', 'member-access-explain');

    // And on Queue 1, which nothing gives her: denied, and the chain says where it stops.
    await resourceField.click();
    await resourceField.fill('Queue 1');
    await page.getByRole('option', { name: 'Queue 1', exact: true }).click();
    await explain.getByRole('button', { name: 'Explain' }).click();
    await expect.poll(() => answer.getAttribute('data-decision')).toBe('denied');
    expect(await answer.getAttribute('data-reason')).toBe('no_grant');
    await visible(answer.getByRole('heading', { name: 'Denied' }));
    expect(await answer.locator('li[data-ok="false"]').getAttribute('data-step')).toBe('grant');
    await expectAccessible(page, 'member access: explained (denied)');

    // Change access from the same page: Queue 1 instead of Queue 2, and every workspace from now on.
    await page.getByRole('button', { name: 'Change access' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit user' });
    await visible(edit);
    const editQueues = edit.getByRole('group', { name: 'Queues' });
    await visible(editQueues.getByText('Queue 2'));
    await pickResources(page, editQueues.getByRole('combobox', { name: 'Which queues' }), ['Queue 2', 'Queue 1']);
    await chooseOption(page, editQueues.getByRole('combobox', { name: 'Role on these queues' }), 'Viewer');
    await chooseOption(page, edit.getByRole('group', { name: 'Workspaces' }).getByRole('combobox', { name: 'Access' }), 'All workspaces, including ones created later');
    await checkAndShoot(page, 'edit user: resource access', 'edit-user-access');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await edit.waitFor({ state: 'hidden' });
    await expect.poll(async () => (await grantsOf(aliceId)).map((g) => `${g.kind}:${g.resource?.externalId ?? g.resourceType.key}`).sort())
      .toEqual(['all_of_type:workspace', 'resource:q-1', 'resource:q-7']);
    // Queue 7's grant was changed in place (same end, new role); Queue 1's is new, with the same day and role.
    const after = await grantsOf(aliceId);
    expect(after.find((g) => g.resource?.externalId === 'q-7')).toEqual(expect.objectContaining({ id: grants.find((g) => g.resource?.externalId === 'q-7')!.id, role: expect.objectContaining({ key: 'viewer' }) }));
    expect(after.find((g) => g.resource?.externalId === 'q-1')).toEqual(expect.objectContaining({ role: expect.objectContaining({ key: 'viewer' }) }));
    expect(after.find((g) => g.resource?.externalId === 'q-1')?.expiresAt).toMatch(new RegExp(`^${dayFromNow(30)}T23:59:59`));
    await visible(reachRow('q-1').getByText('Direct grant'));

    // Revoke one grant from the list, after a confirmation.
    const grantList = page.getByRole('list', { name: 'Grants' });
    const q1Grant = after.find((g) => g.resource?.externalId === 'q-1')!;
    await grantList.locator(`li[data-grant-id="${q1Grant.id}"]`).getByRole('button', { name: /^Revoke/ }).click();
    const confirm = page.getByRole('dialog', { name: 'Revoke this grant?' });
    await visible(confirm);
    await expectAccessible(page, 'revoke grant (confirmation)');
    await confirm.getByRole('button', { name: 'Revoke grant' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await expect.poll(async () => (await grantsOf(aliceId)).length).toBe(2);
    await reachRow('q-1').waitFor({ state: 'detached' });

    // The row menu leads to the same tab.
    await page.goto(`/orgs/${owner.orgId}/members`);
    await memberRow(page, ALICE.email).getByRole('button', { name: 'Actions for Alice Navarro' }).click();
    await page.getByRole('menuitem', { name: 'Access…' }).click();
    await atPath(page, `/orgs/${owner.orgId}/members/${aliceId}/access`);
    await visible(page.getByRole('list', { name: 'Resources they can reach' }));

    // The audit log tells the story of her access in words.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
    const entries = page.getByRole('list', { name: 'Audit events' });
    await visible(entries.locator('li[data-action="access.revoked"]').getByText(/revoked an access grant of Alice Navarro/));
    await visible(entries.locator('li[data-action="access.granted"]').getByText(/gave Alice Navarro .*access to resources/));
    await visible(entries.locator('li[data-action="access.updated"]').getByText('Role: Their organization role → Viewer'));
    expect(uncaughtErrors(page)).toEqual([]);
  }, JOURNEY_TIMEOUT);

  it('the member page, the settings and the Add user dialog fit a phone', async () => {
    expect(aliceId, 'the journey above adds Alice').not.toBe('');
    const { page } = await ownerBrowser(true);
    await page.goto(`/orgs/${owner.orgId}/members/${aliceId}/access`);
    await visible(page.getByRole('list', { name: 'Resources they can reach' }));
    await settle(page);
    expect(await horizontalOverflow(page), 'the Access tab scrolls sideways at 390 px').toBeLessThanOrEqual(0);
    await checkAndShoot(page, 'member access on a phone', 'member-access-phone');

    for (const [path, ready] of [['settings/resources', 'Resources'], ['settings/api-tokens', 'API tokens']] as const) {
      await page.goto(`/orgs/${owner.orgId}/${path}`);
      await visible(page.getByRole('heading', { name: ready, level: 2 }));
      await settle(page);
      expect.soft(await horizontalOverflow(page), `${path} scrolls sideways at 390 px`).toBeLessThanOrEqual(0);
    }
    await page.goto(`/orgs/${owner.orgId}/settings/resources`);
    await visible(page.getByRole('table', { name: 'Resources' }));
    await checkAndShoot(page, 'settings: resources on a phone', 'settings-resources-phone');

    // The access part of Add user is usable at this size too.
    await page.goto(`/orgs/${owner.orgId}/members`);
    await page.getByRole('button', { name: 'Add user' }).click();
    const add = page.getByRole('dialog', { name: 'Add user' });
    const queues = add.getByRole('group', { name: 'Queues' });
    await chooseOption(page, queues.getByRole('combobox', { name: 'Access' }), 'Specific queues');
    await pickResources(page, queues.getByRole('combobox', { name: 'Which queues' }), ['Queue 3']);
    await queues.scrollIntoViewIfNeeded();
    await settle(page);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    const box = await queues.boundingBox();
    expect(box !== null && box.x >= 0 && box.x + box.width <= 390).toBe(true);
    await checkAndShoot(page, 'add user: resource access on a phone', 'add-user-access-phone');
    expect(uncaughtErrors(page)).toEqual([]);
  }, JOURNEY_TIMEOUT);

  it('manages resource types and resources in Settings → Resources', async () => {
    const { page } = await ownerBrowser();
    await page.goto(`/orgs/${owner.orgId}/settings`);
    const sections = page.getByRole('navigation', { name: 'Settings sections' });
    await visible(sections.getByRole('link', { name: 'API tokens' }));
    expect((await sections.getByRole('link').allInnerTexts()).map((text) => text.trim())).toEqual(['General', 'Resources', 'Member tags', 'API tokens']);
    await sections.getByRole('link', { name: 'Resources' }).click();
    await atPath(page, `/orgs/${owner.orgId}/settings/resources`);

    const typeList = page.getByRole('list', { name: 'Resource types' });
    await visible(typeList.locator('li[data-type-key="queue"]').getByText('8 queues'));
    await visible(typeList.locator('li[data-type-key="workspace"]').getByText('2 workspaces'));
    const table = page.getByRole('table', { name: 'Resources' });
    await visible(table.locator('tr[data-external-id="q-5"]').getByText('Workspace North', { exact: true }));
    await checkAndShoot(page, 'settings: resources', 'settings-resources');

    // Add a type through the dialog: the key follows the name.
    await page.getByRole('button', { name: 'Add type' }).click();
    const typeDialog = page.getByRole('dialog', { name: 'Add resource type' });
    await typeDialog.getByRole('textbox', { name: 'Name' }).fill('Project');
    expect(await typeDialog.getByRole('textbox', { name: 'Key' }).inputValue()).toBe('project');
    await expectAccessible(page, 'add resource type');
    await typeDialog.getByRole('button', { name: 'Add type' }).click();
    await typeDialog.waitFor({ state: 'hidden' });
    await visible(typeList.locator('li[data-type-key="project"]').getByText('0 projects'));

    // Add a resource by hand, inside Workspace South.
    await page.getByRole('button', { name: 'Add resource' }).click();
    const add = page.getByRole('dialog', { name: 'Add resource' });
    await chooseOption(page, add.getByRole('combobox', { name: 'Type' }), 'Project');
    await add.getByRole('textbox', { name: 'Name' }).fill('Project Apollo');
    await add.getByRole('textbox', { name: 'External id' }).fill('apollo');
    const inside = add.getByRole('combobox', { name: 'Inside' });
    await inside.click();
    await inside.fill('South');
    await page.getByRole('option', { name: 'Workspace South', exact: true }).click();
    await checkAndShoot(page, 'add resource', null);
    await add.getByRole('button', { name: 'Add resource' }).click();
    await add.waitFor({ state: 'hidden' });
    const apollo = table.locator('tr[data-external-id="apollo"]');
    await visible(apollo.getByText('Workspace South', { exact: true }));

    // The same external id again is refused at its field.
    await page.getByRole('button', { name: 'Add resource' }).click();
    await chooseOption(page, add.getByRole('combobox', { name: 'Type' }), 'Project');
    await add.getByRole('textbox', { name: 'Name' }).fill('Apollo again');
    await add.getByRole('textbox', { name: 'External id' }).fill('apollo');
    await add.getByRole('button', { name: 'Add resource' }).click();
    await seeText(add, 'A resource of this type already has this external id.');
    await add.getByRole('button', { name: 'Cancel' }).click();
    await add.waitFor({ state: 'hidden' });

    // Rename, move to the top level, then delete.
    await apollo.getByRole('button', { name: 'Actions for Project Apollo' }).click();
    await page.getByRole('menuitem', { name: 'Rename' }).click();
    const rename = page.getByRole('dialog', { name: 'Rename Project Apollo' });
    await rename.getByRole('textbox', { name: 'Name' }).fill('Project Artemis');
    await rename.getByRole('button', { name: 'Save' }).click();
    await rename.waitFor({ state: 'hidden' });
    await visible(apollo.getByText('Project Artemis'));
    await apollo.getByRole('button', { name: 'Actions for Project Artemis' }).click();
    await page.getByRole('menuitem', { name: 'Move…' }).click();
    const move = page.getByRole('dialog', { name: 'Move Project Artemis' });
    await visible(move);
    await expectAccessible(page, 'move resource');
    await move.getByRole('button', { name: 'Clear: Inside' }).click();
    await move.getByRole('button', { name: 'Move' }).click();
    await move.waitFor({ state: 'hidden' });
    await visible(apollo.getByText('Top level'));
    const res = await owner.client.get(`/api/v1/orgs/${owner.orgId}/resources?q=apollo`);
    expect(res.body.items).toEqual([expect.objectContaining({ name: 'Project Artemis', parentId: null })]);

    // A type with resources cannot go; the dialog says why.
    await typeList.locator('li[data-type-key="project"]').getByRole('button', { name: 'Delete Project' }).click();
    const deleteType = page.getByRole('dialog', { name: 'Delete the resource type Project?' });
    await seeText(deleteType, 'Roster deletes a type only once it has no resources');
    await deleteType.getByRole('button', { name: 'Delete type' }).click();
    await seeText(deleteType, 'Resources of this type still exist; delete them first.');
    await deleteType.getByRole('button', { name: 'Cancel' }).click();
    await deleteType.waitFor({ state: 'hidden' });

    await apollo.getByRole('button', { name: 'Actions for Project Artemis' }).click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    const deleteResource = page.getByRole('dialog', { name: 'Delete Project Artemis?' });
    await deleteResource.getByRole('button', { name: 'Delete resource' }).click();
    await deleteResource.waitFor({ state: 'hidden' });
    await apollo.waitFor({ state: 'detached' });

    // Search and the type filter narrow the list; many resources come a page at a time.
    for (let n = 1; n <= 55; n += 1) {
      const put = await owner.client.put(`/api/v1/orgs/${owner.orgId}/resources/by-external-id/queue/bulk-${n}`, { name: `Bulk queue ${String(n).padStart(2, '0')}` });
      expect(put.status).toBe(201);
    }
    await page.reload();
    await visible(table);
    await chooseOption(page, page.getByRole('combobox', { name: 'Type' }), /^Queue \(/);
    await expect.poll(() => table.locator('tr[data-resource-id]').count()).toBe(50);
    await page.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => table.locator('tr[data-resource-id]').count()).toBe(63);
    await seeText(page, 'Showing 63 resources: all of them.');
    await page.getByRole('textbox', { name: 'Search resources' }).fill('bulk queue 55');
    await expect.poll(() => table.locator('tr[data-resource-id]').count()).toBe(1);
    await page.getByRole('textbox', { name: 'Search resources' }).fill('nothing like this');
    await visible(page.getByText('No resources match'));
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => table.locator('tr[data-resource-id]').count()).toBe(50);
    expect(uncaughtErrors(page)).toEqual([]);

    // An organization the product has not set up yet explains how resources arrive.
    const fresh = await signUpOwnerAs(server, CAROL, 'Empty Harbour');
    const { page: empty } = await newPerson(browser, server, { signedInAs: fresh.client });
    await empty.goto(`/orgs/${fresh.orgId}/settings/resources`);
    await visible(empty.getByText('No resource types yet'));
    await visible(empty.getByText('No resources yet'));
    await seeText(empty, '/resources/by-external-id/');
    await checkAndShoot(empty, 'settings: resources (empty)', 'settings-resources-empty');
    // With no resource types, Add user hides the access section and points to Settings instead.
    await empty.goto(`/orgs/${fresh.orgId}/members`);
    await empty.getByRole('button', { name: 'Add user' }).first().click();
    const addEmpty = empty.getByRole('dialog', { name: 'Add user' });
    await visible(addEmpty.getByRole('link', { name: 'Settings → Resources' }));
    expect(await addEmpty.getByRole('group', { name: 'Queues' }).count()).toBe(0);
  }, JOURNEY_TIMEOUT);

  it('creates an API token whose secret works once copied, and revokes it', async () => {
    const { page } = await ownerBrowser();
    await page.goto(`/orgs/${owner.orgId}/settings/api-tokens`);
    await visible(page.getByText('No API tokens yet'));
    await checkAndShoot(page, 'settings: API tokens (empty)', 'api-tokens-empty');

    await page.getByRole('button', { name: 'Create token' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create API token' });
    await visible(dialog);
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Invoice importer');
    // The roles offered stop at the creator's own (an owner sees them all).
    await chooseOption(page, dialog.getByRole('combobox', { name: 'Role' }), 'Admin');
    await dialog.getByLabel('Expires on').fill(dayFromNow(365));
    await checkAndShoot(page, 'create API token', 'api-token-create');
    await dialog.getByRole('button', { name: 'Create token' }).click();

    const shown = page.getByRole('dialog', { name: 'Copy your new token' });
    await visible(shown);
    await seeText(shown, 'you will not see it again');
    await visible(shown.getByRole('button', { name: 'Copy token' }));
    const secret = await shown.getByRole('textbox', { name: /^Token/ }).inputValue();
    expect(secret.length).toBeGreaterThan(20);
    await checkAndShoot(page, 'API token created (secret shown once)', 'api-token-secret');
    await shown.getByRole('button', { name: 'Done' }).click();
    await shown.waitFor({ state: 'hidden' });

    const row = page.getByRole('list', { name: 'API tokens' }).locator('li[data-token-id]');
    await visible(row.getByText('Invoice importer'));
    expect(await row.getAttribute('data-status')).toBe('active');
    expect(await page.getByText(secret).count(), 'the secret is shown only once').toBe(0);

    // The product uses it: may Alice export on Queue 7?
    const authorize = () => fetch(`${server.url}/api/v1/orgs/${owner.orgId}/authorize`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ memberId: aliceId, permission: 'documents.export', resource: { type: 'queue', externalId: 'q-7' } }),
    });
    const allowed = await authorize();
    expect(allowed.status).toBe(200);
    expect(await allowed.json()).toEqual(expect.objectContaining({ allowed: true, reason: 'grant' }));
    await page.reload();
    await visible(row.getByText(/Last used/));
    await checkAndShoot(page, 'settings: API tokens', 'api-tokens');

    // Revoked, after a confirmation: the same call is refused.
    await row.getByRole('button', { name: 'Revoke Invoice importer' }).click();
    const confirm = page.getByRole('dialog', { name: 'Revoke the token Invoice importer?' });
    await visible(confirm);
    await expectAccessible(page, 'revoke API token (confirmation)');
    await confirm.getByRole('button', { name: 'Revoke token' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await expect.poll(() => row.getAttribute('data-status')).toBe('revoked');
    const refused = await authorize();
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('auth.token_invalid');

    // The audit log tells what happened, in words.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
    const entries = page.getByRole('list', { name: 'Audit events' });
    await visible(entries.locator('li[data-action="api_token.revoked"]').getByText('revoked the API token', { exact: false }));
    await visible(entries.locator('li[data-action="api_token.created"]').getByText('created the API token', { exact: false }));
    await visible(entries.locator('li[data-action="resource.created"]').getByText('registered the resource', { exact: false }));
    await checkAndShoot(page, 'audit log with access entries', null);
    expect(uncaughtErrors(page)).toEqual([]);
  }, JOURNEY_TIMEOUT);

  it('shows usage per day and per user, with deleted users as "Deleted User" only when asked, and exports it', async () => {
    expect(aliceId, 'the first journey adds Alice').not.toBe('');
    const bob = await addMember(server, owner, BOB, 'annotator');
    const api = `/api/v1/orgs/${owner.orgId}`;
    const at = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY).toISOString();
    const recorded = await owner.client.post(`${api}/usage-events`, {
      events: [
        { id: 'e1', memberId: aliceId, action: 'documents.imported', quantity: 12, resource: { id: ids['q-7'] }, occurredAt: at(3) },
        { id: 'e2', memberId: aliceId, action: 'documents.exported', quantity: 4, resource: { id: ids['q-7'] }, occurredAt: at(2) },
        { id: 'e3', memberId: bob.memberId, action: 'documents.imported', quantity: 7, resource: { id: ids['q-1'] }, occurredAt: at(2) },
        { id: 'e4', memberId: bob.memberId, action: 'documents.exported', quantity: 2, occurredAt: at(1) },
      ],
    });
    expect(recorded.status, JSON.stringify(recorded.body)).toBe(200);
    expect(recorded.body).toEqual({ accepted: 4, duplicates: 0 });
    // Bob is deleted: his work stays, as "Deleted User".
    expect((await owner.client.delete(`${api}/members/${bob.memberId}?erase=true`)).status).toBe(204);

    const { context, page } = await ownerBrowser();
    await page.goto(`/orgs/${owner.orgId}/members`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Usage' }).click();
    await atPath(page, `/orgs/${owner.orgId}/usage`);
    const table = page.getByRole('table', { name: 'By user' });
    await visible(table);
    await visible(page.getByRole('figure', { name: 'Per day' }).locator('svg.recharts-surface'));
    await visible(page.getByRole('figure', { name: 'Top 10 users' }).locator('.recharts-bar-rectangle').first());
    const row = (label: string) => table.locator('tbody tr', { hasText: label });
    const cells = async (tr: Locator) => (await tr.locator('td').allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
    expect(await cells(row('Alice Navarro'))).toEqual(['Alice Navarro', '4', '12', '16']);
    const deleted = table.locator('tbody tr[data-deleted="true"]');
    expect(await cells(deleted)).toEqual(['Deleted User', '2', '7', '9']);
    expect(await table.locator('tfoot tr').innerText()).toMatch(/Total\s+6\s+19\s+25/);
    await checkAndShoot(page, 'usage dashboard', 'usage');

    // The CSV has the same rows, the deleted user included.
    const exportLink = page.getByRole('link', { name: 'Export CSV' });
    const href = (await exportLink.getAttribute('href'))!;
    expect(href).toContain('includeDeleted=true');
    const browserClient = await clientOf(server, context);
    const csv = await browserClient.get(href);
    expect(csv.status).toBe(200);
    expect(String(csv.headers['content-type'])).toContain('text/csv');
    expect(csv.raw.body).toContain('Deleted User');
    expect(csv.raw.body).toContain('Alice Navarro');

    // Without deleted users, the row and its numbers go, from the table and from the export.
    await page.getByRole('switch', { name: 'Include deleted users' }).click({ force: true });
    await page.waitForURL((url) => url.searchParams.get('includeDeleted') === 'false');
    await deleted.waitFor({ state: 'detached' });
    await expect.poll(() => table.locator('tfoot tr').innerText()).toMatch(/Total\s+4\s+12\s+16/);
    expect(await row('Alice Navarro').count()).toBe(1);
    const hrefWithout = (await exportLink.getAttribute('href'))!;
    expect(hrefWithout).toContain('includeDeleted=false');
    expect((await browserClient.get(hrefWithout)).raw.body).not.toContain('Deleted User');

    // By day, and one action only.
    await page.getByRole('radiogroup', { name: 'Group the table by' }).getByText('Day', { exact: true }).click();
    const byDay = page.getByRole('table', { name: 'By day' });
    await visible(byDay);
    // Every day of the range has its row; Alice worked on two of them (Bob's days are left out with him).
    await expect.poll(() => byDay.locator('tbody tr').count()).toBe(30);
    const activeDays = async () => (await byDay.locator('tbody tr td:last-child').allInnerTexts()).filter((total) => total.trim() !== '0').length;
    expect(await activeDays()).toBe(2);
    await chooseOption(page, page.getByRole('combobox', { name: 'Action' }), 'documents.exported');
    await expect.poll(() => byDay.locator('tfoot tr').innerText()).toMatch(/Total\s+4\s+4/);
    await expectAccessible(page, 'usage by day, one action');

    // A range with nothing in it explains how usage arrives.
    await page.goto(`/orgs/${owner.orgId}/usage?from=2025-01-01&to=2025-01-31`);
    await visible(page.getByText('No usage in these days'));
    await checkAndShoot(page, 'usage (empty range)', null);
    expect(uncaughtErrors(page)).toEqual([]);

    // On a phone: the page fits; the table scrolls inside its own frame.
    const { page: phone } = await ownerBrowser(true);
    await phone.goto(`/orgs/${owner.orgId}/usage`);
    await visible(phone.getByRole('table', { name: 'By user' }));
    await settle(phone);
    expect(await horizontalOverflow(phone), 'the usage page scrolls sideways at 390 px').toBeLessThanOrEqual(0);
    await checkAndShoot(phone, 'usage on a phone', 'usage-phone');
    expect(uncaughtErrors(phone)).toEqual([]);
  }, JOURNEY_TIMEOUT);
});
