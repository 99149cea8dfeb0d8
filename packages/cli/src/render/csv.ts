import Papa from 'papaparse';
import type { RenderableScan } from './renderable-scan.js';
import { FINDING_OUTPUT_FIELDS, toJsonFinding } from './json.js';

/** One finding a row, the json fields in the same order; an absent time or day count is empty. */
export function renderCsv(scan: RenderableScan): string {
  const data = scan.findings.map((row) => {
    const finding = toJsonFinding(row);
    return FINDING_OUTPUT_FIELDS.map((field) => {
      const value = finding[field];
      return value === null ? '' : String(value);
    });
  });
  // papaparse ends the header with a newline only when there are no rows; end every output with one.
  const text = Papa.unparse({ fields: [...FINDING_OUTPUT_FIELDS], data }, { newline: '\n' });
  return `${text.replace(/\n*$/, '')}\n`;
}
