import type { CoreDeps } from '../deps';
import { ErrorCodes, fail } from '../errors';
import type { Principal, Session, User } from '../model';
import { createOrganizationWithOwner } from '../organization/organization.service';
import type { RoleTemplateName } from '../permissions';
import { assertPasswordStrength, normalizeEmail } from '../rules';
import type { Store } from '../store';
import { toOrganizationView, toUserView, type OrganizationView, type UserView } from '../views';

/** Sign-up input: the first user and their organization. */
export interface SignUpInput {
  firstName: string;
  lastName: string;
  email: string;
  password: string;
  organizationName: string;
  roleTemplate?: RoleTemplateName;
}

/** A new session: the token goes into the cookie and nowhere else. */
export interface IssuedSession {
  token: string;
  expiresAt: Date;
}

/** Creates a session for `userId` inside the caller's transaction. */
export async function issueSession(store: Store, deps: CoreDeps, userId: string, now: Date): Promise<IssuedSession> {
  const token = deps.secrets.newToken();
  const session: Session = {
    id: deps.secrets.newId('ses'), userId, createdAt: now, expiresAt: new Date(now.getTime() + deps.config.sessionTtlMs),
  };
  await store.insertSession(session, deps.secrets.hashToken(token));
  await store.recordSignIn(userId, now);
  await store.invalidate({ type: 'user', userId });
  return { token, expiresAt: session.expiresAt };
}

/** Creates a user account from an already hashed password, inside the caller's transaction. */
export async function createUserAccount(
  store: Store, deps: CoreDeps, input: { email: string; firstName: string; lastName: string; passwordHash: string }, now: Date,
): Promise<User> {
  const email = normalizeEmail(input.email);
  if ((await store.findUserByEmail(email)) !== undefined) fail(ErrorCodes.AUTH_EMAIL_TAKEN);
  const user: User = {
    id: deps.secrets.newId('usr'), email, firstName: input.firstName, lastName: input.lastName,
    passwordHash: input.passwordHash, createdAt: now, lastSignInAt: null,
  };
  await store.insertUser(user);
  return user;
}

/** Creates the user and their organization, makes them its owner and signs them in. */
export async function signUp(
  deps: CoreDeps, input: SignUpInput,
): Promise<{ user: UserView; organization: OrganizationView; session: IssuedSession }> {
  assertPasswordStrength(input.password);
  // Hash before the transaction: argon2 is deliberately slow and must not hold a connection.
  const passwordHash = await deps.passwords.hash(input.password);
  const now = deps.clock.now();
  return deps.db.transaction(async (store) => {
    const created = await createUserAccount(store, deps, { ...input, passwordHash }, now);
    const user: User = { ...created, lastSignInAt: now };
    const { organization } = await createOrganizationWithOwner(
      store, deps, user, { name: input.organizationName, roleTemplate: input.roleTemplate }, now,
    );
    const session = await issueSession(store, deps, user.id, now);
    return { user: toUserView(user), organization: toOrganizationView(organization), session };
  });
}

// A real argon2id hash of a random string: checking against it when the email is unknown
// takes as long as a real check, so response time does not reveal which emails exist.
let dummyHash: Promise<string> | undefined;

/** Checks email and password and opens a session. */
export async function signIn(deps: CoreDeps, input: { email: string; password: string }): Promise<{ user: UserView; session: IssuedSession }> {
  const email = normalizeEmail(input.email);
  const user = await deps.db.read((store) => store.findUserByEmail(email));
  if (user === undefined || user.passwordHash === null) {
    dummyHash ??= deps.passwords.hash(deps.secrets.newToken());
    await deps.passwords.verify(await dummyHash, input.password);
    fail(ErrorCodes.AUTH_INVALID_CREDENTIALS);
  }
  if (!(await deps.passwords.verify(user.passwordHash, input.password))) fail(ErrorCodes.AUTH_INVALID_CREDENTIALS);
  const now = deps.clock.now();
  const session = await deps.db.transaction((store) => issueSession(store, deps, user.id, now));
  return { user: toUserView({ ...user, lastSignInAt: now }), session };
}

/** Ends the session the token belongs to. */
export async function signOut(deps: CoreDeps, token: string): Promise<void> {
  const tokenHash = deps.secrets.hashToken(token);
  await deps.db.transaction(async (store) => {
    await store.deleteSessionByTokenHash(tokenHash);
    await store.invalidate({ type: 'session', tokenHash });
  });
}

/** Resolves a session token to the signed-in person, or undefined when it is unknown or expired. */
export async function authenticateSessionToken(deps: CoreDeps, tokenHash: string): Promise<(Principal & { expiresAt: Date }) | undefined> {
  const session = await deps.db.read((store) => store.findSessionByTokenHash(tokenHash, deps.clock.now()));
  return session === undefined ? undefined : { userId: session.userId, sessionId: session.id, expiresAt: session.expiresAt };
}
