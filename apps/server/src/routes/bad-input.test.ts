/**
 * Bad input, route by route (issue 3, "Bad input"): malformed JSON, wrong types, missing and
 * unknown fields, over-long strings, invalid emails, bad cursors, unknown ids, ids of another
 * organization, non-JSON bodies, bodies over 1 MiB, no session. Every answer must be a 4xx
 * with the one error shape and the registry's code, carry nothing internal, and change nothing.
 *
 * The table below says, per route, what a request that passes validation looks like and what
 * an unknown id answers. The probes themselves are derived from the route's OpenAPI entry (its
 * body properties, query parameters and path parameters), so a new field is probed the moment
 * it is documented, and a new route without an entry here fails the coverage test.
 *
 * The whole table runs on both engines: some 760 requests each, a few seconds in all.
 */
import { ErrorCodes, type ErrorDefinition } from '@roster/core';
import {
  addActiveMember, createTestApp, describeEachEngine, latestInvitationToken, signUpOwner, uniqueEmail,
  type OwnerSetup, type TestApp, type TestClient, type TestResponse,
} from '@roster/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { STATUS_BY_KIND } from '../plugins/errors';

// ---------------------------------------------------------------------------------------------
// The fixture: organization A, where the probing owner acts, and organization B, whose ids must
// never open anything to A.

interface Access {
  resourceId: string;
  childId: string;
  grantId: string;
  tokenId: string;
  tagId: string;
  planId: string;
}

interface Fixture {
  a: OwnerSetup & { memberId: string; invitationId: string; invitationToken: string; linkToken: string; customRoleId: string } & Access;
  b: OwnerSetup & { memberId: string; invitationId: string; customRoleId: string; orgName: string; secrets: string[] } & Access;
}

const PASSWORD = 'a long enough password';

