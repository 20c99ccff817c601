const dateFormat = new Intl.DateTimeFormat('en', { year: 'numeric', month: 'short', day: 'numeric' });
const dateTimeFormat = new Intl.DateTimeFormat('en', { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

/** "Nov 24, 2026", or the fallback when there is no date. */
export function formatDate(iso: string | null | undefined, fallback = 'Never'): string {
  return iso === null || iso === undefined ? fallback : dateFormat.format(new Date(iso));
}

/** "Nov 24, 2026, 09:30 AM". */
export function formatDateTime(iso: string | null | undefined, fallback = '—'): string {
  return iso === null || iso === undefined ? fallback : dateTimeFormat.format(new Date(iso));
}

/** A person's full name from possibly missing parts. */
export function fullName(firstName: string | null | undefined, lastName: string | null | undefined, fallback = 'Deleted User'): string {
  const name = [firstName, lastName].filter((part) => part !== null && part !== undefined && part !== '').join(' ');
  return name === '' ? fallback : name;
}

/** One or two initials for an avatar. */
export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '') + (parts.length > 1 ? parts[parts.length - 1]?.[0] ?? '' : '')).toUpperCase() || '?';
}

/** "1 member", "2,431 members". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
}

/** "queue" → "queues", "policy" → "policies", "box" → "boxes". */
export function pluralNoun(noun: string): string {
  if (/[^aeiou]y$/i.test(noun)) return `${noun.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/i.test(noun)) return `${noun}es`;
  return `${noun}s`;
}

/**
 * A resource type's name inside a sentence: "Queue" → "queue" (or "queues"); names that
 * are acronyms or proper names ("API", "GitHub repo") keep their capitals.
 */
export function typeNoun(name: string, plural = false): string {
  const inSentence = /^[A-Z][a-z]/.test(name) && !/[A-Z]/.test(name.slice(1)) ? name.toLowerCase() : name;
  return plural ? pluralNoun(inSentence) : inSentence;
}
