import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { consoleDistDir } from '@roster/console';
import { buildApp, loadConfig, type RosterApp } from '@roster/server';
import { TestClient, TestClock, createTestDatabase, testPasswords, type OwnerSetup, type TestApp, type TestDatabase } from '@roster/testing';
import { simpleParser, type ParsedMail } from 'mailparser';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import { expect, onTestFinished } from 'vitest';

// The browser-test harness: a real Roster listening on loopback (PGlite), optionally a real SMTP server, headless
// Chromium, axe-core checks and screenshots.

/** Debian's Chromium; never downloaded. `CHROMIUM_PATH` may point elsewhere. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const repoDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
/** Where the console's screenshots are written, at the repository root. */
export const SCREENSHOT_DIR = join(repoDir, 'docs/screenshots');

/**
 * Whether the browser suite can run. Without Chromium it fails loudly in CI and is skipped with one visible line
 * elsewhere, like the PostgreSQL pass in packages/testing/src/global-setup.ts.
 */
export function browserAvailable(file: string): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (process.env.CI === 'true') {
    throw new Error(`Chromium is required in CI for the browser tests but ${CHROMIUM_PATH} does not exist (apt-get install chromium)`);
  }
  process.stdout.write(`\n*** Browser tests in ${file} skipped: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH) ***\n\n`);
  return false;
}

/** Per-journey timeout: generous, the machine may be busy with another suite. */
export const JOURNEY_TIMEOUT = 120_000;

/** The password every test person uses. */
export const PASSWORD = 'correct horse battery staple';

// ---------------------------------------------------------------------------------------------------------------------
// SMTP

/** A message the test SMTP server accepted. */
export interface ReceivedMail {
  to: string[];
  parsed: ParsedMail;
}

/** An SMTP server on 127.0.0.1 that keeps what it accepts. */
export interface TestSmtp {
  port: number;
  messages: ReceivedMail[];
  to(email: string): ReceivedMail[];
  close(): Promise<void>;
}

