import Papa from 'papaparse';

// IAM user, group and policy names may start with = + - @ (all legal in a name): a spreadsheet opening
// the file would run such a value as a formula, so it gets a leading quote mark (and quotes around it).
// papaparse's own `escapeFormulae: true` pattern ends in `.*$` without the s flag, which misses a value
// with a line break after the formula; this one looks at the first character only.
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * RFC 4180 text of a header and rows: quotes only where a value needs them, LF line ends, a newline
 * after the last line (the header too when there are no rows), and no value a spreadsheet would run.
 */
export function formatCsv(fields: readonly string[], rows: readonly (readonly string[])[]): string {
  const text = Papa.unparse(
    { fields: [...fields], data: rows.map((row) => [...row]) },
    { newline: '\n', escapeFormulae: FORMULA_START },
  );
  // papaparse ends the header with a newline only when there are no rows; end every output with one.
  return `${text.replace(/\n*$/, '')}\n`;
}
