// Output helpers every renderer shares (the CLI's scan report, the access review): RFC 4180 CSV that
// no spreadsheet runs as a formula, HTML escaping, and the self-contained page's policy, style and
// sortable-table script.
export * from './csv.js';
export * from './html-escape.js';
export * from './html-page.js';
