import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createDb } from '@roster/db';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { ExitCode } from './errors';
import { ROSTER_BIN, cliEnvironment, closedPort, expectExit, lines, runRoster, temporaryDir } from './test-harness';

// The command line on its own: help, usage errors, no login, no server, and the local install
// (migrate, serve). The API commands against a real server are in cli-api.test.ts.

describe('roster, without a server', () => {
  it('prints help for the program and each command, and exits 0', async () => {
    const runs = await Promise.all([
      ['--help'], ['members', 'list', '--help'], ['members', 'invite', '--help'], ['tags', 'import', '--help'],
      ['bulk', 'deactivate', '--help'], ['migrate', '--help'], ['serve', '--help'],
    ].map((args) => runRoster(args)));
    for (const run of runs) expectExit(run, ExitCode.OK);
    const [top, list, invite, tags, bulk, migrate] = runs.map((run) => run.stdout);
    for (const command of ['login', 'logout', 'members', 'tags', 'bulk', 'serve', 'migrate']) expect(top).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    expect(list).toContain('Usage: roster members list');
    for (const flag of ['--status', '--role', '--tag', '--kind', '--search', '--limit', '--all', '--json']) expect(list).toContain(flag);
    expect(invite).toMatch(/--first-name <name>[\s\S]*--last-name <name>[\s\S]*--role <role>/);
    expect(tags).toMatch(/--mode <mode>[\s\S]*--create-unknown[\s\S]*--apply/);
    expect(bulk).toMatch(/--filter <filter>[\s\S]*--ids <ids>|--ids <ids>[\s\S]*--filter <filter>/);
    expect(migrate).toContain('DATA_DIR');
  });

  it('exits 2 with one line on an unknown flag, a missing option, a bad choice or an unknown command', async () => {
    const [unknownFlag, missingOption, badChoice, unknownCommand, badFilter, missingFile] = await Promise.all([
      runRoster(['members', 'list', '--colour']),
      runRoster(['members', 'invite', 'ada@example.com', '--first-name', 'Ada']),
      runRoster(['members', 'list', '--status', 'asleep']),
      runRoster(['memberz']),
      runRoster(['bulk', 'deactivate', '--filter', 'colour=blue'], { env: { ROSTER_URL: 'http://127.0.0.1:1', ROSTER_TOKEN: 'rst_x' } }),
      runRoster(['tags', 'import', join(temporaryDir('missing'), 'nope.csv')], { env: { ROSTER_URL: 'http://127.0.0.1:1', ROSTER_TOKEN: 'rst_x' } }),
    ]);
    for (const run of [unknownFlag, missingOption, badChoice, unknownCommand]) {
      expectExit(run, ExitCode.USAGE);
      expect(lines(run.stderr)).toHaveLength(1);
      expect(run.stdout).toBe('');
    }
    expect(unknownFlag.stderr).toMatch(/^roster: unknown option '--colour'/);
    expect(missingOption.stderr).toMatch(/^roster: required option '--last-name <name>' not specified/);
    expect(badChoice.stderr).toContain('asleep');
    // Checked before anything is sent: that server is not there.
    expectExit(badFilter, ExitCode.USAGE);
    expect(badFilter.stderr).toMatch(/^roster: --filter: "colour=blue" is not KEY=VALUE/);
    expectExit(missingFile, ExitCode.USAGE);
    expect(missingFile.stderr).toMatch(/^roster: cannot read \S+nope\.csv: no such file\n$/);
  });

  it('exits 3 when not logged in, and 4 with one line when the server is not there', async () => {
    const port = await closedPort();
    const [notLoggedIn, down] = await Promise.all([
      runRoster(['members', 'list']),
      runRoster(['members', 'list', '--url', `http://127.0.0.1:${port}`, '--token', 'rst_whatever']),
    ]);
    expectExit(notLoggedIn, ExitCode.AUTH);
    expect(notLoggedIn.stderr).toBe('roster: not logged in: run "roster login", or set ROSTER_URL and ROSTER_TOKEN\n');
    expectExit(down, ExitCode.UNREACHABLE);
    expect(lines(down.stderr)).toEqual([expect.stringMatching(new RegExp(`^roster: cannot reach http://127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`))]);
    expect(down.stderr).not.toMatch(/\bat .+:\d+:\d+/);
  });

  it('migrates an embedded database (then has nothing to do), and serves it like npm start until SIGTERM', async () => {
    const dataDir = temporaryDir('local');
    const first = await runRoster(['migrate', '--data-dir', dataDir]);
    expectExit(first, ExitCode.OK);
    const applied = first.stdout.match(/^embedded PGlite in (.+): applied (\d+) migrations?: \S+/);
    expect(applied, first.stdout).not.toBeNull();
    expect(applied![1]).toBe(dataDir);
    const db = await createDb({ dataDir });
    try {
      const recorded = await sql<{ n: string }>`select count(*) as n from kysely_migration`.execute(db.kysely);
      expect(Number(recorded.rows[0]?.n)).toBe(Number(applied![2]));
    } finally {
      await db.close();
    }
    const second = await runRoster(['migrate'], { env: { DATA_DIR: dataDir } });
    expectExit(second, ExitCode.OK);
    expect(second.stdout).toBe(`embedded PGlite in ${dataDir}: already up to date; nothing to migrate.\n`);

    const child = spawn(process.execPath, [ROSTER_BIN, 'serve', '--port', '0', '--host', '127.0.0.1', '--data-dir', dataDir], {
      env: cliEnvironment({ LOG_LEVEL: 'info' }), stdio: 'pipe',
    });
    let output = '';
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      const port = await new Promise<number>((resolve, reject) => {
        const onData = (chunk: Buffer) => {
          output += chunk.toString();
          const match = output.match(/Roster listening on http:\/\/localhost:(\d+)/);
          if (match?.[1] !== undefined) resolve(Number(match[1]));
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
        void exited.then((code) => reject(new Error(`roster serve exited (${code}) before listening:\n${output}`)));
      });
      const health = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(health.status).toBe(200);
      expect(output).toContain(`data: embedded PGlite in ${dataDir}`);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });

  it('says which variable is wrong when the configuration is bad: exit 2, one line', async () => {
    const run = await runRoster(['migrate'], { env: { DATABASE_URL: 'mysql://nope' } });
    expectExit(run, ExitCode.USAGE);
    expect(lines(run.stderr)).toEqual([expect.stringMatching(/^roster: invalid configuration: DATABASE_URL: /)]);
  });
});
