import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { CliError, ExitCode } from './errors';

/** What `roster login` keeps between runs. */
export const storedCredentialsSchema = z.object({
  url: z.string(),
  token: z.string(),
  organization: z.object({ id: z.string(), name: z.string() }).optional(),
  savedAt: z.string().optional(),
});
/** What `roster login` keeps between runs. */
export type StoredCredentials = z.infer<typeof storedCredentialsSchema>;

/** The environment the CLI reads, once, at start. */
export interface CliEnvironment {
  /** ROSTER_URL */
  url: string | undefined;
  /** ROSTER_TOKEN */
  token: string | undefined;
  /** Where the credentials file lives: $XDG_CONFIG_HOME/roster, else ~/.config/roster. */
  configDir: string;
  /** The whole environment, handed to `roster serve` and `roster migrate` as the server's configuration. */
  raw: Record<string, string | undefined>;
}

/** Reads the CLI's settings from an environment (process.env in main). */
export function readCliEnvironment(env: Record<string, string | undefined>): CliEnvironment {
  const nonEmpty = (value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : value.trim());
  const xdg = nonEmpty(env.XDG_CONFIG_HOME);
  return {
    url: nonEmpty(env.ROSTER_URL),
    token: nonEmpty(env.ROSTER_TOKEN),
    configDir: join(xdg ?? join(nonEmpty(env.HOME) ?? homedir(), '.config'), 'roster'),
    raw: env,
  };
}

/** The credentials file. */
export function credentialsPath(environment: CliEnvironment): string {
  return join(environment.configDir, 'credentials.json');
}

/** The stored credentials, or undefined when nobody logged in. */
export async function readCredentials(environment: CliEnvironment): Promise<StoredCredentials | undefined> {
  const path = credentialsPath(environment);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CliError(`cannot read ${path}: ${(error as Error).message}`);
  }
  let parsed: StoredCredentials;
  try {
    parsed = storedCredentialsSchema.parse(JSON.parse(text));
  } catch {
    throw new CliError(`${path} is damaged; run "roster logout", then "roster login"`, ExitCode.AUTH);
  }
  return parsed;
}

/**
 * Saves the credentials readable by their owner only (0600, in a 0700 folder): the token
 * acts as its creator. Written to a temporary file first, so a crash never leaves half a file.
 */
export async function writeCredentials(environment: CliEnvironment, credentials: StoredCredentials): Promise<string> {
  const path = credentialsPath(environment);
  await mkdir(environment.configDir, { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  // The mode given to writeFile is masked by the umask; make sure of it.
  await chmod(temporary, 0o600);
  await rename(temporary, path);
  return path;
}

/** Removes the stored credentials; false when there were none. */
export async function removeCredentials(environment: CliEnvironment): Promise<boolean> {
  const path = credentialsPath(environment);
  try {
    await rm(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new CliError(`cannot remove ${path}: ${(error as Error).message}`);
  }
}
