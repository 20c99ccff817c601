import { randomBytes } from 'node:crypto';

/** Prefix of every versioned API path. */
export const API = '/api/v1';

/** A signed-up owner: the session cookie as a header, the organization, its role ids by key. */
export interface Session {
  headers: { cookie: string };
  orgId: string;
  roles: Record<string, string>;
}

/** What the benchmark reads of a members page. */
export interface MemberPage {
  items: Array<{ id: string }>;
  nextCursor: string | null;
  counts: { total: number };
}

/** One request, its status and parsed JSON body. */
export async function requestJson<T>(
  origin: string, path: string, init: RequestInit & { headers?: Record<string, string> } = {},
): Promise<{ status: number; body: T; response: Response }> {
  const response = await fetch(`${origin}${path}`, init);
  const text = await response.text();
  return { status: response.status, body: (text === '' ? undefined : JSON.parse(text)) as T, response };
}

/** Signs an owner up through the real API: the organization, its roles and the session are the product's own. */
export async function signUpOwner(origin: string): Promise<Session> {
  const email = `owner.${randomBytes(4).toString('hex')}@acme.test`;
  const signUp = await requestJson<{ organization: { id: string } }>(origin, `${API}/auth/sign-up`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({
      firstName: 'Olive', lastName: 'Owner', email, password: 'correct horse battery staple', organizationName: 'Acme Bench',
    }),
  });
  if (signUp.status !== 201) throw new Error(`sign-up answered ${signUp.status}: ${JSON.stringify(signUp.body)}`);
  const setCookie = signUp.response.headers.getSetCookie().find((c) => c.startsWith('roster_session='));
  if (setCookie === undefined) throw new Error('sign-up set no roster_session cookie');
  const headers = { cookie: setCookie.split(';')[0] ?? '' };
  const orgId = signUp.body.organization.id;
  const roles = await requestJson<{ items: Array<{ key: string; id: string }> }>(origin, `${API}/orgs/${orgId}/roles`, { headers });
  if (roles.status !== 200) throw new Error(`roles answered ${roles.status}`);
  return { headers, orgId, roles: Object.fromEntries(roles.body.items.map((role) => [role.key, role.id])) };
}

/**
 * Walks the members table in its default order (name), 200 rows a page, until past
 * `fraction` of `size` rows; returns the cursor found there. A row seen twice fails the run:
 * keyset pagination must never repeat itself.
 */
export async function findDeepCursor(
  origin: string, session: Session, size: number, fraction: number,
): Promise<{ cursor: string; skipped: number }> {
  let cursor: string | null = null;
  let seen = 0;
  const ids = new Set<string>();
  // Bounded: never more pages than the table can hold.
  for (let pages = 0; pages < Math.ceil(size / 200) + 1; pages++) {
    const query: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
    const page: { status: number; body: MemberPage } = await requestJson<MemberPage>(
      origin, `${API}/orgs/${session.orgId}/members?limit=200${query}`, { headers: session.headers },
    );
    if (page.status !== 200) throw new Error(`walking the members list answered ${page.status}`);
    for (const item of page.body.items) {
      if (ids.has(item.id)) throw new Error(`member ${item.id} came back twice while walking the list, after ${seen} rows`);
      ids.add(item.id);
    }
    seen += page.body.items.length;
    cursor = page.body.nextCursor;
    if (cursor === null) break;
    if (seen >= fraction * size) return { cursor, skipped: seen };
  }
  throw new Error(`the members list ended after ${seen} rows, before ${fraction * 100} % of ${size}`);
}
