// A spreadsheet runs a cell starting with one of these as a formula: such cells get a leading '.
const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell for a CSV file people open in a spreadsheet: text that would run as a formula is neutralised. */
export function csvCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}
