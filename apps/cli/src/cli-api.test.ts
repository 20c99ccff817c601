import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCodes } from '@roster/core';
import {
  addActiveMember, createTestApp, createTestDatabase, describeEachEngine, signUpOwner, uniqueEmail, type OwnerSetup, type TestApp,
} from '@roster/testing';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ExitCode } from './errors';
import { expectExit, lines, runRoster, temporaryDir } from './test-harness';

// The real binary against a real server listening on a local port, once per engine.

describeEachEngine('roster, against a real server', (engine) => {
  let app: TestApp;
  let owner: OwnerSetup;
  let url: string;
  let token: string;
  let heidi: { memberId: string; email: string };
  let sally: { memberId: string; email: string };
  const api = () => `/api/v1/orgs/${owner.orgId}`;
  const env = () => ({ ROSTER_URL: url, ROSTER_TOKEN: token });
  const roster = (args: string[], options: { env?: Record<string, string | undefined>; stdin?: string } = {}) => (
    runRoster(args, { ...options, env: { ...env(), ...options.env } })
  );
  const member = async (memberId: string) => {
    const res = await owner.client.get(`${api()}/members/${memberId}`);
    expect(res.status).toBe(200);
    return res.body as { status: string; role: { key: string }; tags: Array<{ name: string }> };
  };

  beforeAll(async () => {
    // A 1 MB import limit, so that the test of a file over it stays small.
    app = await createTestApp(engine, { IMPORT_MAX_MB: '1' });
    await app.app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(app.app.server.address() as { port: number }).port}`;
    owner = await signUpOwner(app, { organizationName: 'Acme CLI' });
    const created = await owner.client.post(`${api()}/api-tokens`, { name: 'CLI tests', roleId: owner.roles.owner });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    token = created.body.secret;
    heidi = await addActiveMember(app, owner, 'annotator', { email: uniqueEmail('heidi'), firstName: 'Heidi' });
    sally = await addActiveMember(app, owner, 'annotator', { email: uniqueEmail('sally'), firstName: 'Sally' });
  });
  afterAll(async () => {
    await app?.dispose();
  });

  it('exits 3 with one line naming the code when the token is not valid', async () => {
    const run = await roster(['members', 'list'], { env: { ROSTER_TOKEN: 'rst_this-token-does-not-exist-at-all-anywhere-000' } });
    expectExit(run, ExitCode.AUTH);
    expect(run.stdout).toBe('');
    expect(lines(run.stderr)).toEqual([expect.stringMatching(new RegExp(`^roster: ${ErrorCodes.AUTH_TOKEN_INVALID.code}: .+ \\(401\\)$`))]);
  });

  it('logs in (token checked, kept 0600 under XDG_CONFIG_HOME), acts without ROSTER_* and logs out', async () => {
    const config = temporaryDir('login');
    const bare = { ROSTER_URL: undefined, ROSTER_TOKEN: undefined, XDG_CONFIG_HOME: config };
    const refused = await roster(['login', '--url', url, '--token', 'rst_not-a-real-token-0000000000000000000000000'], { env: bare });
    expectExit(refused, ExitCode.AUTH);
    expect(existsSync(join(config, 'roster', 'credentials.json'))).toBe(false);

    // The token on stdin, so that it stays out of the process list and the shell history.
    const login = await roster(['login', '--url', `${url}/`], { env: bare, stdin: `${token}\n` });
    expectExit(login, ExitCode.OK);
    expect(login.stdout).toContain('Logged in to Acme CLI');
    const file = join(config, 'roster', 'credentials.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ url, token, organization: { id: owner.orgId, name: 'Acme CLI' } });

    const whoami = await roster(['whoami'], { env: bare });
    expectExit(whoami, ExitCode.OK);
    expect(whoami.stdout).toContain(`Acme CLI (${owner.orgId})`);
    expect(whoami.stdout).toContain('"CLI tests"');

    const logout = await roster(['logout'], { env: bare });
    expectExit(logout, ExitCode.OK);
    expect(existsSync(file)).toBe(false);
    expectExit(await roster(['whoami'], { env: bare }), ExitCode.AUTH);
  });

  it('invites a member by role key or name; refusals exit 1 with the code', async () => {
    const email = uniqueEmail('ada');
    const invite = await roster(['members', 'invite', email, '--first-name', 'Ada', '--last-name', 'Lovelace', '--role', 'Viewer']);
    expectExit(invite, ExitCode.OK);
    expect(invite.stdout).toContain(`Invited ${email} (Ada Lovelace) as Viewer`);
    const listed = await owner.client.get(`${api()}/members?q=${encodeURIComponent(email)}`);
    expect(listed.body.items).toEqual([expect.objectContaining({ email, status: 'invite_pending', role: expect.objectContaining({ key: 'viewer' }) })]);

    const again = await roster(['members', 'invite', email, '--first-name', 'Ada', '--last-name', 'Lovelace', '--role', 'viewer']);
    expectExit(again, ExitCode.FAILED);
    expect(lines(again.stderr)).toEqual([expect.stringMatching(new RegExp(`^roster: ${ErrorCodes.INVITATION_ALREADY_PENDING.code}: .+ \\(409\\)$`))]);

    const unknownRole = await roster(['members', 'invite', uniqueEmail('bob'), '--first-name', 'Bob', '--last-name', 'B', '--role', 'wizard']);
    expectExit(unknownRole, ExitCode.FAILED);
    expect(unknownRole.stderr).toMatch(/^roster: role\.not_found: there is no role "wizard" .*owner/);
  });

  it('lists members as an aligned table, as JSON, filtered and limited', async () => {
    const [table, json, limited, filtered] = await Promise.all([
      roster(['members', 'list']),
      roster(['members', 'list', '--json', '--all']),
      roster(['members', 'list', '--limit', '1', '--sort', 'email']),
      roster(['members', 'list', '--status', 'invite_pending', '--json']),
    ]);
    expectExit(table, ExitCode.OK);
    const rows = lines(table.stdout);
    expect(rows[0]).toMatch(/^NAME +EMAIL +ROLE +STATUS +TAGS +LAST CONNECTION$/);
    const ownerRow = rows.find((row) => row.includes(owner.email));
    expect(ownerRow).toMatch(/^Olive Owner +\S+ +Owner +Active +(\d{4}-\d{2}-\d{2}|never)$/);
    // Aligned: every row's email starts in the header's EMAIL column.
    const emailColumn = rows[0]!.indexOf('EMAIL');
    for (const row of rows.slice(1)) expect(row.slice(emailColumn)).toMatch(/^\S+@\S+ /);

    expectExit(json, ExitCode.OK);
    const members = JSON.parse(json.stdout) as Array<{ email: string; tags: unknown[] }>;
    expect(members.map((m) => m.email)).toEqual(expect.arrayContaining([owner.email, heidi.email, sally.email]));

    expectExit(limited, ExitCode.OK);
    expect(lines(limited.stdout)).toHaveLength(2);
    expect(limited.stderr).toContain('more members match');

    const pending = JSON.parse(filtered.stdout) as Array<{ status: string }>;
    expect(pending.length).toBeGreaterThan(0);
    expect(pending.every((m) => m.status === 'invite_pending')).toBe(true);
  });

  it('exports the members as CSV to stdout and to a file', async () => {
    const stdout = await roster(['members', 'export']);
    expectExit(stdout, ExitCode.OK);
    const records = parse(stdout.stdout.replace(/^\uFEFF/, ''), { columns: true }) as Array<Record<string, string>>;
    const emailColumn = Object.keys(records[0] ?? {}).find((column) => /email/i.test(column));
    expect(emailColumn).toBeDefined();
    expect(records.map((r) => r[emailColumn!])).toEqual(expect.arrayContaining([owner.email, heidi.email, sally.email]));

    const file = join(temporaryDir('export'), 'active.csv');
    const toFile = await roster(['members', 'export', '--status', 'active', '-o', file]);
    expectExit(toFile, ExitCode.OK);
    expect(toFile.stdout).toBe('');
    const active = parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''), { columns: true }) as Array<Record<string, string>>;
    expect(active.map((r) => r[emailColumn!]).sort()).toEqual([owner.email, heidi.email, sally.email].sort());
  });

  it('previews a tag import as a table, changes nothing, then applies it with --apply', async () => {
    const file = join(temporaryDir('tags'), 'people.csv');
    writeFileSync(file, [
      'email,tags',
      `${heidi.email.toUpperCase()},"Data Science, Seattle"`,
      `${sally.email},Finance`,
      'nobody@example.com,Seattle',
      '',
    ].join('\r\n'));

    const unknownTags = await roster(['tags', 'import', file]);
    expectExit(unknownTags, ExitCode.OK);
    expect(unknownTags.stdout).toMatch(new RegExp(`^2 +${heidi.email.toUpperCase().replace(/[.+]/g, '\\$&')} +refused: ${ErrorCodes.IMPORT_UNKNOWN_TAG.code}`, 'mi'));

    const preview = await roster(['tags', 'import', file, '--create-unknown']);
    expectExit(preview, ExitCode.OK);
    const out = lines(preview.stdout);
    expect(out[0]).toMatch(/^LINE +EMAIL +CHANGE$/);
    expect(out.find((l) => l.startsWith('2 '))).toMatch(/\+Data Science \+Seattle$/);
    expect(out.find((l) => l.startsWith('3 '))).toMatch(/\+Finance$/);
    expect(out.find((l) => l.startsWith('4 '))).toMatch(new RegExp(`nobody@example\\.com +refused: ${ErrorCodes.IMPORT_NOT_A_MEMBER.code}: `));
    expect(preview.stdout).toContain(`3 rows: 2 to change, 0 unchanged, 1 refused (${ErrorCodes.IMPORT_NOT_A_MEMBER.code} ×1)`);
    expect(preview.stdout).toMatch(/^Tags to create: .*Data Science/m);
    expect(preview.stderr).toContain('--apply');
    expect((await member(heidi.memberId)).tags).toEqual([]);
    expect((await owner.client.get(`${api()}/tags`)).body.items).toEqual([]);

    const applied = await roster(['tags', 'import', file, '--create-unknown', '--apply']);
    expectExit(applied, ExitCode.OK);
    expect(applied.stdout).toMatch(/^Applied: 2 members changed; created 3 tags: /m);
    expect((await member(heidi.memberId)).tags.map((t) => t.name).sort()).toEqual(['Data Science', 'Seattle']);
    expect((await member(sally.memberId)).tags.map((t) => t.name)).toEqual(['Finance']);

    const list = await roster(['members', 'list', '--tag', 'seattle']);
    expect(lines(list.stdout).slice(1)).toEqual([expect.stringContaining(heidi.email)]);
  });

  it('refuses a file over the server\'s import limit with csv.too_large: exit 1, one line', async () => {
    const file = join(temporaryDir('large'), 'large.csv');
    writeFileSync(file, `email,tags\n${`${heidi.email},Huge\n`.repeat(40_000)}`);
    expect(statSync(file).size).toBeGreaterThan(1024 * 1024);
    const run = await roster(['tags', 'import', file]);
    expectExit(run, ExitCode.FAILED);
    expect(lines(run.stderr)).toEqual([expect.stringMatching(new RegExp(`^roster: ${ErrorCodes.CSV_TOO_LARGE.code}: .+ \\(413\\)$`))]);
    expect((await owner.client.get(`${api()}/tags`)).body.items.map((t: { name: string }) => t.name)).not.toContain('Huge');
  });

  it('previews a bulk deactivation by filter, then applies it; --ids works too', async () => {
    await owner.client.put(`${api()}/members/${heidi.memberId}/tags`, { tags: ['Seattle'], createMissing: true });
    const preview = await roster(['bulk', 'deactivate', '--filter', 'status=active,tag=Seattle']);
    expectExit(preview, ExitCode.OK);
    const out = lines(preview.stdout);
    expect(out[0]).toMatch(/^NAME +EMAIL +CHANGE$/);
    expect(out.filter((l) => l.includes('status: Active → Deactivated'))).toEqual([expect.stringContaining(heidi.email)]);
    expect(preview.stdout).toContain('1 row: 1 to change');
    expect((await member(heidi.memberId)).status).toBe('active');

    const applied = await roster(['bulk', 'deactivate', '--status', 'active', '--tag', 'Seattle', '--apply']);
    expectExit(applied, ExitCode.OK);
    expect(applied.stdout).toContain('Applied: 1 member changed.');
    expect((await member(heidi.memberId)).status).toBe('deactivated');
    expect((await member(sally.memberId)).status).toBe('active');

    const back = await roster(['bulk', 'reactivate', '--ids', heidi.memberId, '--apply']);
    expectExit(back, ExitCode.OK);
    expect((await member(heidi.memberId)).status).toBe('active');

    const noSelection = await roster(['bulk', 'deactivate']);
    expectExit(noSelection, ExitCode.USAGE);
    expect(noSelection.stderr).toMatch(/^roster: say which members/);
  });

  it('refuses to apply a plan the organization has outgrown: exit 5, nothing changed', async () => {
    const preview = await roster(['bulk', 'change-role', '--role', 'viewer', '--ids', sally.memberId, '--json']);
    expectExit(preview, ExitCode.OK);
    const { plan, applied } = JSON.parse(preview.stdout) as { plan: { id: string; summary: { changes: number } }; applied: unknown };
    expect(plan.summary.changes).toBe(1);
    expect(applied).toBeNull();

    expect((await owner.client.patch(`${api()}/members/${sally.memberId}`, { roleId: owner.roles.manager })).status).toBe(200);
    const stale = await roster(['plans', 'apply', plan.id]);
    expectExit(stale, ExitCode.STALE);
    expect(lines(stale.stderr)).toEqual([expect.stringMatching(new RegExp(`^roster: ${ErrorCodes.PLAN_STALE.code}: .*run the command again`))]);
    expect((await member(sally.memberId)).role.key).toBe('manager');
  });

  // The embedded database is migrated in cli-local.test.ts, without a server above: this one exists on PostgreSQL only.
  if (engine === 'postgres') it('migrates a fresh PostgreSQL database and says so; a second run has nothing to do', async () => {
    const database = await createTestDatabase('postgres', { migrate: false });
    try {
      const first = await runRoster(['migrate'], { env: { DATABASE_URL: database.url } });
      expectExit(first, ExitCode.OK);
      const applied = first.stdout.match(/^PostgreSQL at \S+: applied (\d+) migrations?: /);
      expect(applied, first.stdout).not.toBeNull();
      const recorded = await sql<{ n: string }>`select count(*) as n from kysely_migration`.execute(database.db.kysely);
      expect(Number(recorded.rows[0]?.n)).toBe(Number(applied![1]));
      const second = await runRoster(['migrate'], { env: { DATABASE_URL: database.url } });
      expectExit(second, ExitCode.OK);
      expect(second.stdout).toContain('already up to date; nothing to migrate.');
    } finally {
      await database.drop();
    }
  });
});
