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
  AUTH_TOKEN_INVALID: define('auth.token_invalid', 'unauthenticated', 'The API token is not valid: it is unknown or was revoked.'),
  AUTH_TOKEN_EXPIRED: define('auth.token_expired', 'unauthenticated', 'The API token has expired; create a new one.'),
  AUTH_TOKEN_CREATOR_INACTIVE: define('auth.token_creator_inactive', 'unauthenticated', 'The person who created this API token no longer has access to the organization, so the token stopped working.'),
  AUTH_TOKEN_IN_URL: define('auth.token_in_url', 'invalid', 'Send API tokens in the Authorization header (Bearer), never in the URL.'),
  AUTH_TOKEN_NOT_ALLOWED: define('auth.token_not_allowed', 'forbidden', 'API tokens act only inside their organization; this endpoint needs a signed-in person.'),
  AUTH_MALFORMED_AUTHORIZATION: define('auth.malformed_authorization', 'unauthenticated', 'The Authorization header must be "Bearer " followed by an API token.'),

  // users
  USER_EMAIL_IMMUTABLE: define('user.email_immutable', 'unprocessable', 'The email is the username and cannot be changed.'),
  USER_LAST_OWNER: define('user.last_owner', 'conflict', 'You are the last owner of an organization; give another member the owner role or delete the organization first.'),

  // organizations
  ORG_NOT_FOUND: define('organization.not_found', 'not_found', 'There is no such organization, or you are not a member of it.'),
  ORG_UNKNOWN_ROLE_TEMPLATE: define('organization.unknown_role_template', 'invalid', 'There is no such role template.'),

  // memberships of the acting person
  MEMBERSHIP_DEACTIVATED: define('membership.deactivated', 'forbidden', 'Your access to this organization has been deactivated.'),
  MEMBERSHIP_NOT_ACTIVATED: define('membership.not_activated', 'forbidden', 'An admin has not given you a role in this organization yet.'),
  MEMBERSHIP_EXPIRED: define('membership.expired', 'forbidden', 'Your membership of this organization has ended.'),
  PERMISSION_DENIED: define('permission.denied', 'forbidden', 'Your role does not allow this.'),

  // members
  MEMBER_NOT_FOUND: define('member.not_found', 'not_found', 'There is no such member in this organization.'),
  MEMBER_LAST_OWNER: define('member.last_owner', 'conflict', 'An organization must keep at least one active owner.'),
  MEMBER_ABOVE_ACTOR: define('member.above_actor', 'forbidden', 'You cannot change a member whose role ranks above yours.'),
  MEMBER_NAME_NOT_EDITABLE: define('member.name_not_editable', 'conflict', 'This person also belongs to other organizations; only they can change their name.'),
  MEMBER_NOT_DEACTIVATABLE: define('member.not_deactivatable', 'conflict', 'Only active members can be deactivated; revoke a pending invitation instead.'),
  MEMBER_NOT_DEACTIVATED: define('member.not_deactivated', 'conflict', 'The member is not deactivated.'),
  MEMBER_SELF_ACTION: define('member.self_action', 'conflict', 'You cannot do this to yourself here; use your profile instead.'),
  MEMBER_OWNER_CANNOT_EXPIRE: define('member.owner_cannot_expire', 'conflict', "An owner's membership cannot end by itself; remove the end date or give them another role first."),
  EXPIRY_IN_PAST: define('expiry.in_past', 'unprocessable', 'The expiry must be in the future.'),

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
  ROLE_IN_USE: define('role.in_use', 'conflict', 'Members, invitations, access grants or API tokens still have this role; give them another role first.'),
  ROLE_OWNER_PROTECTED: define('role.owner_protected', 'conflict', "The owner role's rank and permissions cannot be changed and it cannot be deleted."),
  ROLE_PERMISSION_NOT_HELD: define('role.permission_not_held', 'forbidden', 'You cannot give a role a permission you do not have.'),
  ROLE_UNKNOWN_PERMISSION: define('role.unknown_permission', 'invalid', 'There is no such permission.'),

  // resources and access
  RESOURCE_TYPE_NOT_FOUND: define('resource_type.not_found', 'not_found', 'There is no such resource type in this organization.'),
  RESOURCE_TYPE_KEY_TAKEN: define('resource_type.key_taken', 'conflict', 'Another resource type of this organization has this key.'),
  RESOURCE_TYPE_IN_USE: define('resource_type.in_use', 'conflict', 'Resources of this type still exist; delete them first.'),
  RESOURCE_NOT_FOUND: define('resource.not_found', 'not_found', 'There is no such resource in this organization.'),
  RESOURCE_EXTERNAL_ID_TAKEN: define('resource.external_id_taken', 'conflict', 'A resource of this type already has this external id.'),
  RESOURCE_CYCLE: define('resource.cycle', 'unprocessable', 'A resource cannot sit inside itself or inside a resource nested in it.'),
  RESOURCE_TOO_DEEP: define('resource.too_deep', 'unprocessable', 'Resources can be nested at most 32 levels deep.'),
  GRANT_NOT_FOUND: define('grant.not_found', 'not_found', 'There is no such access grant for this member.'),
  GRANT_DUPLICATE: define('grant.duplicate', 'conflict', 'The member already has this grant; edit it instead.'),
  GRANT_INVALID: define('grant.invalid', 'invalid', 'A resource grant names a resource; an all-of-type grant names a resource type.'),
  AUTHORIZE_INVALID: define('authorize.invalid', 'invalid', 'Send one check (memberId or userId, permission, resource) or a list of checks, not both.'),
  AUTHORIZE_SUBJECT_REQUIRED: define('authorize.subject_required', 'invalid', 'Name exactly one of memberId or userId in each check.'),
  AUTHORIZE_UNKNOWN_PERMISSION: define('authorize.unknown_permission', 'invalid', 'There is no such permission; see GET /api/v1/permissions.'),

  // API tokens
  API_TOKEN_NOT_FOUND: define('api_token.not_found', 'not_found', 'There is no such API token in this organization.'),
  API_TOKEN_SESSION_REQUIRED: define('api_token.session_required', 'forbidden', 'API tokens are created by a signed-in person, not by another token.'),

  // usage
  USAGE_SUBJECT_REQUIRED: define('usage.subject_required', 'invalid', 'Name exactly one of memberId or userId in each usage event.'),
  USAGE_UNKNOWN_MEMBER: define('usage.unknown_member', 'unprocessable', 'A usage event names someone who is not a member of this organization.'),
  USAGE_INVALID_TIME: define('usage.invalid_time', 'unprocessable', 'A usage event must have happened in the last 400 days and not in the future.'),
  USAGE_INVALID_RANGE: define('usage.invalid_range', 'invalid', 'The report needs from on or before to, at most 366 days apart.'),

  // member tags
  TAG_NOT_FOUND: define('tag.not_found', 'not_found', 'There is no such tag in this organization.'),
  TAG_NAME_TAKEN: define('tag.name_taken', 'conflict', 'The organization already has a tag with this name.'),

  // CSV files (the whole file is refused; nothing changes)
  CSV_TOO_LARGE: define('csv.too_large', 'too_large', 'The file is larger than the import limit (20 MB unless configured otherwise); split it into smaller files.'),
  CSV_ENCODING: define('csv.encoding', 'invalid', 'The file is not UTF-8 text; save it as "CSV UTF-8" and try again.'),
  CSV_BINARY: define('csv.binary', 'invalid', 'This is not a text file; choose a CSV file.'),
  CSV_EMPTY: define('csv.empty', 'invalid', 'The file has no rows below the header.'),
  CSV_HEADER_INVALID: define('csv.header_invalid', 'invalid', 'The first line must be the header "email,tags".'),
  CSV_MALFORMED: define('csv.malformed', 'invalid', 'The file is not valid CSV.'),
  CSV_TOO_MANY_ROWS: define('csv.too_many_rows', 'invalid', 'The file has more than 200,000 rows; split it into smaller files.'),

  // import rows (a refused row is reported in the preview; the other rows still apply)
  IMPORT_INVALID_EMAIL: define('import.invalid_email', 'unprocessable', 'This is not an email address.'),
  IMPORT_NOT_A_MEMBER: define('import.not_a_member', 'unprocessable', 'Nobody with this email belongs to the organization.'),
  IMPORT_DUPLICATE_ROW: define('import.duplicate_row', 'unprocessable', 'An earlier row has the same email; only the first one counts.'),
  IMPORT_UNKNOWN_TAG: define('import.unknown_tag', 'unprocessable', 'The row names tags the organization does not have; create them first or import with "create unknown tags".'),
  IMPORT_INVALID_TAG: define('import.invalid_tag', 'unprocessable', 'A tag is longer than 50 characters or holds characters that cannot be stored.'),
  IMPORT_TOO_MANY_TAGS: define('import.too_many_tags', 'unprocessable', 'A member can carry at most 50 tags.'),
  IMPORT_ROW_INVALID: define('import.row_invalid', 'unprocessable', 'The row has more than two fields; put the tags in quotes: "Data Science, Seattle".'),

  // bulk actions and plans
  BULK_SELECTION_INVALID: define('bulk.selection_invalid', 'invalid', 'Choose the members either by memberIds or by a filter, one of the two.'),
  BULK_NOTHING_SELECTED: define('bulk.nothing_selected', 'unprocessable', 'No member matches the selection.'),
  BULK_NOT_APPLICABLE: define('bulk.not_applicable', 'unprocessable', 'The action does not apply to this member in their current status.'),
  PLAN_NOT_FOUND: define('plan.not_found', 'not_found', 'There is no such plan; preview again.'),
  PLAN_EXPIRED: define('plan.expired', 'gone', 'The preview is more than an hour old; preview again.'),
  PLAN_ALREADY_APPLIED: define('plan.already_applied', 'conflict', 'This plan was already applied.'),
  PLAN_STALE: define('plan.stale', 'conflict', 'The organization changed since the preview, so the plan no longer matches; preview again.'),
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
