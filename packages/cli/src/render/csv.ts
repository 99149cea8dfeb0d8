import Papa from 'papaparse';
import type { RenderableScan } from './renderable-scan.js';
import { FINDING_OUTPUT_FIELDS, toJsonFinding } from './json.js';

/**
 * One finding a row, the json fields in the same order; an absent time or day count is empty, and a
 * value a spreadsheet would take for a formula starts with a quote mark.
 */
export function renderCsv(scan: RenderableScan): string {
  const data = scan.findings.map((row) => {
    const finding = toJsonFinding(row);
    return FINDING_OUTPUT_FIELDS.map((field) => {
      const value = finding[field];
      return value === null ? '' : String(value);
    });
  });
  // IAM user names may start with = + - @ (all legal in a name): a spreadsheet opening the file would
  // run such a name as a formula, so papaparse prefixes those values with a quote mark.
  // papaparse ends the header with a newline only when there are no rows; end every output with one.
  const text = Papa.unparse(
    { fields: [...FINDING_OUTPUT_FIELDS], data },
    { newline: '\n', escapeFormulae: true },
  );
  return `${text.replace(/\n*$/, '')}\n`;
}