/** Starts an SMTP server on a free loopback port. */
export async function startSmtp(): Promise<TestSmtp> {
  const messages: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 1000,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        simpleParser(Buffer.concat(chunks)).then((parsed) => {
          messages.push({ to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()), parsed });
          callback();
        }, (error: Error) => callback(error));
      });
    },
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => done());
  });
  return {
    port: (server.server.address() as AddressInfo).port,
    messages,
    to: (email) => messages.filter((m) => m.to.includes(email.toLowerCase())),
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// Server

/** A clock that follows real time (so the console shows real dates) and that a test can move forward. */
export class LiveClock extends TestClock {
  private offsetMs = 0;
  override now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  override advance(ms: number): void {
    this.offsetMs += ms;
  }
}

/** Roster listening on loopback, shaped like a TestApp so the testing helpers work with it. */
export interface ConsoleServer extends TestApp {
  /** `http://127.0.0.1:PORT`, also the PUBLIC_URL. */
  url: string;
  clock: LiveClock;
  smtp: TestSmtp | undefined;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

/**
 * A private copy of the built console for one server. The suite's global setup built it; a copy keeps the pages whole
 * even if another test process rebuilds `apps/console/dist` in the middle of this run (Vite empties it first).
 * `ROSTER_E2E_CONSOLE_DIR` points the suite at another build instead, e.g. to check a fix made in a scratch copy.
 */
async function snapshotConsole(): Promise<string> {
  const source = process.env.ROSTER_E2E_CONSOLE_DIR ?? consoleDistDir;
  for (let attempt = 1; ; attempt += 1) {
    const dir = await mkdtemp(join(tmpdir(), 'roster-console-'));
    await cp(source, dir, { recursive: true }).catch(() => undefined);
    const index = await readFile(join(dir, 'index.html'), 'utf8').catch(() => '');
    const assets = [...index.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((match) => match[1]!);
    if (index !== '' && assets.length > 0 && assets.every((asset) => existsSync(join(dir, asset)))) return dir;
    await rm(dir, { recursive: true, force: true });
    if (attempt >= 20) throw new Error(`the built console in ${source} is missing or incomplete`);
    await new Promise((done) => setTimeout(done, 1000));
  }
}

/**
 * Starts Roster on a fresh PGlite database, listening on 127.0.0.1 with PUBLIC_URL set to its own address. With
 * `smtp: true` mail goes to a real SMTP server on loopback; otherwise it stays in the dev mailbox.
 */
export async function startConsoleServer(options: { smtp?: boolean } = {}): Promise<ConsoleServer> {
  const smtp = options.smtp === true ? await startSmtp() : undefined;
  const consoleDir = await snapshotConsole();
  const database: TestDatabase = await createTestDatabase('pglite');
  const clock = new LiveClock();
  for (let attempt = 1; ; attempt += 1) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const config = loadConfig({
      LOG_LEVEL: 'silent', PUBLIC_URL: url, PORT: String(port), HOST: '127.0.0.1', RATE_LIMIT_AUTH_PER_MINUTE: '100000',
      ...(smtp !== undefined && { SMTP_URL: `smtp://127.0.0.1:${smtp.port}` }),
    });
    const roster: RosterApp = await buildApp({ config, db: database.db, clock, passwords: testPasswords, consoleDir });
    try {
      await roster.app.listen({ port, host: '127.0.0.1' });
    } catch (error) {
      await roster.close();
      // Another process took the port between the probe and the listen: try another one.
      if (attempt < 5 && (error as { code?: string }).code === 'EADDRINUSE') continue;
      await database.drop();
      await smtp?.close();
      await rm(consoleDir, { recursive: true, force: true });
      throw error;
    }
    return {
      ...roster, database, clock, url, smtp,
      client: () => new TestClient(roster, url),
      async dispose() {
        await roster.close();
        await database.drop();
        await smtp?.close();
        await rm(consoleDir, { recursive: true, force: true });
      },
    };
  }
}

/** Waits, running the mail worker each time, until the SMTP server has a message to `email`; answers the newest. */
export async function waitForMail(server: ConsoleServer, email: string, count = 1, timeoutMs = 20_000): Promise<ReceivedMail> {
  const smtp = server.smtp;
  if (smtp === undefined) throw new Error('this server keeps mail in the dev mailbox; start it with { smtp: true }');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await server.mailWorker?.runOnce();
    const found = smtp.to(email);
    if (found.length >= count) return found[found.length - 1]!;
    if (Date.now() > deadline) throw new Error(`timed out waiting for mail number ${count} to ${email}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

/** The invitation link in a received email, checked to point at this server. */
export function invitationLinkIn(server: ConsoleServer, mail: ReceivedMail): string {
  const match = String(mail.parsed.text).match(/(https?:\/\/\S+\/invitations\/[A-Za-z0-9_-]+)/);
  if (match?.[1] === undefined) throw new Error(`no invitation link in: ${String(mail.parsed.text)}`);
  expect(match[1].startsWith(`${server.url}/invitations/`)).toBe(true);
  return match[1];
}

// ---------------------------------------------------------------------------------------------------------------------
// People and data through the API

/** A person: names, email and the description the members table shows. */
export interface Person {
  firstName: string;
  lastName: string;
  email: string;
  description?: string;
}

export const fullNameOf = (person: Person) => `${person.firstName} ${person.lastName}`;

/** Signs `person` up with a new organization over the API. */
export async function signUpOwnerAs(server: ConsoleServer, person: Person, organizationName: string): Promise<OwnerSetup> {
  const client = server.client();
  const res = await client.post('/api/v1/auth/sign-up', {
    firstName: person.firstName, lastName: person.lastName, email: person.email, password: PASSWORD, organizationName,
  });
  if (res.status !== 201) throw new Error(`sign-up failed: ${res.status} ${JSON.stringify(res.body)}`);
  const orgId = res.body.organization.id as string;
  const roles = await client.get(`/api/v1/orgs/${orgId}/roles`);
  return {
    client, orgId, userId: res.body.user.id, email: person.email,
    roles: Object.fromEntries((roles.body.items as Array<{ key: string; id: string }>).map((r) => [r.key, r.id])),
  };
}

/** The invitation token of the newest dev-mailbox message to `email`. */
export async function devMailboxToken(owner: OwnerSetup, email: string): Promise<string> {
  const mail = await owner.client.get(`/api/v1/orgs/${owner.orgId}/mail?limit=200`);
  const message = (mail.body.items as Array<{ to: string; text: string | null }>).find((m) => m.to === email.toLowerCase());
  const match = message?.text?.match(/\/invitations\/([A-Za-z0-9_-]+)/);
  if (match?.[1] === undefined) throw new Error(`no invitation mail to ${email} in the dev mailbox`);
  return match[1];
}

/** Invites `person` with `roleKey` over the API; answers the member and invitation ids. */
export async function invite(
  owner: OwnerSetup, person: Person, roleKey: string, kind: 'member' | 'external' = 'member',
): Promise<{ memberId: string; invitationId: string }> {
  const res = await owner.client.post(`/api/v1/orgs/${owner.orgId}/invitations`, {
    email: person.email, firstName: person.firstName, lastName: person.lastName, roleId: owner.roles[roleKey], kind,
    ...(person.description !== undefined && { description: person.description }),
  });
  if (res.status !== 201) throw new Error(`invite failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { memberId: res.body.member.id, invitationId: res.body.invitation.id };
}

/** Invites `person` and accepts as them (dev mailbox); answers their signed-in client and member id. */
export async function addMember(
  server: ConsoleServer, owner: OwnerSetup, person: Person, roleKey: string, kind: 'member' | 'external' = 'member',
): Promise<{ client: TestClient; memberId: string }> {
  await invite(owner, person, roleKey, kind);
  const token = await devMailboxToken(owner, person.email);
  const client = server.client();
  const accepted = await client.post(`/api/v1/invitations/${token}/accept`, {
    firstName: person.firstName, lastName: person.lastName, password: PASSWORD,
  });
  if (accepted.status !== 200) throw new Error(`accept failed: ${accepted.status} ${JSON.stringify(accepted.body)}`);
  return { client, memberId: accepted.body.member.id };
}

/** A signed-in API client for an existing account. */
export async function signInClient(server: ConsoleServer, email: string): Promise<TestClient> {
  const client = server.client();
  const res = await client.post('/api/v1/auth/sign-in', { email, password: PASSWORD });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${JSON.stringify(res.body)}`);
  return client;
}

// ---------------------------------------------------------------------------------------------------------------------
// Browser

/** Launches headless Chromium; one per test file. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--font-render-hinting=none'],
  });
}

export const DESKTOP = { width: 1440, height: 900 } as const;
export const PHONE = { width: 390, height: 844 } as const;

/**
 * A new browser context for one person, inside a test: its own cookies, desktop or phone viewport, no animations. With
 * `signedInAs` the context starts with that API client's session cookie; with `signInAs` (an email), with a new session
 * of that person's (so their "last connection" is now). It closes when the test ends.
 */
export async function newPerson(
  browser: Browser, server: ConsoleServer, options: { phone?: boolean; signedInAs?: TestClient; signInAs?: string } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  if (options.signInAs !== undefined) {
    const { signInAs, ...rest } = options;
    return newPerson(browser, server, { ...rest, signedInAs: await signInClient(server, signInAs) });
  }
  const context = await browser.newContext({
    baseURL: server.url,
    viewport: options.phone === true ? PHONE : DESKTOP,
    deviceScaleFactor: 1,
    ...(options.phone === true && { isMobile: true, hasTouch: true }),
    reducedMotion: 'reduce',
    locale: 'en-US',
    timezoneId: 'UTC',
    colorScheme: 'light',
  });
  context.setDefaultTimeout(15_000);
  const cookie = options.signedInAs?.sessionCookie;
  if (cookie !== undefined) await context.addCookies([{ name: 'roster_session', value: cookie, url: server.url }]);
  const page = await context.newPage();
  const failures: string[] = [];
  page.on('pageerror', (error) => failures.push(error.message));
  page.on('response', (response) => {
    if (response.status() >= 500 || (response.status() === 404 && new URL(response.url()).pathname.startsWith('/assets/'))) {
      failures.push(`${response.status()} ${response.url()}`);
    }
  });
  pageErrors.set(page, failures);
  watchNetwork(page);
  // When the test fails, each of its pages is photographed for the failure report; the context closes at the end.
  const index = ++contextCount;
  onTestFinished(async ({ task }) => {
    if (task.result?.state === 'fail' && !page.isClosed()) {
      const dir = join(tmpdir(), 'roster-e2e-failures');
      await mkdir(dir, { recursive: true });
      const path = join(dir, `${task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 80)}-${index}.png`);
      await page.screenshot({ path, fullPage: true }).then(
        () => process.stdout.write(`failed test "${task.name}": its page ${pathOf(page)} is shown in ${path}\n`),
        () => undefined,
      );
      if (failures.length > 0) process.stdout.write(`  uncaught errors in that page: ${failures.join(' | ')}\n`);
    }
    await context.close();
  });
  return { context, page };
}

let contextCount = 0;

const pageErrors = new WeakMap<Page, string[]>();

/** Uncaught errors the page threw so far (React crashes and the like); a test asserts this is empty. */
export function uncaughtErrors(page: Page): string[] {
  return pageErrors.get(page) ?? [];
}

/** Signs in through the sign-in page. */
export async function signInThroughPage(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto('/sign-in');
  await page.getByRole('textbox', { name: 'Email', exact: true }).fill(email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}

/** An API client holding the session of a browser context (to check through the API what the browser did). */
export async function clientOf(server: ConsoleServer, context: BrowserContext): Promise<TestClient> {
  const cookie = (await context.cookies(server.url)).find((c) => c.name === 'roster_session');
  if (cookie === undefined) throw new Error('this browser context is not signed in');
  const client = server.client();
  client.setSessionCookie(cookie.value);
  return client;
}

/** Picks `option` in a Mantine Select (a combobox): opens it, then clicks the option by its exact name. */
export async function chooseOption(page: Page, combobox: Locator, option: string | RegExp): Promise<void> {
  await combobox.click();
  const choice = page.getByRole('option', { name: option, exact: true });
  await choice.waitFor({ state: 'visible' });
  await choice.click();
  await choice.waitFor({ state: 'hidden' });
}

/** The members table's row of the person with `email`. */
export function memberRow(page: Page, email: string): Locator {
  return page.locator(`tr[data-member-id][data-email="${email.toLowerCase()}"]`);
}

/** The emails of the members table's rows, sorted; null while the table is busy showing the previous rows. */
export async function tableEmails(page: Page): Promise<string[] | null> {
  const table = page.getByRole('table', { name: 'Members' });
  if ((await table.count()) > 0 && (await table.getAttribute('aria-busy')) === 'true') return null;
  const emails = await Promise.all((await page.locator('tr[data-member-id]').all()).map((row) => row.getAttribute('data-email')));
  return emails.map(String).sort();
}

/** Waits until the members table shows exactly these people (by email), or `count` people. */
export async function expectTable(page: Page, expected: string[] | { count: number }): Promise<void> {
  if (Array.isArray(expected)) {
    await expect.poll(() => tableEmails(page), { message: 'the members table shows other people' })
      .toEqual(expected.map((email) => email.toLowerCase()).sort());
  } else {
    await expect.poll(async () => (await tableEmails(page))?.length ?? null, { message: 'the members table has another number of rows' })
      .toBe(expected.count);
  }
}

/** The error message Mantine shows under a field, found through the field's aria-describedby. */
export async function fieldError(field: Locator): Promise<string> {
  await expect.poll(() => field.getAttribute('aria-invalid'), { message: 'the field is not marked invalid' }).toBe('true');
  const ids = ((await field.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter((id) => id.endsWith('-error'));
  const page = field.page();
  const texts = await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).innerText()));
  return texts.join(' ').trim();
}

/** Waits until `locator` is visible and answers it. */
export async function visible(locator: Locator, timeout = 15_000): Promise<Locator> {
  await locator.first().waitFor({ state: 'visible', timeout });
  return locator;
}

/** The same in words for a failure: waits for text to appear anywhere in `scope`. */
export async function seeText(scope: Page | Locator, text: string | RegExp, timeout = 15_000): Promise<void> {
  await scope.getByText(text).first().waitFor({ state: 'visible', timeout });
}

/** Waits for `pathname` (a string or a pattern) in the page's URL. */
export async function atPath(page: Page, pathname: string | RegExp, timeout = 15_000): Promise<void> {
  await page.waitForURL((url) => (typeof pathname === 'string' ? url.pathname === pathname : pathname.test(url.pathname)), { timeout });
}

/** The current path. */
export const pathOf = (page: Page) => new URL(page.url()).pathname;

const network = new WeakMap<Page, { inFlight: number; lastActivity: number }>();

/** Counts the page's requests in flight. */
function watchNetwork(page: Page): void {
  const state = { inFlight: 0, lastActivity: Date.now() };
  network.set(page, state);
  const done = () => {
    state.inFlight = Math.max(0, state.inFlight - 1);
    state.lastActivity = Date.now();
  };
  page.on('request', () => {
    state.inFlight += 1;
    state.lastActivity = Date.now();
  });
  page.on('requestfinished', done);
  page.on('requestfailed', done);
}

/**
 * Waits until no request has been in flight for 500 ms. (Playwright's own "networkidle" never comes back once the
 * page has added an about:srcdoc iframe, as the mail page's message view does.)
 */
export async function networkQuiet(page: Page, timeoutMs = 15_000): Promise<void> {
  const state = network.get(page);
  if (state === undefined) {
    await page.waitForLoadState('networkidle', { timeout: timeoutMs });
    return;
  }
  const deadline = Date.now() + timeoutMs;
  while (state.inFlight > 0 || Date.now() - state.lastActivity < 500) {
    if (Date.now() > deadline) throw new Error(`the network did not go quiet within ${timeoutMs} ms (${state.inFlight} requests in flight)`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Waits until the page is calm: the network is quiet, fonts are loaded, no loader is showing and Mantine's transitions
 * (modals, menus) have finished.
 */
export async function settle(page: Page): Promise<void> {
  // The pointer leaves the page, so the last clicked link or row is not checked and shown in its hover state.
  await page.mouse.move(-1, -1);
  await networkQuiet(page);
  await page.evaluate('document.fonts.ready.then(() => true)');
  await expect.poll(() => page.locator('.mantine-Loader-root:visible, [role="status"]:has-text("Loading")').count(), {
    timeout: 15_000, message: 'a loader is still showing',
  }).toBe(0);
  // Finite animations only (a spinner or skeleton pulse runs forever, and loaders were ruled out above). Polled from
  // here: the console's Content-Security-Policy rightly forbids the eval that page.waitForFunction would need.
  await expect.poll(() => page.evaluate(
    'document.getAnimations().filter((a) => a.playState === "running" && a.effect?.getTiming().iterations !== Infinity).length',
  ), { timeout: 5_000, interval: 50, message: 'an animation is still running' }).toBe(0);
}

// ---------------------------------------------------------------------------------------------------------------------
// Accessibility and screenshots

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
let axeSource: string | undefined;

/** One axe finding, as reported. */
export interface AxeFinding {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  targets: string[];
  /** The first offending elements' markup, shortened. */
  html: string[];
  /** What axe says about the offending elements, each distinct message once. */
  summary: string;
}

/** Runs axe-core's WCAG 2.1 A/AA rules on the page as it is now; answers every violation. */
export async function runAxe(page: Page): Promise<AxeFinding[]> {
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) {
    // Evaluated rather than added as a <script>: the console's Content-Security-Policy (script-src 'self') rightly
    // refuses inline scripts, and the page is checked under its real policy.
    axeSource ??= await readFile(axePath, 'utf8');
    await page.evaluate(axeSource);
  }
  return page.evaluate(`(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id, impact: v.impact ?? null, help: v.help, helpUrl: v.helpUrl,
      targets: v.nodes.slice(0, 6).map((n) => n.target.join(' ')),
      html: v.nodes.slice(0, 3).map((n) => n.html.slice(0, 160)),
      summary: [...new Set(v.nodes.map((n) => n.failureSummary ?? ''))].slice(0, 6).join(' || '),
    }));
  })()`).then((found) => (found as AxeFinding[]).map((f) => ({ ...f, summary: f.summary.replace(/\s+/g, ' ').replace(/Fix any of the following: /g, '').trim().slice(0, 1500) })));
}

/** Formats findings for a failure message. */
export function describeFindings(findings: AxeFinding[]): string {
  return findings.map((f) => [
    `  - ${f.id} [${f.impact}] ${f.help}`,
    `      at ${f.targets.join(' | ')}`,
    ...f.html.map((html) => `      ${html}`),
    `      ${f.summary}`,
  ].join('\n')).join('\n');
}

/**
 * Asserts the page, as it is now (dialogs open included), has no serious or critical WCAG 2.1 A/AA violation. Soft:
 * the test goes on so that one run reports every page's findings.
 */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  await settle(page);
  const findings = (await runAxe(page)).filter((f) => f.impact === 'serious' || f.impact === 'critical');
  expect.soft(findings.length, `axe: serious or critical WCAG 2.1 A/AA violations on "${name}" (${pathOf(page)}):\n${describeFindings(findings)}\n`)
    .toBe(0);
}

/** Writes `docs/screenshots/{name}.png` once the page is settled. */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`screenshot names are lower-case words joined by dashes, not "${name}"`);
  await settle(page);
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  // Toasts come and go with timing: keep them out of the pictures.
  await page.screenshot({ path, animations: 'disabled', caret: 'hide', style: '.mantine-Notifications-root { display: none !important; }' });
}

/** Checks a page with axe and, unless `shot` is null, photographs it as docs/screenshots/{shot}.png. */
export async function checkAndShoot(page: Page, name: string, shot: string | null): Promise<void> {
  await expectAccessible(page, name);
  if (shot !== null) await screenshot(page, shot);
}

/** Whether the element is rendered within the viewport (not merely present, or moved off screen). */
export async function onScreen(page: Page, locator: Locator): Promise<boolean> {
  if ((await locator.count()) === 0) return false;
  const box = await locator.first().boundingBox();
  const viewport = page.viewportSize();
  if (box === null || viewport === null || box.width === 0 || box.height === 0) return false;
  return box.x >= 0 && box.y >= 0 && box.x + box.width <= viewport.width + 0.5 && box.y < viewport.height;
}

/** The horizontal overflow of the document, in CSS pixels beyond the viewport's width (0 is none). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate('document.documentElement.scrollWidth - window.innerWidth') as Promise<number>;
}
