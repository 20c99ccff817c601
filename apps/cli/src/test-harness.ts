import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect } from 'vitest';

/** The installed `roster` binary, run as `npx roster` runs it. */
export const ROSTER_BIN = fileURLToPath(new URL('../bin/roster.js', import.meta.url));

/** What one run of `roster` did. */
export interface RosterRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

// Every folder a test file makes lives under one, removed after the file (this module is
// imported while the file is collected, so the hook is the file's own).
const root = mkdtempSync(join(tmpdir(), 'roster-cli-tests-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A fresh, empty folder, removed after the test file. */
export function temporaryDir(prefix: string): string {
  return mkdtempSync(join(root, `${prefix}-`));
}

/**
 * The environment of a spawned `roster`: the test's own, without anything that would
 * reach a real login, database or server, plus `env`.
 */
export function cliEnvironment(env: Record<string, string | undefined>): Record<string, string> {
  const base: Record<string, string | undefined> = { ...process.env };
  for (const key of ['ROSTER_URL', 'ROSTER_TOKEN', 'DATABASE_URL', 'DATA_DIR', 'PORT', 'HOST', 'XDG_CONFIG_HOME', 'NODE_OPTIONS']) delete base[key];
  // An empty config folder unless the test gives one: never the developer's own login.
  base.XDG_CONFIG_HOME = temporaryDir('config');
  const merged = { ...base, ...env };
  return Object.fromEntries(Object.entries(merged).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/**
 * Runs the real binary with node, asynchronously: the server under test lives in this
 * process and must keep answering while the CLI waits for it.
 */
export function runRoster(args: string[], options: { env?: Record<string, string | undefined>; stdin?: string } = {}): Promise<RosterRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ROSTER_BIN, ...args], { env: cliEnvironment(options.env ?? {}), stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk; });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}

/** A local port nothing listens on: it was just bound and released. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Output as its non-empty lines, for "errors are one line". */
export function lines(text: string): string[] {
  return text.split('\n').filter((line) => line !== '');
}

/** Asserts the exit code, showing stderr when it is not the expected one. */
export function expectExit(run: RosterRun, code: number): void {
  expect(run.code, `exit code; stderr: ${run.stderr}`).toBe(code);
}
