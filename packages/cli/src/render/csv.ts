import { formatCsv } from '@credential-tracker/core/render';
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
  // IAM user names may start with = + - @ (all legal in a name): formatCsv gives such a value a leading
  // quote mark, so a spreadsheet shows it rather than runs it.
  return formatCsv(FINDING_OUTPUT_FIELDS, data);
}
