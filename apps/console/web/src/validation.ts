import { emailSchema } from '@roster/contracts';

// Field checks with messages a person understands; the limits are the API contracts' own.
type Check = (value: string) => string | null;

/** Refuses a blank value: "Enter {what}". */
export const required = (what: string): Check => (value) => (value.trim() === '' ? `Enter ${what}` : null);
/** Refuses more than `max` characters, not counting spaces around the value. */
export const maxLength = (max: number): Check => (value) => (value.trim().length > max ? `Use at most ${max} characters` : null);
/** A required, valid email address, by the API's own rule. */
export const email: Check = (value) => {
  if (value.trim() === '') return 'Enter an email address';
  return emailSchema.safeParse(value.trim()).success ? null : 'Enter a valid email address, like name@example.com';
};
/** A new password: from 10 to 256 characters, as the API requires. */
export const password: Check = (value) => {
  if (value === '') return 'Choose a password';
  if (value.length < 10) return 'Use at least 10 characters';
  return value.length > 256 ? 'Use at most 256 characters' : null;
};

/** Runs checks in order and answers the first message. */
export function all(...checks: Check[]): Check {
  return (value) => {
    for (const check of checks) {
      const message = check(value);
      if (message !== null) return message;
    }
    return null;
  };
}

/** A first or last name: required, at most 100 characters. */
export const personName = (what: string) => all(required(what), maxLength(100));
