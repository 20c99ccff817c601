// What the API accepts as a tag's name (the contracts' tagNameSchema), checked before sending.

/** The longest tag name. */
export const TAG_NAME_MAX = 50;
/** The most tags one member carries, and one bulk action names. */
export const TAGS_MAX = 50;

/** Why a tag name would be refused, or null when it is fine. */
export function tagNameProblem(name: string): string | null {
  const trimmed = name.trim();
  if (trimmed === '') return 'Enter a name, such as Seattle';
  if (trimmed.length > TAG_NAME_MAX) return `Use at most ${TAG_NAME_MAX} characters`;
  // Commas separate tags in CSV files, so a name cannot hold one.
  if (/[,\r\n]/.test(trimmed)) return 'A tag cannot contain a comma';
  return null;
}

/** Whether two tag names are the same tag: the catalogue ignores case. */
export function sameTagName(a: string, b: string): boolean {
  return a.trim().localeCompare(b.trim(), 'en', { sensitivity: 'accent' }) === 0;
}
