import { describe, expect, it } from 'vitest';
import { ErrorCodes, RosterError, fail, isRosterError, type ErrorDefinition, type ErrorKind } from './errors';

// Exhaustive by type: adding a kind to ErrorKind without listing it here fails the typecheck.
const KNOWN_KINDS = {
  invalid: true, unprocessable: true, unauthenticated: true, forbidden: true, not_found: true, conflict: true,
  gone: true, too_large: true, unsupported: true, rate_limited: true, unavailable: true, internal: true,
} as const satisfies Record<ErrorKind, true>;

/**
 * Every code of the first release, with its kind (and so its HTTP status). Clients depend on
 * them: a code is never renamed, removed or given another kind. New codes need no entry here.
 */
const PUBLISHED: ReadonlyArray<readonly [code: string, kind: ErrorKind]> = [
  ['request.invalid', 'invalid'], ['request.malformed_json', 'invalid'], ['request.unknown_field', 'invalid'],
  ['request.invalid_cursor', 'invalid'], ['request.body_too_large', 'too_large'],
  ['request.unsupported_media_type', 'unsupported'], ['request.origin_mismatch', 'forbidden'],
  ['route.not_found', 'not_found'], ['rate_limited', 'rate_limited'], ['internal', 'internal'],
  ['unavailable', 'unavailable'], ['auth.required', 'unauthenticated'],
  ['auth.invalid_credentials', 'unauthenticated'], ['auth.email_taken', 'conflict'],
  ['auth.weak_password', 'invalid'], ['user.email_immutable', 'unprocessable'], ['user.last_owner', 'conflict'],
  ['organization.not_found', 'not_found'], ['organization.unknown_role_template', 'invalid'],
  ['membership.deactivated', 'forbidden'], ['membership.not_activated', 'forbidden'],
  ['permission.denied', 'forbidden'], ['member.not_found', 'not_found'], ['member.last_owner', 'conflict'],
  ['member.above_actor', 'forbidden'], ['member.name_not_editable', 'conflict'],
  ['member.not_deactivatable', 'conflict'], ['member.not_deactivated', 'conflict'],
  ['member.self_action', 'conflict'],
  ['invitation.not_found', 'not_found'], ['invitation.already_member', 'conflict'],
  ['invitation.already_pending', 'conflict'], ['invitation.expired', 'gone'], ['invitation.revoked', 'gone'],
  ['invitation.used', 'gone'], ['invitation.replaced', 'gone'], ['invitation.email_mismatch', 'forbidden'],
  ['invitation.account_exists', 'conflict'], ['invitation.account_details_required', 'unprocessable'],
  ['invitation.not_pending', 'conflict'], ['invite_link.invalid', 'gone'], ['role.not_found', 'not_found'],
  ['role.above_actor', 'forbidden'], ['role.key_taken', 'conflict'], ['role.in_use', 'conflict'],
  ['role.owner_protected', 'conflict'], ['role.permission_not_held', 'forbidden'],
  ['role.unknown_permission', 'invalid'],
];

const entries = Object.entries(ErrorCodes) as Array<[string, ErrorDefinition]>;

describe('the error registry', () => {
  it('has a unique code for every entry', () => {
    const codes = entries.map(([, definition]) => definition.code);
    const duplicates = codes.filter((code, index) => codes.indexOf(code) !== index);
    expect(duplicates).toEqual([]);
    expect(codes.length).toBeGreaterThan(0);
  });

  it('spells every code as area.name in lower case, or a single word', () => {
    const malformed = entries.map(([, d]) => d.code).filter((code) => !/^[a-z_]+(\.[a-z_]+)?$/.test(code));
    expect(malformed).toEqual([]);
  });

  it('gives every code a known kind', () => {
    const unknown = entries.filter(([, d]) => !Object.hasOwn(KNOWN_KINDS, d.kind)).map(([name]) => name);
    expect(unknown).toEqual([]);
  });

  it('gives every code a message that is a sentence', () => {
    const bad = entries.filter(([, d]) => !/^[A-Z].*[.!?]$/.test(d.message) || d.message.length > 200).map(([name]) => name);
    expect(bad).toEqual([]);
  });

  it('never renames, removes or re-kinds a published code', () => {
    const byCode = new Map(entries.map(([, d]) => [d.code, d.kind]));
    for (const [code, kind] of PUBLISHED) {
      expect({ code, kind: byCode.get(code) }).toEqual({ code, kind });
    }
  });
});

describe('RosterError', () => {
  it('carries the code, kind, message and details of its definition', () => {
    const error = new RosterError(ErrorCodes.MEMBER_NOT_FOUND, { memberId: 'mem_1' });
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe(ErrorCodes.MEMBER_NOT_FOUND.code);
    expect(error.kind).toBe('not_found');
    expect(error.message).toBe(ErrorCodes.MEMBER_NOT_FOUND.message);
    expect(error.details).toEqual({ memberId: 'mem_1' });
  });

  it('is thrown by fail and recognised by isRosterError, by code', () => {
    let caught: unknown;
    try {
      fail(ErrorCodes.ROLE_IN_USE);
    } catch (error) {
      caught = error;
    }
    expect(isRosterError(caught)).toBe(true);
    expect(isRosterError(caught, ErrorCodes.ROLE_IN_USE)).toBe(true);
    expect(isRosterError(caught, ErrorCodes.ROLE_NOT_FOUND)).toBe(false);
    expect(isRosterError(new Error('plain'))).toBe(false);
  });
});
