import stringWidth from 'string-width';

/**
 * Makes text from the server safe to print on a terminal: control characters (escape
 * sequences included) become spaces, so a member's name cannot move the cursor or recolour
 * the screen.
 */
export function sanitise(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
}

/** Terminal columns of `text`: wide characters count twice. */
function widthOf(text: string): number {
  // Most cells are plain ASCII; string-width's grapheme segmentation is only needed for the rest.
  return /^[\x20-\x7e]*$/.test(text) ? text.length : stringWidth(text);
}

/** The width of each column: its widest cell or header. */
export function columnWidths(headers: string[], rows: string[][]): number[] {
  // A loop, not Math.max(...cells): a preview can have 200,000 rows, more arguments than a call takes.
  const widths = headers.map(widthOf);
  for (const row of rows) {
    row.forEach((cell, column) => {
      widths[column] = Math.max(widths[column] ?? 0, widthOf(sanitise(cell)));
    });
  }
  return widths;
}

/**
 * Table lines for `rows` with the given column widths, columns two spaces apart, the last
 * one unpadded and no trailing spaces. A cell wider than its column pushes the rest of its line.
 */
export function formatTableLines(rows: string[][], widths: number[]): string {
  return rows.map((row) => row.map((cell, column) => {
    const text = sanitise(cell);
    return column === row.length - 1 ? text : text + ' '.repeat(Math.max(0, (widths[column] ?? 0) - widthOf(text)));
  }).join('  ').trimEnd()).map((line) => `${line}\n`).join('');
}

/**
 * An aligned, plain-text table: a header row, then one line per row, so it reads in a
 * terminal and greps in a script.
 */
export function formatTable(headers: string[], rows: string[][]): string {
  const widths = columnWidths(headers, rows);
  return formatTableLines([headers, ...rows], widths);
}

/** The status words people see in the console. */
const STATUS_LABELS: Record<string, string> = {
  invite_pending: 'Invite pending',
  invite_expired: 'Invite expired',
  not_activated: 'Not activated',
  active: 'Active',
  deactivated: 'Deactivated',
  removed: 'Removed',
  deleted: 'Deleted',
};

/** A status as the console shows it. */
export function formatStatus(status: string): string {
  return STATUS_LABELS[status] ?? status;
}

/** A day, as the "last connection" column shows it. */
export function formatDay(timestamp: string | null): string {
  return timestamp === null ? 'never' : timestamp.slice(0, 10);
}

/** A count with thousands separators: 12,345. */
export function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}

/** "1 member", "2 members". */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(count)} ${count === 1 ? singular : pluralForm}`;
}

/** A size in bytes, in the unit people read: 512 B, 3.4 kB, 12.0 MB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/** Writes to stdout, waiting when the pipe is full so large outputs keep memory flat. */
export async function writeOut(text: string): Promise<void> {
  if (!process.stdout.write(text)) {
    await new Promise<void>((resolve) => process.stdout.once('drain', resolve));
  }
}

/** Writes a message line to stderr. */
export function say(message: string): void {
  process.stderr.write(`${message}\n`);
}
