// The page's CSS and script, inlined so the report is one file that opens anywhere, offline, and
// never calls out (the page's Content-Security-Policy forbids it too).

export const REPORT_STYLE = `
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
.controls input { width: 280px; }
#shown-count { color: var(--muted); }
#findings thead th { position: sticky; top: 0; background: var(--bg); }
#findings th button { all: unset; cursor: pointer; }
#findings th button:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
#findings th[aria-sort="ascending"] button::after { content: " \\25B2"; }
#findings th[aria-sort="descending"] button::after { content: " \\25BC"; }
#findings tbody tr:hover { background: var(--panel); }
.empty { background: var(--panel); border: 1px dashed var(--line); border-radius: 8px; padding: 24px; text-align: center; }
.empty h3 { margin: 0 0 6px; }
.empty p { margin: 0; color: var(--muted); }
`;

/** Sorts the findings table on a header click (again: reversed) and filters it by text and severity. */
export const REPORT_SCRIPT = `
(function () {
  'use strict';
  var table = document.getElementById('findings');
  if (!table) return;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var text = document.getElementById('filter-text');
  var severity = document.getElementById('filter-severity');
  var shown = document.getElementById('shown-count');
  var noMatch = document.getElementById('no-match');
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
      header.setAttribute('aria-sort', index === column ? (direction > 0 ? 'ascending' : 'descending') : 'none');
    });
  }

  function applyFilters() {
    var needle = text.value.trim().toLowerCase();
    var wanted = severity.value;
    var visible = 0;
    rows.forEach(function (row) {
      var match = (!wanted || row.getAttribute('data-severity') === wanted) &&
        (!needle || row.textContent.toLowerCase().indexOf(needle) >= 0 ||
          row.getAttribute('data-arn').toLowerCase().indexOf(needle) >= 0);
      row.hidden = !match;
      if (match) visible += 1;
    });
    shown.textContent = visible + ' of ' + rows.length + ' findings shown';
    noMatch.hidden = visible > 0;
  }

  headers.forEach(function (header, index) {
    header.querySelector('button').addEventListener('click', function () { sortBy(index); });
  });
  text.addEventListener('input', applyFilters);
  severity.addEventListener('change', applyFilters);
  applyFilters();
})();
`;