async function createRole(owner: OwnerSetup, key: string): Promise<string> {
  const res = await owner.client.post(`/api/v1/orgs/${owner.orgId}/roles`, {
    key, name: `Role ${key}`, description: 'Made by the bad-input fixture', rank: 5, permissions: ['members.read'],
  });
  if (res.status !== 201) throw new Error(`role: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

async function invite(owner: OwnerSetup, email: string, firstName: string): Promise<string> {
  const res = await owner.client.post(`/api/v1/orgs/${owner.orgId}/invitations`, {
    email, firstName, lastName: 'Pending', roleId: owner.roles.viewer,
  });
  if (res.status !== 201) throw new Error(`invite: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.invitation.id;
}

/** A resource type `queue` with a workspace-like parent and child, a grant on the child, and an API token. */
async function createAccess(owner: OwnerSetup, memberId: string, typeKey: string, prefix: string): Promise<Access> {
  const api = `/api/v1/orgs/${owner.orgId}`;
  const check = (res: TestResponse, what: string) => {
    if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  check(await owner.client.post(`${api}/resource-types`, { key: typeKey, name: 'Queue' }), 'resource type');
  const parent = check(await owner.client.post(`${api}/resources`, { type: typeKey, externalId: `${prefix}-parent`, name: 'Parent queue' }), 'resource');
  const child = check(await owner.client.post(`${api}/resources`, {
    type: typeKey, externalId: `${prefix}-child`, name: 'Child queue', parent: { id: parent.id },
  }), 'child resource');
  const grant = check(await owner.client.post(`${api}/members/${memberId}/grants`, { kind: 'resource', resource: { id: child.id } }), 'grant');
  const token = check(await owner.client.post(`${api}/api-tokens`, { name: 'Fixture token', roleId: owner.roles.viewer }), 'token');
  const tag = check(await owner.client.post(`${api}/tags`, { name: 'Fixture tag' }), 'tag');
  const plan = check(await owner.client.post(`${api}/members/bulk`, { action: 'add_tags', tags: ['Fixture tag'], memberIds: [memberId] }), 'plan');
  return { resourceId: parent.id, childId: child.id, grantId: grant.id, tokenId: token.token.id, tagId: tag.id, planId: plan.id };
}

async function createFixture(app: TestApp): Promise<Fixture> {
  const a = await signUpOwner(app, { organizationName: 'Acme' });
  const aMember = await addActiveMember(app, a, 'viewer');
  const aInvitee = uniqueEmail('pending');
  const aInvitationId = await invite(a, aInvitee, 'Pat');
  const link = await a.client.put(`/api/v1/orgs/${a.orgId}/invite-link`, { enabled: true });
  const linkToken = /\/join\/([A-Za-z0-9_-]+)$/.exec(String(link.body.url))?.[1];
  if (linkToken === undefined) throw new Error(`invite link: ${link.status} ${JSON.stringify(link.body)}`);

  const bOrgName = 'Bravo Secret Industries';
  const b = await signUpOwner(app, { organizationName: bOrgName });
  const bMemberEmail = uniqueEmail('bravo-member');
  const bMember = await addActiveMember(app, b, 'viewer', { email: bMemberEmail, firstName: 'Bertha' });
  const bInvitee = uniqueEmail('bravo-pending');
  return {
    a: {
      ...a, memberId: aMember.memberId, invitationId: aInvitationId, invitationToken: await latestInvitationToken(a, aInvitee),
      linkToken, customRoleId: await createRole(a, 'custom_a'), ...await createAccess(a, aMember.memberId, 'queue', 'q'),
    },
    b: {
      ...b, memberId: bMember.memberId, invitationId: await invite(b, bInvitee, 'Bruno'), customRoleId: await createRole(b, 'custom_b'),
      orgName: bOrgName, secrets: [bOrgName, b.email, bMemberEmail, bInvitee, 'Bertha', 'Bruno'], ...await createAccess(b, bMember.memberId, 'bravo_queue', 'b'),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The table: one entry per route.

interface RouteSpec {
  /** `session`: 401 `auth.required` without a valid session. `public`: anyone may call it. */
  auth: 'session' | 'public';
  /** Path parameters of a request that passes validation. */
  params?: (f: Fixture) => Record<string, string>;
  /** A body that passes validation and is harmless; each probe breaks it in exactly one way. */
  body?: (f: Fixture) => Record<string, unknown>;
  /** What a well-formed id (or token) that names nothing answers, per path parameter. */
  unknown?: Record<string, ErrorDefinition>;
  /** The other organization's id for each path parameter that has one: answered like an unknown id. */
  foreign?: (f: Fixture) => Record<string, string>;
  /** Probes only this route has. */
  extra?: (f: Fixture, url: string) => Probe[];
  /** Path parameters whose unknown value creates rather than fails (an idempotent PUT). */
  creates?: string[];
  /** The body limit when the route takes more than the 1 MiB every other route does. */
  bodyLimit?: number;
  /** The body is a CSV file (text/csv), not JSON. */
  csvBody?: boolean;
}

const org = (f: Fixture) => ({ orgId: f.a.orgId });
const foreignOrg = (f: Fixture) => ({ orgId: f.b.orgId });
const ORG = { orgId: ErrorCodes.ORG_NOT_FOUND };
const member = (f: Fixture) => ({ orgId: f.a.orgId, memberId: f.a.memberId });
const foreignMember = (f: Fixture) => ({ orgId: f.b.orgId, memberId: f.b.memberId });
const MEMBER = { ...ORG, memberId: ErrorCodes.MEMBER_NOT_FOUND };
const invitation = (f: Fixture) => ({ orgId: f.a.orgId, invitationId: f.a.invitationId });
const foreignInvitation = (f: Fixture) => ({ orgId: f.b.orgId, invitationId: f.b.invitationId });
const INVITATION = { ...ORG, invitationId: ErrorCodes.INVITATION_NOT_FOUND };
const role = (f: Fixture) => ({ orgId: f.a.orgId, roleId: f.a.customRoleId });
const foreignRole = (f: Fixture) => ({ orgId: f.b.orgId, roleId: f.b.customRoleId });
const ROLE = { ...ORG, roleId: ErrorCodes.ROLE_NOT_FOUND };

const orgScoped = { auth: 'session', params: org, unknown: ORG, foreign: foreignOrg } as const;
const memberScoped = { auth: 'session', params: member, unknown: MEMBER, foreign: foreignMember } as const;
const invitationScoped = { auth: 'session', params: invitation, unknown: INVITATION, foreign: foreignInvitation } as const;
const roleScoped = { auth: 'session', params: role, unknown: ROLE, foreign: foreignRole } as const;
const typeScoped = {
  auth: 'session', params: (f: Fixture) => ({ orgId: f.a.orgId, typeKey: 'queue' }),
  unknown: { ...ORG, typeKey: ErrorCodes.RESOURCE_TYPE_NOT_FOUND }, foreign: (f: Fixture) => ({ orgId: f.b.orgId, typeKey: 'bravo_queue' }),
} as const;
const resourceScoped = {
  auth: 'session', params: (f: Fixture) => ({ orgId: f.a.orgId, resourceId: f.a.childId }),
  unknown: { ...ORG, resourceId: ErrorCodes.RESOURCE_NOT_FOUND }, foreign: (f: Fixture) => ({ orgId: f.b.orgId, resourceId: f.b.childId }),
} as const;
const grantScoped = {
  auth: 'session', params: (f: Fixture) => ({ orgId: f.a.orgId, memberId: f.a.memberId, grantId: f.a.grantId }),
  unknown: { ...MEMBER, grantId: ErrorCodes.GRANT_NOT_FOUND },
  foreign: (f: Fixture) => ({ orgId: f.b.orgId, memberId: f.b.memberId, grantId: f.b.grantId }),
} as const;
const tokenScoped = {
  auth: 'session', params: (f: Fixture) => ({ orgId: f.a.orgId, tokenId: f.a.tokenId }),
  unknown: { ...ORG, tokenId: ErrorCodes.API_TOKEN_NOT_FOUND }, foreign: (f: Fixture) => ({ orgId: f.b.orgId, tokenId: f.b.tokenId }),
} as const;
const tagScoped = {
  auth: 'session', params: (f: Fixture) => ({ orgId: f.a.orgId, tagId: f.a.tagId }),
  unknown: { ...ORG, tagId: ErrorCodes.TAG_NOT_FOUND }, foreign: (f: Fixture) => ({ orgId: f.b.orgId, tagId: f.b.tagId }),
} as const;
const planScoped = {
  auth: 'session', params: (f: Fixture) => ({ orgId: f.a.orgId, planId: f.a.planId }),
  unknown: { ...ORG, planId: ErrorCodes.PLAN_NOT_FOUND }, foreign: (f: Fixture) => ({ orgId: f.b.orgId, planId: f.b.planId }),
} as const;
const FUTURE = '2999-01-01T00:00:00Z';
const PAST = '2001-01-01T00:00:00Z';

/** Role ids in a body are scoped like ids in a path: unknown and foreign are both role.not_found. */
function roleIdProbes(method: string, url: string, body: Record<string, unknown>, f: Fixture): Probe[] {
  return [
    { name: 'roleId that names nothing', method, url, payload: { ...body, roleId: 'role_doesnotexist00' }, expected: ErrorCodes.ROLE_NOT_FOUND },
    { name: "roleId of another organization's role", method, url, payload: { ...body, roleId: f.b.roles.viewer }, expected: ErrorCodes.ROLE_NOT_FOUND },
  ];
}

const ROUTES: Record<string, RouteSpec> = {
  'POST /api/v1/auth/sign-up': {
    auth: 'public',
    body: () => ({
      firstName: 'Ada', lastName: 'Lovelace', email: uniqueEmail('sign-up'), password: PASSWORD, organizationName: 'Engines', roleTemplate: 'default',
    }),
    extra: (_f, url) => [{
      name: 'weak password', method: 'POST', url, as: 'anonymous', expected: ErrorCodes.AUTH_WEAK_PASSWORD,
      payload: { firstName: 'Ada', lastName: 'Lovelace', email: uniqueEmail('weak'), password: 'short', organizationName: 'Engines' },
    }],
  },
  // A wrong password keeps the base body harmless should any probe ever get through.
  'POST /api/v1/auth/sign-in': { auth: 'public', body: (f) => ({ email: f.a.email, password: 'not the password at all' }) },
  // Signing out without a session is a no-op 204, so there is no "no session" case.
  'POST /api/v1/auth/sign-out': { auth: 'public' },
  'GET /api/v1/me': { auth: 'session' },
  'PATCH /api/v1/me': {
    auth: 'session', body: () => ({ firstName: 'Olive', lastName: 'Owner' }),
    extra: (_f, url) => [{ name: 'an attempt to change the email', method: 'PATCH', url, payload: { email: uniqueEmail('new') }, expected: ErrorCodes.USER_EMAIL_IMMUTABLE }],
  },
  'DELETE /api/v1/me': { auth: 'session' },
  'POST /api/v1/orgs': { auth: 'session', body: () => ({ name: 'Another', roleTemplate: 'admin-member' }) },
  'GET /api/v1/orgs/{orgId}': orgScoped,
  'PATCH /api/v1/orgs/{orgId}': { ...orgScoped, body: () => ({ name: 'Acme', invitationTtlDays: 7 }) },
  'DELETE /api/v1/orgs/{orgId}': orgScoped,
  'GET /api/v1/orgs/{orgId}/members': {
    ...orgScoped,
    extra: (f, url) => [
      ...boundCursorProbes(url),
      { name: 'a cursor made for another sort', method: 'GET', url: `${url}?${query({ sort: 'email', cursor: memberCursor({ s: 'name', o: 'asc', v: 'a', i: 'm' }) })}`, expected: ErrorCodes.REQUEST_INVALID_CURSOR },
      { name: 'a cursor made for the other order', method: 'GET', url: `${url}?${query({ order: 'desc', cursor: memberCursor({ s: 'name', o: 'asc', v: 'a', i: 'm' }) })}`, expected: ErrorCodes.REQUEST_INVALID_CURSOR },
      { name: 'roleId filter over 64 characters', method: 'GET', url: `${url}?${query({ roleId: 'r'.repeat(65) })}`, expected: ErrorCodes.REQUEST_INVALID },
      { name: 'sort by an unknown column', method: 'GET', url: `${url}?${query({ sort: 'password_hash' })}`, expected: ErrorCodes.REQUEST_INVALID },
      { name: "another organization's id with a valid cursor", method: 'GET', url: `/api/v1/orgs/${f.b.orgId}/members?${query({ cursor: memberCursor({ s: 'name', o: 'asc', v: 'a', i: 'm' }) })}`, expected: ErrorCodes.ORG_NOT_FOUND },
    ],
  },
  'GET /api/v1/orgs/{orgId}/members/{memberId}': memberScoped,
  'PATCH /api/v1/orgs/{orgId}/members/{memberId}': {
    ...memberScoped, body: () => ({ description: 'Probed', kind: 'member' }),
    extra: (f, url) => [
      { name: 'an attempt to change the email', method: 'PATCH', url, payload: { email: uniqueEmail('new') }, expected: ErrorCodes.USER_EMAIL_IMMUTABLE },
      ...roleIdProbes('PATCH', url, {}, f),
    ],
  },
  'DELETE /api/v1/orgs/{orgId}/members/{memberId}': memberScoped,
  'POST /api/v1/orgs/{orgId}/members/{memberId}/deactivate': memberScoped,
  'POST /api/v1/orgs/{orgId}/members/{memberId}/reactivate': memberScoped,
  'POST /api/v1/orgs/{orgId}/invitations': {
    ...orgScoped,
    body: (f) => ({ email: uniqueEmail('invitee'), firstName: 'Ivy', lastName: 'Invitee', description: 'Probe', roleId: f.a.roles.viewer, kind: 'member' }),
    extra: (f, url) => roleIdProbes('POST', url, { email: uniqueEmail('invitee'), firstName: 'Ivy', lastName: 'Invitee' }, f),
  },
  'POST /api/v1/orgs/{orgId}/invitations/{invitationId}/resend': invitationScoped,
  'POST /api/v1/orgs/{orgId}/invitations/{invitationId}/renew': invitationScoped,
  'DELETE /api/v1/orgs/{orgId}/invitations/{invitationId}': invitationScoped,
  'GET /api/v1/invitations/{token}': {
    auth: 'public', params: (f) => ({ token: f.a.invitationToken }), unknown: { token: ErrorCodes.INVITATION_NOT_FOUND },
  },
  'POST /api/v1/invitations/{token}/accept': {
    auth: 'public', params: (f) => ({ token: f.a.invitationToken }), unknown: { token: ErrorCodes.INVITATION_NOT_FOUND },
    body: () => ({ firstName: 'Pat', lastName: 'Pending', password: PASSWORD }),
    extra: (_f, url) => [{
      name: 'weak password', method: 'POST', url, as: 'anonymous', expected: ErrorCodes.AUTH_WEAK_PASSWORD,
      payload: { firstName: 'Pat', lastName: 'Pending', password: 'short' },
    }],
  },
  'GET /api/v1/orgs/{orgId}/invite-link': orgScoped,
  'PUT /api/v1/orgs/{orgId}/invite-link': { ...orgScoped, body: () => ({ enabled: true }) },
  // A link token that names nothing is indistinguishable from a turned-off one: 410, not 404.
  'POST /api/v1/join/{token}': {
    auth: 'public', params: (f) => ({ token: f.a.linkToken }), unknown: { token: ErrorCodes.INVITE_LINK_INVALID },
    body: () => ({ firstName: 'Jo', lastName: 'Joiner', email: uniqueEmail('joiner'), password: PASSWORD }),
    extra: (_f, url) => [{
      name: 'weak password', method: 'POST', url, as: 'anonymous', expected: ErrorCodes.AUTH_WEAK_PASSWORD,
      payload: { firstName: 'Jo', lastName: 'Joiner', email: uniqueEmail('joiner'), password: 'short' },
    }],
  },
  'GET /api/v1/permissions': { auth: 'public' },
  'GET /api/v1/orgs/{orgId}/roles': orgScoped,
  'POST /api/v1/orgs/{orgId}/roles': {
    ...orgScoped, body: () => ({ key: 'probe_role', name: 'Probe', description: 'Probe', rank: 5, permissions: ['members.read'] }),
    extra: (_f, url) => [{
      name: 'a permission that does not exist', method: 'POST', url, expected: ErrorCodes.ROLE_UNKNOWN_PERMISSION,
      payload: { key: 'probe_role', name: 'Probe', rank: 5, permissions: ['members.read', 'members.levitate'] },
    }],
  },
  'PATCH /api/v1/orgs/{orgId}/roles/{roleId}': { ...roleScoped, body: () => ({ name: 'Renamed', rank: 6 }) },
  'DELETE /api/v1/orgs/{orgId}/roles/{roleId}': roleScoped,
  'GET /api/v1/orgs/{orgId}/audit-events': orgScoped,
  'GET /api/v1/orgs/{orgId}/mail': orgScoped,

  // resources and access (issue 5)
  'GET /api/v1/orgs/{orgId}/resource-types': orgScoped,
  'POST /api/v1/orgs/{orgId}/resource-types': {
    ...orgScoped, body: () => ({ key: 'queue', name: 'Queue' }),
    extra: (_f, url) => [{ name: 'a key the organization has', method: 'POST', url, payload: { key: 'queue', name: 'Again' }, expected: ErrorCodes.RESOURCE_TYPE_KEY_TAKEN }],
  },
  'PATCH /api/v1/orgs/{orgId}/resource-types/{typeKey}': { ...typeScoped, body: () => ({ name: 'Queue' }) },
  'DELETE /api/v1/orgs/{orgId}/resource-types/{typeKey}': {
    ...typeScoped,
    extra: (_f, url) => [{ name: 'a type that still has resources', method: 'DELETE', url, expected: ErrorCodes.RESOURCE_TYPE_IN_USE }],
  },
  'GET /api/v1/orgs/{orgId}/resources': {
    ...orgScoped,
    extra: (_f, url) => [{ name: 'a type that does not exist', method: 'GET', url: `${url}?${query({ type: 'nosuchtype' })}`, expected: ErrorCodes.RESOURCE_TYPE_NOT_FOUND }],
  },
  'POST /api/v1/orgs/{orgId}/resources': {
    ...orgScoped, body: (f) => ({ type: 'queue', externalId: 'q-child', name: 'Probe', parent: { id: f.a.resourceId } }),
    extra: (f, url) => [
      { name: 'an external id the type has', method: 'POST', url, payload: { type: 'queue', externalId: 'q-child', name: 'Dup' }, expected: ErrorCodes.RESOURCE_EXTERNAL_ID_TAKEN },
      { name: 'a type that does not exist', method: 'POST', url, payload: { type: 'nosuchtype', externalId: 'x1', name: 'X' }, expected: ErrorCodes.RESOURCE_TYPE_NOT_FOUND },
      { name: "a parent of another organization", method: 'POST', url, payload: { type: 'queue', externalId: 'x2', name: 'X', parent: { id: f.b.resourceId } }, expected: ErrorCodes.RESOURCE_NOT_FOUND },
    ],
  },
  'PUT /api/v1/orgs/{orgId}/resources/by-external-id/{type}/{externalId}': {
    auth: 'session', params: (f) => ({ orgId: f.a.orgId, type: 'queue', externalId: 'q-child' }),
    unknown: { ...ORG, type: ErrorCodes.RESOURCE_TYPE_NOT_FOUND, externalId: ErrorCodes.RESOURCE_NOT_FOUND },
    foreign: (f) => ({ orgId: f.b.orgId, type: 'bravo_queue', externalId: 'b-child' }),
    creates: ['externalId'],
    body: (f) => ({ name: 'Child queue', parent: { id: f.a.resourceId } }),
    extra: (f, url) => [
      { name: 'a parent nested in the resource itself', method: 'PUT', url: url.replace('q-child', 'q-parent'), payload: { name: 'Parent queue', parent: { id: f.a.childId } }, expected: ErrorCodes.RESOURCE_CYCLE },
      { name: 'a parent of another organization', method: 'PUT', url, payload: { name: 'X', parent: { id: f.b.resourceId } }, expected: ErrorCodes.RESOURCE_NOT_FOUND },
    ],
  },
  'GET /api/v1/orgs/{orgId}/resources/{resourceId}': resourceScoped,
  'PATCH /api/v1/orgs/{orgId}/resources/{resourceId}': {
    ...resourceScoped, body: () => ({ name: 'Child queue' }),
    extra: (f, url) => [
      { name: 'itself as its parent', method: 'PATCH', url, payload: { parent: { id: f.a.childId } }, expected: ErrorCodes.RESOURCE_CYCLE },
      { name: 'a parent nested in it', method: 'PATCH', url: url.replace(f.a.childId, f.a.resourceId), payload: { parent: { id: f.a.childId } }, expected: ErrorCodes.RESOURCE_CYCLE },
    ],
  },
  'DELETE /api/v1/orgs/{orgId}/resources/{resourceId}': resourceScoped,
  'GET /api/v1/orgs/{orgId}/members/{memberId}/grants': memberScoped,
  'POST /api/v1/orgs/{orgId}/members/{memberId}/grants': {
    ...memberScoped, body: (f) => ({ kind: 'resource', resource: { id: f.a.childId }, roleId: f.a.roles.viewer, expiresAt: FUTURE }),
    extra: (f, url) => [
      { name: 'a grant the member has', method: 'POST', url, payload: { kind: 'resource', resource: { id: f.a.childId } }, expected: ErrorCodes.GRANT_DUPLICATE },
      { name: 'a resource of another organization', method: 'POST', url, payload: { kind: 'resource', resource: { id: f.b.childId } }, expected: ErrorCodes.RESOURCE_NOT_FOUND },
      { name: 'an expiry in the past', method: 'POST', url, payload: { kind: 'all_of_type', resourceType: 'queue', expiresAt: PAST }, expected: ErrorCodes.EXPIRY_IN_PAST },
      { name: 'a resource grant without a resource', method: 'POST', url, payload: { kind: 'resource', resourceType: 'queue' }, expected: ErrorCodes.GRANT_INVALID },
      { name: 'an all-of-type grant of an unknown type', method: 'POST', url, payload: { kind: 'all_of_type', resourceType: 'nosuchtype' }, expected: ErrorCodes.RESOURCE_TYPE_NOT_FOUND },
      ...roleIdProbes('POST', url, { kind: 'all_of_type', resourceType: 'queue' }, f),
    ],
  },
  'PATCH /api/v1/orgs/{orgId}/members/{memberId}/grants/{grantId}': {
    ...grantScoped, body: (f) => ({ roleId: f.a.roles.viewer, expiresAt: FUTURE }),
    extra: (f, url) => [
      { name: 'an expiry in the past', method: 'PATCH', url, payload: { expiresAt: PAST }, expected: ErrorCodes.EXPIRY_IN_PAST },
      ...roleIdProbes('PATCH', url, {}, f),
    ],
  },
  'DELETE /api/v1/orgs/{orgId}/members/{memberId}/grants/{grantId}': grantScoped,
  'GET /api/v1/orgs/{orgId}/members/{memberId}/access': memberScoped,
  'POST /api/v1/orgs/{orgId}/authorize': {
    ...orgScoped, body: (f) => ({ memberId: f.a.memberId, permission: 'documents.read', resource: { id: f.a.childId }, explain: true }),
    extra: (f, url) => [
      { name: 'a permission that does not exist', method: 'POST', url, payload: { memberId: f.a.memberId, permission: 'documents.levitate' }, expected: ErrorCodes.AUTHORIZE_UNKNOWN_PERMISSION },
      { name: 'both memberId and userId', method: 'POST', url, payload: { memberId: f.a.memberId, userId: f.a.userId, permission: 'documents.read' }, expected: ErrorCodes.AUTHORIZE_SUBJECT_REQUIRED },
      { name: 'neither memberId nor userId', method: 'POST', url, payload: { permission: 'documents.read' }, expected: ErrorCodes.AUTHORIZE_SUBJECT_REQUIRED },
      { name: 'one check and a list at once', method: 'POST', url, payload: { permission: 'documents.read', checks: [{ memberId: f.a.memberId, permission: 'documents.read' }] }, expected: ErrorCodes.AUTHORIZE_INVALID },
      { name: 'no check at all', method: 'POST', url, payload: { explain: true }, expected: ErrorCodes.AUTHORIZE_INVALID },
      { name: 'a resource type that does not exist', method: 'POST', url, payload: { memberId: f.a.memberId, permission: 'documents.read', resource: { type: 'nosuchtype', externalId: 'x' } }, expected: ErrorCodes.RESOURCE_TYPE_NOT_FOUND },
      { name: 'a batch check with an unknown permission', method: 'POST', url, payload: { checks: [{ memberId: f.a.memberId, permission: 'documents.read' }, { memberId: f.a.memberId, permission: 'nope' }] }, expected: ErrorCodes.AUTHORIZE_UNKNOWN_PERMISSION },
      { name: 'an API token in the query string', method: 'POST', url: `${url}?access_token=rst_abcdefghijklmnopqrstuvwxyz`, payload: { memberId: f.a.memberId, permission: 'documents.read' }, expected: ErrorCodes.AUTH_TOKEN_IN_URL },
    ],
  },
  'GET /api/v1/orgs/{orgId}/api-tokens': orgScoped,
  'POST /api/v1/orgs/{orgId}/api-tokens': {
    ...orgScoped, body: (f) => ({ name: 'Probe token', roleId: f.a.roles.viewer, expiresAt: FUTURE }),
    extra: (f, url) => [
      { name: 'an expiry in the past', method: 'POST', url, payload: { name: 'Old', roleId: f.a.roles.viewer, expiresAt: PAST }, expected: ErrorCodes.EXPIRY_IN_PAST },
      ...roleIdProbes('POST', url, { name: 'Probe token' }, f),
    ],
  },
  'DELETE /api/v1/orgs/{orgId}/api-tokens/{tokenId}': tokenScoped,
  'POST /api/v1/orgs/{orgId}/usage-events': {
    ...orgScoped, body: (f) => ({ events: [{ memberId: f.a.memberId, action: 'documents.imported', quantity: 2, resource: { id: f.a.childId } }] }),
    extra: (f, url) => [
      { name: 'a member of another organization', method: 'POST', url, payload: { events: [{ memberId: f.b.memberId, action: 'documents.imported' }] }, expected: ErrorCodes.USAGE_UNKNOWN_MEMBER },
      { name: 'a user who is not a member', method: 'POST', url, payload: { events: [{ userId: f.b.userId, action: 'documents.imported' }] }, expected: ErrorCodes.USAGE_UNKNOWN_MEMBER },
      { name: 'no member named', method: 'POST', url, payload: { events: [{ action: 'documents.imported' }] }, expected: ErrorCodes.USAGE_SUBJECT_REQUIRED },
      { name: 'an event in the future', method: 'POST', url, payload: { events: [{ memberId: f.a.memberId, action: 'documents.imported', occurredAt: FUTURE }] }, expected: ErrorCodes.USAGE_INVALID_TIME },
      { name: 'an event too long ago', method: 'POST', url, payload: { events: [{ memberId: f.a.memberId, action: 'documents.imported', occurredAt: PAST }] }, expected: ErrorCodes.USAGE_INVALID_TIME },
      { name: 'a resource of another organization', method: 'POST', url, payload: { events: [{ memberId: f.a.memberId, action: 'documents.imported', resource: { id: f.b.childId } }] }, expected: ErrorCodes.RESOURCE_NOT_FOUND },
      { name: 'a good event, then a bad one: nothing is stored', method: 'POST', url, payload: { events: [{ memberId: f.a.memberId, action: 'documents.imported' }, { memberId: 'mem_nobody', action: 'documents.imported' }] }, expected: ErrorCodes.USAGE_UNKNOWN_MEMBER },
    ],
  },
  'GET /api/v1/orgs/{orgId}/usage/report': {
    ...orgScoped,
    extra: (_f, url) => [
      { name: 'from after to', method: 'GET', url: `${url}?${query({ from: '2026-02-01', to: '2026-01-01' })}`, expected: ErrorCodes.USAGE_INVALID_RANGE },
      { name: 'a range over 366 days', method: 'GET', url: `${url}?${query({ from: '2024-01-01', to: '2026-01-01' })}`, expected: ErrorCodes.USAGE_INVALID_RANGE },
      { name: 'a day that does not exist', method: 'GET', url: `${url}?${query({ from: '2026-02-30', to: '2026-03-01' })}`, expected: INVALID },
    ],
  },
  'GET /api/v1/token': { auth: 'session' },
  'GET /api/v1/orgs/{orgId}/tags': orgScoped,
  'POST /api/v1/orgs/{orgId}/tags': {
    ...orgScoped, body: () => ({ name: 'Fixture tag' }),
    extra: (_f, url) => [{ name: 'a name with a comma', method: 'POST', url, payload: { name: 'a,b' }, expected: INVALID }],
  },
  'PATCH /api/v1/orgs/{orgId}/tags/{tagId}': { ...tagScoped, body: () => ({ name: 'Fixture tag' }) },
  'DELETE /api/v1/orgs/{orgId}/tags/{tagId}': tagScoped,
  'PUT /api/v1/orgs/{orgId}/members/{memberId}/tags': {
    ...memberScoped, body: () => ({ tags: ['Fixture tag'] }),
    extra: (_f, url) => [{ name: 'a tag the catalogue lacks', method: 'PUT', url, payload: { tags: ['No such tag'] }, expected: ErrorCodes.TAG_NOT_FOUND }],
  },
  'GET /api/v1/orgs/{orgId}/members/export.csv': orgScoped,
  'POST /api/v1/orgs/{orgId}/members/bulk': {
    ...orgScoped, bodyLimit: 8 * 1024 * 1024, body: (f) => ({ action: 'remove_tags', tags: ['Fixture tag'], memberIds: [f.a.memberId] }),
    extra: (f, url) => [
      { name: 'ids and a filter at once', method: 'POST', url, payload: { action: 'deactivate', memberIds: [f.a.memberId], filter: {} }, expected: ErrorCodes.BULK_SELECTION_INVALID },
      { name: 'a filter matching nobody', method: 'POST', url, payload: { action: 'deactivate', filter: { q: 'zz-nobody-zz' } }, expected: ErrorCodes.BULK_NOTHING_SELECTED },
      { name: 'an unknown action', method: 'POST', url, payload: { action: 'launch', memberIds: [f.a.memberId] }, expected: INVALID },
      ...roleIdProbes('POST', url, { action: 'change_role', memberIds: [f.a.memberId] }, f),
    ],
  },
  'POST /api/v1/orgs/{orgId}/imports/tags': {
    ...orgScoped, csvBody: true,
    extra: (_f, url) => [
      { name: 'a CSV file without the header', method: 'POST', url, payload: 'a@b.co,x\n', headers: { 'content-type': 'text/csv' }, expected: ErrorCodes.CSV_HEADER_INVALID },
    ],
  },
  'GET /api/v1/orgs/{orgId}/plans/{planId}': planScoped,
  'GET /api/v1/orgs/{orgId}/plans/{planId}/rows': planScoped,
  'POST /api/v1/orgs/{orgId}/plans/{planId}/apply': planScoped,
  'GET /api/v1/orgs/{orgId}/usage/report.csv': {
    ...orgScoped,
    extra: (_f, url) => [
      { name: 'from after to', method: 'GET', url: `${url}?${query({ from: '2026-02-01', to: '2026-01-01' })}`, expected: ErrorCodes.USAGE_INVALID_RANGE },
    ],
  },
};

// ---------------------------------------------------------------------------------------------
// Probes, derived from the OpenAPI entry of each route.

interface Probe {
  name: string;
  method: string;
  url: string;
  /** An object is sent as JSON; a string is sent as is, with the headers given. */
  payload?: string | object;
  headers?: Record<string, string>;
  /** Who sends it. @default the route's usual caller: the owner of A, or nobody for public routes */
  as?: 'owner' | 'anonymous' | 'forged';
  expected: ErrorDefinition;
}

interface JsonSchema {
  type?: string | string[];
  anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
}

interface Operation {
  parameters?: Array<{ in: 'path' | 'query'; name: string; required?: boolean; schema: JsonSchema }>;
  requestBody?: { content: { 'application/json': { schema: JsonSchema } } };
}

interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
}

const INVALID = ErrorCodes.REQUEST_INVALID;
const UNSTORABLE = ['a\u0000b', 'lone \ud800 surrogate'];

function query(values: Record<string, string>): string {
  return new URLSearchParams(values).toString();
}

function memberCursor(payload: unknown): string {
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

function fillPath(path: string, params: Record<string, string>): string {
  return path.replaceAll(/\{(\w+)\}/g, (_m, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no value for {${name}} in ${path}`);
    return value;
  });
}

/** The schema of a value, without the `null` alternative of a nullable one. */
function nonNull(schema: JsonSchema): JsonSchema {
  const alternatives = schema.anyOf?.filter((s) => s.type !== 'null');
  return alternatives?.length === 1 && alternatives[0] !== undefined ? alternatives[0] : schema;
}

function typeOf(schema: JsonSchema): string | undefined {
  const s = nonNull(schema);
  return Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
}

/** A JSON value of the wrong type for `schema`. */
function wrongTypeValue(schema: JsonSchema): unknown {
  switch (typeOf(schema)) {
    case 'string': return 12345;
    case 'integer':
    case 'number': return '12';
    case 'boolean': return 'yes';
    case 'array': return 'not a list';
    default: return ['not', 'an', 'object'];
  }
}

/** Values that break one rule of a string, number or list schema, each with a name. */
function breakingValues(schema: JsonSchema): Array<[string, unknown]> {
  const s = nonNull(schema);
  const values: Array<[string, unknown]> = [['of the wrong type', wrongTypeValue(s)]];
  const type = typeOf(s);
  if (type === 'string') {
    if (s.format === 'email') {
      values.push(['not an email', 'not-an-email'], ['an email with two @', 'two@@example.com'], ['an email with a space', 'sp ace@example.com']);
      if (s.maxLength !== undefined) values.push(['an email over the length limit', `${'a'.repeat(s.maxLength - 11)}@example.com`]);
    } else if (s.maxLength !== undefined) {
      values.push([`over ${s.maxLength} characters`, 'x'.repeat(s.maxLength + 1)]);
    }
    if (s.enum !== undefined) values.push(['not one of the choices', 'not-a-choice']);
    if (s.pattern !== undefined && s.format === undefined) values.push(['not matching its pattern', 'Has Spaces & CAPS']);
    if ((s.minLength ?? 0) > 0) values.push(['empty', '']);
    if (s.enum === undefined) for (const text of UNSTORABLE) values.push([`with unstorable text ${JSON.stringify(text)}`, text]);
  } else if (type === 'integer' || type === 'number') {
    if (type === 'integer') values.push(['a fraction', 1.5]);
    if (s.minimum !== undefined) values.push(['below its minimum', s.minimum - 1]);
    if (s.maximum !== undefined) values.push(['above its maximum', s.maximum + 1]);
  } else if (type === 'array') {
    if (s.maxItems !== undefined) values.push([`with more than ${s.maxItems} items`, Array.from({ length: s.maxItems + 1 }, (_v, i) => `item${i}`)]);
    if (s.items !== undefined) {
      values.push(['with an item of the wrong type', [wrongTypeValue(s.items)]]);
      const itemMax = nonNull(s.items).maxLength;
      if (itemMax !== undefined) values.push([`with an item over ${itemMax} characters`, ['x'.repeat(itemMax + 1)]]);
    }
  }
  return values;
}

const overLimit = (bytes: number) => `{"padding":"${'x'.repeat(bytes + 16)}"}`;
const OVER_ONE_MIB = overLimit(1024 * 1024);

/** Probes of a CSV file body: anything but text/csv is refused. */
function csvBodyProbes(method: string, url: string): Probe[] {
  return [
    { name: 'a JSON body', method, url, payload: { email: 'a@b.co' }, expected: ErrorCodes.REQUEST_UNSUPPORTED_MEDIA_TYPE },
    { name: 'a text/plain body', method, url, payload: 'email,tags\n', headers: { 'content-type': 'text/plain' }, expected: ErrorCodes.REQUEST_UNSUPPORTED_MEDIA_TYPE },
    { name: 'a form body', method, url, payload: 'email=a', headers: { 'content-type': 'application/x-www-form-urlencoded' }, expected: ErrorCodes.REQUEST_UNSUPPORTED_MEDIA_TYPE },
  ];
}

/** Probes of the body: its transport (any method but GET) and, where there is a schema, its content. */
function bodyProbes(method: string, url: string, operation: Operation, validBody: Record<string, unknown> | undefined, spec: RouteSpec): Probe[] {
  if (spec.csvBody === true) return csvBodyProbes(method, url);
  const json = { 'content-type': 'application/json' };
  const probes: Probe[] = [
    { name: 'malformed JSON', method, url, payload: '{"firstName": "Ada",', headers: json, expected: ErrorCodes.REQUEST_MALFORMED_JSON },
    { name: 'JSON with a prototype-poisoning key', method, url, payload: '{"__proto__": {"isAdmin": true}}', headers: json, expected: ErrorCodes.REQUEST_MALFORMED_JSON },
    { name: 'a text/plain body', method, url, payload: 'firstName=Ada', headers: { 'content-type': 'text/plain' }, expected: ErrorCodes.REQUEST_UNSUPPORTED_MEDIA_TYPE },
    { name: 'a form body', method, url, payload: 'firstName=Ada', headers: { 'content-type': 'application/x-www-form-urlencoded' }, expected: ErrorCodes.REQUEST_UNSUPPORTED_MEDIA_TYPE },
    { name: 'a body without a content type', method, url, payload: '{"firstName":"Ada"}', expected: ErrorCodes.REQUEST_UNSUPPORTED_MEDIA_TYPE },
    spec.bodyLimit === undefined
      ? { name: 'a JSON body over 1 MiB', method, url, payload: OVER_ONE_MIB, headers: json, expected: ErrorCodes.REQUEST_BODY_TOO_LARGE }
      : { name: `a JSON body over ${spec.bodyLimit} bytes`, method, url, payload: overLimit(spec.bodyLimit), headers: json, expected: ErrorCodes.REQUEST_BODY_TOO_LARGE },
    { name: 'a JSON array instead of an object', method, url, payload: '[1, 2]', headers: json, expected: INVALID },
  ];
  const schema = operation.requestBody?.content['application/json'].schema;
  if (schema === undefined) {
    // Silently ignoring a field would run the action as if it had not been sent.
    probes.push({ name: 'a field on a route that takes no body', method, url, payload: { zzUnknown: 1 }, expected: ErrorCodes.REQUEST_UNKNOWN_FIELD });
    return probes;
  }
  if (validBody === undefined) throw new Error(`${method} ${url} documents a body: give the table entry a valid body`);
  const object = nonNull(schema);
  probes.push(
    { name: 'a JSON string instead of an object', method, url, payload: '"just text"', headers: json, expected: INVALID },
    { name: 'an unknown field', method, url, payload: { ...validBody, zzUnknown: 'surprise' }, expected: ErrorCodes.REQUEST_UNKNOWN_FIELD },
  );
  for (const field of object.required ?? []) {
    const { [field]: _dropped, ...rest } = validBody;
    probes.push({ name: `missing required ${field}`, method, url, payload: rest, expected: INVALID });
  }
  for (const [field, fieldSchema] of Object.entries(object.properties ?? {})) {
    for (const [how, value] of breakingValues(fieldSchema)) {
      probes.push({ name: `${field} ${how}`, method, url, payload: { ...validBody, [field]: value }, expected: INVALID });
    }
  }
  return probes;
}

/** Probes of the query string, from its documented parameters. */
function queryProbes(url: string, operation: Operation): Probe[] {
  const parameters = (operation.parameters ?? []).filter((p) => p.in === 'query');
  const probes: Probe[] = [{ name: 'an unknown query parameter', method: 'GET', url: `${url}?${query({ zzUnknown: '1' })}`, expected: ErrorCodes.REQUEST_UNKNOWN_FIELD }];
  for (const parameter of parameters) {
    const at = (value: string) => `${url}?${query({ [parameter.name]: value })}`;
    const s = parameter.schema;
    probes.push({ name: `${parameter.name} given twice`, method: 'GET', url: `${at('1')}&${parameter.name}=2`, expected: INVALID });
    if (s.enum !== undefined) probes.push({ name: `${parameter.name} not one of the choices`, method: 'GET', url: at('not-a-choice'), expected: INVALID });
    if (s.type === 'integer') {
      probes.push({ name: `${parameter.name} not a number`, method: 'GET', url: at('abc'), expected: INVALID });
      probes.push({ name: `${parameter.name} a fraction`, method: 'GET', url: at('1.5'), expected: INVALID });
      if (s.minimum !== undefined) probes.push({ name: `${parameter.name} below its minimum`, method: 'GET', url: at(String(s.minimum - 1)), expected: INVALID });
      if (s.maximum !== undefined) probes.push({ name: `${parameter.name} above its maximum`, method: 'GET', url: at(String(s.maximum + 1)), expected: INVALID });
    }
    if (s.type === 'string' && s.enum === undefined) {
      if (s.maxLength !== undefined) probes.push({ name: `${parameter.name} over ${s.maxLength} characters`, method: 'GET', url: at('x'.repeat(s.maxLength + 1)), expected: INVALID });
      // An unpaired surrogate cannot even be written into a URL; NUL can, as %00.
      probes.push({ name: `${parameter.name} with a NUL`, method: 'GET', url: at('a\u0000b'), expected: INVALID });
    }
    if (parameter.name === 'cursor') probes.push(...cursorProbes(url));
  }
  return probes;
}

/** Cursors no list ever made; each list must refuse them with `request.invalid_cursor`. */
function cursorProbes(url: string): Probe[] {
  const cursors: Array<[string, string]> = [
    ['not base64', '!!! not a cursor !!!'],
    ['base64 of nonsense', Buffer.from('nonsense').toString('base64url')],
    ['an empty JSON object', memberCursor({})],
    ['JSON null', memberCursor(null)],
    ['zero', Buffer.from('0').toString('base64url')],
    ['a negative position', Buffer.from('-5').toString('base64url')],
    ['a position with a NUL', Buffer.from('12\u0000').toString('base64url')],
    ['a members cursor with a NUL', memberCursor({ s: 'name', o: 'asc', v: 'a', i: 'mem\u0000' })],
    ['a members cursor with an unpaired surrogate', memberCursor({ s: 'name', o: 'asc', v: '\ud800', i: 'mem' })],
    ['a members cursor with an id over 64 characters', memberCursor({ s: 'name', o: 'asc', v: 'a', i: 'm'.repeat(65) })],
    ['a members cursor with a number where a name goes', memberCursor({ s: 'name', o: 'asc', v: 12, i: 'mem' })],
  ];
  const probes = cursors.map(([how, cursor]): Probe => ({
    name: `cursor: ${how}`, method: 'GET', url: `${url}?${query({ cursor })}`, expected: ErrorCodes.REQUEST_INVALID_CURSOR,
  }));
  probes.push({ name: 'cursor over 2000 characters', method: 'GET', url: `${url}?${query({ cursor: 'c'.repeat(2001) })}`, expected: INVALID });
  return probes;
}

/** Member cursors whose sort value no column can hold: refused before they reach SQL. */
function boundCursorProbes(url: string): Probe[] {
  const cases: Array<[string, 'role' | 'lastConnection' | 'createdAt', unknown]> = [
    ['a fractional rank', 'role', 1.5],
    ['a rank beyond integers', 'role', 1e300],
    ['a rank as text', 'role', 'ten'],
    ['a date beyond any calendar', 'lastConnection', 1e300],
    ['a date before year 1', 'createdAt', -1e15],
    ['a fractional date', 'createdAt', 0.5],
  ];
  return cases.map(([how, sort, v]) => ({
    name: `cursor: ${how}`, method: 'GET', url: `${url}?${query({ sort, cursor: memberCursor({ s: sort, o: 'asc', v, i: 'mem' }) })}`,
    expected: ErrorCodes.REQUEST_INVALID_CURSOR,
  }));
}

/** Probes of the path: unknown, foreign, over-long and unreadable ids. */
function pathProbes(method: string, path: string, spec: RouteSpec, operation: Operation, f: Fixture): Probe[] {
  const valid = spec.params?.(f) ?? {};
  const body = spec.body?.(f);
  const probes: Probe[] = [];
  for (const parameter of (operation.parameters ?? []).filter((p) => p.in === 'path')) {
    const at = (value: string) => fillPath(path, { ...valid, [parameter.name]: value });
    const unknown = spec.unknown?.[parameter.name];
    if (unknown === undefined) throw new Error(`${method} ${path}: say what an unknown {${parameter.name}} answers`);
    if (!spec.creates?.includes(parameter.name)) {
      probes.push({ name: `${parameter.name} that names nothing`, method, url: at(`${parameter.name.slice(0, 3)}_doesnotexist0000`), payload: body, expected: unknown });
    }
    const foreign = spec.foreign?.(f)[parameter.name];
    // Where an unknown value creates, another organization's value would too: only the all-foreign probe applies.
    if (foreign !== undefined && !spec.creates?.includes(parameter.name)) {
      probes.push({ name: `${parameter.name} of another organization`, method, url: at(foreign), payload: body, expected: unknown });
    }
    const max = parameter.schema.maxLength ?? 64;
    probes.push(
      { name: `${parameter.name} over ${max} characters`, method, url: at('i'.repeat(max + 1)), payload: body, expected: INVALID },
      { name: `${parameter.name} with a NUL`, method, url: at('a%00b'), payload: body, expected: INVALID },
      { name: `${parameter.name} that is not valid percent-encoding`, method, url: at('%E0%A4%A'), payload: body, expected: INVALID },
    );
  }
  // Every id at once from the other organization: what someone who saw B's URLs would try.
  const allForeign = spec.foreign?.(f);
  if (allForeign !== undefined && Object.keys(allForeign).length > 1) {
    probes.push({ name: "all ids of another organization's path", method, url: fillPath(path, allForeign), payload: body, expected: ErrorCodes.ORG_NOT_FOUND });
  }
  return probes;
}

function probesFor(key: string, spec: RouteSpec, operation: Operation, f: Fixture): Probe[] {
  const [method = '', path = ''] = key.split(' ');
  const url = fillPath(path, spec.params?.(f) ?? {});
  const body = spec.body?.(f);
  const probes: Probe[] = [];
  if (method === 'GET') {
    probes.push(...queryProbes(url, operation));
  } else {
    probes.push(...bodyProbes(method, url, operation, body, spec));
    if ((operation.parameters ?? []).some((p) => p.in === 'query')) probes.push(...queryProbes(url, operation).map((p) => ({ ...p, method })));
    else probes.push({ name: 'an unknown query parameter', method, url: `${url}?${query({ zzUnknown: '1' })}`, payload: body, expected: ErrorCodes.REQUEST_UNKNOWN_FIELD });
  }
  probes.push(...pathProbes(method, path, spec, operation, f));
  if (spec.auth === 'session') {
    probes.push(
      { name: 'no session', method, url, payload: body, as: 'anonymous', expected: ErrorCodes.AUTH_REQUIRED },
      { name: 'a forged session cookie', method, url, payload: body, as: 'forged', expected: ErrorCodes.AUTH_REQUIRED },
    );
  }
  probes.push(...(spec.extra?.(f, url) ?? []));
  return probes;
}

// ---------------------------------------------------------------------------------------------
// What every answer must be.

const REGISTRY = new Map(Object.values(ErrorCodes).map((d) => [d.code as string, d as ErrorDefinition]));

// What a stack trace, a SQL error or a framework error looks like when it leaks.
const INTERNALS = [
  /\bat .+:\d+:\d+/, /\.(ts|js|mjs|cjs):\d+/, /node_modules/, /\/work\//, /FST_[A-Z_]+/, /\bstack\b/i,
  /\b(select|insert|update|delete)\b.+\b(from|into|set|where)\b/i, /violates|duplicate key|syntax error|relation "/i,
  /pglite|postgres|kysely|ZodError|TypeError|RangeError|SyntaxError/i,
];

/** The problems with an answer to a probe; empty when it is right. */
function judgeAnswer(res: TestResponse, probe: Probe, secrets: string[]): string[] {
  const problems: string[] = [];
  const expected = probe.expected;
  const raw = res.raw.body;
  if (res.status < 400 || res.status >= 500) problems.push(`status ${res.status}, not a 4xx`);
  else if (res.status !== STATUS_BY_KIND[expected.kind]) problems.push(`status ${res.status}, expected ${STATUS_BY_KIND[expected.kind]}`);
  if (!String(res.headers['content-type'] ?? '').startsWith('application/json')) problems.push(`content-type ${String(res.headers['content-type'])}`);
  const body = res.body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined;
  const error = body?.error;
  if (body === undefined || Object.keys(body).join() !== 'error' || error === undefined
    || Object.keys(error).sort().join() !== 'code,details,message') {
    problems.push(`not the error shape: ${raw.slice(0, 200)}`);
    return problems;
  }
  const definition = REGISTRY.get(String(error.code));
  if (definition === undefined) problems.push(`code ${String(error.code)} is not in the registry`);
  else if (error.code !== expected.code) problems.push(`code ${String(error.code)}, expected ${expected.code}`);
  // A CSV file's errors name the line they are on: their message is the registry's made precise.
  const precise = definition?.code.startsWith('csv.') === true && typeof error.message === 'string' && error.message.length > 0;
  if (definition !== undefined && error.message !== definition.message && !precise) problems.push(`message is not the registry's: ${String(error.message)}`);
  if (typeof error.details !== 'object' || error.details === null || Array.isArray(error.details)) problems.push('details is not an object');
  for (const pattern of INTERNALS) if (pattern.test(raw)) problems.push(`internal text (${pattern}): ${raw.slice(0, 200)}`);
  for (const secret of secrets) if (raw.toLowerCase().includes(secret.toLowerCase())) problems.push(`leaks the other organization's ${secret}`);
  return problems;
}

/**
 * A digest of every table: equal digests before and after a probe mean it changed nothing.
 * One round trip, whatever the number of tables.
 */
async function snapshotDatabase(app: TestApp): Promise<Record<string, string>> {
  const tables = [
    'users', 'sessions', 'organizations', 'roles', 'members', 'member_counts', 'invitations', 'invitation_tokens', 'audit_events', 'mail_outbox',
    'api_tokens', 'resource_types', 'resources', 'access_grants', 'usage_events', 'usage_daily', 'usage_daily_members',
    'tags', 'member_tags', 'plans',
  ];
  const columns = tables.map((t) => sql`(select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) from ${sql.table(t)} t) as ${sql.ref(t)}`);
  const result = await sql<Record<string, string>>`select ${sql.join(columns)}`.execute(app.ctx.db.kysely);
  return result.rows[0] ?? {};
}

function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys(before).filter((table) => before[table] !== after[table]);
}

// ---------------------------------------------------------------------------------------------

describeEachEngine('bad input on every route', (engine) => {
  let app: TestApp;
  let f: Fixture;
  let doc: OpenApi;
  let forged: TestClient;

  beforeAll(async () => {
    app = await createTestApp(engine);
    f = await createFixture(app);
    doc = (await app.client().get('/api/openapi.json')).body;
    forged = app.client();
    forged.setSessionCookie('forged-session-token-that-was-never-issued');
  });
  afterAll(async () => {
    await app.dispose();
  });

  it('has a table entry for every documented /api/v1 route, and none for a route that is gone', () => {
    const documented = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/api/v1/'))
      .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`))
      .sort();
    expect(documented.length).toBeGreaterThanOrEqual(30);
    expect(Object.keys(ROUTES).sort()).toEqual(documented);
  });

  for (const [key, spec] of Object.entries(ROUTES)) {
    it(`${key}: every bad request is a 4xx with a registry code, leaks nothing and changes nothing`, async () => {
      const [method = '', path = ''] = key.split(' ');
      const operation = doc.paths[path]?.[method.toLowerCase()];
      expect(operation, `${key} is not in the OpenAPI document`).toBeDefined();
      const probes = probesFor(key, spec, operation ?? {}, f);
      const failures: string[] = [];
      let before = await snapshotDatabase(app);
      for (const probe of probes) {
        const as = probe.as ?? (spec.auth === 'session' ? 'owner' : 'anonymous');
        const client = as === 'owner' ? f.a.client : as === 'forged' ? forged : app.client();
        const res = await client.request(probe.method, probe.url, probe.payload, probe.headers);
        const problems = judgeAnswer(res, probe, f.b.secrets);
        const after = await snapshotDatabase(app);
        const changed = changedTables(before, after);
        if (changed.length > 0) problems.push(`changed ${changed.join(', ')}`);
        before = after;
        if (problems.length > 0) failures.push(`${probe.name} (${probe.method} ${probe.url.slice(0, 120)}): ${problems.join('; ')}`);
      }
      expect(probes.length).toBeGreaterThan(0);
      expect(failures).toEqual([]);
    });
  }

  it('filters the members table by another organization\'s role without showing its members', async () => {
    const res = await f.a.client.get(`/api/v1/orgs/${f.a.orgId}/members?${query({ roleId: f.b.roles.viewer ?? '' })}`);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([]);
    for (const secret of f.b.secrets) expect(res.raw.body.toLowerCase()).not.toContain(secret.toLowerCase());
  });

  it('answers an unknown path or method with route.not_found in the same shape', async () => {
    for (const [method, url] of [['GET', '/api/v1/nothing-here'], ['PUT', '/api/v1/me'], ['POST', `/api/v1/orgs/${f.a.orgId}/members`]] as const) {
      const res = await f.a.client.request(method, url, method === 'GET' ? undefined : {});
      expect({ method, url, status: res.status, code: res.body?.error?.code }).toEqual({
        method, url, status: 404, code: ErrorCodes.ROUTE_NOT_FOUND.code,
      });
    }
  });
});
