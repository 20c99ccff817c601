import { ErrorCodes, fail } from '../errors';
import { hasUnstorableText } from '../rules';
import type { KeysetPosition, MemberSort } from '../store';

interface CursorPayload {
  s: MemberSort;
  o: 'asc' | 'desc';
  v: string | number;
  i: string;
}

/** Encodes a keyset position, bound to its sort and order, as an opaque cursor. */
export function encodeMemberCursor(sort: MemberSort, order: 'asc' | 'desc', position: KeysetPosition): string {
  const payload: CursorPayload = { s: sort, o: order, v: position.value, i: position.id };
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

/** Decodes a cursor; one made for another sort or order, or not made by us, is `request.invalid_cursor`. */
export function decodeMemberCursor(cursor: string, sort: MemberSort, order: 'asc' | 'desc'): KeysetPosition {
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    fail(ErrorCodes.REQUEST_INVALID_CURSOR);
  }
  const p = payload as Partial<CursorPayload> | null;
  if (
    p === null || typeof p !== 'object' || p.s !== sort || p.o !== order || !isStorableText(p.i, 64) || !isSortValue(sort, p.v)
  ) {
    fail(ErrorCodes.REQUEST_INVALID_CURSOR);
  }
  return { value: p.v as string | number, id: p.i as string };
}

// A cursor is client input: every value in it goes into SQL, so each must be one the column can hold.
/**
 * Milliseconds of 0100-01-01 and of 9999-12-31T23:59:59.999Z. The PGlite driver sends a Date as
 * its ISO string: a six-digit year (+275760-…) is a database error, and a year below 100 is read
 * as a two-digit year (0001 → 2001). Four-digit years from 0100 on mean the same on both engines.
 */
const MIN_TIME = -59_011_459_200_000;
const MAX_TIME = 253_402_300_799_999;
const MAX_INT4 = 2_147_483_647;

function isStorableText(value: unknown, maxLength: number): boolean {
  return typeof value === 'string' && value.length <= maxLength && !hasUnstorableText(value);
}

function isSortValue(sort: MemberSort, value: unknown): boolean {
  switch (sort) {
    case 'role':
      return Number.isInteger(value) && Math.abs(value as number) <= MAX_INT4;
    case 'lastConnection':
    case 'createdAt':
      return Number.isInteger(value) && (value as number) >= MIN_TIME && (value as number) <= MAX_TIME;
    default:
      return isStorableText(value, 1000);
  }
}
