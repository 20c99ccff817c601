import { readFile } from 'node:fs/promises';
import type { OwnerSetup } from '@roster/testing';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  JOURNEY_TIMEOUT, addMember, atPath, browserAvailable, checkAndShoot, chooseOption, expectAccessible, expectTable, invite,
  launchBrowser, memberRow, newPerson, seeText, settle, signUpOwnerAs, startConsoleServer, uncaughtErrors, visible,
  type ConsoleServer, type Person,
} from './harness';

// Member tags, bulk actions and CSV imports in the console (issue 6): the tag catalogue in settings, tags edited in
// the members table and used as a filter, row selection and "all matching", the bulk bar, the preview dialog shared by
// bulk actions and imports (refusals, a stale plan previewed again, apply), a CSV import through the file input, a
// broken file's line-numbered message, and the CSV export of the filtered table.

const ORG = 'Cascade Analytics';
const at = (first: string, last: string) => `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '') + '@cascade.example.com';
const person = (firstName: string, lastName: string, description = ''): Person =>
  ({ firstName, lastName, email: at(firstName, lastName), ...(description !== '' && { description }) });

const ADA = person('Ada', 'Lovelace');
const GRACE = person('Grace', 'Hopper', 'Data Science, Seattle');
const ALAN = person('Alan', 'Turing', 'Machine Learning, London');
const DOROTHY = person('Dorothy', 'Vaughan', 'Data Science, Seattle');
const KATHERINE = person('Katherine', 'Johnson', 'Flight Research, Hampton');
const CLAUDE = person('Claude', 'Shannon', 'Information Theory, Cambridge');
/** Invitations no one has answered yet: more than a page of 25, for "select all matching". */
const INVITEES: Person[] = Array.from({ length: 27 }, (_, index) => ({
  firstName: 'Intern', lastName: `Cohort ${index + 1}`, email: `intern${index + 1}@cascade.example.com`,
}));

describe.skipIf(!browserAvailable('bulk.test.ts'))('member tags, bulk actions, CSV import and export (browser)', () => {
  let server: ConsoleServer;
  let browser: Browser;
  let owner: OwnerSetup;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    [server, browser] = await Promise.all([startConsoleServer(), launchBrowser()]);
    owner = await signUpOwnerAs(server, ADA, ORG);
    ids[ADA.email] = (await owner.client.get('/api/v1/me')).body.organizations[0].memberId;
    for (const [teammate, role] of [[GRACE, 'admin'], [ALAN, 'annotator'], [DOROTHY, 'annotator'], [KATHERINE, 'manager'], [CLAUDE, 'viewer']] as const) {
      ids[teammate.email] = (await addMember(server, owner, teammate, role)).memberId;
    }
    for (const invitee of INVITEES) await invite(owner, invitee, 'viewer');
    // The catalogue starts with two tags, on the people of the Seattle office.
    for (const name of ['Seattle', 'Data Science']) {
      expect((await owner.client.post(`${api()}/tags`, { name })).status).toBe(201);
    }
    for (const email of [GRACE.email, DOROTHY.email]) {
      const res = await owner.client.put(`${api()}/members/${ids[email]}/tags`, { tags: ['Seattle', 'Data Science'] });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    // The product's queues, for granting access in bulk.
    expect((await owner.client.post(`${api()}/resource-types`, { key: 'queue', name: 'Queue' })).status).toBe(201);
    for (const n of [1, 2]) {
      const res = await owner.client.put(`${api()}/resources/by-external-id/queue/q-${n}`, { name: `Invoices ${n}` });
      expect([200, 201]).toContain(res.status);
    }
  }, JOURNEY_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  const api = () => `/api/v1/orgs/${owner.orgId}`;
  const ownerBrowser = () => newPerson(browser, server, { signInAs: ADA.email });

  async function tagsOf(email: string): Promise<string[]> {
    const res = await owner.client.get(`${api()}/members/${ids[email]}`);
    expect(res.status).toBe(200);
    return (res.body.tags as Array<{ name: string }>).map((tag) => tag.name).sort();
  }

  async function catalogue(): Promise<Array<{ id: string; name: string; memberCount: number }>> {
    const res = await owner.client.get(`${api()}/tags`);
    expect(res.status).toBe(200);
    return res.body.items;
  }

  async function statusOf(email: string): Promise<string> {
    return (await owner.client.get(`${api()}/members/${ids[email]}`)).body.status as string;
  }

  /** The preview dialog, once its plan is on screen. */
  async function previewDialog(page: Page): Promise<Locator> {
    const dialog = page.getByRole('dialog', { name: /^Preview: / });
    await visible(dialog.locator('[data-plan-id]'));
    return dialog;
  }

  const summaryCount = async (dialog: Locator, key: 'changes' | 'unchanged' | 'refused') =>
    Number(await dialog.locator(`[data-summary="${key}"]`).getAttribute('data-count'));

  it('keeps the tag catalogue in settings: add, rename, and delete with the count of members it leaves', async () => {
    const { page } = await ownerBrowser();
    await page.goto(`/orgs/${owner.orgId}/settings`);
    await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Member tags' }).click();
    await atPath(page, `/orgs/${owner.orgId}/settings/tags`);
    const list = page.getByRole('list', { name: 'Member tags' });
    await visible(list);
    const row = (name: string) => list.locator(`li[data-tag-name="${name}"]`);
    await seeText(row('Seattle'), '2 members');
    await seeText(row('Data Science'), '2 members');

    // Add.
    await page.getByRole('button', { name: 'Add tag' }).click();
    const add = page.getByRole('dialog', { name: 'Add tag' });
    await add.getByRole('textbox', { name: 'Name' }).fill('Boston, MA');
    await add.getByRole('button', { name: 'Add tag' }).click();
    await seeText(add, 'A tag cannot contain a comma');
    await add.getByRole('textbox', { name: 'Name' }).fill('seattle');
    await add.getByRole('button', { name: 'Add tag' }).click();
    await seeText(add, 'Another tag already has this name.');
    await add.getByRole('textbox', { name: 'Name' }).fill('Boston');
    await add.getByRole('button', { name: 'Add tag' }).click();
    await add.waitFor({ state: 'hidden' });
    await seeText(row('Boston'), 'No members');
    await checkAndShoot(page, 'settings: member tags', 'settings-tags');

    // Rename.
    await row('Boston').getByRole('button', { name: 'Rename Boston' }).click();
    const rename = page.getByRole('dialog', { name: 'Rename the tag Boston' });
    await rename.getByRole('textbox', { name: 'Name' }).fill('Boston office');
    await expectAccessible(page, 'settings: rename tag');
    await rename.getByRole('button', { name: 'Save' }).click();
    await rename.waitFor({ state: 'hidden' });
    await visible(row('Boston office'));
    expect((await catalogue()).map((tag) => tag.name).sort()).toEqual(['Boston office', 'Data Science', 'Seattle']);

    // Deleting a tag people carry says how many it leaves.
    await row('Seattle').getByRole('button', { name: 'Delete Seattle' }).click();
    const confirmSeattle = page.getByRole('dialog', { name: 'Delete the tag Seattle?' });
    await seeText(confirmSeattle, 'It is taken off the 2 members who have it');
    await expectAccessible(page, 'settings: delete a tag');
    await confirmSeattle.getByRole('button', { name: 'Cancel' }).click();
    await confirmSeattle.waitFor({ state: 'hidden' });

    await row('Boston office').getByRole('button', { name: 'Delete Boston office' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete the tag Boston office?' });
    await seeText(confirm, 'No member has');
    await confirm.getByRole('button', { name: 'Delete tag' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await row('Boston office').waitFor({ state: 'detached' });
    expect((await catalogue()).map((tag) => tag.name).sort()).toEqual(['Data Science', 'Seattle']);

    // The count links to the members who carry the tag.
    await row('Seattle').getByRole('link', { name: '2 members tagged Seattle' }).click();
    await page.waitForURL((url) => url.pathname === `/orgs/${owner.orgId}/members` && url.searchParams.has('tag'));
    await expectTable(page, [GRACE.email, DOROTHY.email]);
    expect(uncaughtErrors(page)).toEqual([]);
  }, JOURNEY_TIMEOUT);

  it('edits a member’s tags in place, creating a new one, and filters the table by tag', async () => {
    const { page } = await ownerBrowser();
    await page.goto(`/orgs/${owner.orgId}/members`);
    const alan = memberRow(page, ALAN.email);
    await visible(alan);
    await alan.getByRole('button', { name: /^Edit tags for Alan Turing/ }).click();
    const editor = page.getByRole('dialog', { name: /^Edit tags for Alan Turing/ });
    await visible(editor);
    const field = editor.getByRole('combobox', { name: 'Tags for Alan Turing' });
    await field.fill('seattle');
    await field.press('Enter');
    await field.fill('London');
    await field.press('Enter');
    await checkAndShoot(page, 'members: editing tags in place', 'members-tags-edit');
    await editor.getByRole('button', { name: 'Save tags' }).click();
    await editor.waitFor({ state: 'hidden' });
    // "seattle" is the catalogue's Seattle; London is new.
    await expect.poll(() => tagsOf(ALAN.email)).toEqual(['London', 'Seattle']);
    await visible(alan.locator('[data-tag-chip]').filter({ hasText: 'London' }));
    expect((await catalogue()).find((tag) => tag.name === 'London')?.memberCount).toBe(1);

    // The tag filter, kept in the address.
    const tagFilter = page.getByRole('combobox', { name: 'Tag' });
    await chooseOption(page, tagFilter, 'Seattle');
    const seattle = (await catalogue()).find((tag) => tag.name === 'Seattle')!;
    await page.waitForURL((url) => url.searchParams.get('tag') === seattle.id);
    await expectTable(page, [GRACE.email, DOROTHY.email, ALAN.email]);
    await page.reload();
    await expectTable(page, [GRACE.email, DOROTHY.email, ALAN.email]);
    expect(await page.getByRole('combobox', { name: 'Tag' }).inputValue()).toBe('Seattle');
    await chooseOption(page, page.getByRole('combobox', { name: 'Tag' }), 'All tags');
    await page.waitForURL((url) => !url.searchParams.has('tag'));
    expect(uncaughtErrors(page)).toEqual([]);
  }, JOURNEY_TIMEOUT);

  it('deactivates selected members after a preview that refuses yourself, previewing again when the organization changed', async () => {
    const { page } = await ownerBrowser();
    await page.goto(`/orgs/${owner.orgId}/members?status=active`);
    await visible(memberRow(page, ALAN.email));
    await expectTable(page, [ADA.email, GRACE.email, ALAN.email, DOROTHY.email, KATHERINE.email, CLAUDE.email]);
    const bar = page.getByRole('group', { name: 'Bulk actions' });
    expect(await bar.count()).toBe(0);
    for (const who of [ADA, ALAN, DOROTHY]) {
      await memberRow(page, who.email).getByRole('checkbox', { name: `Select ${who.firstName} ${who.lastName}` }).check();
    }
    await visible(bar);
    expect(await bar.locator('[data-selected-count]').innerText()).toBe('3 selected');
    const header = page.getByRole('checkbox', { name: 'Select every member on this page' });
    await expect.poll(() => header.evaluate((box) => (box as unknown as { indeterminate: boolean }).indeterminate)).toBe(true);
    await checkAndShoot(page, 'members: tags, selection and the bulk bar', 'members-bulk');

    await bar.getByRole('button', { name: 'Deactivate' }).click();
    let preview = await previewDialog(page);
    expect(await summaryCount(preview, 'changes')).toBe(2);
    expect(await summaryCount(preview, 'refused')).toBe(1);
    const rows = preview.getByRole('table');
    await seeText(rows.locator(`tr[data-email="${ALAN.email}"]`), 'Active → Deactivated');
    expect(await rows.locator(`tr[data-email="${ADA.email}"]`).getAttribute('data-outcome')).toBe('refused');
    expect(await preview.locator('[data-refusal-code]').getAttribute('data-refusal-code')).toBe('member.self_action');
    await checkAndShoot(page, 'bulk preview: deactivate', 'bulk-preview');

    // Someone deactivates Dorothy meanwhile: applying the old preview is refused, and a new one is offered.
    expect((await owner.client.post(`${api()}/members/${ids[DOROTHY.email]}/deactivate`)).status).toBe(200);
    await preview.getByRole('button', { name: 'Apply 2 changes' }).click();
    await visible(preview.locator('[data-plan-outdated="plan.stale"]'));
    await seeText(preview, 'The organization changed since this preview');
    expect(await statusOf(ALAN.email)).toBe('active');
    await expectAccessible(page, 'bulk preview: stale');
    await preview.getByRole('button', { name: 'Preview again' }).click();
    preview = await previewDialog(page);
    await expect.poll(() => summaryCount(preview, 'changes')).toBe(1);
    await preview.getByRole('button', { name: 'Apply 1 change' }).click();
    await preview.waitFor({ state: 'hidden' });
    await visible(page.getByText('1 member deactivated'));
    await expect.poll(() => statusOf(ALAN.email)).toBe('deactivated');
    expect(await statusOf(ADA.email)).toBe('active');
    // The table follows: Alan and Dorothy left the "Active" filter, and the selection is gone.
    await expectTable(page, [ADA.email, GRACE.email, KATHERINE.email, CLAUDE.email]);
    await bar.waitFor({ state: 'hidden' });

    // Reactivate them both the same way, from the Deactivated filter and the page's checkbox.
    await chooseOption(page, page.getByRole('combobox', { name: 'Status' }), /^Deactivated/);
    await expectTable(page, [ALAN.email, DOROTHY.email]);
    await header.check();
    await visible(bar);
    await bar.getByRole('button', { name: 'More' }).click();
    await page.getByRole('menuitem', { name: 'Reactivate' }).click();
    preview = await previewDialog(page);
    expect(await summaryCount(preview, 'changes')).toBe(2);
    await preview.getByRole('button', { name: 'Apply 2 changes' }).click();
    await preview.waitFor({ state: 'hidden' });
    await expect.poll(() => Promise.all([statusOf(ALAN.email), statusOf(DOROTHY.email)])).toEqual(['active', 'active']);
    expect(uncaughtErrors(page)).toEqual([]);
  }, JOURNEY_TIMEOUT);

  it('selects everyone matching the filter beyond the page, and tags them all at once', async () => {
    const { page } = await ownerBrowser();
    await page.goto(`/orgs/${owner.orgId}/members?status=invite_pending&limit=25`);
    await expectTable(page, { count: 25 });
    const bar = page.getByRole('group', { name: 'Bulk actions' });
    await page.getByRole('checkbox', { name: 'Select every member on this page' }).check();
    const banner = page.locator('[data-selection-banner]');
    await seeText(banner, 'All 25 members on this page are selected.');
    expect(await bar.locator('[data-selected-count]').innerText()).toBe('25 selected');
    await banner.getByRole('button', { name: `Select all ${INVITEES.length} members matching this filter` }).click();
    await seeText(banner, `All ${INVITEES.length} members matching this filter are selected.`);
    expect(await bar.locator('[data-selected-count]').innerText()).toBe(`All ${INVITEES.length} selected`);

    // Changing the filter empties the selection.
    await chooseOption(page, page.getByRole('combobox', { name: 'Status' }), 'All statuses');
    await bar.waitFor({ state: 'hidden' });
    await chooseOption(page, page.getByRole('combobox', { name: 'Status' }), /^Invite pending/);
    await expectTable(page, { count: 25 });
    await page.getByRole('checkbox', { name: 'Select every member on this page' }).check();
    await page.locator('[data-selection-banner]').getByRole('button', { name: /^Select all/ }).click();

    await bar.getByRole('button', { name: 'Add tags…' }).click();
    const dialog = page.getByRole('dialog', { name: `Add tags to all ${INVITEES.length} members` });
    await visible(dialog);
    const field = dialog.getByRole('combobox', { name: 'Tags to add' });
    await field.fill('Summer interns');
    await field.press('Enter');
    await expectAccessible(page, 'bulk: add tags');
    await dialog.getByRole('button', { name: 'Preview changes' }).click();
    const preview = await previewDialog(page);
    expect(await summaryCount(preview, 'changes')).toBe(INVITEES.length);
    await visible(preview.locator('[data-tags-to-create]').getByText('Summer interns'));
    await preview.getByRole('button', { name: `Apply ${INVITEES.length} changes` }).click();
    await preview.waitFor({ state: 'hidden' });
    await expect.poll(async () => (await catalogue()).find((tag) => tag.name === 'Summer interns')?.memberCount).toBe(INVITEES.length);
    await bar.waitFor({ state: 'hidden' });
    expect(uncaughtErrors(page)).toEqual([]);
  }, JOURNEY_TIMEOUT);

  it('grants access to a queue to the selected members, the preview naming the grant', async () => {
    const { page } = await ownerBrowser();
    await page.goto(`/orgs/${owner.orgId}/members?status=active`);
    await visible(memberRow(page, CLAUDE.email));
    for (const who of [CLAUDE, KATHERINE]) {
      await memberRow(page, who.email).getByRole('checkbox', { name: `Select ${who.firstName} ${who.lastName}` }).check();
    }
    const bar = page.getByRole('group', { name: 'Bulk actions' });
    await bar.getByRole('button', { name: 'More' }).click();
    await page.getByRole('menuitem', { name: 'Grant access…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Grant access to 2 members' });
    await visible(dialog);
    // Nothing chosen yet: the dialog says so instead of previewing nothing.
    await dialog.getByRole('button', { name: 'Preview changes' }).click();
    await seeText(dialog, 'Choose the access to give, for at least one resource type.');
    const queues = dialog.getByRole('group', { name: 'Queues' });
    await chooseOption(page, queues.getByRole('combobox', { name: 'Access' }), 'Specific queues');
    const which = queues.getByRole('combobox', { name: 'Which queues' });
    await which.click();
    await which.fill('Invoices 2');
    await page.getByRole('option', { name: 'Invoices 2', exact: true }).click();
    await page.keyboard.press('Escape');
    await dialog.getByRole('button', { name: 'Preview changes' }).click();
    const preview = await previewDialog(page);
    expect(await summaryCount(preview, 'changes')).toBe(2);
    await seeText(preview.locator(`tr[data-email="${CLAUDE.email}"]`), '+ Invoices 2');
    await preview.getByRole('button', { name: 'Apply 2 changes' }).click();
    await preview.waitFor({ state: 'hidden' });
    const grants = await owner.client.get(`${api()}/members/${ids[KATHERINE.email]}/grants`);
    expect(grants.body.items.map((grant: { resource: { externalId: string } | null }) => grant.resource?.externalId)).toEqual(['q-2']);
    expect(uncaughtErrors(page)).toEqual([]);
  }, JOURNEY_TIMEOUT);

  it('imports tags from a CSV file through a preview, and explains a broken file with its line', async () => {
    const { page } = await ownerBrowser();
    await page.goto(`/orgs/${owner.orgId}/members`);
    await visible(memberRow(page, ALAN.email));
    await page.getByRole('button', { name: 'Import tags' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import tags from a CSV file' });
    await visible(dialog);
    const file = dialog.locator('input[type="file"]');

    // A file without the header is refused as a whole, with its line.
    await file.setInputFiles({ name: 'tags.csv', mimeType: 'text/csv', buffer: Buffer.from('mail,labels\r\nkatherine@x.example.com,Seattle\r\n') });
    await dialog.getByRole('button', { name: 'Preview import' }).click();
    const problem = dialog.locator('[data-import-error]');
    await visible(problem);
    expect(await problem.getAttribute('data-import-error')).toBe('csv.header_invalid');
    expect(await problem.innerText()).toContain('(line 1)');
    expect(await problem.innerText()).toContain('email,tags');
    await expectAccessible(page, 'import: a broken file');

    // A good one, as a spreadsheet saves it: a byte-order mark, CRLF, an email in capitals, and someone unknown.
    const csv = [
      'email,tags',
      `${KATHERINE.email.toUpperCase()},"Flight Research, Hampton"`,
      `${CLAUDE.email},"Data Science"`,
      'nobody@elsewhere.example.com,"Seattle"',
      '',
    ].join('\r\n');
    await file.setInputFiles({ name: 'office-tags.csv', mimeType: 'text/csv', buffer: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv)]) });
    await chooseRadio(dialog, 'Create them');
    await visible(dialog.getByText('office-tags.csv'));
    await checkAndShoot(page, 'import tags dialog', 'import-dialog');
    await dialog.getByRole('button', { name: 'Preview import' }).click();

    const preview = await previewDialog(page);
    expect(await summaryCount(preview, 'changes')).toBe(2);
    expect(await summaryCount(preview, 'refused')).toBe(1);
    const unknown = preview.locator('tr[data-email="nobody@elsewhere.example.com"]');
    expect(await unknown.getAttribute('data-outcome')).toBe('refused');
    expect(await unknown.getAttribute('data-line')).toBe('4');
    await seeText(unknown, 'Nobody with this email belongs to the organization.');
    for (const name of ['Flight Research', 'Hampton']) await visible(preview.locator('[data-tags-to-create]').getByText(name));
    await checkAndShoot(page, 'import preview', 'import-preview');
    await preview.getByRole('button', { name: 'Apply 2 changes' }).click();
    await preview.waitFor({ state: 'hidden' });
    await expect.poll(() => tagsOf(KATHERINE.email)).toEqual(['Flight Research', 'Hampton']);
    expect(await tagsOf(CLAUDE.email)).toEqual(['Data Science']);
    await visible(memberRow(page, KATHERINE.email).locator('[data-tag-chip]').filter({ hasText: 'Hampton' }));
    expect(uncaughtErrors(page)).toEqual([]);
  }, JOURNEY_TIMEOUT);

  it('shows a Viewer the tags, with nothing to select, edit or import', async () => {
    const { page } = await newPerson(browser, server, { signInAs: CLAUDE.email });
    await page.goto(`/orgs/${owner.orgId}/members`);
    const grace = memberRow(page, GRACE.email);
    await visible(grace.locator('[data-tag-chip]').filter({ hasText: 'Seattle' }));
    await settle(page);
    expect(await page.getByRole('checkbox').count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Edit tags for / }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Import tags' }).count()).toBe(0);
    await visible(page.getByRole('link', { name: 'Export CSV' }));
    await expectAccessible(page, 'members with tags, as a Viewer');
    expect(uncaughtErrors(page)).toEqual([]);
  }, JOURNEY_TIMEOUT);

  it('exports the filtered table as CSV', async () => {
    const { page } = await ownerBrowser();
    const dataScience = (await catalogue()).find((tag) => tag.name === 'Data Science')!;
    await page.goto(`/orgs/${owner.orgId}/members?tag=${dataScience.id}`);
    await expectTable(page, [GRACE.email, DOROTHY.email, CLAUDE.email]);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^members-\d{4}-\d{2}-\d{2}\.csv$/);
    const path = await download.path();
    const text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
    const lines = text.trim().split(/\r\n/);
    expect(lines[0]).toMatch(/email/i);
    expect(lines[0]).toMatch(/tags/i);
    expect(lines).toHaveLength(4);
    const body = lines.slice(1).join('\n');
    for (const who of [GRACE, DOROTHY, CLAUDE]) expect(body).toContain(who.email);
    expect(body).not.toContain(ALAN.email);
    expect(lines.find((line) => line.includes(GRACE.email))).toContain('Data Science');
    await settle(page);
    expect(uncaughtErrors(page)).toEqual([]);
  }, JOURNEY_TIMEOUT);
});

/** Picks a radio by its label inside `scope`. */
async function chooseRadio(scope: Locator, label: string): Promise<void> {
  await scope.getByRole('radio', { name: label }).check();
}
