import { renderCsv } from './csv.js';
import { renderHtml } from './html.js';
import { renderJson, renderJsonChunks } from './json.js';
import type { RenderableScan } from './renderable-scan.js';
import { renderTable } from './table.js';

export const OUTPUT_FORMATS = ['table', 'json', 'csv', 'html'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface RenderOptions {
  /** ANSI colours in the table; the other formats ignore it. */
  readonly color: boolean;
}

export function renderScan(format: OutputFormat, scan: RenderableScan, options: RenderOptions): string {
  switch (format) {
    case 'table':
      return renderTable(scan, options);
    case 'json':
      return renderJson(scan);
    case 'csv':
      return renderCsv(scan);
    case 'html':
      return renderHtml(scan);
  }
}

/** The same text as renderScan, in pieces to write one after the other (JSON is long at scale). */
export function renderScanChunks(
  format: OutputFormat,
  scan: RenderableScan,
  options: RenderOptions,
): Iterable<string> {
  return format === 'json' ? renderJsonChunks(scan) : [renderScan(format, scan, options)];
}
