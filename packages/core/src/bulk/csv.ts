import { CsvError, parse } from 'csv-parse/sync';
import { ErrorCodes, fail } from '../errors';

/** Rows a tag import reads at most. */
export const MAX_IMPORT_ROWS = 200_000;

/** One data row of an `email,tags` file, as written: the email and the tags, each trimmed. */
export interface TagCsvRow {
  /** The file's line the row ends on; the header is line 1. */
  line: number;
  email: string;
  tags: string[];
  /** How many fields the row had: more than two means tags were not quoted. */
  fieldCount: number;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** The offset of the first byte that is not part of valid UTF-8, or -1. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) { i++; continue; }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) { need = 1; min = 0x80; } else if (b >= 0xe0 && b <= 0xef) { need = 2; min = 0x800; } else if (b >= 0xf0 && b <= 0xf4) { need = 3; min = 0x10000; } else return i;
    let code = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const next = bytes[i + k];
      if (next === undefined || (next & 0xc0) !== 0x80) return i;
      code = (code << 6) | (next & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/** Refuses what is not UTF-8 text: UTF-16, spreadsheets and other binaries, other encodings. */
function decodeText(bytes: Uint8Array): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    fail(ErrorCodes.CSV_ENCODING, { encoding: 'utf-16' }, 'The file is UTF-16 text; save it as "CSV UTF-8" and try again.');
  }
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    fail(ErrorCodes.CSV_BINARY, { format: 'zip' }, 'This looks like a spreadsheet workbook (.xlsx) or another zip file; save the sheet as "CSV UTF-8" and choose that file.');
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) fail(ErrorCodes.CSV_BINARY, { line: lineAt(bytes, nul) });
  const invalid = firstInvalidUtf8(bytes);
  if (invalid !== -1) {
    const line = lineAt(bytes, invalid);
    fail(ErrorCodes.CSV_ENCODING, { line },
      `Line ${line} is not UTF-8 text (the file may be saved as Windows-1252 or Latin-1); save it as "CSV UTF-8" and try again.`);
  }
  const start = UTF8_BOM.every((b, i) => bytes[i] === b) ? 3 : 0;
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, bytes.byteLength - start).toString('utf8');
}

/** The line a quote that never closes was opened on. */
function unclosedQuoteLine(text: string): number {
  let line = 1;
  let inQuotes = false;
  let openedOn = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    else if (c === '"') {
      if (!inQuotes) openedOn = line;
      inQuotes = !inQuotes;
    }
  }
  return openedOn;
}

function malformed(error: CsvError, text: string): never {
  const lines = (error as CsvError & { lines?: number }).lines ?? 0;
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED': {
      const line = unclosedQuoteLine(text);
      return fail(ErrorCodes.CSV_MALFORMED, { line, reason: 'quote_not_closed' },
        `Line ${line}: a quote opens but never closes; each quoted field needs a closing quote.`);
    }
    case 'CSV_INVALID_CLOSING_QUOTE':
      return fail(ErrorCodes.CSV_MALFORMED, { line: lines, reason: 'invalid_closing_quote' },
        `Line ${lines}: a closing quote is followed by other characters; write a quote inside a quoted field as two quotes ("").`);
    case 'INVALID_OPENING_QUOTE':
      return fail(ErrorCodes.CSV_MALFORMED, { line: lines, reason: 'invalid_opening_quote' },
        `Line ${lines}: a quote appears inside a field that is not quoted; quote the whole field and double the inner quote ("").`);
    case 'CSV_MAX_RECORD_SIZE':
      return fail(ErrorCodes.CSV_MALFORMED, { line: lines, reason: 'record_too_large' }, `Line ${lines} is longer than 10,000 characters.`);
    default:
      return fail(ErrorCodes.CSV_MALFORMED, { line: lines, reason: error.code }, `Line ${lines}: ${error.message}`);
  }
}

/**
 * Reads an `email,tags` file as spreadsheets write it: a byte-order mark, CRLF line ends,
 * blank lines and spaces around fields are accepted; the header is required; anything else
 * that breaks the CSV structure refuses the whole file with its line number. Rows are
 * returned as written — checking emails and tags is the import's job, row by row.
 */
export function parseTagCsv(bytes: Uint8Array): TagCsvRow[] {
  const text = decodeText(bytes);
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, {
      trim: true, skip_empty_lines: true, skip_records_with_empty_values: true, relax_column_count: true,
      info: true, max_record_size: 10_000, to: MAX_IMPORT_ROWS + 2,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch (error) {
    if (error instanceof CsvError) malformed(error, text);
    throw error;
  }
  const [header, ...rows] = records;
  const columns = header?.record.map((name) => name.toLowerCase());
  if (columns === undefined || columns.length !== 2 || columns[0] !== 'email' || columns[1] !== 'tags') {
    fail(ErrorCodes.CSV_HEADER_INVALID, { line: header?.info.lines ?? 1, found: header?.record.slice(0, 5).join(',') ?? '' },
      `The first line must be the header "email,tags"; it is "${(header?.record ?? []).join(',').slice(0, 80)}".`);
  }
  if (rows.length === 0) fail(ErrorCodes.CSV_EMPTY);
  if (rows.length > MAX_IMPORT_ROWS) fail(ErrorCodes.CSV_TOO_MANY_ROWS, { maxRows: MAX_IMPORT_ROWS });
  return rows.map(({ record, info }) => ({
    line: info.lines,
    email: record[0] ?? '',
    tags: (record[1] ?? '').split(',').map((tag) => tag.trim()).filter((tag) => tag !== ''),
    fieldCount: record.length,
  }));
}
