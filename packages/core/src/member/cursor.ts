import { ErrorCodes, fail } from '../errors';
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
  const numeric = sort === 'role' || sort === 'lastConnection' || sort === 'createdAt';
  if (
    p === null || typeof p !== 'object' || p.s !== sort || p.o !== order || typeof p.i !== 'string' || p.i.length > 64
    || (numeric ? typeof p.v !== 'number' || !Number.isFinite(p.v) : typeof p.v !== 'string' || p.v.length > 1000)
  ) {
    fail(ErrorCodes.REQUEST_INVALID_CURSOR);
  }
  return { value: p.v as string | number, id: p.i };
}
