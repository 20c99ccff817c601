import { ApiError } from './client';

/** A sentence a person understands for any error the console meets. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'request.invalid' || error.code === 'request.unknown_field') {
      const fields = Object.entries(error.fieldErrors());
      if (fields.length > 0) return fields.map(([field, message]) => `${humanField(field)}: ${message}`).join('. ');
      return 'Some of the information is not valid. Check the form and try again.';
    }
    if (error.code === 'internal') return 'Something went wrong on our side. Try again in a moment.';
    return error.message;
  }
  return 'Something unexpected happened. Reload the page and try again.';
}

const FIELD_NAMES: Record<string, string> = {
  firstName: 'First name', lastName: 'Last name', email: 'Email', password: 'Password',
  organizationName: 'Organization name', name: 'Name', description: 'Description', roleId: 'Role', key: 'Key', rank: 'Rank',
  access: 'Resource access', accessExpiresAt: 'Membership ends on', expiresAt: 'Ends on', externalId: 'External id',
  type: 'Type', parent: 'Parent', resource: 'Resource', permission: 'Permission', from: 'From', to: 'To', action: 'Action',
};

function humanField(field: string): string {
  return FIELD_NAMES[field] ?? field;
}

/** Field-level messages for a form from an API error (validation issues, or codes that belong to one field). */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const fields = error.fieldErrors();
  const byCode: Record<string, [string, string]> = {
    'auth.email_taken': ['email', 'An account with this email already exists. Sign in instead.'],
    'auth.weak_password': ['password', 'Use at least 10 characters.'],
    'invitation.already_member': ['email', 'This person is already a member of the organization.'],
    'invitation.already_pending': ['email', 'This person already has a pending invitation. Resend it from the table instead.'],
    'role.key_taken': ['key', 'Another role already uses this key.'],
  };
  const mapped = byCode[error.code];
  if (mapped !== undefined) fields[mapped[0]] = mapped[1];
  return fields;
}
