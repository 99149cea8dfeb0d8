// What every self-contained HTML page of credential-tracker shares (the scan report, the access
// review): a Content-Security-Policy that lets the page fetch nothing, the base style, and the script
// that sorts a table on a header click and filters it. All of it is inlined, so a page is one file
// that opens anywhere, offline, and never calls out.

import { escapeHtml } from './html-escape.js';

/** Inline style and script only: nothing the page could fetch, even if a value slipped through. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";

/** The page's start, up to its body: the policy above, the escaped title and the inline style. */
export const htmlPageHead = (title: string, style: string): string => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<title>${escapeHtml(title)}</title>
<style>${style}</style>
</head>
<body>`;

/**
 * Light and dark themes, the header, totals cards, tables, severity badges, filter controls and
 * empty states. A sortable table is one whose header cells carry aria-sort and hold a button.
 */
export const PAGE_STYLE = `
:root {
  color-scheme: light dark;
  --fg: #1d2330; --muted: #5b6475; --bg: #ffffff; --panel: #f5f7fa; --line: #dde2ea; --accent: #2456c7;
  --critical: #b3122e; --high: #d9480f; --medium: #a66a00; --low: #1f6f8b; --on-badge: #ffffff;
}
@media (prefers-color-scheme: dark) {
  :root {
    --fg: #e6e9ef; --muted: #9aa3b2; --bg: #14171d; --panel: #1c2028; --line: #2d333f; --accent: #7aa2ff;
    --critical: #ff6b81; --high: #ff922b; --medium: #ffd43b; --low: #66d9e8; --on-badge: #14171d;
  }
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
header, main, footer { max-width: 1200px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 24px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 16px; margin: 28px 0 10px; }
.meta, footer { color: var(--muted); }
footer { padding-bottom: 24px; margin-top: 24px; font-size: 12px; }
code { white-space: nowrap; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
.totals { display: flex; flex-wrap: wrap; gap: 12px; margin-top: 20px; }
.total { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 10px 16px; min-width: 120px; }
.total .number { display: block; font-size: 24px; font-weight: 650; }
.total.sev-critical .number { color: var(--critical); }
.total.sev-high .number { color: var(--high); }
.total.sev-medium .number { color: var(--medium); }
.total.sev-low .number { color: var(--low); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); vertical-align: baseline; }
th { font-weight: 600; color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: 0.03em; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.zero td { color: var(--muted); }
.badge { display: inline-block; border-radius: 999px; padding: 1px 8px; font-size: 12px; font-weight: 600; color: var(--on-badge); }
.badge.sev-critical { background: var(--critical); }
.badge.sev-high { background: var(--high); }
.badge.sev-medium { background: var(--medium); }
.badge.sev-low { background: var(--low); }
.controls { display: flex; flex-wrap: wrap; gap: 12px 20px; align-items: center; margin-bottom: 10px; }
.controls input, .controls select { font: inherit; padding: 5px 8px; border: 1px solid var(--line); border-radius: 6px; background: var(--bg); color: var(--fg); }
.controls input[type="search"] { width: 280px; }
#shown-count { color: var(--muted); }
thead th[aria-sort] { position: sticky; top: 0; background: var(--bg); }
th[aria-sort] button { all: unset; cursor: pointer; }
th[aria-sort] button:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
th[aria-sort="ascending"] button::after { content: " \\25B2"; }
th[aria-sort="descending"] button::after { content: " \\25BC"; }
tbody tr:hover { background: var(--panel); }
.empty { background: var(--panel); border: 1px dashed var(--line); border-radius: 8px; padding: 24px; text-align: center; }
.empty h3 { margin: 0 0 6px; }
.empty p { margin: 0; color: var(--muted); }
`;

/** A filter whose control is a select: a row matches when its attribute equals the selected value. */
export interface SelectFilter {
  /** The select's element id; its empty value means every row. */
  readonly id: string;
  /** The row attribute compared, e.g. data-severity. */
  readonly attribute: string;
}

/** A filter whose control is a checkbox: checked, only rows that have the attribute are shown. */
export interface ToggleFilter {
  readonly id: string;
  readonly attribute: string;
}

/** Element ids and row attributes the table script works on; every row has data-index, its first order. */
export interface TableScriptOptions {
  /** The table's id; the script does nothing when the page has no such table (an empty state). */
  readonly table: string;
  /** What a row is, plural: "3 of 6 findings shown". */
  readonly noun: string;
  /** The text box; a row matches when its text or a searchAttributes value holds the text typed. */
  readonly textFilter: string;
  /** Where "N of M <noun> shown" is written. */
  readonly shownCount: string;
  /** Shown when no row matches. */
  readonly noMatch: string;
  readonly selectFilters?: readonly SelectFilter[];
  readonly toggleFilters?: readonly ToggleFilter[];
  /** Row attributes searched besides the row's text, e.g. an ARN shown only as a tooltip. */
  readonly searchAttributes?: readonly string[];
  /** An element hidden in the markup (controls that need the script) that the script shows. */
  readonly reveal?: string;
}

/**
 * The script that sorts the table on a header click (again: reversed; cells sort by data-sort when
 * they have one, header data-type="number" compares numerically, empty values stay last) and filters it
 * by text, selects and checkboxes. The options become a JSON literal, with `<` escaped, so no value can
 * close the script element.
 */
export function tableScript(options: TableScriptOptions): string {
  const settings = JSON.stringify({
    table: options.table,
    noun: options.noun,
    textFilter: options.textFilter,
    shownCount: options.shownCount,
    noMatch: options.noMatch,
    selectFilters: options.selectFilters ?? [],
    toggleFilters: options.toggleFilters ?? [],
    searchAttributes: options.searchAttributes ?? [],
    reveal: options.reveal ?? null,
  }).replace(/</g, '\\u003c');
  return `
(function (options) {
  'use strict';
  var table = document.getElementById(options.table);
  if (!table) return;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var text = document.getElementById(options.textFilter);
  var shown = document.getElementById(options.shownCount);
  var noMatch = document.getElementById(options.noMatch);
  var selects = options.selectFilters.map(function (filter) {
    return { element: document.getElementById(filter.id), attribute: filter.attribute };
  });
  var toggles = options.toggleFilters.map(function (filter) {
    return { element: document.getElementById(filter.id), attribute: filter.attribute };
  });
  var sorted = { column: -1, direction: 1 };

  function sortKey(row, column) {
    var cell = row.cells[column];
    return cell.hasAttribute('data-sort') ? cell.getAttribute('data-sort') : cell.textContent.trim();
  }

  function sortBy(column) {
    var numeric = headers[column].getAttribute('data-type') === 'number';
    var direction = sorted.column === column ? -sorted.direction : 1;
    sorted = { column: column, direction: direction };
    rows.slice().sort(function (a, b) {
      var x = sortKey(a, column);
      var y = sortKey(b, column);
      var order;
      // Rows without a value (no time, no day count) stay last in either direction.
      if (x === '' || y === '') order = x === y ? 0 : x === '' ? 1 : -1;
      else order = direction * (numeric ? Number(x) - Number(y) : x.localeCompare(y));
      return order || Number(a.getAttribute('data-index')) - Number(b.getAttribute('data-index'));
    }).forEach(function (row) { body.appendChild(row); });
    headers.forEach(function (header, index) {
      if (!header.hasAttribute('aria-sort')) return;
      header.setAttribute('aria-sort', index === column ? (direction > 0 ? 'ascending' : 'descending') : 'none');
    });
  }

  function searchable(row) {
    var parts = [row.textContent];
    options.searchAttributes.forEach(function (name) { parts.push(row.getAttribute(name) || ''); });
    return parts.join('\\n').toLowerCase();
  }

  function applyFilters() {
    var needle = text.value.trim().toLowerCase();
    var visible = 0;
    rows.forEach(function (row) {
      var match = (!needle || searchable(row).indexOf(needle) >= 0) &&
        selects.every(function (filter) {
          return !filter.element.value || row.getAttribute(filter.attribute) === filter.element.value;
        }) &&
        toggles.every(function (filter) {
          return !filter.element.checked || row.hasAttribute(filter.attribute);
        });
      row.hidden = !match;
      if (match) visible += 1;
    });
    shown.textContent = visible + ' of ' + rows.length + ' ' + options.noun + ' shown';
    noMatch.hidden = visible > 0;
  }

  headers.forEach(function (header, index) {
    var button = header.querySelector('button');
    if (button) button.addEventListener('click', function () { sortBy(index); });
  });
  text.addEventListener('input', applyFilters);
  selects.forEach(function (filter) { filter.element.addEventListener('change', applyFilters); });
  toggles.forEach(function (filter) { filter.element.addEventListener('change', applyFilters); });
  if (options.reveal) document.getElementById(options.reveal).hidden = false;
  applyFilters();
})(${settings});
`;
}
