import { createServer, type AddressInfo } from 'node:net';
import { createDb, createMailQueue, type Db } from '@roster/db';
import {
  TEST_PUBLIC_URL, TestClient, createTestApp, describeEachEngine, signUpOwner, testPasswords, uniqueEmail,
  type OwnerSetup, type TestApp,
} from '@roster/testing';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { expect, it } from 'vitest';
import { buildApp, type RosterApp } from '../build-app';
import { loadConfig } from '../config';

// End to end over real SMTP (issue 3): a server on loopback receives what the worker sends.

const PASSWORD = 'a long enough password';

/** A message the test SMTP server accepted. */
interface ReceivedMail {
  from: string;
  to: string[];
  parsed: ParsedMail;
}

/** An SMTP server on 127.0.0.1 that keeps what it accepts. */
interface TestSmtp {
  port: number;
  messages: ReceivedMail[];
  /** Recipients refused at RCPT TO, by address. */
  rejected: string[];
  to(email: string): ReceivedMail[];
  close(): Promise<void>;
}

/**
 * Starts an SMTP server on `port` (0: any free port). `reject` may answer a recipient with
 * an SMTP reply code to refuse it.
 */
async function startSmtp(port = 0, reject: (address: string) => number | undefined = () => undefined): Promise<TestSmtp> {
  const messages: ReceivedMail[] = [];
  const rejected: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 1000,
    onRcptTo(address, _session, callback) {
      const code = reject(address.address);
      if (code === undefined) return callback();
      rejected.push(address.address);
      callback(Object.assign(new Error(code >= 500 ? 'Mailbox unavailable' : 'Try again later'), { responseCode: code }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        simpleParser(Buffer.concat(chunks)).then((parsed) => {
          const from = session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address;
          messages.push({ from, to: session.envelope.rcptTo.map((r) => r.address), parsed });
          callback();
        }, (error: Error) => callback(error));
      });
    },
  });
  await new Promise<void>((resolve, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.server.address() as AddressInfo).port,
    messages,
    rejected,
    to: (email) => messages.filter((m) => m.to.includes(email.toLowerCase())),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A loopback port nothing listens on (it was free a moment ago). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Polls `probe` (running the given workers first each time) until it returns a value; bounded. */
async function pollUntil<T>(
  what: string, workers: RosterApp[], probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await Promise.all(workers.map((w) => w.mailWorker?.runOnce()));
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

interface MailItem {
  id: string;
  to: string;
  status: string;
  transport: string;
  attempts: number;
  lastError: string | null;
  sentAt: string | null;
  text: string | null;
  html: string | null;
}

async function mailItem(client: TestClient, orgId: string, email: string): Promise<MailItem | undefined> {
  const res = await client.get(`/api/v1/orgs/${orgId}/mail?limit=200`);
  expect(res.status).toBe(200);
  return (res.body.items as MailItem[]).find((m) => m.to === email.toLowerCase());
}

/** The stored outbox row: what the API does not show (the kept body, the next attempt). */
async function outboxRow(db: Db, email: string) {
  return db.kysely.selectFrom('mail_outbox').select(['text_body', 'html_body', 'status', 'attempts', 'next_attempt_at', 'locked_until'])
    .where('to_address', '=', email.toLowerCase()).executeTakeFirstOrThrow();
}

function invite(owner: OwnerSetup, email: string) {
  return owner.client.post(`/api/v1/orgs/${owner.orgId}/invitations`, {
    email, firstName: 'Sim', lastName: 'Tp', roleId: owner.roles.annotator,
  });
}

function linkIn(mail: ReceivedMail): { link: string; token: string } {
  const match = String(mail.parsed.text).match(/(\S+\/invitations\/([A-Za-z0-9_-]+))/);
  expect(match).not.toBeNull();
  return { link: match![1]!, token: match![2]! };
}

function smtpEnv(port: number): Record<string, string> {
  return { SMTP_URL: `smtp://127.0.0.1:${port}` };
}

describeEachEngine('mail over SMTP', (engine) => {
  it('delivers the invitation: the link in it is accepted, and the new person signs in', async () => {
    const smtp = await startSmtp();
    const app = await createTestApp(engine, smtpEnv(smtp.port));
    try {
      expect(app.mailWorker).toBeDefined();
      const owner = await signUpOwner(app, { organizationName: 'Mail & Co' });
      const email = uniqueEmail('Smtp');
      const invited = await invite(owner, email);
      expect(invited.status).toBe(201);

      const [mail] = await pollUntil('the invitation to arrive', [app], () => {
        const found = smtp.to(email);
        return found.length > 0 ? found : undefined;
      });
      expect(mail!.from).toBe('no-reply@roster.localhost');
      expect(mail!.to).toEqual([email.toLowerCase()]);
      const { parsed } = mail!;
      expect(parsed.subject).toContain('Olive Owner');
      expect(parsed.subject).toContain('Mail & Co');
      expect(parsed.messageId).toMatch(/^<outbox-\d+@roster>$/);
      const { link, token } = linkIn(mail!);
      expect(link).toBe(`${TEST_PUBLIC_URL}/invitations/${token}`);
      const expiry = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
        .format(new Date(invited.body.invitation.expiresAt));
      for (const part of ['Olive Owner', 'Mail & Co', 'Annotator', link, expiry]) expect(parsed.text).toContain(part);
      expect(parsed.html).toContain('Mail &amp; Co');
      expect(parsed.html).toContain(`href="${link}"`);
      expect(parsed.html).toContain(expiry);

      const invitee = app.client();
      const accepted = await invitee.post(`/api/v1/invitations/${token}/accept`, { firstName: 'Sim', lastName: 'Tp', password: PASSWORD });
      expect(accepted.status).toBe(200);
      expect(accepted.body.member.status).toBe('active');
      expect((await invitee.post('/api/v1/auth/sign-out')).status).toBe(204);
      expect((await invitee.get('/api/v1/me')).status).toBe(401);
      const signedIn = await invitee.post('/api/v1/auth/sign-in', { email, password: PASSWORD });
      expect(signedIn.status).toBe(200);
      const me = await invitee.get('/api/v1/me');
      expect(me.body.organizations).toEqual([expect.objectContaining({ status: 'active', role: expect.objectContaining({ key: 'annotator' }) })]);

      expect(await mailItem(owner.client, owner.orgId, email)).toMatchObject({
        status: 'sent', transport: 'smtp', attempts: 1, lastError: null, text: null, html: null,
      });
      // The body carried the link's token; it is not kept once the mail has left.
      expect(await outboxRow(app.database.db, email)).toMatchObject({ status: 'sent', text_body: null, html_body: null });
      await app.mailWorker!.runOnce();
      expect(smtp.to(email)).toHaveLength(1);
    } finally {
      await app.dispose();
      await smtp.close();
    }
  });

  it('retries with backoff while the SMTP server is down, then delivers exactly once', async () => {
    const port = await freePort();
    const app = await createTestApp(engine, smtpEnv(port));
    let smtp: TestSmtp | undefined;
    try {
      const owner = await signUpOwner(app);
      const email = uniqueEmail('patient');
      expect((await invite(owner, email)).status).toBe(201);

      const first = await pollUntil('a failed attempt', [app], async () => {
        const item = await mailItem(owner.client, owner.orgId, email);
        return item?.status === 'retrying' ? item : undefined;
      });
      expect(first).toMatchObject({ attempts: 1, sentAt: null, transport: 'smtp', text: null });
      expect(first.lastError).toMatch(/ECONNREFUSED|connect/i);
      const row = await outboxRow(app.database.db, email);
      // Kept until it is delivered: a retry needs the body.
      expect(row.text_body).toContain('/invitations/');
      expect(row.next_attempt_at.getTime()).toBe(app.clock.now().getTime() + 1000);

      // Not due yet: running the worker again does not hammer the server.
      for (let i = 0; i < 3; i++) await app.mailWorker!.runOnce();
      expect((await mailItem(owner.client, owner.orgId, email))?.attempts).toBe(1);

      // Due again, still down: the delay doubles.
      app.clock.advance(1500);
      await pollUntil('a second failed attempt', [app], async () => {
        const item = await mailItem(owner.client, owner.orgId, email);
        return item?.attempts === 2 ? item : undefined;
      });
      expect((await outboxRow(app.database.db, email)).next_attempt_at.getTime()).toBe(app.clock.now().getTime() + 2000);

      smtp = await startSmtp(port);
      expect(smtp.port).toBe(port);
      app.clock.advance(2500);
      const server = smtp;
      await pollUntil('the invitation to arrive', [app], () => (server.to(email).length > 0 ? true : undefined));
      for (let i = 0; i < 4; i++) {
        app.clock.advance(60 * 60 * 1000);
        await app.mailWorker!.runOnce();
      }
      expect(smtp.to(email)).toHaveLength(1);
      expect(await mailItem(owner.client, owner.orgId, email)).toMatchObject({ status: 'sent', attempts: 3, lastError: null });
      const { token } = linkIn(smtp.to(email)[0]!);
      expect((await app.client().post(`/api/v1/invitations/${token}/accept`, { firstName: 'P', lastName: 'At', password: PASSWORD })).status).toBe(200);
    } finally {
      await app.dispose();
      await smtp?.close();
    }
  });

  it('marks a permanently refused message failed and does not retry it; a 4xx is retried', async () => {
    let greylisted = false;
    const smtp = await startSmtp(0, (address) => {
      if (address.startsWith('bounce')) return 550;
      if (address.startsWith('greylist') && !greylisted) {
        greylisted = true;
        return 451;
      }
      return undefined;
    });
    const app = await createTestApp(engine, smtpEnv(smtp.port));
    try {
      const owner = await signUpOwner(app);
      const bounce = uniqueEmail('bounce');
      const grey = uniqueEmail('greylist');
      const fine = uniqueEmail('fine');
      for (const email of [bounce, grey, fine]) expect((await invite(owner, email)).status).toBe(201);

      await pollUntil('every message to be attempted', [app], async () => {
        const items = await Promise.all([bounce, grey, fine].map((e) => mailItem(owner.client, owner.orgId, e)));
        return items.every((m) => m !== undefined && m.attempts >= 1) ? true : undefined;
      });
      const failed = await mailItem(owner.client, owner.orgId, bounce);
      expect(failed).toMatchObject({ status: 'failed', attempts: 1, sentAt: null });
      expect(failed?.lastError).toMatch(/550/);
      expect(await outboxRow(app.database.db, bounce)).toMatchObject({ text_body: null, html_body: null });
      expect(await mailItem(owner.client, owner.orgId, grey)).toMatchObject({ status: 'retrying', attempts: 1 });
      expect(smtp.to(fine)).toHaveLength(1);

      app.clock.advance(24 * 60 * 60 * 1000);
      await pollUntil('the greylisted message to arrive', [app], () => (smtp.to(grey).length > 0 ? true : undefined));
      for (let i = 0; i < 3; i++) {
        app.clock.advance(60 * 60 * 1000);
        await app.mailWorker!.runOnce();
      }
      expect(await mailItem(owner.client, owner.orgId, bounce)).toMatchObject({ status: 'failed', attempts: 1 });
      expect(smtp.rejected.filter((a) => a === bounce.toLowerCase())).toHaveLength(1);
      expect(smtp.to(bounce)).toHaveLength(0);
      expect(smtp.to(grey)).toHaveLength(1);
      expect(smtp.to(fine)).toHaveLength(1);
      expect(await mailItem(owner.client, owner.orgId, grey)).toMatchObject({ status: 'sent', attempts: 2 });
    } finally {
      await app.dispose();
      await smtp.close();
    }
  });

  /** Another instance of Roster on `first`'s database, with its own connections on PostgreSQL. */
  async function anotherInstance(first: TestApp, port: number, options: { startWorkers?: boolean } = {}) {
    const db = first.database.url === undefined ? first.database.db : await createDb({ databaseUrl: first.database.url, poolSize: 3 });
    const config = loadConfig({ LOG_LEVEL: 'silent', PUBLIC_URL: TEST_PUBLIC_URL, RATE_LIMIT_AUTH_PER_MINUTE: '100000', ...smtpEnv(port) });
    const roster = await buildApp({ config, db, clock: first.clock, passwords: testPasswords, ...options });
    return {
      roster, db,
      async close() {
        await roster.close();
        if (db !== first.database.db) await db.close();
      },
    };
  }

  it('survives a restart: a message queued by a stopped instance is delivered once by another', async () => {
    const port = await freePort();
    const first = await createTestApp(engine, smtpEnv(port));
    let second: Awaited<ReturnType<typeof anotherInstance>> | undefined;
    let smtp: TestSmtp | undefined;
    let firstClosed = false;
    try {
      const owner = await signUpOwner(first);
      const emails = [uniqueEmail('restart'), uniqueEmail('restart'), uniqueEmail('restart')];
      for (const email of emails) expect((await invite(owner, email)).status).toBe(201);
      await pollUntil('the first attempts to fail', [first], async () => {
        const items = await Promise.all(emails.map((e) => mailItem(owner.client, owner.orgId, e)));
        return items.every((m) => m?.status === 'retrying') ? true : undefined;
      });

      second = await anotherInstance(first, port);
      await first.close();
      firstClosed = true;
      smtp = await startSmtp(port);
      first.clock.advance(2000);
      const server = smtp;
      await pollUntil('every message to arrive', [second.roster], () => (emails.every((e) => server.to(e).length > 0) ? true : undefined));
      for (let i = 0; i < 3; i++) {
        first.clock.advance(60 * 60 * 1000);
        await second.roster.mailWorker!.runOnce();
      }
      for (const email of emails) expect(smtp.to(email)).toHaveLength(1);
      expect(smtp.messages).toHaveLength(emails.length);
      const client = new TestClient(second.roster);
      client.setSessionCookie(owner.client.sessionCookie);
      for (const email of emails) {
        expect(await mailItem(client, owner.orgId, email)).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
      }
    } finally {
      await second?.close();
      if (!firstClosed) await first.close();
      await first.database.drop();
      await smtp?.close();
    }
  });

  it("leaves a message claimed by a crashed instance alone until its lease lapses, then sends it once", async () => {
    const smtp = await startSmtp();
    const first = await createTestApp(engine, smtpEnv(smtp.port));
    // Only the first instance's database is used: the API runs on an instance without a worker.
    await first.close();
    const api = await anotherInstance(first, smtp.port, { startWorkers: false });
    let worker: Awaited<ReturnType<typeof anotherInstance>> | undefined;
    try {
      const client = new TestClient(api.roster);
      const signUp = await client.post('/api/v1/auth/sign-up', {
        firstName: 'Olive', lastName: 'Owner', email: uniqueEmail('owner'), password: PASSWORD, organizationName: 'Lease',
      });
      expect(signUp.status).toBe(201);
      const orgId = signUp.body.organization.id as string;
      const roles = await client.get(`/api/v1/orgs/${orgId}/roles`);
      const viewerRole = roles.body.items.find((r: { key: string }) => r.key === 'viewer').id as string;
      const email = uniqueEmail('leased');
      expect((await client.post(`/api/v1/orgs/${orgId}/invitations`, { email, firstName: 'L', lastName: 'Eased', roleId: viewerRole })).status).toBe(201);

      // A worker claims the message as the real one does, then dies without sending it.
      const crashed = await createMailQueue(api.db.kysely).claimDueMail(first.clock.now(), 10, 60_000);
      expect(crashed.map((m) => m.to)).toEqual([email.toLowerCase()]);

      worker = await anotherInstance(first, smtp.port);
      first.clock.advance(30_000);
      for (let i = 0; i < 3; i++) await worker.roster.mailWorker!.runOnce();
      expect(smtp.to(email)).toHaveLength(0);
      expect((await outboxRow(api.db, email)).status).toBe('queued');

      first.clock.advance(31_000);
      const running = worker.roster;
      await pollUntil('the leased message to arrive', [running], () => (smtp.to(email).length > 0 ? true : undefined));
      for (let i = 0; i < 3; i++) {
        first.clock.advance(60 * 60 * 1000);
        await running.mailWorker!.runOnce();
      }
      expect(smtp.to(email)).toHaveLength(1);
      expect(await outboxRow(api.db, email)).toMatchObject({ status: 'sent', attempts: 1, text_body: null });
    } finally {
      await worker?.close();
      await api.close();
      await first.database.drop();
      await smtp.close();
    }
  });

  it('delivers each message exactly once when two instances run the worker at the same time', async () => {
    const port = await freePort();
    const first = await createTestApp(engine, smtpEnv(port));
    let second: Awaited<ReturnType<typeof anotherInstance>> | undefined;
    let smtp: TestSmtp | undefined;
    try {
      const owner = await signUpOwner(first);
      const emails = Array.from({ length: 24 }, () => uniqueEmail('pair'));
      for (const email of emails) expect((await invite(owner, email)).status).toBe(201);
      await pollUntil('every first attempt to fail', [first], async () => {
        const res = await owner.client.get(`/api/v1/orgs/${owner.orgId}/mail?limit=200`);
        return (res.body.items as MailItem[]).filter((m) => m.status === 'retrying').length === emails.length ? true : undefined;
      });
      second = await anotherInstance(first, port);
      smtp = await startSmtp(port);
      first.clock.advance(2000);
      const server = smtp;
      await pollUntil('every message to arrive', [first, second.roster], () => (emails.every((e) => server.to(e).length > 0) ? true : undefined));
      for (let i = 0; i < 3; i++) {
        first.clock.advance(60 * 60 * 1000);
        await Promise.all([first.mailWorker!.runOnce(), second.roster.mailWorker!.runOnce()]);
      }
      for (const email of emails) expect(smtp.to(email), email).toHaveLength(1);
      expect(smtp.messages).toHaveLength(emails.length);
    } finally {
      await second?.close();
      await first.dispose();
      await smtp?.close();
    }
  });
});
