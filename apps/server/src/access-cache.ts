import {
  buildResourceIndex, orderMembers, splitRefs, type AccessMember, type AccessSource, type ApiTokenAuth, type CacheInvalidation,
  type MemberRef, type ResourceIndex, type Role, type Transactor,
} from '@roster/core';

/** Members kept across all organizations before the oldest are dropped. */
const MAX_MEMBERS = 250_000;
/** Organizations whose roles and resources are kept. */
const MAX_ORGS = 10_000;
/** API tokens kept. */
const MAX_TOKENS = 50_000;

function setBounded<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  if (map.size >= max && !map.has(key)) {
    const oldest = map.keys().next();
    if (oldest.done !== true) map.delete(oldest.value);
  }
  map.set(key, value);
}

/**
 * What access decisions read — roles, resources, members with their grants, API tokens —
 * kept in memory so a check touches no database when warm. Every change invalidates on
 * commit (this instance at once, the others through NOTIFY). As in AuthCache, a load that
 * raced an invalidation is used once but not kept: each load notes the generation it began in.
 */
export class AccessCache implements AccessSource {
  private readonly roleMaps = new Map<string, ReadonlyMap<string, Role>>();
  private readonly indexes = new Map<string, ResourceIndex>();
  /** `${orgId} ${memberId}` → member. */
  private readonly memberEntries = new Map<string, AccessMember>();
  /** userId → orgId → member id. */
  private readonly userEntries = new Map<string, Map<string, string>>();
  private readonly tokens = new Map<string, ApiTokenAuth>();
  private generation = 0;

  constructor(private readonly db: Transactor) {}

  async roles(orgId: string): Promise<ReadonlyMap<string, Role>> {
    const cached = this.roleMaps.get(orgId);
    if (cached !== undefined) return cached;
    const generation = this.generation;
    const roles = await this.db.read((store) => store.listRoles(orgId));
    const map = new Map(roles.map((r) => [r.id, r]));
    if (generation === this.generation) setBounded(this.roleMaps, orgId, map, MAX_ORGS);
    return map;
  }

  async resources(orgId: string): Promise<ResourceIndex> {
    const cached = this.indexes.get(orgId);
    if (cached !== undefined) return cached;
    const generation = this.generation;
    const index = buildResourceIndex(await this.db.read((store) => store.loadResourceIndex(orgId)));
    if (generation === this.generation) setBounded(this.indexes, orgId, index, MAX_ORGS);
    return index;
  }

  async members(orgId: string, refs: readonly MemberRef[]): Promise<Array<AccessMember | undefined>> {
    const found: Array<AccessMember | undefined> = new Array(refs.length);
    let missing: MemberRef[] | undefined;
    for (let i = 0; i < refs.length; i++) {
      const ref = refs[i]!;
      const memberId = 'memberId' in ref ? ref.memberId : this.userEntries.get(ref.userId)?.get(orgId);
      const member = memberId === undefined ? undefined : this.memberEntries.get(`${orgId} ${memberId}`);
      if (member === undefined) (missing ??= []).push(ref);
      else found[i] = member;
    }
    if (missing === undefined) return found;
    const generation = this.generation;
    const { memberIds, userIds } = splitRefs(missing);
    const loaded = await this.db.read((store) => store.loadAccessMembers(orgId, memberIds, userIds));
    if (generation === this.generation) {
      for (const member of loaded) {
        setBounded(this.memberEntries, `${orgId} ${member.id}`, member, MAX_MEMBERS);
        if (member.userId !== null) {
          let orgs = this.userEntries.get(member.userId);
          if (orgs === undefined) {
            orgs = new Map();
            setBounded(this.userEntries, member.userId, orgs, MAX_MEMBERS);
          }
          orgs.set(orgId, member.id);
        }
      }
    }
    const ordered = orderMembers(missing, loaded);
    let j = 0;
    for (let i = 0; i < refs.length; i++) if (found[i] === undefined) found[i] = ordered[j++];
    return found;
  }

  /** A cached token by hash, or undefined. */
  getToken(tokenHash: string): ApiTokenAuth | undefined {
    return this.tokens.get(tokenHash);
  }

  /** The current generation; pass it back to storeToken after a load. */
  currentGeneration(): number {
    return this.generation;
  }

  /** Keeps a token loaded in `generation`, unless an invalidation came in since. */
  storeToken(tokenHash: string, auth: ApiTokenAuth, generation: number): void {
    if (generation === this.generation) setBounded(this.tokens, tokenHash, auth, MAX_TOKENS);
  }

  /** Forgets what a change made stale. */
  invalidate(change: CacheInvalidation): void {
    this.generation++;
    switch (change.type) {
      case 'member':
        this.dropMember(change.orgId, change.memberId);
        this.dropTokens((auth) => auth.creator.id === change.memberId);
        break;
      case 'user':
        for (const [orgId, memberId] of this.userEntries.get(change.userId) ?? []) this.dropMember(orgId, memberId);
        this.userEntries.delete(change.userId);
        this.dropTokens((auth) => auth.creator.userId === change.userId);
        break;
      case 'resources':
        this.indexes.delete(change.orgId);
        break;
      case 'members_bulk':
        // Many members changed at once: they all reload.
        for (const [key, member] of this.memberEntries) {
          if (key.startsWith(`${change.orgId} `)) this.dropMember(change.orgId, member.id);
        }
        this.dropTokens((auth) => auth.token.orgId === change.orgId);
        break;
      case 'organization':
        // Roles changed (or the organization went): its roles, members and tokens all reload.
        this.roleMaps.delete(change.orgId);
        this.indexes.delete(change.orgId);
        for (const [key, member] of this.memberEntries) {
          if (key.startsWith(`${change.orgId} `)) this.dropMember(change.orgId, member.id);
        }
        this.dropTokens((auth) => auth.token.orgId === change.orgId);
        break;
      case 'api_token':
        this.dropTokens((auth) => auth.token.id === change.tokenId);
        break;
      case 'session':
        break;
    }
  }

  /** Forgets everything, e.g. after the invalidation channel was lost for a while. */
  clear(): void {
    this.generation++;
    this.roleMaps.clear();
    this.indexes.clear();
    this.memberEntries.clear();
    this.userEntries.clear();
    this.tokens.clear();
  }

  private dropMember(orgId: string, memberId: string): void {
    const member = this.memberEntries.get(`${orgId} ${memberId}`);
    this.memberEntries.delete(`${orgId} ${memberId}`);
    if (member?.userId != null) this.userEntries.get(member.userId)?.delete(orgId);
  }

  private dropTokens(matches: (auth: ApiTokenAuth) => boolean): void {
    for (const [hash, auth] of this.tokens) if (matches(auth)) this.tokens.delete(hash);
  }
}
