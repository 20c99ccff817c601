/**
 * The one registry of error codes. Codes are stable strings: never renamed, never reused.
 * The HTTP layer maps each kind to a status; `core` never knows about HTTP.
 */

/** What kind of failure an error is; the HTTP layer derives the status from it. */
export type ErrorKind =
  | 'invalid'
  | 'unprocessable'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'gone'
  | 'too_large'
  | 'unsupported'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

/** One entry of the registry. */
export interface ErrorDefinition {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly message: string;
}

function define<const C extends string>(code: C, kind: ErrorKind, message: string) {
  return { code, kind, message } as const;
}

/** Every error Roster answers with, by constant name. */
export const ErrorCodes = {
  // request shape
  REQUEST_INVALID: define('request.invalid', 'invalid', 'The request is not valid.'),
  REQUEST_MALFORMED_JSON: define('request.malformed_json', 'invalid', 'The request body is not valid JSON.'),
  REQUEST_UNKNOWN_FIELD: define('request.unknown_field', 'invalid', 'The request has a field this endpoint does not accept.'),
  REQUEST_INVALID_CURSOR: define('request.invalid_cursor', 'invalid', 'The cursor is not valid for this list; start again from the first page.'),
  REQUEST_BODY_TOO_LARGE: define('request.body_too_large', 'too_large', 'The request body is too large.'),
  REQUEST_UNSUPPORTED_MEDIA_TYPE: define('request.unsupported_media_type', 'unsupported', 'Send the request body as application/json.'),
  REQUEST_ORIGIN_MISMATCH: define('request.origin_mismatch', 'forbidden', 'This request did not come from a page of this site.'),
  ROUTE_NOT_FOUND: define('route.not_found', 'not_found', 'There is no such endpoint.'),
  RATE_LIMITED: define('rate_limited', 'rate_limited', 'Too many attempts; wait a minute and try again.'),
  INTERNAL: define('internal', 'internal', 'Something went wrong on our side.'),
  UNAVAILABLE: define('unavailable', 'unavailable', 'The service is not ready.'),

  // authentication
  AUTH_REQUIRED: define('auth.required', 'unauthenticated', 'Sign in to continue.'),
  AUTH_INVALID_CREDENTIALS: define('auth.invalid_credentials', 'unauthenticated', 'The email or password is not correct.'),
  AUTH_EMAIL_TAKEN: define('auth.email_taken', 'conflict', 'An account with this email already exists; sign in instead.'),
  AUTH_WEAK_PASSWORD: define('auth.weak_password', 'invalid', 'The password must be at least 10 characters long.'),

  // users
  USER_EMAIL_IMMUTABLE: define('user.email_immutable', 'unprocessable', 'The email is the username and cannot be changed.'),
  USER_LAST_OWNER: define('user.last_owner', 'conflict', 'You are the last owner of an organization; give another member the owner role or delete the organization first.'),

  // organizations
  ORG_NOT_FOUND: define('organization.not_found', 'not_found', 'There is no such organization, or you are not a member of it.'),
  ORG_UNKNOWN_ROLE_TEMPLATE: define('organization.unknown_role_template', 'invalid', 'There is no such role template.'),

  // memberships of the acting person
  MEMBERSHIP_DEACTIVATED: define('membership.deactivated', 'forbidden', 'Your access to this organization has been deactivated.'),
  MEMBERSHIP_NOT_ACTIVATED: define('membership.not_activated', 'forbidden', 'An admin has not given you a role in this organization yet.'),
  PERMISSION_DENIED: define('permission.denied', 'forbidden', 'Your role does not allow this.'),

  // members
  MEMBER_NOT_FOUND: define('member.not_found', 'not_found', 'There is no such member in this organization.'),
  MEMBER_LAST_OWNER: define('member.last_owner', 'conflict', 'An organization must keep at least one active owner.'),
  MEMBER_ABOVE_ACTOR: define('member.above_actor', 'forbidden', 'You cannot change a member whose role ranks above yours.'),
  MEMBER_NAME_NOT_EDITABLE: define('member.name_not_editable', 'conflict', 'This person also belongs to other organizations; only they can change their name.'),
  MEMBER_NOT_DEACTIVATABLE: define('member.not_deactivatable', 'conflict', 'Only active members can be deactivated; revoke a pending invitation instead.'),
  MEMBER_NOT_DEACTIVATED: define('member.not_deactivated', 'conflict', 'The member is not deactivated.'),
  MEMBER_SELF_ACTION: define('member.self_action', 'conflict', 'You cannot do this to yourself here; use your profile instead.'),

  // invitations
  INVITATION_NOT_FOUND: define('invitation.not_found', 'not_found', 'There is no such invitation.'),
  INVITATION_ALREADY_MEMBER: define('invitation.already_member', 'conflict', 'This person is already a member of the organization.'),
  INVITATION_ALREADY_PENDING: define('invitation.already_pending', 'conflict', 'This person already has a pending invitation; resend or renew it instead.'),
  INVITATION_EXPIRED: define('invitation.expired', 'gone', 'This invitation has expired; ask for a new one.'),
  INVITATION_REVOKED: define('invitation.revoked', 'gone', 'This invitation was revoked.'),
  INVITATION_USED: define('invitation.used', 'gone', 'This invitation has already been accepted; sign in instead.'),
  INVITATION_REPLACED: define('invitation.replaced', 'gone', 'A newer invitation email replaced this link; use the latest one.'),
  INVITATION_EMAIL_MISMATCH: define('invitation.email_mismatch', 'forbidden', 'This invitation was sent to another email address; sign in with that address.'),
  INVITATION_ACCOUNT_EXISTS: define('invitation.account_exists', 'conflict', 'An account with this email exists; sign in to accept the invitation.'),
  INVITATION_ACCOUNT_DETAILS_REQUIRED: define('invitation.account_details_required', 'unprocessable', 'Give your first name, last name and a password to create your account.'),
  INVITATION_NOT_PENDING: define('invitation.not_pending', 'conflict', 'This invitation is no longer pending.'),

  // shared invite link
  INVITE_LINK_INVALID: define('invite_link.invalid', 'gone', 'This invite link is not valid any more; ask for a new one.'),

  // roles
  ROLE_NOT_FOUND: define('role.not_found', 'not_found', 'There is no such role in this organization.'),
  ROLE_ABOVE_ACTOR: define('role.above_actor', 'forbidden', 'You cannot assign or change a role ranked above your own.'),
  ROLE_KEY_TAKEN: define('role.key_taken', 'conflict', 'Another role of this organization has this key.'),
  ROLE_IN_USE: define('role.in_use', 'conflict', 'Members or invitations still have this role; give them another role first.'),
  ROLE_OWNER_PROTECTED: define('role.owner_protected', 'conflict', "The owner role's rank and permissions cannot be changed and it cannot be deleted."),
  ROLE_PERMISSION_NOT_HELD: define('role.permission_not_held', 'forbidden', 'You cannot give a role a permission you do not have.'),
  ROLE_UNKNOWN_PERMISSION: define('role.unknown_permission', 'invalid', 'There is no such permission.'),
} as const satisfies Record<string, ErrorDefinition>;

/** A code from the registry. */
export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes]['code'];

/** The error every layer throws for an expected failure. */
export class RosterError extends Error {
  readonly code: ErrorCode;
  readonly kind: ErrorKind;
  readonly details: Record<string, unknown>;

  constructor(definition: ErrorDefinition, details: Record<string, unknown> = {}, message?: string) {
    super(message ?? definition.message);
    this.name = 'RosterError';
    this.code = definition.code as ErrorCode;
    this.kind = definition.kind;
    this.details = details;
  }
}

/** Throws the registry error `definition`, with optional details for the client. */
export function fail(definition: ErrorDefinition, details?: Record<string, unknown>, message?: string): never {
  throw new RosterError(definition, details, message);
}

/** True when `error` is a RosterError carrying `definition`'s code. */
export function isRosterError(error: unknown, definition?: ErrorDefinition): error is RosterError {
  return error instanceof RosterError && (definition === undefined || error.code === definition.code);
}
