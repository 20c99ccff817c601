import { randomBytes } from 'node:crypto';
import { ErrorCodes } from '@roster/core';
import {
  addActiveMember, createTestApp, describeEachEngine, expectError, joinWithExistingAccount,
  latestInvitationToken, signUpOwner, uniqueEmail, type OwnerSetup, type TestApp, type TestClient,
} from '@roster/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const DAY = 24 * 60 * 60 * 1000;
const PASSWORD = 'another good password';

/** A short random tag that keeps emails of one test apart from every other. */
function tag(): string {
  return randomBytes(4).toString('hex');
}

describeEachEngine('members', (engine) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp(engine);
  });
  afterAll(async () => {
    await app.dispose();
  });

  const membersUrl = (orgId: string, query = '') => `/api/v1/orgs/${orgId}/members${query === '' ? '' : `?${query}`}`;
  const memberUrl = (orgId: string, memberId: string) => `/api/v1/orgs/${orgId}/members/${memberId}`;

  /** Invites a person without accepting: an invite_pending row. */
  async function invite(
    owner: OwnerSetup, roleKey: string, options: { email?: string; firstName?: string; lastName?: string; kind?: 'member' | 'external' } = {},
  ): Promise<{ memberId: string; invitationId: string; email: string }> {
    const email = options.email ?? uniqueEmail(`invitee-${roleKey}`);
    const res = await owner.client.post(`/api/v1/orgs/${owner.orgId}/invitations`, {
      email, firstName: options.firstName ?? 'Pending', lastName: options.lastName ?? roleKey, roleId: owner.roles[roleKey],
      ...(options.kind !== undefined && { kind: options.kind }),
    });
    expect(res.status).toBe(201);
    return { memberId: res.body.member.id, invitationId: res.body.invitation.id, email: res.body.member.email };
  }

  /** Joins the organization through its shared invite link as a new person: a not_activated row. */
  async function joinViaLink(
    owner: OwnerSetup, firstName = 'Joiner', email = uniqueEmail('joiner'),
  ): Promise<{ client: TestClient; memberId: string; email: string }> {
    const link = await owner.client.put(`/api/v1/orgs/${owner.orgId}/invite-link`, { enabled: true, regenerate: true });
    expect(link.status).toBe(200);
    const token = String(link.body.url).split('/join/')[1];
    expect(token).toBeTruthy();
    const client = app.client();
    const joined = await client.post(`/api/v1/join/${token}`, { firstName, lastName: 'Linked', email, password: PASSWORD });
    expect(joined.status).toBe(201);
    expect(joined.body.status).toBe('not_activated');
    return { client, memberId: joined.body.memberId, email };
  }


  async function myMemberId(client: TestClient, orgId: string): Promise<string> {
    const me = await client.get('/api/v1/me');
    const membership = (me.body.organizations as Array<{ organization: { id: string }; memberId: string }>)
      .find((m) => m.organization.id === orgId);
    if (membership === undefined) throw new Error(`not a member of ${orgId}`);
    return membership.memberId;
  }

  async function readMember(owner: OwnerSetup, memberId: string): Promise<any> {
    const res = await owner.client.get(memberUrl(owner.orgId, memberId));
    expect(res.status).toBe(200);
    return res.body;
  }

  async function ids(client: TestClient, orgId: string, query: string): Promise<string[]> {
    const res = await client.get(membersUrl(orgId, `limit=200&${query}`));
    expect(res.status).toBe(200);
    return (res.body.items as Array<{ id: string }>).map((m) => m.id).sort();
  }

  async function counts(owner: OwnerSetup, query = ''): Promise<any> {
    const res = await owner.client.get(membersUrl(owner.orgId, `limit=1${query === '' ? '' : `&${query}`}`));
    expect(res.status).toBe(200);
    return res.body.counts;
  }

  async function auditOf(owner: OwnerSetup): Promise<any[]> {
    const res = await owner.client.get(`/api/v1/orgs/${owner.orgId}/audit-events?limit=200`);
    expect(res.status).toBe(200);
    return res.body.items;
  }


  describe('the members table', () => {
    it('filters by each status and kind, with counts by status, by kind and in total', async () => {
      const owner = await signUpOwner(app);
      const ownerId = await myMemberId(owner.client, owner.orgId);
      const expired = await invite(owner, 'viewer');
      app.clock.advance(8 * DAY);
      const pending = await invite(owner, 'annotator', { kind: 'external' });
      const viewer = await addActiveMember(app, owner, 'viewer');
      const external = await addActiveMember(app, owner, 'annotator', { kind: 'external' });
      const joiner = await joinViaLink(owner);
      const gone = await addActiveMember(app, owner, 'viewer');
      expect((await owner.client.post(`${memberUrl(owner.orgId, gone.memberId)}/deactivate`)).status).toBe(200);

      const expected: Record<string, string[]> = {
        invite_pending: [pending.memberId],
        invite_expired: [expired.memberId],
        not_activated: [joiner.memberId],
        active: [ownerId, viewer.memberId, external.memberId],
        deactivated: [gone.memberId],
      };
      for (const [status, memberIds] of Object.entries(expected)) {
        const res = await owner.client.get(membersUrl(owner.orgId, `status=${status}`));
        expect(res.status).toBe(200);
        expect((res.body.items as Array<{ id: string }>).map((m) => m.id).sort()).toEqual([...memberIds].sort());
        expect((res.body.items as Array<{ status: string }>).every((m) => m.status === status)).toBe(true);
      }
      const all = await owner.client.get(membersUrl(owner.orgId));
      expect(all.body.items).toHaveLength(7);
      expect(all.body.counts).toEqual({
        total: 7,
        byKind: { member: 5, external: 2 },
        byStatus: { invite_pending: 1, invite_expired: 1, not_activated: 1, active: 3, deactivated: 1 },
      });

      expect(await ids(owner.client, owner.orgId, 'kind=external')).toEqual([pending.memberId, external.memberId].sort());
      expect((await ids(owner.client, owner.orgId, 'kind=member'))).toHaveLength(5);
      expect(await ids(owner.client, owner.orgId, 'kind=external&status=active')).toEqual([external.memberId]);
      expect(await counts(owner, 'kind=external')).toEqual({
        total: 2,
        byKind: { member: 5, external: 2 },
        byStatus: { invite_pending: 1, invite_expired: 0, not_activated: 0, active: 1, deactivated: 0 },
      });
      expect(await counts(owner, 'kind=member')).toEqual({
        total: 5,
        byKind: { member: 5, external: 2 },
        byStatus: { invite_pending: 0, invite_expired: 1, not_activated: 1, active: 2, deactivated: 1 },
      });
    });

    it('moves the counts when a status or kind changes', async () => {
      const owner = await signUpOwner(app);
      const viewer = await addActiveMember(app, owner, 'viewer');
      const annotator = await addActiveMember(app, owner, 'annotator');
      const pending = await invite(owner, 'viewer');
      const status = async () => (await counts(owner)).byStatus;
      expect(await counts(owner)).toEqual({
        total: 4, byKind: { member: 4, external: 0 },
        byStatus: { invite_pending: 1, invite_expired: 0, not_activated: 0, active: 3, deactivated: 0 },
      });

      await owner.client.post(`${memberUrl(owner.orgId, viewer.memberId)}/deactivate`);
      expect(await status()).toMatchObject({ active: 2, deactivated: 1 });
      await owner.client.post(`${memberUrl(owner.orgId, viewer.memberId)}/reactivate`);
      expect(await status()).toMatchObject({ active: 3, deactivated: 0 });

      expect((await owner.client.patch(memberUrl(owner.orgId, annotator.memberId), { kind: 'external' })).status).toBe(200);
      expect((await counts(owner)).byKind).toEqual({ member: 3, external: 1 });
      expect((await counts(owner, 'kind=external')).total).toBe(1);

      expect((await owner.client.delete(memberUrl(owner.orgId, annotator.memberId))).status).toBe(204);
      expect(await counts(owner)).toMatchObject({ total: 3, byKind: { member: 3, external: 0 } });

      app.clock.advance(8 * DAY);
      expect(await status()).toMatchObject({ invite_pending: 0, invite_expired: 1 });
      const renewed = await owner.client.post(`/api/v1/orgs/${owner.orgId}/invitations/${pending.invitationId}/renew`);
      expect(renewed.status).toBe(200);
      expect(await status()).toMatchObject({ invite_pending: 1, invite_expired: 0 });

      const joiner = await joinViaLink(owner);
      expect(await counts(owner)).toMatchObject({ total: 4, byStatus: { not_activated: 1, active: 2 } });
      expect((await owner.client.patch(memberUrl(owner.orgId, joiner.memberId), { roleId: owner.roles.viewer })).status).toBe(200);
      expect(await status()).toMatchObject({ not_activated: 0, active: 3 });
    });

    it('turns a pending invitation into an expired one at its expiry exactly, in rows, filters and counts alike', async () => {
      const owner = await signUpOwner(app);
      const pending = await invite(owner, 'viewer');
      const row = await readMember(owner, pending.memberId);
      const expiresAt = Date.parse(row.invitation.expiresAt);
      expect(expiresAt).toBe(app.clock.now().getTime() + 7 * DAY);
      app.clock.advance(expiresAt - app.clock.now().getTime() - 1);
      expect((await readMember(owner, pending.memberId)).status).toBe('invite_pending');
      expect(await ids(owner.client, owner.orgId, 'status=invite_pending')).toEqual([pending.memberId]);
      expect((await counts(owner)).byStatus).toMatchObject({ invite_pending: 1, invite_expired: 0 });
      app.clock.advance(1);
      expect((await readMember(owner, pending.memberId)).status).toBe('invite_expired');
      expect(await ids(owner.client, owner.orgId, 'status=invite_pending')).toEqual([]);
      expect(await ids(owner.client, owner.orgId, 'status=invite_expired')).toEqual([pending.memberId]);
      expect((await counts(owner)).byStatus).toMatchObject({ invite_pending: 0, invite_expired: 1 });
      // Still listed, and still an invitation an admin can renew or revoke.
      expect((await readMember(owner, pending.memberId)).invitation).toEqual({ id: pending.invitationId, expiresAt: row.invitation.expiresAt });
    });

    it('filters by role, including pending invitations with that role', async () => {
      const owner = await signUpOwner(app);
      const other = await signUpOwner(app);
      const viewer = await addActiveMember(app, owner, 'viewer');
      const pendingViewer = await invite(owner, 'viewer');
      await addActiveMember(app, owner, 'annotator');
      expect(await ids(owner.client, owner.orgId, `roleId=${owner.roles.viewer}`)).toEqual([viewer.memberId, pendingViewer.memberId].sort());
      expect(await ids(owner.client, owner.orgId, `roleId=${owner.roles.owner}`)).toEqual([await myMemberId(owner.client, owner.orgId)]);
      expect(await ids(owner.client, owner.orgId, `roleId=${owner.roles.manager}`)).toEqual([]);
      // A role of another organization matches nothing here.
      expect(await ids(owner.client, owner.orgId, `roleId=${other.roles.viewer}`)).toEqual([]);
      expect(await ids(owner.client, owner.orgId, `roleId=${owner.roles.viewer}&status=invite_pending`)).toEqual([pendingViewer.memberId]);
    });

    it('searches name or email, case-insensitively, with % _ and \\ taken literally', async () => {
      const owner = await signUpOwner(app);
      const t = tag();
      const percent = await invite(owner, 'viewer', { firstName: 'Percent', lastName: 'Sign100%', email: `pct${t}@example.com` });
      const thousand = await invite(owner, 'viewer', { firstName: 'Thousand', lastName: 'Sign1000', email: `thd${t}@example.com` });
      const underscore = await invite(owner, 'viewer', { firstName: 'Under_score', lastName: 'Person', email: `usc${t}@example.com` });
      const underx = await invite(owner, 'viewer', { firstName: 'Underxscore', lastName: 'Person', email: `uxs${t}@example.com` });
      const backslash = await invite(owner, 'viewer', { firstName: 'Back\\slash', lastName: 'Person', email: `bsl${t}@example.com` });
      const mixed = await invite(owner, 'viewer', { firstName: 'Mixed', lastName: 'CASE', email: `MiXeD.${t}@Example.COM` });
      const search = (q: string) => ids(owner.client, owner.orgId, `q=${encodeURIComponent(q)}`);

      expect(await search('100%')).toEqual([percent.memberId]);
      expect(await search('%')).toEqual([percent.memberId]);
      expect(await search('sign1000')).toEqual([thousand.memberId]);
      expect(await search('SIGN10')).toEqual([percent.memberId, thousand.memberId].sort());
      expect(await search('under_')).toEqual([underscore.memberId]);
      expect(await search('_')).toEqual([underscore.memberId]);
      expect(await search('UNDER')).toEqual([underscore.memberId, underx.memberId].sort());
      expect(await search('\\')).toEqual([backslash.memberId]);
      expect(await search('mixed case')).toEqual([mixed.memberId]);
      expect(await search(`MIXED.${t}@EXAMPLE`)).toEqual([mixed.memberId]);
      expect(await search(`${t}@example.com`)).toHaveLength(6);
      expect(await search('nobody-has-this')).toEqual([]);
      // Blank search is no search.
      expect(await search('   ')).toHaveLength(7);
      // Search combines with the other filters.
      expect(await ids(owner.client, owner.orgId, `q=under&status=active`)).toEqual([]);
    });

    it('refuses a search with a NUL character instead of failing', async () => {
      const owner = await signUpOwner(app);
      const res = await owner.client.get(membersUrl(owner.orgId, 'q=a%00b'));
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.body.error.code).toBe(ErrorCodes.REQUEST_INVALID.code);
    });

    describe('sorting and keyset pages', () => {
      const FIRST_NAMES = [
        'Abel', 'Bea', 'Cid', 'Dora', 'Eli', 'Fay', 'Gus', 'Hana', 'Ivo', 'Jo', 'Kai', 'Lea', 'Max',
        'Nia', 'Oto', 'Pia', 'Quin', 'Rex', 'Sia', 'Tom', 'Uma', 'Val', 'Wes', 'Xia', 'Yul',
      ];
      const ROLE_KEYS = ['viewer', 'annotator', 'manager', 'admin', 'annotator_limited'];
      let owner: OwnerSetup;
      let everyone: string[];

      beforeAll(async () => {
        owner = await signUpOwner(app);
        const t = tag();
        const actives: TestClient[] = [];
        // Created out of name order, a minute apart, some signed in: every sort orders differently.
        const order = FIRST_NAMES.map((_, i) => (i * 7) % FIRST_NAMES.length);
        for (const [n, i] of order.entries()) {
          const firstName = FIRST_NAMES[i] ?? 'X';
          const email = `${firstName.toLowerCase()}.${t}@example.com`;
          const roleKey = ROLE_KEYS[i % ROLE_KEYS.length] ?? 'viewer';
          const kind = i % 4 === 0 ? 'external' : 'member';
          app.clock.advance(60_000);
          if (n % 3 === 0) {
            actives.push((await addActiveMember(app, owner, roleKey, { email, firstName, kind })).client);
          } else {
            await invite(owner, roleKey, { email, firstName, lastName: 'Pending', kind });
          }
        }
        // One without a role: the role sort puts it below every rank.
        app.clock.advance(60_000);
        await joinViaLink(owner, 'Zed', `zed.${t}@example.com`);
        // Sign some of them in again, newest first-created last: last connection differs from creation order.
        for (const client of actives.slice(0, 4).reverse()) {
          app.clock.advance(60_000);
          const me = await client.get('/api/v1/me');
          const signIn = await app.client().post('/api/v1/auth/sign-in', { email: me.body.user.email, password: PASSWORD });
          expect(signIn.status).toBe(200);
        }
        everyone = await ids(owner.client, owner.orgId, '');
        expect(everyone).toHaveLength(27);
      });

      async function pageThrough(query: string, limit: number): Promise<{ items: any[]; pages: number }> {
        const items: any[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const url: string = membersUrl(owner.orgId, `${query}&limit=${limit}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`);
          const res = await owner.client.get(url);
          expect(res.status).toBe(200);
          expect(res.body.items.length).toBeLessThanOrEqual(limit);
          items.push(...res.body.items);
          cursor = res.body.nextCursor;
          pages += 1;
          expect(pages).toBeLessThan(50);
        } while (cursor !== null);
        return { items, pages };
      }

      const keyOf: Record<string, (m: any) => string | number> = {
        name: (m) => `${m.firstName} ${m.lastName}`.toLowerCase(),
        email: (m) => m.email,
        role: (m) => m.role?.rank ?? -1,
        lastConnection: (m) => (m.lastConnectionAt === null ? 0 : Date.parse(m.lastConnectionAt)),
        createdAt: (m) => Date.parse(m.createdAt),
      };

      for (const sort of ['name', 'email', 'role', 'lastConnection', 'createdAt']) {
        it(`sorts by ${sort} both ways and visits every row exactly once, 4 at a time`, async () => {
          const asc = await pageThrough(`sort=${sort}&order=asc`, 4);
          const desc = await pageThrough(`sort=${sort}&order=desc`, 4);
          for (const run of [asc, desc]) {
            const seen = run.items.map((m) => m.id as string);
            expect(new Set(seen).size).toBe(seen.length);
            expect([...seen].sort()).toEqual(everyone);
            expect(run.pages).toBe(Math.ceil(everyone.length / 4));
          }
          const keys = asc.items.map(keyOf[sort]!);
          for (let i = 1; i < keys.length; i++) expect(keys[i - 1]! <= keys[i]!, `${sort} at ${i}: ${keys[i - 1]} then ${keys[i]}`).toBe(true);
          // Ties are broken by id the same way both ways: descending is ascending reversed.
          expect(desc.items.map((m) => m.id)).toEqual(asc.items.map((m) => m.id).reverse());
          // The keys are not all equal: the sort really orders something.
          expect(new Set(keys).size).toBeGreaterThan(3);
        });
      }

      it('sorts by name ascending when no sort is given, and pages with any limit', async () => {
        const byDefault = await pageThrough('', 7);
        const byName = await pageThrough('sort=name&order=asc', 27);
        expect(byDefault.items.map((m) => m.id)).toEqual(byName.items.map((m) => m.id));
        expect(byDefault.pages).toBe(4);
        expect(byName.pages).toBe(1);
        expect(byName.items[0].firstName).toBe('Abel');
      });

      it('pages a filtered, searched list without losing or repeating rows', async () => {
        const all = await ids(owner.client, owner.orgId, 'status=invite_pending&q=pending');
        expect(all.length).toBeGreaterThan(10);
        const paged = await pageThrough('status=invite_pending&q=pending&sort=role&order=desc', 3);
        expect(paged.items.map((m) => m.id).sort()).toEqual(all);
        expect(new Set(paged.items.map((m) => m.id)).size).toBe(all.length);
      });

      it('refuses a malformed cursor, a cursor of another sort or order, and a limit over 200', async () => {
        const first = await owner.client.get(membersUrl(owner.orgId, 'sort=name&limit=2'));
        const cursor = first.body.nextCursor as string;
        expect(cursor).toEqual(expect.any(String));
        const cases = [
          'sort=name&cursor=not-a-cursor',
          `sort=email&cursor=${cursor}`,
          `sort=name&order=desc&cursor=${cursor}`,
          `sort=role&cursor=${cursor}`,
          `sort=name&cursor=${Buffer.from('null').toString('base64url')}`,
          `sort=name&cursor=${Buffer.from('"text"').toString('base64url')}`,
        ];
        for (const query of cases) {
          const res = await owner.client.get(membersUrl(owner.orgId, query));
          expect(res.status, query).toBe(400);
          expect(res.body.error.code, query).toBe(ErrorCodes.REQUEST_INVALID_CURSOR.code);
        }
        const same = await owner.client.get(membersUrl(owner.orgId, `sort=name&limit=2&cursor=${cursor}`));
        expect(same.status).toBe(200);
        expect(same.body.items[0].id).not.toBe(first.body.items[0].id);

        for (const limit of ['201', '0', '-1', 'ten', '2.5']) {
          const res = await owner.client.get(membersUrl(owner.orgId, `limit=${limit}`));
          expect(res.status, limit).toBe(400);
          expect(res.body.error.code, limit).toBe(ErrorCodes.REQUEST_INVALID.code);
        }
        const max = await owner.client.get(membersUrl(owner.orgId, 'limit=200'));
        expect(max.status).toBe(200);
        expect(max.body.items).toHaveLength(27);
        expect(max.body.nextCursor).toBeNull();
      });

      it('refuses forged cursors whose values the database cannot compare, with a 400 rather than a 500', async () => {
        const forge = (payload: unknown) => Buffer.from(JSON.stringify(payload)).toString('base64url');
        const forged: Array<[string, unknown]> = [
          ['createdAt', { s: 'createdAt', o: 'asc', v: 1e20, i: 'mem_x' }],
          ['lastConnection', { s: 'lastConnection', o: 'asc', v: -1e17, i: 'mem_x' }],
          // The last millisecond JavaScript can represent, in year +275760: no database takes it from PGlite's driver.
          ['createdAt', { s: 'createdAt', o: 'asc', v: 8_640_000_000_000_000, i: 'mem_x' }],
          ['createdAt', { s: 'createdAt', o: 'asc', v: 1.5, i: 'mem_x' }],
          ['role', { s: 'role', o: 'asc', v: 1.5, i: 'mem_x' }],
          ['role', { s: 'role', o: 'asc', v: 1e12, i: 'mem_x' }],
          ['name', { s: 'name', o: 'asc', v: 'a', i: 'mem_\u0000' }],
          ['name', { s: 'name', o: 'asc', v: 'a\u0000b', i: 'mem_x' }],
        ];
        for (const [sort, payload] of forged) {
          const res = await owner.client.get(membersUrl(owner.orgId, `sort=${sort}&cursor=${forge(payload)}`));
          expect(res.status, JSON.stringify(payload)).toBe(400);
          expect(res.body.error.code).toBe(ErrorCodes.REQUEST_INVALID_CURSOR.code);
        }
        // Within the range both engines read alike, a forged position is just a position.
        const end = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
        for (const sort of ['createdAt', 'lastConnection']) {
          const afterAll = await owner.client.get(membersUrl(owner.orgId, `sort=${sort}&cursor=${forge({ s: sort, o: 'asc', v: end, i: 'mem_x' })}`));
          expect(afterAll.status).toBe(200);
          expect(afterAll.body.items).toEqual([]);
          const beforeAll = await owner.client.get(membersUrl(owner.orgId, `sort=${sort}&order=desc&limit=200&cursor=${forge({ s: sort, o: 'desc', v: end, i: 'mem_x' })}`));
          expect(beforeAll.status).toBe(200);
          expect(beforeAll.body.items).toHaveLength(everyone.length);
          const early = Date.UTC(100, 0, 1);
          const fromStart = await owner.client.get(membersUrl(owner.orgId, `sort=${sort}&limit=200&cursor=${forge({ s: sort, o: 'asc', v: early, i: '' })}`));
          expect(fromStart.body.items).toHaveLength(everyone.length);
        }
      });

      it('refuses unknown filters and values', async () => {
        for (const query of ['status=removed', 'sort=age', 'order=up', 'kind=partner', 'color=red']) {
          const res = await owner.client.get(membersUrl(owner.orgId, query));
          expect(res.status, query).toBe(400);
          expect([ErrorCodes.REQUEST_INVALID.code, ErrorCodes.REQUEST_UNKNOWN_FIELD.code]).toContain(res.body.error.code);
        }
        const unknown = await owner.client.get(membersUrl(owner.orgId, 'color=red'));
        expect(unknown.body.error.code).toBe(ErrorCodes.REQUEST_UNKNOWN_FIELD.code);
      });
    });
  });

  describe('one member', () => {
    it('reads one member with its role, kind, status and invitation', async () => {
      const owner = await signUpOwner(app);
      const active = await addActiveMember(app, owner, 'annotator', { kind: 'external' });
      const pending = await invite(owner, 'viewer', { firstName: 'Pat', lastName: 'Pending' });
      const a = await readMember(owner, active.memberId);
      expect(a).toMatchObject({
        id: active.memberId, userId: active.userId, email: active.email, firstName: 'Member', lastName: 'annotator',
        role: { id: owner.roles.annotator, key: 'annotator' }, kind: 'external', status: 'active', invitation: null,
      });
      expect(a.lastConnectionAt).toBe(app.clock.now().toISOString());
      const p = await readMember(owner, pending.memberId);
      expect(p).toMatchObject({
        id: pending.memberId, userId: null, email: pending.email, firstName: 'Pat', lastName: 'Pending',
        role: { key: 'viewer' }, kind: 'member', status: 'invite_pending', lastConnectionAt: null,
        invitation: { id: pending.invitationId },
      });
      const missing = await owner.client.get(memberUrl(owner.orgId, 'mem_doesnotexist'));
      expectError(missing, 404, ErrorCodes.MEMBER_NOT_FOUND.code);
    });
  });

  describe('editing a member', () => {
    it('edits names, description, role and kind, and records it in the audit log', async () => {
      const owner = await signUpOwner(app);
      const person = await addActiveMember(app, owner, 'viewer');
      app.clock.advance(1000);
      const res = await owner.client.patch(memberUrl(owner.orgId, person.memberId), {
        firstName: 'Grace', lastName: 'Hopper', description: 'Compilers', roleId: owner.roles.manager, kind: 'external',
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        firstName: 'Grace', lastName: 'Hopper', description: 'Compilers', role: { key: 'manager' }, kind: 'external', status: 'active',
        updatedAt: app.clock.now().toISOString(),
      });
      expect(await readMember(owner, person.memberId)).toMatchObject({
        firstName: 'Grace', lastName: 'Hopper', description: 'Compilers', role: { key: 'manager' }, kind: 'external',
      });
      // Names belong to the user: their own account shows the new name.
      const me = await person.client.get('/api/v1/me');
      expect(me.body.user).toMatchObject({ firstName: 'Grace', lastName: 'Hopper' });
      expect(me.body.organizations[0].role.key).toBe('manager');
      expect(me.body.organizations[0].permissions).toContain('usage.read');
      // The new role applies to the person's very next request.
      expect((await person.client.get(membersUrl(owner.orgId))).status).toBe(200);

      const entry = (await auditOf(owner)).find((e) => e.action === 'member.updated' && e.target.id === person.memberId);
      expect(entry.before).toMatchObject({ firstName: 'Member', roleId: owner.roles.viewer, kind: 'member', description: '' });
      expect(entry.after).toMatchObject({ firstName: 'Grace', roleId: owner.roles.manager, kind: 'external', description: 'Compilers' });
      expect(entry.actor.name).toBe('Olive Owner');

      // Each field alone, too; a pending invitation's names are the invitation's.
      const pending = await invite(owner, 'viewer');
      const renamed = await owner.client.patch(memberUrl(owner.orgId, pending.memberId), { firstName: 'Renamed' });
      expect(renamed.status).toBe(200);
      expect(renamed.body).toMatchObject({ firstName: 'Renamed', lastName: 'viewer', status: 'invite_pending' });
      const cleared = await owner.client.patch(memberUrl(owner.orgId, person.memberId), { description: '' });
      expect(cleared.body.description).toBe('');
      expect(cleared.body.firstName).toBe('Grace');
    });

    it('refuses an email in the body with user.email_immutable and changes nothing', async () => {
      const owner = await signUpOwner(app);
      const person = await addActiveMember(app, owner, 'viewer');
      const before = await readMember(owner, person.memberId);
      app.clock.advance(1000);
      for (const body of [{ email: uniqueEmail('new') }, { email: person.email, firstName: 'Changed', description: 'changed' }]) {
        const res = await owner.client.patch(memberUrl(owner.orgId, person.memberId), body);
        expectError(res, 422, ErrorCodes.USER_EMAIL_IMMUTABLE.code);
      }
      expect(await readMember(owner, person.memberId)).toEqual(before);
      const me = await person.client.get('/api/v1/me');
      expect(me.body.user.email).toBe(person.email.toLowerCase());
      expect(me.body.user.firstName).toBe('Member');
    });

    it('refuses to rename a person who also belongs to another organization, and changes nothing', async () => {
      const owner = await signUpOwner(app);
      const other = await signUpOwner(app);
      const person = await addActiveMember(app, owner, 'viewer');
      const otherMemberId = await joinWithExistingAccount(other, person, 'annotator');
      const before = await readMember(owner, person.memberId);
      for (const body of [{ firstName: 'Hijack' }, { lastName: 'Hijack', description: 'also this' }]) {
        const res = await owner.client.patch(memberUrl(owner.orgId, person.memberId), body);
        expectError(res, 409, ErrorCodes.MEMBER_NAME_NOT_EDITABLE.code);
      }
      expect(await readMember(owner, person.memberId)).toEqual(before);
      expect(await readMember(other, otherMemberId)).toMatchObject({ firstName: 'Member', lastName: 'viewer' });
      // What belongs to the membership stays editable.
      const res = await owner.client.patch(memberUrl(owner.orgId, person.memberId), { description: 'Partner', roleId: owner.roles.annotator });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ description: 'Partner', role: { key: 'annotator' } });
      // The person renames themselves, everywhere.
      expect((await person.client.patch('/api/v1/me', { firstName: 'Self' })).status).toBe(200);
      expect((await readMember(owner, person.memberId)).firstName).toBe('Self');
      expect((await readMember(other, otherMemberId)).firstName).toBe('Self');
    });

    it('refuses bad input with a stable code and changes nothing', async () => {
      const owner = await signUpOwner(app);
      const person = await addActiveMember(app, owner, 'viewer');
      const before = await readMember(owner, person.memberId);
      const cases: Array<[unknown, string]> = [
        [{ nickname: 'x' }, ErrorCodes.REQUEST_UNKNOWN_FIELD.code],
        [{ kind: 'partner' }, ErrorCodes.REQUEST_INVALID.code],
        [{ firstName: '' }, ErrorCodes.REQUEST_INVALID.code],
        [{ firstName: 'x'.repeat(101) }, ErrorCodes.REQUEST_INVALID.code],
        [{ description: 'x'.repeat(501) }, ErrorCodes.REQUEST_INVALID.code],
        [{ roleId: 42 }, ErrorCodes.REQUEST_INVALID.code],
        ['{"firstName":', ErrorCodes.REQUEST_MALFORMED_JSON.code],
      ];
      for (const [body, code] of cases) {
        const res = await owner.client.request('PATCH', memberUrl(owner.orgId, person.memberId), body,
          typeof body === 'string' ? { 'content-type': 'application/json' } : {});
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(res.body.error.code, JSON.stringify(body)).toBe(code);
      }
      const unknownRole = await owner.client.patch(memberUrl(owner.orgId, person.memberId), { roleId: 'role_nope' });
      expectError(unknownRole, 404, ErrorCodes.ROLE_NOT_FOUND.code);
      const badErase = await owner.client.delete(`${memberUrl(owner.orgId, person.memberId)}?erase=yes`);
      expectError(badErase, 400, ErrorCodes.REQUEST_INVALID.code);
      expect(await readMember(owner, person.memberId)).toEqual(before);
    });
  });

  describe('roles of members who are not active', () => {
    it('gives a pending invitation the new role when it is accepted', async () => {
      const owner = await signUpOwner(app);
      const pending = await invite(owner, 'viewer');
      const res = await owner.client.patch(memberUrl(owner.orgId, pending.memberId), { roleId: owner.roles.manager });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'invite_pending', role: { key: 'manager' } });
      const token = await latestInvitationToken(owner, pending.email);
      expect((await app.client().get(`/api/v1/invitations/${token}`)).body.role.name).toBe('Manager');
      const client = app.client();
      const accepted = await client.post(`/api/v1/invitations/${token}/accept`, { firstName: 'Pat', lastName: 'Later', password: PASSWORD });
      expect(accepted.status).toBe(200);
      expect(accepted.body.member).toMatchObject({ id: pending.memberId, status: 'active', role: { key: 'manager' } });
      expect((await client.get('/api/v1/me')).body.organizations[0].role.key).toBe('manager');
    });

    it('keeps a deactivated member deactivated through a role change, and a joiner role-less through reactivation', async () => {
      const owner = await signUpOwner(app);
      const person = await addActiveMember(app, owner, 'viewer');
      await owner.client.post(`${memberUrl(owner.orgId, person.memberId)}/deactivate`);
      const changed = await owner.client.patch(memberUrl(owner.orgId, person.memberId), { roleId: owner.roles.annotator });
      expect(changed.body).toMatchObject({ status: 'deactivated', role: { key: 'annotator' } });

      const joiner = await joinViaLink(owner);
      const off = await owner.client.post(`${memberUrl(owner.orgId, joiner.memberId)}/deactivate`);
      expect(off.status).toBe(200);
      expect(off.body.status).toBe('deactivated');
      expectError(await joiner.client.get('/api/v1/me'), 401, ErrorCodes.AUTH_REQUIRED.code);
      const on = await owner.client.post(`${memberUrl(owner.orgId, joiner.memberId)}/reactivate`);
      expect(on.status).toBe(200);
      expect(on.body).toMatchObject({ status: 'not_activated', role: null });
      expect(await counts(owner)).toMatchObject({ byStatus: { not_activated: 1, deactivated: 1, active: 1 } });
    });
  });

  describe('rank and permission guards', () => {
    it('keeps an Admin off the Owner and off the Owner role', async () => {
      const owner = await signUpOwner(app);
      const ownerId = await myMemberId(owner.client, owner.orgId);
      const admin = await addActiveMember(app, owner, 'admin');
      const viewer = await addActiveMember(app, owner, 'viewer');
      const ownerBefore = await readMember(owner, ownerId);
      const viewerBefore = await readMember(owner, viewer.memberId);

      const aboveActor = [
        await admin.client.patch(memberUrl(owner.orgId, ownerId), { description: 'demoted' }),
        await admin.client.patch(memberUrl(owner.orgId, ownerId), { roleId: owner.roles.viewer }),
        await admin.client.post(`${memberUrl(owner.orgId, ownerId)}/deactivate`),
        await admin.client.delete(memberUrl(owner.orgId, ownerId)),
        await admin.client.delete(`${memberUrl(owner.orgId, ownerId)}?erase=true`),
      ];
      for (const res of aboveActor) expectError(res, 403, ErrorCodes.MEMBER_ABOVE_ACTOR.code);

      const roleAbove = [
        await admin.client.patch(memberUrl(owner.orgId, viewer.memberId), { roleId: owner.roles.owner }),
        await admin.client.patch(memberUrl(owner.orgId, admin.memberId), { roleId: owner.roles.owner }),
        await admin.client.post(`/api/v1/orgs/${owner.orgId}/invitations`, {
          email: uniqueEmail('wannabe'), firstName: 'W', lastName: 'B', roleId: owner.roles.owner,
        }),
      ];
      for (const res of roleAbove) expectError(res, 403, ErrorCodes.ROLE_ABOVE_ACTOR.code);

      expect(await readMember(owner, ownerId)).toEqual(ownerBefore);
      expect(await readMember(owner, viewer.memberId)).toEqual(viewerBefore);
      expect((await readMember(owner, admin.memberId)).role.key).toBe('admin');
      expect((await counts(owner)).total).toBe(3);

      // Below their own rank, an Admin manages members freely.
      const ok = await admin.client.patch(memberUrl(owner.orgId, viewer.memberId), { roleId: owner.roles.admin, description: 'promoted' });
      expect(ok.status).toBe(200);
      expect(ok.body.role.key).toBe('admin');
      // Another Admin is the same rank, not above.
      expect((await admin.client.post(`${memberUrl(owner.orgId, viewer.memberId)}/deactivate`)).status).toBe(200);

      // A deactivated Owner is still an Owner: the Admin cannot switch them back on.
      const second = await addActiveMember(app, owner, 'owner');
      expect((await owner.client.post(`${memberUrl(owner.orgId, second.memberId)}/deactivate`)).status).toBe(200);
      expectError(await admin.client.post(`${memberUrl(owner.orgId, second.memberId)}/reactivate`), 403, ErrorCodes.MEMBER_ABOVE_ACTOR.code);
      expect((await readMember(owner, second.memberId)).status).toBe('deactivated');
    });

    for (const roleKey of ['viewer', 'annotator']) {
      it(`lets the ${roleKey} role list and read members, and refuses every change with permission.denied`, async () => {
        const owner = await signUpOwner(app);
        const ownerId = await myMemberId(owner.client, owner.orgId);
        const reader = await addActiveMember(app, owner, roleKey);
        const target = await addActiveMember(app, owner, 'annotator_limited');
        const sleeping = await addActiveMember(app, owner, 'annotator_limited');
        await owner.client.post(`${memberUrl(owner.orgId, sleeping.memberId)}/deactivate`);

        const list = await reader.client.get(membersUrl(owner.orgId, 'sort=role&order=desc'));
        expect(list.status).toBe(200);
        expect(list.body.items).toHaveLength(4);
        expect(list.body.counts.total).toBe(4);
        expect((await reader.client.get(memberUrl(owner.orgId, target.memberId))).status).toBe(200);

        const before = {
          owner: await readMember(owner, ownerId), target: await readMember(owner, target.memberId),
          sleeping: await readMember(owner, sleeping.memberId), reader: await readMember(owner, reader.memberId),
        };
        const denied = [
          await reader.client.patch(memberUrl(owner.orgId, target.memberId), { description: 'nope' }),
          await reader.client.patch(memberUrl(owner.orgId, target.memberId), { roleId: owner.roles.viewer }),
          await reader.client.patch(memberUrl(owner.orgId, reader.memberId), { roleId: owner.roles.admin }),
          await reader.client.patch(memberUrl(owner.orgId, ownerId), { kind: 'external' }),
          await reader.client.post(`${memberUrl(owner.orgId, target.memberId)}/deactivate`),
          await reader.client.post(`${memberUrl(owner.orgId, sleeping.memberId)}/reactivate`),
          await reader.client.delete(memberUrl(owner.orgId, target.memberId)),
          await reader.client.delete(`${memberUrl(owner.orgId, target.memberId)}?erase=true`),
          await reader.client.post(`/api/v1/orgs/${owner.orgId}/invitations`, {
            email: uniqueEmail('nope'), firstName: 'N', lastName: 'O', roleId: owner.roles.viewer,
          }),
        ];
        for (const res of denied) expectError(res, 403, ErrorCodes.PERMISSION_DENIED.code);
        expect({
          owner: await readMember(owner, ownerId), target: await readMember(owner, target.memberId),
          sleeping: await readMember(owner, sleeping.memberId), reader: await readMember(owner, reader.memberId),
        }).toEqual(before);
        expect((await counts(owner)).total).toBe(4);
      });
    }
  });

  describe('deactivation', () => {
    it('shuts a person out of the organization at once, keeps their other organization, and reactivates', async () => {
      const owner = await signUpOwner(app);
      const other = await signUpOwner(app);
      const person = await addActiveMember(app, owner, 'viewer');
      await joinWithExistingAccount(other, person, 'viewer');
      // Warm every cache on the person's side first: the refusal must not wait for it to expire.
      expect((await person.client.get(membersUrl(owner.orgId))).status).toBe(200);

      const res = await owner.client.post(`${memberUrl(owner.orgId, person.memberId)}/deactivate`);
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('deactivated');
      expectError(await person.client.get(membersUrl(owner.orgId)), 403, ErrorCodes.MEMBERSHIP_DEACTIVATED.code);
      expectError(await person.client.get(`/api/v1/orgs/${owner.orgId}`), 403, ErrorCodes.MEMBERSHIP_DEACTIVATED.code);
      expect((await person.client.get(membersUrl(other.orgId))).status).toBe(200);
      const me = await person.client.get('/api/v1/me');
      const mine = (me.body.organizations as any[]).find((o) => o.organization.id === owner.orgId);
      expect(mine).toMatchObject({ status: 'deactivated', permissions: [] });

      expectError(await owner.client.post(`${memberUrl(owner.orgId, person.memberId)}/deactivate`), 409, ErrorCodes.MEMBER_NOT_DEACTIVATABLE.code);
      const back = await owner.client.post(`${memberUrl(owner.orgId, person.memberId)}/reactivate`);
      expect(back.status).toBe(200);
      expect(back.body).toMatchObject({ status: 'active', role: { key: 'viewer' } });
      expect((await person.client.get(membersUrl(owner.orgId))).status).toBe(200);
      expectError(await owner.client.post(`${memberUrl(owner.orgId, person.memberId)}/reactivate`), 409, ErrorCodes.MEMBER_NOT_DEACTIVATED.code);

      const audit = await auditOf(owner);
      expect(audit.filter((e) => e.target.id === person.memberId).map((e) => e.action))
        .toEqual(expect.arrayContaining(['member.deactivated', 'member.reactivated']));
    });

    it('ends the session of a person with no other organization; they can sign in but not get back in', async () => {
      const owner = await signUpOwner(app);
      const person = await addActiveMember(app, owner, 'annotator');
      expect((await person.client.get(membersUrl(owner.orgId))).status).toBe(200);
      expect((await owner.client.post(`${memberUrl(owner.orgId, person.memberId)}/deactivate`)).status).toBe(200);
      expectError(await person.client.get(membersUrl(owner.orgId)), 401, ErrorCodes.AUTH_REQUIRED.code);
      expectError(await person.client.get('/api/v1/me'), 401, ErrorCodes.AUTH_REQUIRED.code);

      const again = app.client();
      expect((await again.post('/api/v1/auth/sign-in', { email: person.email, password: PASSWORD })).status).toBe(200);
      expectError(await again.get(membersUrl(owner.orgId)), 403, ErrorCodes.MEMBERSHIP_DEACTIVATED.code);

      expect((await owner.client.post(`${memberUrl(owner.orgId, person.memberId)}/reactivate`)).status).toBe(200);
      expect((await again.get(membersUrl(owner.orgId))).status).toBe(200);
    });

    it('refuses to deactivate oneself or a pending invitation', async () => {
      const owner = await signUpOwner(app);
      const ownerId = await myMemberId(owner.client, owner.orgId);
      const admin = await addActiveMember(app, owner, 'admin');
      expectError(await owner.client.post(`${memberUrl(owner.orgId, ownerId)}/deactivate`), 409, ErrorCodes.MEMBER_SELF_ACTION.code);
      expectError(await admin.client.post(`${memberUrl(owner.orgId, admin.memberId)}/deactivate`), 409, ErrorCodes.MEMBER_SELF_ACTION.code);
      expect((await readMember(owner, ownerId)).status).toBe('active');
      expect((await readMember(owner, admin.memberId)).status).toBe('active');
      expect((await admin.client.get(membersUrl(owner.orgId))).status).toBe(200);

      const pending = await invite(owner, 'viewer');
      expectError(await owner.client.post(`${memberUrl(owner.orgId, pending.memberId)}/deactivate`), 409, ErrorCodes.MEMBER_NOT_DEACTIVATABLE.code);
      expect((await readMember(owner, pending.memberId)).status).toBe('invite_pending');
    });
  });

  describe('removal and deletion', () => {
    it('removes a member from the table but keeps them in the audit log; they can be invited again', async () => {
      const owner = await signUpOwner(app);
      const person = await addActiveMember(app, owner, 'viewer', { firstName: 'Rita' });
      const res = await owner.client.delete(memberUrl(owner.orgId, person.memberId));
      expect(res.status).toBe(204);
      expectError(await owner.client.get(memberUrl(owner.orgId, person.memberId)), 404, ErrorCodes.MEMBER_NOT_FOUND.code);
      expect(await ids(owner.client, owner.orgId, '')).not.toContain(person.memberId);
      expect((await counts(owner)).total).toBe(1);
      expectError(await owner.client.delete(memberUrl(owner.orgId, person.memberId)), 404, ErrorCodes.MEMBER_NOT_FOUND.code);

      const removed = (await auditOf(owner)).find((e) => e.action === 'member.removed');
      expect(removed.target.member).toEqual({ memberId: person.memberId, name: 'Rita viewer', email: person.email.toLowerCase() });
      expect(removed.before).toMatchObject({ email: person.email.toLowerCase(), status: 'active' });
      // Removal ends the access of someone with no other organization.
      expectError(await person.client.get('/api/v1/me'), 401, ErrorCodes.AUTH_REQUIRED.code);

      const again = await invite(owner, 'annotator', { email: person.email });
      expect(again.memberId).not.toBe(person.memberId);
      const token = await latestInvitationToken(owner, person.email);
      expect((await app.client().get(`/api/v1/invitations/${token}`)).body.accountExists).toBe(true);
    });

    it('deletes with erase=true: "Deleted User" in the audit, the account erased, the address free for a new person', async () => {
      const owner = await signUpOwner(app);
      const person = await addActiveMember(app, owner, 'viewer', { firstName: 'Erin' });
      expect((await owner.client.patch(memberUrl(owner.orgId, person.memberId), { description: 'temp contractor' })).status).toBe(200);
      const res = await owner.client.delete(`${memberUrl(owner.orgId, person.memberId)}?erase=true`);
      expect(res.status).toBe(204);
      expectError(await owner.client.get(memberUrl(owner.orgId, person.memberId)), 404, ErrorCodes.MEMBER_NOT_FOUND.code);

      const audit = await auditOf(owner);
      const theirs = audit.filter((e) => e.target.member?.memberId === person.memberId || e.actor?.memberId === person.memberId);
      expect(theirs.map((e) => e.action)).toEqual(expect.arrayContaining(['member.invited', 'invitation.accepted', 'member.updated', 'member.deleted']));
      for (const entry of theirs) {
        const people = [entry.actor, entry.target.member].filter((p) => p?.memberId === person.memberId);
        for (const p of people) expect(p).toEqual({ memberId: person.memberId, name: 'Deleted User', email: null });
        const text = JSON.stringify(entry);
        expect(text).not.toContain('Erin');
        expect(text).not.toContain(person.email.toLowerCase());
        expect(text).not.toContain('temp contractor');
      }
      // The rest of the history keeps its shape: who did it, what role.
      expect(theirs.find((e) => e.action === 'member.updated').actor.name).toBe('Olive Owner');
      expect(theirs.find((e) => e.action === 'member.invited').after.roleId).toBe(owner.roles.viewer);

      expectError(await person.client.get('/api/v1/me'), 401, ErrorCodes.AUTH_REQUIRED.code);
      const signIn = await app.client().post('/api/v1/auth/sign-in', { email: person.email, password: PASSWORD });
      expectError(signIn, 401, ErrorCodes.AUTH_INVALID_CREDENTIALS.code);

      // Invited again, they are a new person with a new account.
      await invite(owner, 'annotator', { email: person.email, firstName: 'Erin2' });
      const token = await latestInvitationToken(owner, person.email);
      const preview = await app.client().get(`/api/v1/invitations/${token}`);
      expect(preview.body.accountExists).toBe(false);
      const fresh = app.client();
      const accepted = await fresh.post(`/api/v1/invitations/${token}/accept`, { firstName: 'Erin', lastName: 'Again', password: 'a brand new password' });
      expect(accepted.status).toBe(200);
      expect(accepted.body.user.id).not.toBe(person.userId);
      expect(accepted.body.member).toMatchObject({ status: 'active', role: { key: 'annotator' } });
      const me = await fresh.get('/api/v1/me');
      expect(me.body.organizations).toHaveLength(1);
    });

    it('deletes a person who belongs to another organization too: they keep their account there', async () => {
      const owner = await signUpOwner(app);
      const other = await signUpOwner(app);
      const person = await addActiveMember(app, owner, 'viewer', { firstName: 'Kept' });
      const otherMemberId = await joinWithExistingAccount(other, person, 'annotator');
      expect((await owner.client.delete(`${memberUrl(owner.orgId, person.memberId)}?erase=true`)).status).toBe(204);

      const me = await person.client.get('/api/v1/me');
      expect(me.status).toBe(200);
      expect(me.body.user).toMatchObject({ id: person.userId, email: person.email.toLowerCase(), firstName: 'Kept' });
      expect((me.body.organizations as any[]).map((o) => o.organization.id)).toEqual([other.orgId]);
      expectError(await person.client.get(membersUrl(owner.orgId)), 404, ErrorCodes.ORG_NOT_FOUND.code);
      expect((await person.client.get(membersUrl(other.orgId))).status).toBe(200);
      expect(await readMember(other, otherMemberId)).toMatchObject({ email: person.email.toLowerCase(), firstName: 'Kept', status: 'active' });
      expect((await app.client().post('/api/v1/auth/sign-in', { email: person.email, password: PASSWORD })).status).toBe(200);

      const deleted = (await auditOf(owner)).find((e) => e.action === 'member.deleted');
      expect(deleted.target.member).toEqual({ memberId: person.memberId, name: 'Deleted User', email: null });
      // The other organization's history still names them.
      const otherAudit = await auditOf(other);
      const accepted = otherAudit.find((e) => e.action === 'invitation.accepted');
      expect(accepted.actor.name).toBe('Kept viewer');
    });

    it('shows an erased inviter as "Deleted User" on the invitations they sent', async () => {
      const owner = await signUpOwner(app);
      const admin = await addActiveMember(app, owner, 'admin', { firstName: 'Inviting' });
      const email = uniqueEmail('invited');
      const sent = await admin.client.post(`/api/v1/orgs/${owner.orgId}/invitations`, {
        email, firstName: 'In', lastName: 'Vited', roleId: owner.roles.viewer,
      });
      expect(sent.status).toBe(201);
      const token = await latestInvitationToken(owner, email);
      expect((await app.client().get(`/api/v1/invitations/${token}`)).body.invitedBy).toEqual({ name: 'Inviting admin' });
      expect((await owner.client.delete(`${memberUrl(owner.orgId, admin.memberId)}?erase=true`)).status).toBe(204);
      const preview = await app.client().get(`/api/v1/invitations/${token}`);
      expect(preview.status).toBe(200);
      expect(preview.body.invitedBy).toEqual({ name: 'Deleted User' });
      const invited = (await auditOf(owner)).find((e) => e.action === 'member.invited' && e.target.member.memberId === sent.body.member.id);
      expect(invited.actor).toEqual({ memberId: admin.memberId, name: 'Deleted User', email: null });
      expect(invited.target.member.name).toBe('In Vited');
    });

    // Regression (issue 3): the mail log kept an erased inviter's name in the invitations they sent.
    it('erases an erased inviter\'s name from the organization\'s mail log, keeping the link usable', async () => {
      const owner = await signUpOwner(app);
      const admin = await addActiveMember(app, owner, 'admin', { firstName: 'Vanishing' });
      const email = uniqueEmail('invitee');
      expect((await admin.client.post(`/api/v1/orgs/${owner.orgId}/invitations`, {
        email, firstName: 'In', lastName: 'Vitee', roleId: owner.roles.viewer,
      })).status).toBe(201);
      const mailTo = async () => ((await owner.client.get(`/api/v1/orgs/${owner.orgId}/mail`)).body.items as any[])
        .find((m) => m.to === email.toLowerCase());
      expect((await mailTo()).subject).toContain('Vanishing admin');
      expect((await owner.client.delete(`${memberUrl(owner.orgId, admin.memberId)}?erase=true`)).status).toBe(204);
      const scrubbed = await mailTo();
      for (const text of [scrubbed.subject, scrubbed.text, scrubbed.html]) {
        expect(text).not.toContain('Vanishing');
        expect(text).toContain('Deleted User');
      }
      const token = await latestInvitationToken(owner, email);
      expect((await app.client().get(`/api/v1/invitations/${token}`)).status).toBe(200);
    });

    it('deletes a pending invitation: its link stops working', async () => {
      const owner = await signUpOwner(app);
      const pending = await invite(owner, 'viewer');
      const token = await latestInvitationToken(owner, pending.email);
      expect((await owner.client.delete(`${memberUrl(owner.orgId, pending.memberId)}?erase=true`)).status).toBe(204);
      expect(await ids(owner.client, owner.orgId, '')).not.toContain(pending.memberId);
      const accept = await app.client().post(`/api/v1/invitations/${token}/accept`, { firstName: 'Late', lastName: 'Comer', password: PASSWORD });
      // The erased invitation names nobody any more: its link is unknown.
      expectError(accept, 404, ErrorCodes.INVITATION_NOT_FOUND.code);
      expectError(await app.client().get(`/api/v1/invitations/${token}`), 404, ErrorCodes.INVITATION_NOT_FOUND.code);
    });
  });

  describe('the last owner', () => {
    it('keeps at least one active owner through role changes, deactivation and removal', async () => {
      const owner = await signUpOwner(app);
      const ownerId = await myMemberId(owner.client, owner.orgId);
      // A custom role as senior as Owner, without being an owner role: it passes the rank guard.
      const coOwnerRole = await owner.client.post(`/api/v1/orgs/${owner.orgId}/roles`, {
        key: 'co_owner', name: 'Co-owner', rank: 100,
        permissions: ['organization.read', 'members.read', 'members.manage', 'members.delete', 'audit.read'],
      });
      expect(coOwnerRole.status).toBe(201);
      owner.roles.co_owner = coOwnerRole.body.id;
      const coOwner = await addActiveMember(app, owner, 'co_owner');
      const before = await readMember(owner, ownerId);

      expectError(await owner.client.patch(memberUrl(owner.orgId, ownerId), { roleId: owner.roles.admin }), 409, ErrorCodes.MEMBER_LAST_OWNER.code);
      expectError(await owner.client.delete(memberUrl(owner.orgId, ownerId)), 409, ErrorCodes.MEMBER_LAST_OWNER.code);
      expectError(await owner.client.delete(`${memberUrl(owner.orgId, ownerId)}?erase=true`), 409, ErrorCodes.MEMBER_SELF_ACTION.code);
      expectError(await coOwner.client.patch(memberUrl(owner.orgId, ownerId), { roleId: owner.roles.viewer }), 409, ErrorCodes.MEMBER_LAST_OWNER.code);
      expectError(await coOwner.client.post(`${memberUrl(owner.orgId, ownerId)}/deactivate`), 409, ErrorCodes.MEMBER_LAST_OWNER.code);
      expectError(await coOwner.client.delete(memberUrl(owner.orgId, ownerId)), 409, ErrorCodes.MEMBER_LAST_OWNER.code);
      expectError(await coOwner.client.delete(`${memberUrl(owner.orgId, ownerId)}?erase=true`), 409, ErrorCodes.MEMBER_LAST_OWNER.code);
      expect(await readMember(owner, ownerId)).toEqual(before);
      expect((await owner.client.get(membersUrl(owner.orgId))).status).toBe(200);
      // Keeping the owner role while editing other fields is fine.
      expect((await owner.client.patch(memberUrl(owner.orgId, ownerId), { roleId: owner.roles.owner, description: 'still here' })).status).toBe(200);

      // With a second active owner, the first may step down; then the second is the last.
      const second = await addActiveMember(app, owner, 'owner');
      const stepDown = await owner.client.patch(memberUrl(owner.orgId, ownerId), { roleId: owner.roles.admin });
      expect(stepDown.status).toBe(200);
      expect(stepDown.body.role.key).toBe('admin');
      expectError(await second.client.patch(memberUrl(owner.orgId, second.memberId), { roleId: owner.roles.admin }), 409, ErrorCodes.MEMBER_LAST_OWNER.code);
      expectError(await coOwner.client.post(`${memberUrl(owner.orgId, second.memberId)}/deactivate`), 409, ErrorCodes.MEMBER_LAST_OWNER.code);
      expect((await readMember(owner, second.memberId)).role.key).toBe('owner');
    });

    it('does not count a deactivated owner', async () => {
      const owner = await signUpOwner(app);
      const ownerId = await myMemberId(owner.client, owner.orgId);
      const second = await addActiveMember(app, owner, 'owner');
      expect((await owner.client.post(`${memberUrl(owner.orgId, second.memberId)}/deactivate`)).status).toBe(200);
      expectError(await owner.client.patch(memberUrl(owner.orgId, ownerId), { roleId: owner.roles.admin }), 409, ErrorCodes.MEMBER_LAST_OWNER.code);
      expect((await owner.client.post(`${memberUrl(owner.orgId, second.memberId)}/reactivate`)).status).toBe(200);
      expect((await owner.client.patch(memberUrl(owner.orgId, ownerId), { roleId: owner.roles.admin })).status).toBe(200);
    });

    it('guards the last Admin of an admin-member organization', async () => {
      const owner = await signUpOwner(app, { roleTemplate: 'admin-member' });
      const ownerId = await myMemberId(owner.client, owner.orgId);
      expectError(await owner.client.patch(memberUrl(owner.orgId, ownerId), { roleId: owner.roles.member }), 409, ErrorCodes.MEMBER_LAST_OWNER.code);
      expect((await readMember(owner, ownerId)).role.key).toBe('admin');
    });
  });

  describe('organization scoping', () => {
    it('answers 404 for another organization and for its members, without telling them apart from missing ones', async () => {
      const mine = await signUpOwner(app);
      const theirs = await signUpOwner(app);
      const theirMember = await addActiveMember(app, theirs, 'viewer');
      const before = await readMember(theirs, theirMember.memberId);

      const foreignOrg = [
        await mine.client.get(membersUrl(theirs.orgId)),
        await mine.client.get(memberUrl(theirs.orgId, theirMember.memberId)),
        await mine.client.patch(memberUrl(theirs.orgId, theirMember.memberId), { description: 'x' }),
        await mine.client.post(`${memberUrl(theirs.orgId, theirMember.memberId)}/deactivate`),
        await mine.client.post(`${memberUrl(theirs.orgId, theirMember.memberId)}/reactivate`),
        await mine.client.delete(`${memberUrl(theirs.orgId, theirMember.memberId)}?erase=true`),
      ];
      const missingOrg = await mine.client.get(membersUrl('org_doesnotexist'));
      for (const res of foreignOrg) {
        expectError(res, 404, ErrorCodes.ORG_NOT_FOUND.code);
        expect(res.body).toEqual(missingOrg.body);
      }

      const foreignMember = [
        await mine.client.get(memberUrl(mine.orgId, theirMember.memberId)),
        await mine.client.patch(memberUrl(mine.orgId, theirMember.memberId), { description: 'x' }),
        await mine.client.post(`${memberUrl(mine.orgId, theirMember.memberId)}/deactivate`),
        await mine.client.post(`${memberUrl(mine.orgId, theirMember.memberId)}/reactivate`),
        await mine.client.delete(memberUrl(mine.orgId, theirMember.memberId)),
      ];
      for (const res of foreignMember) expectError(res, 404, ErrorCodes.MEMBER_NOT_FOUND.code);

      const mineId = await myMemberId(mine.client, mine.orgId);
      expectError(await mine.client.patch(memberUrl(mine.orgId, mineId), { roleId: theirs.roles.viewer }), 404, ErrorCodes.ROLE_NOT_FOUND.code);
      expect(await readMember(theirs, theirMember.memberId)).toEqual(before);
      expect((await mine.client.get(membersUrl(mine.orgId))).body.items).toHaveLength(1);
      // Unauthenticated, the same paths ask for a session.
      expectError(await app.client().get(membersUrl(theirs.orgId)), 401, ErrorCodes.AUTH_REQUIRED.code);
    });
  });

  describe('members who joined through the invite link', () => {
    it('are not activated until an admin gives them a role, and see the organization in /me', async () => {
      const owner = await signUpOwner(app);
      const joiner = await joinViaLink(owner, 'Nadia');
      for (const res of [
        await joiner.client.get(membersUrl(owner.orgId)),
        await joiner.client.get(`/api/v1/orgs/${owner.orgId}`),
        await joiner.client.get(`/api/v1/orgs/${owner.orgId}/roles`),
        await joiner.client.patch(memberUrl(owner.orgId, joiner.memberId), { description: 'me' }),
      ]) {
        expectError(res, 403, ErrorCodes.MEMBERSHIP_NOT_ACTIVATED.code);
      }
      const me = await joiner.client.get('/api/v1/me');
      expect(me.status).toBe(200);
      expect(me.body.organizations).toEqual([
        expect.objectContaining({ organization: expect.objectContaining({ id: owner.orgId }), memberId: joiner.memberId, status: 'not_activated', role: null, permissions: [] }),
      ]);
      const row = await readMember(owner, joiner.memberId);
      expect(row).toMatchObject({ status: 'not_activated', role: null, firstName: 'Nadia', email: joiner.email.toLowerCase(), userId: expect.any(String) });

      const activated = await owner.client.patch(memberUrl(owner.orgId, joiner.memberId), { roleId: owner.roles.viewer });
      expect(activated.status).toBe(200);
      expect(activated.body).toMatchObject({ status: 'active', role: { key: 'viewer' } });
      expect((await joiner.client.get(membersUrl(owner.orgId))).status).toBe(200);
      expect((await joiner.client.get('/api/v1/me')).body.organizations[0]).toMatchObject({ status: 'active', role: { key: 'viewer' } });
    });
  });
});
