import { ErrorCodes } from '@roster/core';
import {
  addActiveMember, createTestApp, describeEachEngine, expectError, signUpOwner, uniqueEmail,
  type OwnerSetup, type TestApp, type TestClient,
} from '@roster/testing';
import { deleteExpiredPlans } from '@roster/db';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

interface PlanRow {
  index: number;
  line: number | null;
  memberId: string | null;
  email: string | null;
  outcome: 'change' | 'unchanged' | 'refused';
  changes: { tagsAdded: string[]; tagsRemoved: string[]; status: { from: string; to: string } | null; role: unknown } | null;
  refusal: { code: string; message: string } | null;
}

describeEachEngine('tags, CSV imports, bulk actions and the export', (engine) => {
  let app: TestApp;
  let owner: OwnerSetup;
  const api = () => `/api/v1/orgs/${owner.orgId}`;
  const emails: Record<string, string> = {};
  const ids: Record<string, string> = {};

  async function csv(client: TestClient, body: string | Buffer, query = '') {
    return client.request('POST', `${api()}/imports/tags${query}`, body, { 'content-type': 'text/csv' });
  }
  async function tagsOf(memberId: string): Promise<string[]> {
    const res = await owner.client.get(`${api()}/members/${memberId}`);
    return (res.body.tags as Array<{ name: string }>).map((t) => t.name);
  }
  async function tableDigest(): Promise<string> {
    // Everything a plan may change, in one comparable string.
    const rows = await app.ctx.db.kysely.selectFrom('members').select(['id', 'status', 'role_id', 'updated_at'])
      .where('org_id', '=', owner.orgId).orderBy('id').execute();
    const tags = await app.ctx.db.kysely.selectFrom('member_tags').select(['member_id', 'tag_id']).where('org_id', '=', owner.orgId)
      .orderBy('member_id').orderBy('tag_id').execute();
    const catalogue = await app.ctx.db.kysely.selectFrom('tags').select(['id', 'name']).where('org_id', '=', owner.orgId).orderBy('id').execute();
    const grants = await app.ctx.db.kysely.selectFrom('access_grants').select(['id']).where('org_id', '=', owner.orgId).orderBy('id').execute();
    return JSON.stringify({ rows, tags, catalogue, grants });
  }

  beforeAll(async () => {
    app = await createTestApp(engine, { IMPORT_MAX_MB: '1' });
    owner = await signUpOwner(app);
    for (const [key, role] of [['heidi', 'viewer'], ['sally', 'manager'], ['ann', 'annotator'], ['admin', 'admin']] as const) {
      const member = await addActiveMember(app, owner, role, { email: uniqueEmail(key), firstName: key[0]!.toUpperCase() + key.slice(1) });
      emails[key] = member.email;
      ids[key] = member.memberId;
    }
    const invite = await owner.client.post(`${api()}/invitations`, {
      email: (emails.pending = uniqueEmail('pending')), firstName: 'Pat', lastName: 'Pending', roleId: owner.roles.viewer,
    });
    ids.pending = invite.body.member.id;
    const me = await owner.client.get('/api/v1/me');
    ids.owner = me.body.organizations[0].memberId;
    emails.owner = owner.email;
    for (const name of ['Data Science', 'Finance', 'Seattle']) {
      expect((await owner.client.post(`${api()}/tags`, { name })).status).toBe(201);
    }
  });
  afterAll(async () => {
    await app.dispose();
  });

  describe('the tag catalogue and member tags', () => {
    it('adds, renames and deletes tags; names are unique regardless of case; deleting takes the tag off everyone', async () => {
      expectError(await owner.client.post(`${api()}/tags`, { name: 'seattle' }), 409, ErrorCodes.TAG_NAME_TAKEN.code);
      expectError(await owner.client.post(`${api()}/tags`, { name: 'a,b' }), 400, ErrorCodes.REQUEST_INVALID.code);
      const temp = (await owner.client.post(`${api()}/tags`, { name: 'Temporary' })).body;
      const set = await owner.client.put(`${api()}/members/${ids.heidi}/tags`, { tags: ['temporary', 'Finance'] });
      expect(set.status).toBe(200);
      expect(set.body.tags.map((t: { name: string }) => t.name)).toEqual(['Finance', 'Temporary']);
      const renamed = await owner.client.patch(`${api()}/tags/${temp.id}`, { name: 'Short-lived' });
      expect(renamed.body).toMatchObject({ name: 'Short-lived', memberCount: 1 });
      expect(await tagsOf(ids.heidi!)).toEqual(['Finance', 'Short-lived']);
      expect((await owner.client.delete(`${api()}/tags/${temp.id}`)).status).toBe(204);
      expect(await tagsOf(ids.heidi!)).toEqual(['Finance']);
      expectError(await owner.client.delete(`${api()}/tags/${temp.id}`), 404, ErrorCodes.TAG_NOT_FOUND.code);
      expectError(await owner.client.put(`${api()}/members/${ids.heidi}/tags`, { tags: ['Nope'] }), 404, ErrorCodes.TAG_NOT_FOUND.code);
      expect(await tagsOf(ids.heidi!)).toEqual(['Finance']);
      const list = await owner.client.get(`${api()}/tags`);
      expect(list.body.items.map((t: { name: string; memberCount: number }) => [t.name, t.memberCount]))
        .toEqual([['Data Science', 0], ['Finance', 1], ['Seattle', 0]]);
      expect((await owner.client.put(`${api()}/members/${ids.heidi}/tags`, { tags: [] })).body.tags).toEqual([]);
    });

    it('leaves no tag behind when an organization is deleted', async () => {
      const other = await signUpOwner(app, { organizationName: 'Short-lived' });
      const me = (await other.client.get('/api/v1/me')).body.organizations[0].memberId as string;
      const tagged = await other.client.put(`/api/v1/orgs/${other.orgId}/members/${me}/tags`, { tags: ['Gone soon'], createMissing: true });
      expect(tagged.body.tags.map((t: { name: string }) => t.name)).toEqual(['Gone soon']);
      expect((await other.client.delete(`/api/v1/orgs/${other.orgId}`)).status).toBe(204);
      const left = await app.ctx.db.kysely.selectFrom('member_tags').select('tag_id').where('org_id', '=', other.orgId).execute();
      const tags = await app.ctx.db.kysely.selectFrom('tags').select('id').where('org_id', '=', other.orgId).execute();
      expect({ memberTags: left.length, tags: tags.length }).toEqual({ memberTags: 0, tags: 0 });
    });

    it('filters the members table by tag, and refuses tagging above one\'s rank', async () => {
      const seattle = (await owner.client.get(`${api()}/tags`)).body.items.find((t: { name: string }) => t.name === 'Seattle');
      await owner.client.put(`${api()}/members/${ids.sally}/tags`, { tags: ['Seattle'] });
      const page = await owner.client.get(`${api()}/members?tagId=${seattle.id}`);
      expect(page.body.items.map((m: { id: string }) => m.id)).toEqual([ids.sally]);
      const manager = await addActiveMember(app, owner, 'manager');
      expectError(await manager.client.post(`${api()}/tags`, { name: 'Mine' }), 403, ErrorCodes.PERMISSION_DENIED.code);
      expectError(await manager.client.put(`${api()}/members/${ids.heidi}/tags`, { tags: ['Seattle'] }), 403, ErrorCodes.PERMISSION_DENIED.code);
      const admin = await addActiveMember(app, owner, 'admin');
      expectError(await admin.client.put(`${api()}/members/${ids.owner}/tags`, { tags: ['Seattle'] }), 403, ErrorCodes.MEMBER_ABOVE_ACTOR.code);
      expect(await tagsOf(ids.owner!)).toEqual([]);
      await owner.client.put(`${api()}/members/${ids.sally}/tags`, { tags: [] });
      for (const id of [manager.memberId, admin.memberId]) await owner.client.delete(`${api()}/members/${id}`);
    });
  });

  describe('CSV tag imports', () => {
    const malformed: Array<[name: string, body: string | Buffer, status: number, code: string, message: RegExp]> = [
      ['no header', 'heidi@example.com,"Finance"\n', 400, 'csv.header_invalid', /first line must be the header "email,tags"/],
      ['wrong header', 'mail,labels\na@b.co,x\n', 400, 'csv.header_invalid', /"mail,labels"/],
      ['header only', 'email,tags\r\n\r\n', 400, 'csv.empty', /no rows/],
      ['empty file', '', 400, 'csv.header_invalid', /header/],
      ['unclosed quote', 'email,tags\na@b.co,"Finance\nb@b.co,x\n', 400, 'csv.malformed', /^Line 2: a quote opens but never closes/],
      ['stray quote', 'email,tags\na@b.co,Fin"ance\n', 400, 'csv.malformed', /^Line 2: a quote appears inside a field/],
      ['text after closing quote', 'email,tags\na@b.co,"Finance"x\n', 400, 'csv.malformed', /^Line 2: a closing quote is followed/],
      ['UTF-16', Buffer.from('\ufeffemail,tags\n', 'utf16le'), 400, 'csv.encoding', /UTF-16/],
      ['Latin-1', Buffer.concat([Buffer.from('email,tags\na@b.co,Caf'), Buffer.from([0xe9]), Buffer.from('\n')]), 400, 'csv.encoding', /^Line 2 is not UTF-8/],
      ['binary', Buffer.from([0x65, 0x6d, 0x00, 0x01, 0x02]), 400, 'csv.binary', /not a text file/],
      ['spreadsheet', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), 400, 'csv.binary', /\.xlsx/],
      ['over the size limit', `email,tags\n${'a@b.co,x\n'.repeat(130_000)}`, 413, 'csv.too_large', /larger than 1 MB/],
    ];
    it.each(malformed)('refuses a file with %s, with a clear message, changing nothing', async (_name, body, status, code, message) => {
      const before = await tableDigest();
      const res = await csv(owner.client, body);
      expectError(res, status, code);
      expect(res.body.error.message).toMatch(message);
      expect(await tableDigest()).toBe(before);
    });

    it('refuses other content types and queries it does not know', async () => {
      const res = await owner.client.request('POST', `${api()}/imports/tags`, 'email,tags\n', { 'content-type': 'text/plain' });
      expectError(res, 415, ErrorCodes.REQUEST_UNSUPPORTED_MEDIA_TYPE.code);
      expectError(await csv(owner.client, 'email,tags\n', '?mode=merge'), 400, ErrorCodes.REQUEST_INVALID.code);
    });

    it('reads what spreadsheets write (BOM, CRLF, blank lines, spaces) and previews row by row without changing anything', async () => {
      const file = `\ufeffEmail , Tags \r\n${emails.heidi!.toUpperCase()}, "Data Science, Seattle" \r\n`
        + `${emails.sally},"Finance, New York City"\r\n`
        + `nobody@example.com,Finance\r\n`
        + `${emails.heidi},Finance\r\n`
        + `not-an-email,Finance\r\n`
        + `${emails.ann},"Finance",extra\r\n`
        + `${emails.owner},\r\n\r\n   \r\n\r\n`;
      const before = await tableDigest();
      const res = await csv(owner.client, file);
      expect(res.status).toBe(201);
      expect(await tableDigest()).toBe(before);
      const rows = res.body.rows as PlanRow[];
      expect(rows.map((r) => [r.line, r.outcome, r.refusal?.code ?? null])).toEqual([
        [2, 'change', null],
        [3, 'refused', 'import.unknown_tag'],
        [4, 'refused', 'import.not_a_member'],
        [5, 'refused', 'import.duplicate_row'],
        [6, 'refused', 'import.invalid_email'],
        [7, 'refused', 'import.row_invalid'],
        [8, 'unchanged', null],
      ]);
      expect(rows[0]!.changes).toMatchObject({ tagsAdded: ['Data Science', 'Seattle'], tagsRemoved: [] });
      expect(rows[1]!.refusal!.message).toContain('New York City');
      expect(rows[3]!.refusal!.message).toContain('Line 2');
      expect(res.body.summary).toMatchObject({ rows: 7, changes: 1, unchanged: 1, refused: 5, tagsToCreate: [] });

      const applied = await owner.client.post(`${api()}/plans/${res.body.id}/apply`);
      expect(applied.status).toBe(200);
      expect(applied.body).toMatchObject({ changed: 1, plan: { state: 'applied' } });
      expect(await tagsOf(ids.heidi!)).toEqual(['Data Science', 'Seattle']);
      expect(await tagsOf(ids.sally!)).toEqual([]);
      expectError(await owner.client.post(`${api()}/plans/${res.body.id}/apply`), 409, ErrorCodes.PLAN_ALREADY_APPLIED.code);
    });

    it('creates unknown tags when asked, replaces tags in replace mode, and applies exactly the previewed rows', async () => {
      const file = `email,tags\n${emails.sally},"Finance, New York City"\n${emails.heidi},Finance\n${emails.ann},\n`;
      const preview = await csv(owner.client, file, '?mode=replace&unknownTags=create');
      expect(preview.status).toBe(201);
      expect(preview.body.summary.tagsToCreate).toEqual(['New York City']);
      const rows = preview.body.rows as PlanRow[];
      expect(rows.map((r) => [r.email, r.outcome, r.changes?.tagsAdded, r.changes?.tagsRemoved])).toEqual([
        [emails.sally, 'change', ['Finance', 'New York City'], []],
        [emails.heidi, 'change', ['Finance'], ['Data Science', 'Seattle']],
        [emails.ann, 'unchanged', undefined, undefined],
      ]);
      // Equivalence: the member_tags rows that change are exactly those of the previewed rows.
      const before = await app.ctx.db.kysely.selectFrom('member_tags as mt').innerJoin('tags as t', 't.id', 'mt.tag_id')
        .select(['mt.member_id', 't.name']).where('mt.org_id', '=', owner.orgId).execute();
      expect((await owner.client.post(`${api()}/plans/${preview.body.id}/apply`)).status).toBe(200);
      const after = await app.ctx.db.kysely.selectFrom('member_tags as mt').innerJoin('tags as t', 't.id', 'mt.tag_id')
        .select(['mt.member_id', 't.name']).where('mt.org_id', '=', owner.orgId).execute();
      const key = (r: { member_id: string; name: string }) => `${r.member_id} ${r.name}`;
      const added = after.map(key).filter((k) => !before.map(key).includes(k)).sort();
      const removed = before.map(key).filter((k) => !after.map(key).includes(k)).sort();
      const expectedAdded = rows.flatMap((r) => (r.changes?.tagsAdded ?? []).map((t) => `${r.memberId} ${t}`)).sort();
      const expectedRemoved = rows.flatMap((r) => (r.changes?.tagsRemoved ?? []).map((t) => `${r.memberId} ${t}`)).sort();
      expect({ added, removed }).toEqual({ added: expectedAdded, removed: expectedRemoved });
      const audit = await owner.client.get(`${api()}/audit-events?limit=10`);
      expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['plan.applied', 'member.tags_changed', 'tag.created']));
    });

    it('refuses to apply when the organization changed since the preview, and applies a new preview', async () => {
      const file = `email,tags\n${emails.ann},Seattle\n${emails.sally},Seattle\n`;
      const preview = await csv(owner.client, file);
      expect(preview.body.summary.changes).toBe(2);
      // Someone tags Ann by hand meanwhile: her row would no longer change anything.
      await owner.client.put(`${api()}/members/${ids.ann}/tags`, { tags: ['Seattle'] });
      const before = await tableDigest();
      const stale = await owner.client.post(`${api()}/plans/${preview.body.id}/apply`);
      expectError(stale, 409, ErrorCodes.PLAN_STALE.code);
      expect(stale.body.error.details.differingRows).toBe(1);
      expect(await tableDigest()).toBe(before);
      const again = await csv(owner.client, file);
      expect(again.body.summary).toMatchObject({ changes: 1, unchanged: 1 });
      expect((await owner.client.post(`${api()}/plans/${again.body.id}/apply`)).status).toBe(200);
      expect(await tagsOf(ids.sally!)).toContain('Seattle');
    });

    it('serialises an apply with a tag change racing it: all of the plan or a stale refusal, never a mix', async () => {
      const file = `email,tags\n${emails.ann},Finance\n${emails.heidi},Finance\n${emails.sally},Finance\n`;
      await Promise.all([ids.ann, ids.heidi, ids.sally].map((id) => owner.client.put(`${api()}/members/${id}/tags`, { tags: [] })));
      const preview = await csv(owner.client, file);
      expect(preview.body.summary.changes).toBe(3);
      // The racing edit gives Heidi the tag by hand: applied after it, her row would change nothing.
      const [applied, edited] = await Promise.all([
        owner.client.post(`${api()}/plans/${preview.body.id}/apply`),
        owner.client.put(`${api()}/members/${ids.heidi}/tags`, { tags: ['Finance'] }),
      ]);
      expect(edited.status).toBe(200);
      const others = [await tagsOf(ids.ann!), await tagsOf(ids.sally!)];
      if (applied.status === 200) {
        expect(others).toEqual([['Finance'], ['Finance']]);
      } else {
        expectError(applied, 409, ErrorCodes.PLAN_STALE.code);
        expect(others).toEqual([[], []]);
      }
      expect(await tagsOf(ids.heidi!)).toEqual(['Finance']);
    });

    it('applies a plan once when two requests race, and keeps plans to their author', async () => {
      const preview = await csv(owner.client, `email,tags\n${emails.ann},Finance\n`);
      const admin = app.client();
      // Another admin of the same organization cannot see or apply it.
      const adminMember = await addActiveMember(app, owner, 'admin');
      expectError(await adminMember.client.get(`${api()}/plans/${preview.body.id}`), 404, ErrorCodes.PLAN_NOT_FOUND.code);
      expectError(await adminMember.client.post(`${api()}/plans/${preview.body.id}/apply`), 404, ErrorCodes.PLAN_NOT_FOUND.code);
      expectError(await admin.post(`${api()}/plans/${preview.body.id}/apply`), 401, ErrorCodes.AUTH_REQUIRED.code);
      const results = await Promise.all([1, 2, 3].map(() => owner.client.post(`${api()}/plans/${preview.body.id}/apply`)));
      expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
      expect(results.filter((r) => r.status === 409).every((r) => r.body.error.code === ErrorCodes.PLAN_ALREADY_APPLIED.code)).toBe(true);
      const applied = await app.ctx.db.kysely.selectFrom('audit_events').select('id').where('org_id', '=', owner.orgId)
        .where('action', '=', 'plan.applied').where('target_id', '=', preview.body.id).execute();
      expect(applied).toHaveLength(1);
      await owner.client.delete(`${api()}/members/${adminMember.memberId}`);
    });

    it('pages through plan rows and streams apply progress as NDJSON', async () => {
      const lines = Array.from({ length: 620 }, (_, i) => `ghost${i}@example.com,Finance`).join('\n');
      const preview = await csv(owner.client, `email,tags\n${lines}\n${emails.ann},Data Science\n`);
      expect(preview.body.rows).toHaveLength(500);
      expect(preview.body.nextOffset).toBe(500);
      const page = await owner.client.get(`${api()}/plans/${preview.body.id}/rows?offset=500&limit=1000`);
      expect(page.body.items).toHaveLength(121);
      expect(page.body.nextOffset).toBeNull();
      const changes = await owner.client.get(`${api()}/plans/${preview.body.id}/rows?outcome=change`);
      expect(changes.body.items.map((r: PlanRow) => r.email)).toEqual([emails.ann]);
      const res = await app.app.inject({
        method: 'POST', url: `${api()}/plans/${preview.body.id}/apply`,
        headers: { accept: 'application/x-ndjson', cookie: `roster_session=${owner.client.sessionCookie}`, origin: 'http://localhost:8080' },
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
      const events = res.body.trim().split('\n').map((l) => JSON.parse(l) as { type: string; done?: number; total?: number });
      expect(events.at(-1)).toMatchObject({ type: 'result', result: { changed: 1 } });
      expect(events.filter((e) => e.type === 'progress').at(-1)).toMatchObject({ done: expect.any(Number) });
      const progress = events.filter((e) => e.type === 'progress');
      expect(progress.at(-1)!.done).toBe(progress.at(-1)!.total);
      // Refused before any write: the answer keeps its status, in the one error shape.
      const again = await app.app.inject({
        method: 'POST', url: `${api()}/plans/${preview.body.id}/apply`,
        headers: { accept: 'application/x-ndjson', cookie: `roster_session=${owner.client.sessionCookie}`, origin: 'http://localhost:8080' },
      });
      expect(again.statusCode).toBe(409);
      expect(again.json().error.code).toBe(ErrorCodes.PLAN_ALREADY_APPLIED.code);
    });
  });

  describe('bulk actions', () => {
    async function bulk(client: TestClient, body: object) {
      return client.post(`${api()}/members/bulk`, body);
    }

    it('previews a deactivation with the guards of the one-member path, then applies exactly it', async () => {
      const foreign = await signUpOwner(app, { organizationName: 'Other' });
      const foreignMember = (await foreign.client.get(`/api/v1/orgs/${foreign.orgId}/members`)).body.items[0].id;
      const selection = [ids.heidi, ids.owner, ids.pending, foreignMember, ids.sally];
      const before = await tableDigest();
      const preview = await bulk(owner.client, { action: 'deactivate', memberIds: selection });
      expect(preview.status).toBe(201);
      expect(await tableDigest()).toBe(before);
      const rows = preview.body.rows as PlanRow[];
      expect(rows.map((r) => [r.memberId, r.outcome, r.refusal?.code ?? r.changes?.status?.to])).toEqual([
        [ids.heidi, 'change', 'deactivated'],
        [ids.owner, 'refused', 'member.self_action'],
        [ids.pending, 'refused', 'member.not_deactivatable'],
        // Another organization's member is not found here: scoping holds in bulk too.
        [foreignMember, 'refused', 'member.not_found'],
        [ids.sally, 'change', 'deactivated'],
      ]);
      const applied = await owner.client.post(`${api()}/plans/${preview.body.id}/apply`);
      expect(applied.body.changed).toBe(2);
      const statuses = await Promise.all([ids.heidi, ids.sally, ids.pending].map(async (id) => (await owner.client.get(`${api()}/members/${id}`)).body.status));
      expect(statuses).toEqual(['deactivated', 'deactivated', 'invite_pending']);
      // The counts behind the console's tabs moved with the one statement that changed both.
      const counted = (await owner.client.get(`${api()}/members`)).body.counts.byStatus;
      const actual = await app.ctx.db.kysely.selectFrom('members').select(['status']).where('org_id', '=', owner.orgId)
        .where('status', '=', 'deactivated').execute();
      expect(counted.deactivated).toBe(actual.length);
      expect(counted.deactivated).toBe(2);
      expect((await foreign.client.get(`/api/v1/orgs/${foreign.orgId}/members/${foreignMember}`)).body.status).toBe('active');
      // All matching a filter: every deactivated member comes back.
      const react = await bulk(owner.client, { action: 'reactivate', filter: { status: 'deactivated' } });
      expect((react.body.rows as PlanRow[]).map((r) => r.memberId).sort()).toEqual([ids.heidi, ids.sally].sort());
      expect((await owner.client.post(`${api()}/plans/${react.body.id}/apply`)).body.changed).toBe(2);
    });

    it('never takes away the last owner, and refuses members ranked above the actor', async () => {
      const admin = await addActiveMember(app, owner, 'admin');
      // Admins cannot touch the owner; the owner cannot demote themself as the last owner.
      const byAdmin = await bulk(admin.client, { action: 'change_role', roleId: owner.roles.annotator, memberIds: [ids.owner, ids.heidi] });
      expect((byAdmin.body.rows as PlanRow[]).map((r) => r.refusal?.code ?? r.outcome)).toEqual(['member.above_actor', 'change']);
      const self = await bulk(owner.client, { action: 'change_role', roleId: owner.roles.viewer, memberIds: [ids.owner] });
      expect(self.body.rows[0].refusal.code).toBe('member.last_owner');
      // Above one's own rank as a target role: the whole request is refused.
      expectError(await bulk(admin.client, { action: 'change_role', roleId: owner.roles.owner, memberIds: [ids.heidi] }), 403, ErrorCodes.ROLE_ABOVE_ACTOR.code);
      // Someone ranked like an owner without the owner role selects both owners: one row is refused so an owner stays.
      await owner.client.patch(`${api()}/members/${admin.memberId}`, { roleId: owner.roles.owner });
      const chief = await owner.client.post(`${api()}/roles`, { key: 'chief', name: 'Chief', rank: 100, permissions: ['members.read', 'members.manage'] });
      expect(chief.status).toBe(201);
      owner.roles.chief = chief.body.id;
      const third = await addActiveMember(app, owner, 'chief');
      const both = await bulk(third.client, { action: 'remove', memberIds: [ids.owner, admin.memberId, third.memberId] });
      expect((both.body.rows as PlanRow[]).map((r) => r.refusal?.code ?? r.outcome)).toEqual(['change', 'member.last_owner', 'member.self_action']);
      const reversed = await bulk(third.client, { action: 'deactivate', memberIds: [admin.memberId, ids.owner] });
      expect((reversed.body.rows as PlanRow[]).map((r) => r.refusal?.code ?? r.outcome)).toEqual(['change', 'member.last_owner']);
      expect((await third.client.post(`${api()}/plans/${reversed.body.id}/apply`)).body.changed).toBe(1);
      const owners = await owner.client.get(`${api()}/members?roleId=${owner.roles.owner}&status=active`);
      expect(owners.body.items.map((m: { id: string }) => m.id)).toEqual([ids.owner]);
      for (const id of [admin.memberId, third.memberId]) expect((await owner.client.delete(`${api()}/members/${id}`)).status).toBe(204);
    });

    it('changes roles, tags, access, resends invitations and deletes, each previewed and applied', async () => {
      const role = await bulk(owner.client, { action: 'change_role', roleId: owner.roles.manager, memberIds: [ids.heidi, ids.pending] });
      expect((role.body.rows as PlanRow[]).map((r) => r.outcome)).toEqual(['change', 'change']);
      expect((await owner.client.post(`${api()}/plans/${role.body.id}/apply`)).body.changed).toBe(2);
      const pending = await owner.client.get(`${api()}/members/${ids.pending}`);
      expect(pending.body.role.key).toBe('manager');

      const add = await bulk(owner.client, { action: 'add_tags', tags: ['Contractors'], createMissing: true, memberIds: [ids.heidi, ids.ann] });
      expect(add.body.summary.tagsToCreate).toEqual(['Contractors']);
      await owner.client.post(`${api()}/plans/${add.body.id}/apply`);
      expect(await tagsOf(ids.ann!)).toContain('Contractors');
      expectError(await bulk(owner.client, { action: 'add_tags', tags: ['Unknown'], memberIds: [ids.ann] }), 404, ErrorCodes.TAG_NOT_FOUND.code);
      const remove = await bulk(owner.client, { action: 'remove_tags', tags: ['contractors'], filter: {} });
      expect(remove.body.summary.changes).toBe(2);
      await owner.client.post(`${api()}/plans/${remove.body.id}/apply`);
      expect(await tagsOf(ids.ann!)).not.toContain('Contractors');

      await owner.client.post(`${api()}/resource-types`, { key: 'queue', name: 'Queue' });
      await owner.client.post(`${api()}/resources`, { type: 'queue', externalId: 'q1', name: 'Invoices' });
      const grant = await bulk(owner.client, {
        action: 'grant_access', access: [{ kind: 'resource', resource: { type: 'queue', externalId: 'q1' } }], memberIds: [ids.heidi, ids.ann],
      });
      expect(grant.body.rows[0].changes.grantsAdded[0]).toMatchObject({ kind: 'resource', resourceType: 'queue', resource: { name: 'Invoices' } });
      await owner.client.post(`${api()}/plans/${grant.body.id}/apply`);
      const check = await owner.client.post(`${api()}/authorize`, { memberId: ids.ann, permission: 'members.read', resource: { type: 'queue', externalId: 'q1' } });
      expect(check.status).toBe(200);
      const again = await bulk(owner.client, {
        action: 'grant_access', access: [{ kind: 'resource', resource: { type: 'queue', externalId: 'q1' } }], memberIds: [ids.heidi],
      });
      expect(again.body.rows[0].outcome).toBe('unchanged');
      const revoke = await bulk(owner.client, {
        action: 'revoke_access', access: [{ kind: 'resource', resource: { type: 'queue', externalId: 'q1' } }], filter: {},
      });
      expect(revoke.body.summary.changes).toBe(2);
      await owner.client.post(`${api()}/plans/${revoke.body.id}/apply`);
      expect((await owner.client.get(`${api()}/members/${ids.ann}/grants`)).body.items).toEqual([]);

      const mailBefore = (await owner.client.get(`${api()}/mail?limit=200`)).body.items.length;
      const resend = await bulk(owner.client, { action: 'resend_invitation', memberIds: [ids.pending, ids.ann] });
      expect((resend.body.rows as PlanRow[]).map((r) => r.refusal?.code ?? r.outcome)).toEqual(['change', 'invitation.not_pending']);
      await owner.client.post(`${api()}/plans/${resend.body.id}/apply`);
      expect((await owner.client.get(`${api()}/mail?limit=200`)).body.items.length).toBe(mailBefore + 1);

      const del = await bulk(owner.client, { action: 'delete', memberIds: [ids.pending] });
      expect(del.body.rows[0].changes.status).toEqual({ from: 'invite_pending', to: 'deleted' });
      await owner.client.post(`${api()}/plans/${del.body.id}/apply`);
      expectError(await owner.client.get(`${api()}/members/${ids.pending}`), 404, ErrorCodes.MEMBER_NOT_FOUND.code);
    });

    it('refuses a selection by both ids and filter, or by neither, and an empty selection', async () => {
      expectError(await bulk(owner.client, { action: 'deactivate' }), 400, ErrorCodes.BULK_SELECTION_INVALID.code);
      expectError(await bulk(owner.client, { action: 'deactivate', memberIds: [ids.heidi], filter: {} }), 400, ErrorCodes.BULK_SELECTION_INVALID.code);
      expectError(await bulk(owner.client, { action: 'deactivate', filter: { q: 'nobody-matches-this' } }), 422, ErrorCodes.BULK_NOTHING_SELECTED.code);
      expectError(await bulk(owner.client, { action: 'explode', memberIds: [ids.heidi] }), 400, ErrorCodes.REQUEST_INVALID.code);
    });
  });

  describe('plan expiry', () => {
    it('refuses a plan older than an hour, and the sweep deletes it', async () => {
      const preview = await owner.client.post(`${api()}/members/bulk`, { action: 'add_tags', tags: ['Finance'], memberIds: [ids.heidi] });
      expect(preview.status).toBe(201);
      app.clock.advance(61 * 60 * 1000);
      const before = await tableDigest();
      expectError(await owner.client.post(`${api()}/plans/${preview.body.id}/apply`), 410, ErrorCodes.PLAN_EXPIRED.code);
      expect(await tableDigest()).toBe(before);
      expect(await deleteExpiredPlans(app.ctx.db.kysely, app.clock.now())).toBeGreaterThanOrEqual(1);
      expectError(await owner.client.get(`${api()}/plans/${preview.body.id}`), 404, ErrorCodes.PLAN_NOT_FOUND.code);
    });
  });

  describe('the export', () => {
    it('streams the filtered table as CSV with tags and access, neutralising formulas', async () => {
      await owner.client.patch(`${api()}/members/${ids.ann}`, { firstName: '=HYPERLINK("http://evil")', lastName: '@SUM(A1)' });
      await owner.client.put(`${api()}/members/${ids.ann}/tags`, { tags: ['Finance', 'Seattle'] });
      const res = await owner.client.get(`${api()}/members/export.csv`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="members-\d{4}-\d{2}-\d{2}\.csv"$/);
      expect(res.raw.body.startsWith('\ufeffName,Email,Role,Status,Type,Last connection,Access ends,Added,Tags,Resource access\r\n')).toBe(true);
      const records = parse(res.raw.body, { bom: true, columns: true }) as Array<Record<string, string>>;
      const ann = records.find((r) => r.Email === emails.ann)!;
      expect(ann.Name).toBe('\'=HYPERLINK("http://evil") @SUM(A1)');
      expect(ann.Tags).toBe('Finance, Seattle');
      expect(ann.Status).toBe('Active');
      const total = (await owner.client.get(`${api()}/members`)).body.counts.total;
      expect(records).toHaveLength(total);
      const seattle = (await owner.client.get(`${api()}/tags`)).body.items.find((t: { name: string }) => t.name === 'Seattle');
      const filtered = parse((await owner.client.get(`${api()}/members/export.csv?tagId=${seattle.id}&status=active`)).raw.body, { bom: true, columns: true }) as Array<Record<string, string>>;
      const table = await owner.client.get(`${api()}/members?tagId=${seattle.id}&status=active&limit=200`);
      expect(filtered.map((r) => r.Email).sort()).toEqual(table.body.items.map((m: { email: string }) => m.email).sort());
      expect(filtered.map((r) => r.Email)).toContain(emails.ann);
      expectError(await owner.client.get(`${api()}/members/export.csv?status=nope`), 400, ErrorCodes.REQUEST_INVALID.code);
    });
  });
});
