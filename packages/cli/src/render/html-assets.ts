// The scan page's CSS and script: the style and the sortable, filterable table every credential-tracker
// page shares (@credential-tracker/core/render), set up for the findings table.
import { PAGE_STYLE, tableScript } from '@credential-tracker/core/render';

export const REPORT_STYLE = PAGE_STYLE;

/** Sorts the findings table on a header click (again: reversed) and filters it by text and severity. */
export const REPORT_SCRIPT = tableScript({
  table: 'findings',
  noun: 'findings',
  textFilter: 'filter-text',
  shownCount: 'shown-count',
  noMatch: 'no-match',
  selectFilters: [{ id: 'filter-severity', attribute: 'data-severity' }],
  searchAttributes: ['data-arn'],
});
