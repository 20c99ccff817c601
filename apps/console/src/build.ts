import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoDir = resolve(packageDir, '../..');
/** The browser app's Vite root. */
export const consoleWebDir = join(packageDir, 'web');
/** Where the built console is written and served from. */
export const consoleDistDir = join(packageDir, 'dist');
const STAMP = '.source-hash';

// What the bundle is made of: the console's own sources and the contracts it shares with the server.
const SOURCE_DIRS = [consoleWebDir, join(repoDir, 'packages/contracts/src')];
const SOURCE_FILES = [join(packageDir, 'package.json'), join(repoDir, 'package-lock.json')];

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && !entry.name.endsWith('.test.ts'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** A hash of everything the built console depends on; a different hash means the build is stale. */
export async function consoleSourceHash(): Promise<string> {
  const hash = createHash('sha256');
  const files = [...(await Promise.all(SOURCE_DIRS.map(listFiles))).flat(), ...SOURCE_FILES.filter((file) => existsSync(file))];
  for (const file of files) {
    hash.update(relative(repoDir, file)).update('\0').update(await readFile(file)).update('\0');
  }
  return hash.digest('hex');
}

/** Whether the built console is missing or older than its sources. */
export async function isConsoleStale(): Promise<boolean> {
  const stamp = join(consoleDistDir, STAMP);
  if (!existsSync(join(consoleDistDir, 'index.html')) || !existsSync(stamp)) return true;
  return (await readFile(stamp, 'utf8')).trim() !== (await consoleSourceHash());
}

/** Builds the console with Vite into `dist/`. */
export async function buildConsole(options: { quiet?: boolean } = {}): Promise<void> {
  const { build } = await import('vite');
  const hash = await consoleSourceHash();
  // Always the production bundle: under Vitest NODE_ENV is `test`, and the React plugin would emit
  // development JSX that a later `npm start` (same source hash) would then serve.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      root: consoleWebDir,
      configFile: join(consoleWebDir, 'vite.config.ts'),
      mode: 'production',
      logLevel: options.quiet === true ? 'warn' : 'info',
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  await writeFile(join(consoleDistDir, STAMP), `${hash}\n`);
}

/**
 * Builds the console when it is missing or stale, so `npm start` needs no extra command.
 * Answers whether a build ran.
 */
export async function ensureConsoleBuilt(options: { quiet?: boolean } = {}): Promise<boolean> {
  if (!(await isConsoleStale())) return false;
  await buildConsole(options);
  return true;
}
