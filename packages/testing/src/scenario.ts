import { expect } from 'vitest';
import type { TestApp, TestClient } from './test-app';

let counter = 0;

/** A unique email for a test person. */
export function uniqueEmail(name = 'person'): string {
  counter += 1;
  return `${name}.${process.pid}.${counter}.${Date.now().toString(36)}@example.com`;
}

/** A signed-up owner with their organization. */
export interface OwnerSetup {
  client: TestClient;
  orgId: string;
  userId: string;
  email: string;
  roles: Record<string, string>;
}

/** Signs a new person up with their own organization; returns their client and role ids by key. */
export async function signUpOwner(app: TestApp, options: { roleTemplate?: 'default' | 'admin-member'; organizationName?: string } = {}): Promise<OwnerSetup> {
  const client = app.client();
  const email = uniqueEmail('owner');
  const res = await client.post('/api/v1/auth/sign-up', {
    firstName: 'Olive', lastName: 'Owner', email, password: 'correct horse battery', organizationName: options.organizationName ?? 'Acme',
    ...(options.roleTemplate !== undefined && { roleTemplate: options.roleTemplate }),
  });
  if (res.status !== 201) throw new Error(`sign-up failed: ${res.status} ${JSON.stringify(res.body)}`);
  const orgId = res.body.organization.id as string;
  const roles = await client.get(`/api/v1/orgs/${orgId}/roles`);
  return {
    client, orgId, userId: res.body.user.id, email,
    roles: Object.fromEntries((roles.body.items as Array<{ key: string; id: string }>).map((r) => [r.key, r.id])),
  };
}

/** Takes the invitation token out of the newest dev-mailbox message to `email`. */
export async function latestInvitationToken(owner: OwnerSetup, email: string): Promise<string> {
  const mail = await owner.client.get(`/api/v1/orgs/${owner.orgId}/mail?limit=200`);
  const message = (mail.body.items as Array<{ to: string; text: string | null }>).find((m) => m.to === email.toLowerCase());
  const match = message?.text?.match(/\/invitations\/([A-Za-z0-9_-]+)/);
  if (match?.[1] === undefined) throw new Error(`no invitation mail to ${email}`);
  return match[1];
}

/** Invites `email` with `roleKey`, accepts as a new person, and returns their signed-in client and member id. */
export async function addActiveMember(
  app: TestApp, owner: OwnerSetup, roleKey: string, options: { email?: string; firstName?: string; kind?: 'member' | 'external' } = {},
): Promise<{ client: TestClient; memberId: string; userId: string; email: string }> {
  const email = options.email ?? uniqueEmail(roleKey);
  const invite = await owner.client.post(`/api/v1/orgs/${owner.orgId}/invitations`, {
    email, firstName: options.firstName ?? 'Member', lastName: roleKey, roleId: owner.roles[roleKey], ...(options.kind && { kind: options.kind }),
  });
  if (invite.status !== 201) throw new Error(`invite failed: ${invite.status} ${JSON.stringify(invite.body)}`);
  const token = await latestInvitationToken(owner, email);
  const client = app.client();
  const accepted = await client.post(`/api/v1/invitations/${token}/accept`, {
    firstName: options.firstName ?? 'Member', lastName: roleKey, password: 'another good password',
  });
  if (accepted.status !== 200) throw new Error(`accept failed: ${accepted.status} ${JSON.stringify(accepted.body)}`);
  return { client, memberId: accepted.body.member.id, userId: accepted.body.user.id, email };
}

/** Asserts an error answer by status and registry code, both shown when it fails. */
export function expectError(res: { status: number; body: any }, status: number, code: string): void {
  expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status, code });
}

/** Invites an existing, signed-in user into `other` and accepts as them; returns their member id there. */
export async function joinWithExistingAccount(
  other: OwnerSetup, person: { client: TestClient; email: string }, roleKey: string,
): Promise<string> {
  const res = await other.client.post(`/api/v1/orgs/${other.orgId}/invitations`, {
    email: person.email, firstName: 'Ignored', lastName: 'Ignored', roleId: other.roles[roleKey],
  });
  expect(res.status).toBe(201);
  const token = await latestInvitationToken(other, person.email);
  const accepted = await person.client.post(`/api/v1/invitations/${token}/accept`);
  expect(accepted.status).toBe(200);
  return accepted.body.member.id as string;
}
