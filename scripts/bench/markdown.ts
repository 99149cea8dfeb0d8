/** A GitHub-flavoured markdown table, padded to line up in a terminal; `alignRight` marks numeric columns. */
export function markdownTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  alignRight: readonly boolean[] = [],
): string {
  const widths = headers.map((header, column) =>
    Math.max(header.length, 3, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const cell = (text: string, column: number): string =>
    alignRight[column] ? text.padStart(widths[column] as number) : text.padEnd(widths[column] as number);
  const line = (cells: readonly string[]): string => `| ${cells.map(cell).join(' | ')} |`;
  const rule = `|${widths.map((width, column) => (alignRight[column] ? `${'-'.repeat(width + 1)}:` : '-'.repeat(width + 2))).join('|')}|`;
  return [line(headers), rule, ...rows.map(line)].join('\n');
}

/** 1234567 → "1,234,567": benchmark tables are read by people. */
export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}
