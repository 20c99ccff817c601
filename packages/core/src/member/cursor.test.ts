import { describe, expect, it } from 'vitest';
import { ErrorCodes, RosterError } from '../errors';
import { decodeMemberCursor, encodeMemberCursor } from './cursor';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error instanceof RosterError ? error.code : 'other';
  }
}

describe('member cursors', () => {
  it('round-trips a position for the same sort and order', () => {
    const cursor = encodeMemberCursor('lastConnection', 'desc', { value: 1_795_000_000_000, id: 'mem_x' });
    expect(decodeMemberCursor(cursor, 'lastConnection', 'desc')).toEqual({ value: 1_795_000_000_000, id: 'mem_x' });
    const byName = encodeMemberCursor('name', 'asc', { value: 'ada lovelace', id: 'mem_y' });
    expect(decodeMemberCursor(byName, 'name', 'asc')).toEqual({ value: 'ada lovelace', id: 'mem_y' });
  });

  it('refuses a cursor made for another sort or order', () => {
    const cursor = encodeMemberCursor('name', 'asc', { value: 'ada', id: 'mem_x' });
    expect(codeOf(() => decodeMemberCursor(cursor, 'email', 'asc'))).toBe(ErrorCodes.REQUEST_INVALID_CURSOR.code);
    expect(codeOf(() => decodeMemberCursor(cursor, 'name', 'desc'))).toBe(ErrorCodes.REQUEST_INVALID_CURSOR.code);
  });

  it('refuses garbage and values of the wrong type', () => {
    expect(codeOf(() => decodeMemberCursor('not a cursor!', 'name', 'asc'))).toBe(ErrorCodes.REQUEST_INVALID_CURSOR.code);
    const forged = Buffer.from(JSON.stringify({ s: 'role', o: 'asc', v: 'eighty', i: 'mem_x' })).toString('base64url');
    expect(codeOf(() => decodeMemberCursor(forged, 'role', 'asc'))).toBe(ErrorCodes.REQUEST_INVALID_CURSOR.code);
    const nullValue = Buffer.from(JSON.stringify({ s: 'name', o: 'asc', v: null, i: 'mem_x' })).toString('base64url');
    expect(codeOf(() => decodeMemberCursor(nullValue, 'name', 'asc'))).toBe(ErrorCodes.REQUEST_INVALID_CURSOR.code);
    const jsonNull = Buffer.from('null').toString('base64url');
    expect(codeOf(() => decodeMemberCursor(jsonNull, 'name', 'asc'))).toBe(ErrorCodes.REQUEST_INVALID_CURSOR.code);
  });
});
