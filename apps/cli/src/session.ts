import { tokenInfoSchema } from '@roster/contracts';
import type { z } from 'zod';
import { ApiClient, normaliseServerUrl } from './api-client';
import { readCredentials, type CliEnvironment } from './credentials';
import { ApiError, CliError, ExitCode } from './errors';

/** The global flags every API command takes. */
export interface ConnectionFlags {
  /** --url: the server, overriding ROSTER_URL and the stored login. */
  url?: string;
  /** --token: the API token, overriding ROSTER_TOKEN and the stored login. */
  token?: string;
}

/** Who the token is: GET /token. */
export type TokenInfo = z.output<typeof tokenInfoSchema>;

/** A verified connection: the client, and the organization its token acts in. */
export interface Session {
  client: ApiClient;
  info: TokenInfo;
  /** `/orgs/{orgId}`, the prefix of every organization endpoint. */
  orgPath: string;
}

/** Where the server and token come from: flags first, then the environment, then `roster login`'s file. */
export async function resolveConnection(flags: ConnectionFlags, environment: CliEnvironment): Promise<{ url: string; token: string }> {
  let url = flags.url ?? environment.url;
  let token = flags.token ?? environment.token;
  if (url === undefined || token === undefined) {
    const stored = await readCredentials(environment);
    url ??= stored?.url;
    token ??= stored?.token;
  }
  if (url === undefined || token === undefined) {
    throw new CliError('not logged in: run "roster login", or set ROSTER_URL and ROSTER_TOKEN', ExitCode.AUTH);
  }
  return { url: normaliseServerUrl(url), token };
}

/** Asks the server who the token is (GET /token); a bad token ends here with exit code 3. */
export async function verifyToken(client: ApiClient): Promise<TokenInfo> {
  try {
    return await client.get('/token', tokenInfoSchema);
  } catch (error) {
    if (error instanceof ApiError && error.code === 'route.not_found') {
      throw new CliError(`${client.baseUrl} has no GET /api/v1/token: is it a Roster server, and as recent as this roster?`);
    }
    throw error;
  }
}

/** Resolves the connection and verifies the token: what every API command starts with. */
export async function openSession(flags: ConnectionFlags, environment: CliEnvironment): Promise<Session> {
  const { url, token } = await resolveConnection(flags, environment);
  const client = new ApiClient(url, token);
  const info = await verifyToken(client);
  return { client, info, orgPath: `/orgs/${encodeURIComponent(info.organization.id)}` };
}
