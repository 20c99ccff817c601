const KEY = 'roster.lastOrg';

/** The organization the person looked at last, so "/" takes them back to it. */
export function rememberOrg(orgId: string): void {
  try { localStorage.setItem(KEY, orgId); } catch { /* private mode: nothing to remember */ }
}

/** The organization the person looked at last, or null when none is remembered. */
export function lastOrg(): string | null {
  try { return localStorage.getItem(KEY); } catch { return null; }
}
